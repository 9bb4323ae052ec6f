import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/model/dockerfile';
import { Workspace } from '../../server/src/model/workspace';
import { hasNoShell, isDevImage, libc, shippedBuilds } from '../../server/src/rules/judge';
import { memoryFileSystem, ROOT } from '../helpers/lint';

function context(text: string, files: Record<string, string> = {}, path = 'Dockerfile') {
  const fs = memoryFileSystem({ ...files, [path]: text });
  const workspace = new Workspace(fs, [ROOT]);
  const dockerfile = parseDockerfile(TextDocument.create(`file://${ROOT}/${path}`, 'dockerfile', 1, text), `${ROOT}/${path}`);
  return { dockerfile, workspace, context: workspace.contextFor(dockerfile) };
}

const MULTI = `FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o bin/api ./cmd/api && go build -o bin/worker ./cmd/worker
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/api /api
ENTRYPOINT ["/api"]
`;

describe('judge', () => {
  it('finds the go build whose binary the final stage ships', () => {
    const shipped = shippedBuilds(context(MULTI));
    expect(shipped.map((s) => s.build.flags.get('o')?.value)).toEqual(['bin/api']);
  });

  it('reads go builds through a Makefile target with exported variables', () => {
    const ctx = context('FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN make build\nFROM scratch\nCOPY --from=build /src/app /app\n', {
      Makefile: 'export CGO_ENABLED=0\nLDFLAGS := -s -w\n\nbuild: generate\n\tgo build -trimpath -ldflags "$(LDFLAGS)" -o app ./cmd/app\n\ngenerate:\n\tgo generate ./...\n',
    });
    const [shipped] = shippedBuilds(ctx);
    expect(shipped.build.script).toBe('Makefile');
    expect(shipped.build.env.get('CGO_ENABLED')).toBe('0');
    expect(shipped.build.flags.get('ldflags')?.value).toBe('-s -w');
  });

  it('knows the C library and shell of images', () => {
    const { dockerfile } = context(MULTI);
    expect(dockerfile.stages.map(libc)).toEqual(['musl', 'none']);
    expect(dockerfile.stages.map(hasNoShell)).toEqual([false, true]);
  });

  it('tells dev images apart: by path, by name, or by a compose service that mounts the source', () => {
    expect(isDevImage(context('FROM golang:1.22\n', {}, '.devcontainer/Dockerfile'))).toBe(true);
    expect(isDevImage(context('FROM golang:1.22\n', {}, 'Dockerfile.debug'))).toBe(true);
    expect(isDevImage(context('FROM golang:1.22\n'))).toBe(false);
    const compose = 'services:\n  app:\n    build: .\n    volumes:\n      - .:/src\n';
    expect(isDevImage(context('FROM golang:1.22\n', { 'compose.yaml': compose }))).toBe(true);
  });
});
