import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileParser } from '../../server/src/model/dockerfileAst';
import { parseDockerfile, splitReference } from '../../server/src/model/dockerfile';
import { lintText } from '../helpers/lint';

const parse = (text: string) => parseDockerfile(TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, text), '/p/Dockerfile');

describe('Dockerfile model', () => {
  const model = parse(`ARG GO_VERSION=1.22.5
ARG REGISTRY=docker.io
FROM --platform=$BUILDPLATFORM \${REGISTRY}/library/golang:\${GO_VERSION}-alpine AS Build
ENV CGO_ENABLED=0 GOFLAGS=-mod=vendor
ARG GO_VERSION
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN export GOOS=linux && GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app
RUN <<SCRIPT
go env -w GOPROXY=direct
go vet ./...
SCRIPT

FROM build AS test
ENV CGO_ENABLED=1
RUN go test -run TestX ./...

FROM scratch
COPY --from=Build /out/app /app
ENTRYPOINT ["/app"]
`);

  it('resolves stages, their bases and ARG-driven references', () => {
    expect(model.stages.map((s) => s.name)).toEqual(['build', 'test', undefined]);
    const base = model.stages[0].base;
    expect(base).toMatchObject({ resolved: 'docker.io/library/golang:1.22.5-alpine', repository: 'golang', tag: '1.22.5-alpine', platform: '$BUILDPLATFORM', templated: true });
    expect(model.stages[1].base.stage).toBe(model.stages[0]);
    expect(model.stages[2].base.scratch).toBe(true);
    expect(model.finalStage).toBe(model.stages[2]);
  });

  it('reads the commands after a heredoc operator on the command line, then the bodies', () => {
    const run = parse('FROM golang:1.22\nRUN cat > /etc/motd <<EOF && go mod download\nhello\nEOF\n').stages[0].runs[0];
    expect(run.commands.map((c) => c.argv.map((w) => w.value).join(' '))).toEqual(['cat > /etc/motd', 'go mod download', 'hello']);
    expect(run.go.map((g) => g.sub)).toEqual(['mod download']);
    const two = parse('FROM golang:1.22\nRUN <<A sh && <<B sh\ngo vet ./...\nA\ngo build .\nB\n').stages[0].runs[0];
    expect(two.go.map((g) => g.sub)).toEqual(['vet', 'build']);
    // An operator on a continuation line, never closed: the command line is read once.
    const open = parse('FROM golang:1.22\nRUN go vet ./... && \\\n  cat <<END\n').stages[0].runs[0];
    expect(open.go.map((g) => g.sub)).toEqual(['vet']);
  });

  it('reads --platform beside another flag', () => {
    expect(parse('FROM --tform=x --platform=$BUILDPLATFORM golang:1.22\n').stages[0].base.platform).toBe('$BUILDPLATFORM');
  });

  it('marks stages that are copied from', () => {
    expect(model.stages.map((s) => s.copiedFrom)).toEqual([true, false, false]);
  });

  it('reads go commands with flags and their effective environment', () => {
    const [build] = model.goCommands('build');
    expect(build.flags.get('o')?.value).toBe('/out/app');
    expect(build.flags.get('ldflags')?.value).toBe('-s -w');
    expect(build.flags.get('trimpath')?.value).toBe('true');
    expect(build.args.map((a) => a.value)).toEqual(['./cmd/app']);
    expect(Object.fromEntries(build.env)).toMatchObject({ CGO_ENABLED: '0', GOFLAGS: '-mod=vendor', GOOS: 'linux', GOARCH: '$TARGETARCH', GO_VERSION: '1.22.5' });
    const [test] = model.goCommands('test');
    expect(test.env.get('CGO_ENABLED')).toBe('1');
    expect(test.flags.get('run')?.value).toBe('TestX');
  });

  it('reads commands inside heredocs', () => {
    expect(model.goCommands('env')[0].args.map((a) => a.value)).toEqual(['GOPROXY=direct']);
    expect(model.goCommands('vet')).toHaveLength(1);
  });
});

describe('ARG declarations', () => {
  it('reads several names on one ARG line, each with its own default', () => {
    const model = parse('ARG A=1 B\nFROM golang:1.22\nARG TARGETOS TARGETARCH=arm64 NAME="x"\nRUN go build .\n');
    expect([...model.globalArgs]).toEqual([['A', '1'], ['B', undefined]]);
    expect(Object.fromEntries(model.stages[0].envAt(3))).toEqual({ TARGETARCH: 'arm64', NAME: 'x' });
  });
});

describe('splitReference', () => {
  it.each([
    ['golang', { repository: 'golang' }],
    ['golang:1.22-alpine', { repository: 'golang', tag: '1.22-alpine' }],
    ['docker.io/library/golang:1.22', { repository: 'golang', tag: '1.22' }],
    ['localhost:5000/golang', { repository: 'localhost:5000/golang' }],
    ['gcr.io/distroless/static-debian12:nonroot@sha256:abc', { repository: 'gcr.io/distroless/static-debian12', tag: 'nonroot', digest: 'sha256:abc' }],
  ])('%s', (reference, expected) => {
    expect(splitReference(reference)).toEqual(expected);
  });
});

describe('the parse the model shares with Docker’s own checks and editor features', () => {
  it('keeps its ranges when another reader changes what the AST hands out (From.getImageNameRange moves them in place)', () => {
    const text = 'FROM golang:latest\n';
    const model = parse(text);
    // The editor's document links and hovers read the same parse of the same text.
    const shared = DockerfileParser.parse(text).getFROMs()[0];
    expect(shared.getImageNameRange()).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 11 } });
    expect(model.ast.getFROMs()[0].getImageRange()).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 18 } });
    expect(lintText(text).reports.find((r) => r.id === 'DF001')?.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 18 } });
  });
});
