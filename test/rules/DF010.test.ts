import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const files = { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n' };
const image = (from: string, body: string, runtime = 'gcr.io/distroless/static-debian12') => `FROM ${from} AS build\nWORKDIR /src\nCOPY . .\n${body}\n\nFROM ${runtime}\nCOPY --from=build /out/api /api\n`;
const lint = (text: string) => lintText(text, { path: 'Dockerfile', files }).reports.filter((r) => r.id === 'DF010');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile', files }, 'DF010');

describe('DF010 edge cases', () => {
  it.each([
    ['not ok: ENV GOARCH=amd64', image('golang:1.22.5', 'ENV GOARCH=amd64\nRUN CGO_ENABLED=0 go build -o /out/api .'), 1],
    ['not ok: a command prefix GOARCH=arm64', image('golang:1.22.5', 'RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -o /out/api .'), 1],
    ['not ok: an ARG default used as such', image('golang:1.22.5', 'ARG GOARCH=amd64\nRUN CGO_ENABLED=0 go build -o /out/api .'), 1],
    ['not ok: $TARGETARCH without ARG on $BUILDPLATFORM', image('--platform=$BUILDPLATFORM golang:1.22.5', 'RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/api .'), 1],
    ['not ok: $TARGETARCH emulated (no --platform)', image('golang:1.22.5', 'ARG TARGETARCH\nRUN CGO_ENABLED=0 GOARCH=${TARGETARCH} go build -o /out/api .'), 1],
    ['not ok: $BUILDPLATFORM with no GOARCH', image('--platform=$BUILDPLATFORM golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), 1],
    ['ok: GOOS=linux alone', image('golang:1.22.5', 'RUN CGO_ENABLED=0 GOOS=linux go build -o /out/api .'), 0],
    ['ok: a native build (no GOARCH, no --platform)', image('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), 0],
    ['ok: cross-compiling right', image('--platform=$BUILDPLATFORM golang:1.22.5', 'ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api .'), 0],
    ['ok: an image pinned to linux/amd64', image('golang:1.22.5', 'RUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/api .', '--platform=linux/amd64 gcr.io/distroless/static-debian12'), 0],
    ['ok: cgo keeps the compiler native', image('golang:1.22.5', 'ARG TARGETARCH\nRUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /out/api .'), 0],
    ['ok: a hard-coded GOARCH in a build that is not shipped', image('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .\nRUN GOARCH=arm64 go build -o /out/api-arm64 .'), 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('fixes an ARG default, declaring TARGETARCH before it and moving the compiler to $BUILDPLATFORM', () => {
    expect(fix(image('golang:1.22.5', 'ARG GOARCH=amd64\nRUN CGO_ENABLED=0 go build -o /out/api .'))).toBe(
      image('--platform=$BUILDPLATFORM golang:1.22.5', 'ARG GOARCH=$TARGETARCH\nRUN CGO_ENABLED=0 go build -o /out/api .').replace('AS build\n', 'AS build\nARG TARGETARCH\n'),
    );
  });

  it('edits one name of a multi-name ARG line', () => {
    expect(fix(image('golang:1.22.5', 'ARG GOOS=linux GOARCH=arm64\nRUN CGO_ENABLED=0 go build -o /out/api .'))).toContain('ARG TARGETARCH\nWORKDIR /src\nCOPY . .\nARG GOOS=linux GOARCH=$TARGETARCH\n');
  });

  it('replaces GOOS=windows and GOARCH on the command and declares both ARGs once', () => {
    expect(fix(image('golang:1.22.5', 'RUN CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -o /out/api .'))).toBe(
      image('--platform=$BUILDPLATFORM golang:1.22.5', 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api .').replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n'),
    );
  });

  it('gives a build on $BUILDPLATFORM the target architecture too when only GOOS was hard-coded, in one fix', () => {
    const text = image('golang:1.22.5', 'ENV CGO_ENABLED=0 GOOS=windows\nRUN go build -o /out/api .');
    const analysis = lintText(text, { path: 'Dockerfile', files });
    const [finding] = analysis.reports.filter((r) => r.id === 'DF010');
    expect(finding.fix()!.title).toBe('Build for $TARGETOS and $TARGETARCH');
    expect(TextDocument.applyEdits(analysis.model.document, finding.fix()!.edits)).toBe(
      image('--platform=$BUILDPLATFORM golang:1.22.5', 'ENV CGO_ENABLED=0 GOOS=$TARGETOS\nRUN GOARCH=$TARGETARCH go build -o /out/api .').replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n'),
    );
  });

  it('offers no fix for a $BUILDPLATFORM cgo build (cross-compiling cgo needs a cross compiler)', () => {
    const [finding] = lint(image('--platform=$BUILDPLATFORM golang:1.22.5', 'RUN CGO_ENABLED=1 go build -o /out/api .'));
    expect(finding.fix()).toBeUndefined();
  });
});
