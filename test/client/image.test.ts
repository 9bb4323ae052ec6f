/** Layer insight's pure parts: the analysis of an image against its Dockerfile, and what the editor shows of it. */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeLenses, buildableReason, imageDiagnostics, layerTree, relocate, ResultStore, resultLenses, type Result } from '../../client/src/image/core';
import { analyzeImage } from '../../server/src/image/analysis';
import type { ImageArchive, LayerContents } from '../../server/src/image/archive';
import { parseDockerfile } from '../../server/src/model/dockerfile';

const TEXT = 'FROM golang:1.22-bookworm\nRUN go env -w GOFLAGS=-mod=mod\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nCMD ["./app"]\n';

const layer = (bytes: number, holds: LayerContents['holds'] = [], largest = holds.map((h) => ({ path: h.root, bytes: h.bytes }))): LayerContents => ({ bytes, files: 1, deleted: 0, largest, holds });

const ARCHIVE: ImageArchive = {
  config: {
    history: [
      { created_by: 'true' },
      { created_by: 'RUN /bin/sh -c go env -w GOFLAGS=-mod=mod # buildkit' },
      { created_by: 'WORKDIR /app' },
      { created_by: 'COPY . . # buildkit' },
      { created_by: 'RUN /bin/sh -c go build -o app . # buildkit' },
      { created_by: 'CMD ["./app"]', empty_layer: true },
    ],
  },
  layers: [
    layer(633e6, [{ id: 'DI003', root: '/usr/local/go', bytes: 207e6, files: 7521 }]),
    layer(16400, [{ id: 'DI004', root: '/root/.config/go/env', bytes: 35, files: 1 }]),
    layer(0),
    layer(766),
    layer(95.5e6, [{ id: 'DI001', root: '/root/.cache/go-build', bytes: 86.9e6, files: 1342 }], [{ path: '/root/.cache/go-build', bytes: 86.9e6 }, { path: '/app/app', bytes: 8.5e6 }]),
  ],
};

function analysisOf(text: string, archive: ImageArchive, imageId = 'sha256:aaaaaaaaaaaaaaaa') {
  const model = parseDockerfile(TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, text));
  return analyzeImage(model, model.finalStage!, archive, imageId);
}

const result = (text = TEXT, archive = ARCHIVE, imageId?: string): Result => ({ uri: 'file:///p/Dockerfile', text, analysis: analysisOf(text, archive, imageId), engineSize: 728.9e6 });

describe('analyzeImage', () => {
  it('gives each line the bytes its layer adds, the base image to FROM, and sums to the image', () => {
    const a = analysisOf(TEXT, ARCHIVE);
    expect(a.instructions.map((i) => [i.line, i.bytes, i.layers.length])).toEqual([
      [0, 633e6, 1],
      [1, 16400, 1],
      [2, 0, 1],
      [3, 766, 1],
      [4, 95.5e6, 1],
      [5, 0, 0],
    ]);
    expect(a.bytes).toBe(a.instructions.reduce((s, i) => s + i.bytes, 0));
    expect(a.targetLine).toBe(0);
  });

  it('reports each Go path on its line, with the size, the rule that explains it and its fix', () => {
    const a = analysisOf(TEXT, ARCHIVE);
    expect(a.findings.map((f) => [f.id, f.line, f.related, f.fix])).toEqual([
      ['DI003', 0, 'DF003', 'convert-to-multi-stage'],
      ['DI004', 1, 'DF004', 'DF004'],
      ['DI001', 4, 'DF006', 'convert-to-multi-stage'],
    ]);
    expect(a.findings[2].message).toBe('This layer holds the Go build cache at /root/.cache/go-build: 86.9 MB in 1,342 files (DF006 explains why)');
    expect(a.findings[0].message).toMatch(/^A layer of the base image \(golang:1\.22-bookworm\) holds a Go toolchain/);
  });

  it('in a multi-stage file offers no conversion (the file is converted already)', () => {
    const text = `FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM golang:1.22\nCOPY --from=build /app /app\n`;
    const a = analysisOf(text, {
      config: { history: [{ created_by: 'true' }, { created_by: 'COPY /app /app # buildkit' }] },
      layers: [layer(600e6, [{ id: 'DI003', root: '/usr/local/go', bytes: 200e6, files: 1 }]), layer(8e6)],
    });
    expect(a.findings).toEqual([expect.objectContaining({ id: 'DI003', line: 2, fix: undefined })]);
    expect(a.instructions.map((i) => i.line)).toEqual([2, 3]);
  });
});

describe('lenses', () => {
  it('show +size per line with a layer and the image total on the target FROM', () => {
    const lenses = resultLenses(result(), undefined, TEXT);
    expect(lenses.map((l) => [l.line, l.title])).toEqual([
      [0, 'base image +633 MB'],
      [1, '+16.4 kB'],
      [2, '+0 B'],
      [3, '+766 B'],
      [4, '+95.5 MB'],
      [0, 'image 729 MB'],
    ]);
    expect(lenses[4].tooltip).toBe('/root/.cache/go-build  86.9 MB\n/app/app  8.5 MB');
  });

  it('after a fix and a rebuild, show before → after on the lines that stayed and on the total', () => {
    const store = new ResultStore();
    store.add(result());
    const smaller: ImageArchive = { ...ARCHIVE, layers: ARCHIVE.layers.map((l, i) => (i === 4 ? layer(8.5e6) : l)) };
    store.add(result(TEXT, smaller, 'sha256:bbbbbbbbbbbbbbbb'));
    const [{ latest, previous }] = store.forUri('file:///p/Dockerfile');
    const titles = resultLenses(latest, previous, TEXT).map((l) => l.title);
    expect(titles).toContain('+95.5 MB → +8.5 MB');
    expect(titles).toContain('image 729 MB → 642 MB');
    expect(titles).toContain('+16.4 kB');
    expect(store.analysisOf('sha256:aaaaaaaaaaaaaaaa')).toBeDefined();
  });

  it('follow the lines as the file is edited, and drop those whose line changed', () => {
    const edited = `# a comment\n${TEXT.replace('WORKDIR /app', 'WORKDIR /src')}`;
    const lines = resultLenses(result(), undefined, edited).map((l) => [l.line, l.title]);
    expect(lines).toContainEqual([5, '+95.5 MB']);
    expect(lines).not.toContainEqual(expect.arrayContaining(['+0 B']));
    expect(imageDiagnostics(result(), edited).map((d) => [d.id, d.line])).toEqual([
      ['DI003', 1],
      ['DI004', 2],
      ['DI001', 5],
    ]);
  });

  it('offer "Analyze image" on every FROM, with the stage as target except for the last', () => {
    expect(analyzeLenses([{ line: 0, name: 'build', index: 0, last: false }, { line: 5, index: 1, last: true }])).toEqual([
      { line: 0, title: 'Analyze image (target build)', target: 'build' },
      { line: 5, title: 'Analyze image', target: undefined },
    ]);
  });
});

describe('the Image Layers tree and the guards', () => {
  it('lists layers top first, each with its line, size and largest paths', () => {
    const tree = layerTree(result(), TEXT);
    expect(tree[0]).toMatchObject({ label: '+95.5 MB · line 5', description: 'RUN go build -o app .', line: 4 });
    expect(tree[0].children.map((c) => c.label)).toEqual(['/root/.cache/go-build', '/app/app']);
    expect(tree.at(-1)?.description).toBe('FROM golang:1.22-bookworm (base image layer 1)');
  });

  it('says why a Dockerfile cannot be built here', () => {
    expect(buildableReason({ scheme: 'file', inWorkspace: true, trusted: true })).toBeUndefined();
    expect(buildableReason({ scheme: 'file', inWorkspace: false, trusted: true })).toMatch(/outside the workspace: open its folder/);
    expect(buildableReason({ scheme: 'untitled', inWorkspace: false, trusted: true })).toMatch(/saved on disk/);
    expect(buildableReason({ scheme: 'file', inWorkspace: true, trusted: false })).toMatch(/trust this workspace/);
  });

  it('relocate keeps unchanged text in place', () => {
    expect(relocate(TEXT, TEXT)(4)).toBe(4);
  });
});
