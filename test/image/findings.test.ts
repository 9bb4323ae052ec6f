/** What a path in a layer is (DI001…DI006), the failing line of a BuildKit step, and the DI catalog's pages. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { failingLine } from '../../server/src/image/build';
import { parseStepName } from '../../server/src/image/buildkit';
import { formatBytes, IMAGE_RULES, imageClassifier } from '../../server/src/image/findings';

describe('imageClassifier', () => {
  const classify = imageClassifier(['PATH=/usr/local/go/bin:/usr/bin', 'GOPATH=/go', 'GOCACHE=/cache/go']);
  it.each([
    ['/root/.cache/go-build/ab/abcd-d', 'DI001', '/root/.cache/go-build'],
    ['/home/nonroot/.cache/go-build/trim.txt', 'DI001', '/home/nonroot/.cache/go-build'],
    ['/cache/go/00/x', 'DI001', '/cache/go'],
    ['/go/pkg/mod/github.com/x/y@v1.0.0/go.mod', 'DI002', '/go/pkg/mod'],
    ['/root/go/pkg/mod/cache/download/x.zip', 'DI002', '/root/go/pkg/mod'],
    ['/home/dev/go/pkg/mod/x/y.go', 'DI002', '/home/dev/go/pkg/mod'],
    ['/usr/local/go/bin/go', 'DI003', '/usr/local/go'],
    ['/root/.config/go/env', 'DI004', '/root/.config/go/env'],
    ['/app/.git/objects/pack/p.pack', 'DI005', '/app/.git'],
    ['/app/internal/parse/testdata/big.json', 'DI006', '/app/internal/parse/testdata'],
    // A toolchain's or module's own testdata is counted with them, not as the user's test data.
    ['/go/pkg/mod/x/y@v1/testdata/a', 'DI002', '/go/pkg/mod'],
    ['/app/app', undefined, undefined],
    ['/usr/local/gopher/x', undefined, undefined],
    ['/root/.config/go/telemetry/local/x', undefined, undefined],
  ])('%s → %s', (path, id, root) => {
    const kind = classify(path);
    expect(kind?.id).toBe(id);
    expect(kind?.root).toBe(root);
  });

  it('reads GOROOT and GOMODCACHE from the image environment', () => {
    const custom = imageClassifier(['GOROOT=/opt/go', 'GOMODCACHE=/mods']);
    expect(custom('/opt/go/pkg/tool/x')).toEqual({ id: 'DI003', root: '/opt/go' });
    expect(custom('/mods/a/b')).toEqual({ id: 'DI002', root: '/mods' });
  });
});

describe('formatBytes', () => {
  it.each([
    [35, '35 B'],
    [16421, '16.4 kB'],
    [95459622, '95.5 MB'],
    [728958525, '729 MB'],
    [3.2e9, '3.2 GB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('failingLine', () => {
  const stages = [
    { name: 'build', lines: [0, 1, 2, 3] },
    { name: undefined, lines: [5, 6, 7] },
  ];
  it.each([
    ['[build 3/4] COPY . .', 2],
    ['[stage-1 2/3] COPY --from=build /out/app /app', 6],
    ['[2/3] RUN exit 3', 6],
    ['[internal] load metadata for docker.io/library/golang:1.22', undefined],
  ])('%s → line %s', (name, line) => {
    expect(failingLine({ n: 1, name, done: true, cached: false, error: 'x' }, stages)).toBe(line);
  });

  it('parses the step prefix', () => {
    expect(parseStepName('[build 4/6] RUN go build')).toEqual({ stage: 'build', index: 4, total: 6 });
    expect(parseStepName('[1/2] FROM alpine')).toEqual({ stage: undefined, index: 1, total: 2 });
  });
});

describe('DI catalog', () => {
  const ROOT = nodePath.join(__dirname, '../..');
  it.each(IMAGE_RULES.map((r) => [r.id, r]))('%s has a docs page like the static rules, linking the rule it relates to', (_id, rule) => {
    expect(rule.id).toMatch(/^DI\d{3}$/);
    const docs = fs.readFileSync(nodePath.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    expect(docs).toMatch(new RegExp(`^# ${rule.id} ${rule.name}\\n`));
    for (const section of ['## What it does', '## Why', '## Example', '## Fix']) expect(docs).toContain(section);
    if (rule.related) expect(docs).toContain(`(${rule.related}.md)`);
  });

  it('has unique ids and names', () => {
    expect(new Set(IMAGE_RULES.map((r) => r.id)).size).toBe(IMAGE_RULES.length);
    expect(new Set(IMAGE_RULES.map((r) => r.name)).size).toBe(IMAGE_RULES.length);
  });
});
