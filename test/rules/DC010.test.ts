import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.23.4\n';
const findings = (text: string, files: Record<string, string> = { 'go.mod': GO_MOD }, path = 'compose.yaml') =>
  lintText(text, { path, files }).reports.filter((r) => r.id === 'DC010');
const service = (image: string) => `services:\n  api:\n    image: ${image}\n`;

describe('DC010 edge cases', () => {
  it.each([
    ['not ok: bare golang', 'golang', 1],
    ['not ok: golang:latest', 'golang:latest', 1],
    ['not ok: golang:1', 'golang:1', 1],
    ['not ok: golang:alpine', 'golang:alpine', 1],
    ['not ok: golang:1-bookworm', 'golang:1-bookworm', 1],
    ['not ok: library/golang on Docker Hub', 'index.docker.io/library/golang:latest', 1],
    ['not ok: untagged cosmtrek/air', 'cosmtrek/air', 1],
    ['not ok: air-verse/air:latest', 'air-verse/air:latest', 1],
    ['ok: golang:1.23 (a minor version, as DF001)', 'golang:1.23', 0],
    ['ok: golang:1.23.4-alpine3.20', 'golang:1.23.4-alpine3.20', 0],
    ['ok: golang by digest', 'golang@sha256:0b6f2a6f8a1f4ce5bd1b2b5d0d8d6c7e1c4c4b1e9d4a6c0f8e2c3b7a9d5e1f2a3', 0],
    ['ok: a pinned air', 'cosmtrek/air:v1.61.7', 0],
    ['ok: a variable', '${GO_IMAGE}', 0],
    ['ok: another golang-named repository', 'example.com/tools/golang-ci:latest', 0],
    ['ok: another image', 'postgres:latest', 0],
  ])('%s', (_name, image, count) => {
    expect(findings(service(image))).toHaveLength(count);
  });

  it('ignores image: on a service that builds (it names the built image)', () => {
    expect(findings('services:\n  api:\n    build: .\n    image: golang:latest\n')).toHaveLength(0);
  });

  it.each([
    ['golang', 'golang:1.23.4-bookworm'],
    ['golang:1', 'golang:1.23.4-bookworm'],
    ['golang:alpine', 'golang:1.23.4-alpine'],
    ['golang:1-alpine3.20', 'golang:1.23.4-alpine3.20'],
    ['docker.io/library/golang:latest', 'docker.io/library/golang:1.23.4-bookworm'],
    ["'golang:latest'", "'golang:1.23.4-bookworm'"],
    ['cosmtrek/air', 'cosmtrek/air:v1.67.4'],
    ['"air-verse/air"', '"cosmtrek/air:v1.67.4"'],
  ])('fixes %s to %s', (image, fixed) => {
    expect(fixAll(service(image), { path: 'compose.yaml', files: { 'go.mod': GO_MOD } }, 'DC010')).toBe(service(fixed));
  });

  it('reads go.mod from a folder above the compose file', () => {
    const [finding] = findings(service('golang'), { 'go.mod': GO_MOD }, 'deploy/compose.yaml');
    expect(finding.fix()?.title).toBe('Pin to golang:1.23.4-bookworm (go.mod)');
  });

  it('offers no golang fix without go.mod, and the air fix is not preferred', () => {
    expect(findings(service('golang'), {})[0].fix()).toBeUndefined();
    expect(findings(service('cosmtrek/air'), {})[0].fix()?.preferred).toBeFalsy();
  });

  it('leaves every other line unchanged', () => {
    const text = '# dev\nservices:\n  test:\n    image:   "golang:latest"    # tests\n    volumes: [ ".:/src" ]\n  air:\n    image: cosmtrek/air\n    command: [ "air", "-c", ".air.toml" ]\n';
    expect(expectMinimalFix(text, { path: 'compose.yaml', files: { 'go.mod': GO_MOD } }, 'DC010')).toBe(
      '# dev\nservices:\n  test:\n    image:   "golang:1.23.4-bookworm"    # tests\n    volumes: [ ".:/src" ]\n  air:\n    image: cosmtrek/air:v1.67.4\n    command: [ "air", "-c", ".air.toml" ]\n',
    );
  });
});
