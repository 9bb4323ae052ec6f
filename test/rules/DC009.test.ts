import { describe, expect, it } from 'vitest';
import { gomemlimitFor, parseComposeMemory, parseGoMemLimit } from '../../server/src/rules/compose/DC009-gomemlimit-missing';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO = { 'go.mod': 'module x\n\ngo 1.22.5\n', Dockerfile: 'FROM golang:1.22.5\nRUN go build -o /app .\n' };
const findings = (text: string, files: Record<string, string> = GO) => lintText(text, { path: 'compose.yaml', files }).reports.filter((r) => r.id === 'DC009');
const fix = (text: string, files: Record<string, string> = GO) => fixAll(text, { path: 'compose.yaml', files }, 'DC009');

describe('DC009 units', () => {
  it.each([
    ['512m', 512 * 2 ** 20],
    ['512M', 512 * 2 ** 20],
    ['512mb', 512 * 2 ** 20],
    ['1g', 2 ** 30],
    ['1GB', 2 ** 30],
    ['1.5g', 1.5 * 2 ** 30],
    ['2048k', 2 ** 21],
    ['2048kb', 2 ** 21],
    ['1000b', 1000],
    ['536870912', 2 ** 29],
    ['1gib', 2 ** 30],
    ['lots', undefined],
    ['${MEM}', undefined],
  ])('compose memory %s', (text, bytes) => {
    expect(parseComposeMemory(text)).toBe(bytes);
  });

  it.each([
    ['460MiB', 460 * 2 ** 20],
    ['1GiB', 2 ** 30],
    ['2TiB', 2 * 2 ** 40],
    ['512KiB', 2 ** 19],
    ['100B', 100],
    ['1048576', 2 ** 20],
    ['off', Infinity],
    ['460mib', undefined],
    ['460MB', undefined],
    ['1.5GiB', undefined],
  ])('GOMEMLIMIT %s', (text, bytes) => {
    expect(parseGoMemLimit(text)).toBe(bytes);
  });

  it.each([
    [512 * 2 ** 20, '460MiB'],
    [2 ** 30, '921MiB'],
    [256 * 2 ** 20, '230MiB'],
    [100 * 2 ** 20, '90MiB'],
    [2 ** 20, undefined],
  ])('90%% of %d bytes, rounded down to MiB', (bytes, value) => {
    expect(gomemlimitFor(bytes)).toBe(value);
  });
});

describe('DC009 edge cases', () => {
  it.each([
    ['not ok: a Go build without GOMEMLIMIT', 'build: .\n    mem_limit: 512m', GO, 1],
    ['not ok: a golang image without GOMEMLIMIT', 'image: golang:1.22.5\n    mem_limit: 512m', {}, 1],
    ['not ok: GOMEMLIMIT equal to the limit', 'image: golang:1.22.5\n    mem_limit: 512m\n    environment: [GOMEMLIMIT=512MiB]', {}, 1],
    ['not ok: GOMEMLIMIT=off', 'image: golang:1.22.5\n    mem_limit: 512m\n    environment: {GOMEMLIMIT: "off"}', {}, 1],
    ['not ok: the smaller of two limits counts', 'image: golang:1.22.5\n    mem_limit: 1g\n    environment: [GOMEMLIMIT=600MiB]\n    deploy: {resources: {limits: {memory: 512m}}}', {}, 1],
    ['not ok: only go.mod in the build context', 'build: ./svc\n    mem_limit: 512m', { 'svc/go.mod': 'module x\n' }, 1],
    ['not ok: a go build in a Makefile the Dockerfile runs', 'build: ./svc\n    mem_limit: 512m', { 'svc/Dockerfile': 'FROM debian:12\nRUN make build\n', 'svc/Makefile': 'build:\n\tgo build -o app .\n' }, 1],
    ['ok: GOMEMLIMIT under the limit', 'image: golang:1.22.5\n    mem_limit: 512m\n    environment: [GOMEMLIMIT=500MiB]', {}, 0],
    ['ok: no memory limit', 'image: golang:1.22.5', {}, 0],
    ['ok: mem_limit 0 (none)', 'image: golang:1.22.5\n    mem_limit: 0', {}, 0],
    ['ok: not a Go service', 'image: node:20\n    mem_limit: 512m', {}, 0],
    ['ok: a Dockerfile with no Go', 'build: ./web\n    mem_limit: 512m', { 'web/Dockerfile': 'FROM node:20\nRUN npm ci\n' }, 0],
    ['ok: GOMEMLIMIT from a variable', 'image: golang:1.22.5\n    mem_limit: 512m\n    environment: [GOMEMLIMIT=$LIMIT]', {}, 0],
    ['ok: an env_file that cannot be read', 'image: golang:1.22.5\n    mem_limit: 512m\n    env_file: secrets.env', {}, 0],
    ['not ok: an optional env_file that is missing', 'image: golang:1.22.5\n    mem_limit: 512m\n    env_file: [{path: local.env, required: false}]', {}, 1],
    ['not ok: GOMEMLIMIT too high in an env_file', 'image: golang:1.22.5\n    mem_limit: 512m\n    env_file: [app.env]', { 'app.env': 'export GOMEMLIMIT="1GiB"\n' }, 1],
  ])('%s', (_name, body, files, count) => {
    expect(findings(`services:\n  api:\n    ${body}\n`, files)).toHaveLength(count);
  });

  it('says where a too-high GOMEMLIMIT comes from', () => {
    const [finding] = findings('services:\n  api:\n    image: golang:1.22.5\n    mem_limit: 512m\n    env_file: [app.env]\n', { 'app.env': 'GOMEMLIMIT=1GiB\n' });
    expect(finding.message).toBe('Service "api" sets GOMEMLIMIT=1GiB from app.env, at or above its memory limit of 512m (mem_limit): the Go heap grows until the kernel OOM-kills the container');
  });

  it.each([
    ['a block mapping', '    environment:\n      PORT: "8080"  # api\n', '    environment:\n      PORT: "8080"  # api\n      GOMEMLIMIT: "460MiB"\n'],
    ['a block list', "    environment:\n      - 'PORT=8080'\n", "    environment:\n      - 'PORT=8080'\n      - 'GOMEMLIMIT=460MiB'\n"],
    ['a list indented at the key', '    environment:\n    - PORT=8080\n', '    environment:\n    - PORT=8080\n    - GOMEMLIMIT=460MiB\n'],
    ['a flow mapping', '    environment: { PORT: 8080 }\n', '    environment: { PORT: 8080, GOMEMLIMIT: 460MiB }\n'],
    ['an empty flow mapping', '    environment: {}\n', '    environment: { GOMEMLIMIT: 460MiB }\n'],
    ['a flow list', '    environment: ["PORT=8080"]\n', '    environment: ["PORT=8080", "GOMEMLIMIT=460MiB"]\n'],
    ['an empty key', '    environment:\n', '    environment:\n      GOMEMLIMIT: 460MiB\n'],
    ['no environment', '', '    environment:\n      GOMEMLIMIT: 460MiB\n'],
    ['a value too high in a mapping', '    environment:\n      GOMEMLIMIT: 1GiB # old\n', '    environment:\n      GOMEMLIMIT: 460MiB # old\n'],
    ['a value too high in a list', '    environment:\n      - "GOMEMLIMIT=512MiB"\n', '    environment:\n      - "GOMEMLIMIT=460MiB"\n'],
  ])('adds GOMEMLIMIT to %s', (_name, env, fixedEnv) => {
    const head = 'services:\n  api:\n    image: golang:1.22.5\n    mem_limit: 512m\n';
    expect(fix(`${head}${env}  db:\n    image: postgres:16\n`, {})).toBe(`${head}${fixedEnv}  db:\n    image: postgres:16\n`);
  });

  it('adds environment: after a last key whose value is a nested block', () => {
    const text = 'services:\n  api:\n    image: golang:1.22.5\n    deploy:\n      resources:\n        limits:\n          memory: 1g   # host budget\n\n  db:\n    image: postgres:16\n';
    expect(fix(text, {})).toBe('services:\n  api:\n    image: golang:1.22.5\n    deploy:\n      resources:\n        limits:\n          memory: 1g   # host budget\n    environment:\n      GOMEMLIMIT: 921MiB\n\n  db:\n    image: postgres:16\n');
  });

  it('leaves every other line unchanged', () => {
    const text = '# stack\nservices:\n  api:   # the API\n    image:  "golang:1.22.5"\n    mem_limit: "512m"   # budget\n    environment:\n      - PORT=8080   # port\n    ports: [ "8080:8080" ]\n  worker:\n    image: golang:1.22.5\n    environment: { GOMEMLIMIT: 2GiB }\n    mem_limit: 1g\n';
    expect(expectMinimalFix(text, { path: 'compose.yaml', files: {} }, 'DC009')).toBe(
      '# stack\nservices:\n  api:   # the API\n    image:  "golang:1.22.5"\n    mem_limit: "512m"   # budget\n    environment:\n      - PORT=8080   # port\n      - GOMEMLIMIT=460MiB\n    ports: [ "8080:8080" ]\n  worker:\n    image: golang:1.22.5\n    environment: { GOMEMLIMIT: 921MiB }\n    mem_limit: 1g\n',
    );
  });
});

describe('DC009 with YAML merge keys', () => {
  const anchor = (env: string) => `x-go: &go\n  restart: always\n  environment:\n${env}\nservices:\n  api:\n    <<: *go\n    image: golang:1.22.5\n    mem_limit: 512m\n`;

  it('reads GOMEMLIMIT from a merged mapping', () => {
    expect(findings(anchor('    GOMEMLIMIT: 400MiB'), {})).toHaveLength(0);
    expect(findings(anchor('    GOMEMLIMIT: 1GiB'), {})[0].message).toContain('GOMEMLIMIT=1GiB from a merged mapping (<<)');
  });

  it('offers no fix that would replace a merged environment', () => {
    const [finding] = findings(anchor('    LOG_LEVEL: debug'), {});
    expect(finding.fix()).toBeUndefined();
    // Lowering the anchor's GOMEMLIMIT would change every service that merges it.
    expect(findings(anchor('    GOMEMLIMIT: 1GiB'), {})[0].fix()).toBeUndefined();
  });
});
