import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const NET = 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n';
const project = (main = NET, more: Record<string, string> = {}) => ({ 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': main, ...more });
const lint = (text: string, files = project()) => lintText(text, { path: 'Dockerfile', files }).reports.filter((r) => r.id === 'DF007');
const image = (builder: string, build: string, runtime: string) => `FROM ${builder} AS build\nWORKDIR /src\nCOPY . .\n${build}\n\nFROM ${runtime}\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n`;

describe('DF007 edge cases', () => {
  it.each([
    ['not ok: bookworm builder, cgo by default, scratch', image('golang:1.22.5-bookworm', 'RUN go build -o /out/api .', 'scratch'), 1],
    ['not ok: bookworm builder, distroless static', image('golang:1.22.5', 'RUN go build -o /out/api .', 'gcr.io/distroless/static-debian12:nonroot'), 1],
    ['not ok: glibc binary on alpine', image('golang:1.22.5-bookworm', 'RUN go build -o /out/api .', 'alpine:3.20'), 1],
    ['not ok: alpine builder with gcc, musl binary on scratch', image('golang:1.22.5-alpine3.20', 'RUN apk add --no-cache gcc musl-dev\nRUN go build -o /out/api .', 'scratch'), 1],
    ['not ok: -extldflags "-static" alone (net links internally, dynamically)', image('golang:1.22.5', `RUN go build -ldflags '-extldflags "-static"' -o /out/api .`, 'scratch'), 1],
    ['ok: CGO_ENABLED=0 on the command', image('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .', 'scratch'), 0],
    ['ok: ENV CGO_ENABLED="0" (quoted)', image('golang:1.22.5', 'ENV CGO_ENABLED="0"\nRUN go build -o /out/api .', 'scratch'), 0],
    ['ok: export in a heredoc', image('golang:1.22.5', 'RUN <<EOF\nexport CGO_ENABLED=0\ngo build -o /out/api .\nEOF', 'scratch'), 0],
    ['ok: alpine builder has no gcc: cgo is off', image('golang:1.22.5-alpine3.20', 'RUN go build -o /out/api .', 'scratch'), 0],
    ['ok: musl binary on alpine', image('golang:1.22.5-alpine3.20', 'RUN apk add --no-cache build-base\nRUN go build -o /out/api .', 'alpine:3.20'), 0],
    ['ok: alpine runtime with gcompat', image('golang:1.22.5', 'RUN go build -o /out/api .', 'alpine:3.20\nRUN apk add --no-cache gcompat'), 0],
    ['ok: glibc runtime', image('golang:1.22.5', 'RUN go build -o /out/api .', 'gcr.io/distroless/base-debian12'), 0],
    ['ok: -tags netgo,osusergo', image('golang:1.22.5', 'RUN go build -tags netgo,osusergo -o /out/api .', 'scratch'), 0],
    ['ok: external static link', image('golang:1.22.5', `RUN go build -ldflags '-linkmode external -extldflags "-static"' -o /out/api .`, 'scratch'), 0],
    ['ok: CGO_ENABLED from a build arg', image('golang:1.22.5', 'ARG CGO_ENABLED\nRUN go build -o /out/api .', 'scratch'), 0],
    ['ok: a binary the final stage does not copy', image('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .\nRUN go build -o /out/tool .', 'scratch'), 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('stays quiet on a program that links no C (only fmt and os)', () => {
    const files = project('package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() { fmt.Println(os.Args) }\n');
    expect(lint(image('golang:1.22.5', 'RUN go build -o /out/api .', 'scratch'), files)).toHaveLength(0);
  });

  it('says "as soon as" when the program imports other modules it cannot see', () => {
    const files = project('package main\n\nimport "github.com/google/uuid"\n\nfunc main() { _ = uuid.New() }\n', { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n\nrequire github.com/google/uuid v1.6.0\n' });
    const [finding] = lint(image('golang:1.22.5', 'RUN go build -o /out/api .', 'scratch'), files);
    expect(finding.message).toContain('as soon as it uses net, os/user or a cgo package');
  });

  it('offers no CGO_ENABLED=0 when the module needs cgo, and points to DF008', () => {
    const files = project('package main\n\n// int one() { return 1; }\nimport "C"\n\nfunc main() { _ = C.one() }\n');
    const [finding] = lint(image('golang:1.22.5', 'RUN go build -o /out/api .', 'scratch'), files);
    expect(finding.message).toContain('main.go imports "C" needs cgo');
    expect(finding.message).toContain('DF008');
    expect(finding.fix()).toBeUndefined();
  });

  it('turns an explicit CGO_ENABLED=1 into 0 rather than adding a second one', () => {
    const fixed = fixAll(image('golang:1.22.5', 'RUN CGO_ENABLED=1 go build -o /out/api .', 'scratch'), { path: 'Dockerfile', files: project() }, 'DF007');
    expect(fixed).toContain('RUN CGO_ENABLED=0 go build -o /out/api .');
  });

  it('does not override a build script that sets CGO_ENABLED itself', () => {
    const files = project(NET, { 'build.sh': '#!/bin/sh\nexport CGO_ENABLED=1\ngo build -o /out/api .\n' });
    const [finding] = lint(image('golang:1.22.5', 'RUN ./build.sh', 'scratch'), files);
    expect(finding.fix()).toBeUndefined();
  });
});
