import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../server/src/rules/similar';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const DOCKERFILE = 'FROM golang:1.22.5 AS build\nRUN go build -o /app .\nFROM build AS Dev\nFROM scratch AS runtime\nCOPY --from=build /app /app\n';
const files = { 'api/Dockerfile': DOCKERFILE, 'api/Dockerfile.dev': 'FROM golang:1.22.5 AS air\n', 'go.mod': 'module x\n\ngo 1.22.5\n' };
const findings = (text: string, extra: Record<string, string> = files) =>
  lintText(text, { path: 'compose.yaml', files: extra }).reports.filter((r) => r.id === 'DC011');
const build = (lines: string) => `services:\n  api:\n    build:\n${lines.split('\n').map((l) => `      ${l}`).join('\n')}\n`;

describe('DC011 edge cases', () => {
  it.each([
    ['ok: a stage of the Dockerfile', 'context: ./api\ntarget: runtime', 0],
    ['ok: case differs (BuildKit ignores case)', 'context: ./api\ntarget: DEV', 0],
    ['ok: a stage of another dockerfile', 'context: api\ndockerfile: Dockerfile.dev\ntarget: air', 0],
    ['ok: a dockerfile path relative to the context', 'context: ./api\ndockerfile: ../api/Dockerfile.dev', 0],
    ['ok: a variable target', 'context: ./api\ntarget: ${TARGET}', 0],
    ['ok: a remote context', 'context: https://github.com/example/app.git\ntarget: nothere', 0],
    ['ok: no Dockerfile written and none there (not checked)', 'context: ./web\ntarget: dev', 0],
    ['ok: an inline Dockerfile', 'context: .\ndockerfile_inline: |\n  FROM alpine\ntarget: nothere', 0],
    ['not ok: an unknown stage', 'context: ./api\ntarget: debug', 1],
    ['not ok: a stage of the other Dockerfile', 'context: ./api\ndockerfile: Dockerfile.dev\ntarget: runtime', 1],
    ['not ok: a missing dockerfile', 'context: ./api\ndockerfile: Dockerfile.prod', 1],
    ['not ok: a dockerfile relative to the compose file instead of the context', 'context: ./api\ndockerfile: api/Dockerfile.dev', 1],
  ])('%s', (_name, lines, count) => {
    expect(findings(build(lines))).toHaveLength(count);
  });

  it('names the stages, or says there is none', () => {
    expect(findings(build('context: ./api\ntarget: debug'))[0].message).toBe('Service "api" builds target "debug", but api/Dockerfile has no stage of that name (stages: build, Dev, runtime)');
    const [unnamed] = findings(build('context: .\ntarget: dev'), { Dockerfile: 'FROM golang:1.22.5\n' });
    expect(unnamed.message).toBe('Service "api" builds target "dev", but Dockerfile has no named stage (`FROM … AS name`)');
    expect(unnamed.fix()).toBeUndefined();
  });

  it('says where it looked for a missing dockerfile', () => {
    expect(findings(build('context: ./api\ndockerfile: Dockerfile.prod'))[0].message).toBe('Service "api" builds from Dockerfile.prod, which does not exist (looked for api/Dockerfile.prod)');
  });

  it('offers the closest stage name, as written in the Dockerfile, as a fix that is not preferred', () => {
    const [finding] = findings(build('context: ./api\ntarget: devel'));
    expect(finding.fix()?.title).toBe('Build stage "Dev" instead');
    expect(finding.fix()?.preferred).toBeFalsy();
    expect(fixAll(build("context: ./api\ntarget: 'runtim'"), { path: 'compose.yaml', files }, 'DC011')).toBe(build("context: ./api\ntarget: 'runtime'"));
  });

  it('ends a line at a lone \\r, as Compose does (a CRLF file with a BOM, cut after its last \\r)', () => {
    const cut = (text: string) => '\ufeff' + text.replace(/\n/g, '\r\n').replace(/\r\n$/, '\r');
    expect(findings(cut(build('context: ./api\ntarget: runtime')))).toHaveLength(0);
    const [finding] = findings(cut(build('context: ./api\ntarget: runtim')));
    expect(finding.message).toBe('Service "api" builds target "runtim", but api/Dockerfile has no stage of that name (stages: build, Dev, runtime)');
    const fixed = fixAll(cut(build('context: ./api\ntarget: runtim')), { path: 'compose.yaml', files }, 'DC011');
    expect(fixed).toBe(cut(build('context: ./api\ntarget: runtime')));
    expect(findings(fixed)).toHaveLength(0);
    // Old Mac line ends: every line ends at a lone \r.
    expect(findings(build('context: ./api\ntarget: debug\nargs: {}').replace(/\n/g, '\r')).map((r) => r.message)).toEqual([
      'Service "api" builds target "debug", but api/Dockerfile has no stage of that name (stages: build, Dev, runtime)',
    ]);
  });

  it('measures edit distance', () => {
    expect([editDistance('develop', 'dev'), editDistance('runtme', 'runtime'), editDistance('', 'abc'), editDistance('same', 'same')]).toEqual([4, 1, 3, 0]);
    expect(closest('Runtme', ['build', 'runtime', 'RUNTIMES'], (s) => s.toLowerCase())).toBe('runtime');
    expect(closest('x', [])).toBeUndefined();
  });

  it('leaves every other line unchanged', () => {
    const text = 'services:\n  api:\n    build:   # the API\n      context: ./api\n      target:  "buidl"   # typo\n    ports: [ "8080:8080" ]\n';
    expect(expectMinimalFix(text, { path: 'compose.yaml', files }, 'DC011')).toBe(
      'services:\n  api:\n    build:   # the API\n      context: ./api\n      target:  "build"   # typo\n    ports: [ "8080:8080" ]\n',
    );
  });
});
