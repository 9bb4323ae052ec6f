import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/engine/edits';
import { fixAll, lintText } from '../helpers/lint';

const FILES = { 'go.mod': 'module example.com/app\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n', Makefile: 'build:\n\tgo build -gcflags=all=-N -o bin/app .\n' };
const BUILDER = 'FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\n';
const RUNTIME = '\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
const lint = (text: string, path = 'Dockerfile') => lintText(text, { path, files: { ...FILES } }).reports.filter((r) => r.id === 'DF027');

describe('DF027 edge cases', () => {
  it.each([
    ['not ok: -gcflags "all=-N -l"', `${BUILDER}RUN go build -gcflags "all=-N -l" -o /out/app .${RUNTIME}`, 1],
    ['not ok: -gcflags=all=-N quoted whole', `${BUILDER}RUN go build "-gcflags=all=-N -l" -o /out/app .${RUNTIME}`, 1],
    ['not ok: -l alone', `${BUILDER}RUN go build -gcflags=-l -o /out/app .${RUNTIME}`, 1],
    ['not ok: through GOFLAGS', `${BUILDER}ENV GOFLAGS=-gcflags=all=-N\nRUN go build -o /out/app .${RUNTIME}`, 1],
    ['not ok: in the Makefile the RUN calls', `${BUILDER}RUN make build${RUNTIME.replace('/out/app', '/src/bin/app')}`, 1],
    ['not ok: a single-stage image building in place', 'FROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -gcflags "all=-N -l" -o /app .\nCMD ["/app"]\n', 1],
    ['not ok: air installed and run in the final image', 'FROM golang:1.22.5-bookworm\nRUN go install github.com/air-verse/air@v1.61.1\nWORKDIR /src\nCOPY . .\nCMD ["air", "-c", ".air.toml"]\n', 2],
    ['not ok: the old air module path', 'FROM golang:1.22.5-bookworm\nRUN go install github.com/cosmtrek/air@latest\nCMD air\n', 2],
    ['ok: other gcflags', `${BUILDER}RUN go build -gcflags="-m" -trimpath -o /out/app .${RUNTIME}`, 0],
    ['ok: a debug build the final stage does not ship', `${BUILDER}RUN go build -o /out/app .\nRUN go build -gcflags "all=-N -l" -o /out/app-debug .${RUNTIME}`, 0],
    ['ok: dlv in a builder stage only', `${BUILDER}RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\nRUN go build -o /out/app .${RUNTIME}`, 0],
    ['ok: a final stage named debug', `${BUILDER}RUN go build -gcflags "all=-N -l" -o /out/app .\n\nFROM build AS debug\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\nCMD ["dlv", "exec", "/out/app"]\n`, 0],
    ['ok: a program of its own called air, not from /go/bin', `${BUILDER}RUN go build -o /out/air .\n\nFROM scratch\nCOPY --from=build /out/air /usr/local/bin/air\nENTRYPOINT ["/usr/local/bin/air"]\n`, 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('skips dev images', () => {
    expect(lint(`${BUILDER}RUN go build -gcflags "all=-N -l" -o /out/app .${RUNTIME}`, 'debug.Dockerfile')).toEqual([]);
    expect(lint('FROM golang:1.22.5-bookworm\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n', '.devcontainer/Dockerfile')).toEqual([]);
  });

  it.each([
    ['removes the flag and its value', 'RUN go build -gcflags "all=-N -l" -o /out/app .', 'RUN go build -o /out/app .'],
    ['keeps the other compiler flags', 'RUN go build -gcflags "all=-N -l -m" -o /out/app .', 'RUN go build -gcflags all=-m -o /out/app .'],
    ['keeps the other compiler flags of -gcflags=', 'RUN go build "-gcflags=all=-N -l -B" -o /out/app .', 'RUN go build -gcflags=all=-B -o /out/app .'],
    ['removes a continuation line it fills', 'RUN go build \\\n    -gcflags "all=-N -l" \\\n    -o /out/app .', 'RUN go build \\\n    -o /out/app .'],
    ['removes the last line of the RUN with the continuation before it', 'RUN go build -o /out/app \\\n    -gcflags="all=-N -l"', 'RUN go build -o /out/app'],
  ])('fix: %s', (_name, before, after) => {
    const text = `${BUILDER}${before}${RUNTIME}`;
    const [finding] = lint(text);
    expect(finding.fix()).toMatchObject({ preferred: false });
    expect(fixAll(text, { path: 'Dockerfile', files: { ...FILES } }, 'DF027')).toBe(`${BUILDER}${after}${RUNTIME}`);
  });

  // The go command applies the last -gcflags: removing only that one would uncover the one before it.
  it.each([
    ['removes -gcflags given twice', 'RUN go build -gcflags="all=-N -l" -gcflags="all=-N -l" -o /out/app .', 'RUN go build -o /out/app .', 'Remove -gcflags'],
    ['removes a flag on its own line and one on the last line', 'RUN go build -o /out/app \\\n    -gcflags "all=-N -l" \\\n    -gcflags=all=-N', 'RUN go build -o /out/app', 'Remove -gcflags'],
    ['keeps the other compiler flags of each and a -gcflags without -N or -l', 'RUN go build -gcflags=-B -gcflags "all=-N -m" -o /out/app -gcflags=all=-l .', 'RUN go build -gcflags=-B -gcflags all=-m -o /out/app .', 'Keep -gcflags all=-m'],
  ])('fix in one step: %s', (_name, before, after, title) => {
    const analysis = lintText(`${BUILDER}${before}${RUNTIME}`, { path: 'Dockerfile', files: { ...FILES } });
    const fix = analysis.reports.find((r) => r.id === 'DF027')!.fix()!;
    expect(fix.title).toBe(title);
    const fixed = applyEdits(analysis.model.document, fix.edits);
    expect(fixed).toBe(`${BUILDER}${after}${RUNTIME}`);
    expect(lint(fixed)).toEqual([]);
  });
});
