import { describe, expect, it } from 'vitest';
import { describe as findings, fixAll } from './../helpers/lint';
import { lintText } from '../helpers/lint';
import { applyEdits } from '../../server/src/engine/edits';

const fix = (text: string) => fixAll(text, { path: 'compose.yaml' }, 'DC001');

/** The text after each DC001 finding's own fix, one at a time (what a click on the light bulb does). */
const eachFix = (text: string) => {
  const analysis = lintText(text, { path: 'compose.yaml' });
  return analysis.reports.filter((r) => r.id === 'DC001').map((r) => applyEdits(analysis.model.document, r.fix()!.edits));
};

describe('DC001 edge cases', () => {
  it.each([
    ['not ok: ~/go onto /go', '~/go:/go', 1],
    ['not ok: $HOME/go/src onto /go/src', '$HOME/go/src:/go/src', 1],
    ['not ok: ${GOPATH:-~/go} with a default', '${GOPATH:-/home/me/go}:/go', 1],
    ['ok: a config folder under ~/go-config', '~/go-config:/go', 0],
    ['ok: the module cache shared on purpose', '~/go/pkg/mod:/go/pkg/mod', 0],
    ['ok: a named volume called go', 'go:/go', 0],
  ])('%s', (_name, volume, count) => {
    const text = `services:\n  api:\n    image: golang:1.22\n    volumes:\n      - "${volume}"\n`;
    expect(lintText(text, { path: 'compose.yaml' }).reports.filter((r) => r.id === 'DC001')).toHaveLength(count);
  });

  it('replaces a long-syntax mount and keeps the following items intact', () => {
    const text = 'services:\n  api:\n    volumes:\n      - type: bind\n        source: ~/go\n        target: /go\n      - ./x:/x\n';
    expect(fix(text)).toBe('services:\n  api:\n    volumes:\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n      - ./x:/x\n\nvolumes:\n  gomod:\n  gobuild:\n');
  });

  it('removes a second GOPATH mount once the cache volumes are in place', () => {
    const text = 'services:\n  api:\n    volumes:\n      - ~/go:/go\n      - ~/go/src:/go/src  # old layout\n      - ./x:/x\n';
    const fixed = fix(text);
    expect(fixed).toBe('services:\n  api:\n    volumes:\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n      - ./x:/x\n\nvolumes:\n  gomod:\n  gobuild:\n');
    expect(findings(lintText(fixed, { path: 'compose.yaml' }))).toBe('');
  });

  it('removes every copy of the same GOPATH mount in a flow sequence, so the fix is not offered again', () => {
    const text = 'services:\n  api:\n    volumes: [~/go:/go, gomod:/go/pkg/mod, gobuild:/root/.cache/go-build, ~/go:/go, ~/go:/go]\n';
    const fixed = eachFix(text);
    expect(fixed).toEqual(Array(3).fill('services:\n  api:\n    volumes: [gomod:/go/pkg/mod, gobuild:/root/.cache/go-build]\n'));
    expect(findings(lintText(fixed[0], { path: 'compose.yaml' }), 'DC001')).toBe('');
  });

  it('replaces one copy of a GOPATH mount and removes the others', () => {
    const text = 'services:\n  api:\n    volumes:\n      - ~/go:/go\n      - ./x:/x\n      - ~/go:/go\n';
    const [first, second] = eachFix(text);
    expect(first).toBe('services:\n  api:\n    volumes:\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n      - ./x:/x\n\nvolumes:\n  gomod:\n  gobuild:\n');
    expect(second).toBe('services:\n  api:\n    volumes:\n      - ./x:/x\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n\nvolumes:\n  gomod:\n  gobuild:\n');
    expect(findings(lintText(first, { path: 'compose.yaml' }), 'DC001')).toBe('');
  });
});
