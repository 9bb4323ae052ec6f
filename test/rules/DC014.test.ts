import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, portProblem } from '../../server/src/rules/compose/DC014-compose-schema';
import { lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'compose.yaml' }).reports.filter((r) => r.id === 'DC014');
const lines = (text: string) => findings(text).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.severity} ${r.message}`);

describe('DC014 ports', () => {
  it.each([
    ['8080', undefined],
    ['8080:80', undefined],
    ['127.0.0.1:8080:80/tcp', undefined],
    ['127.0.0.1::80', undefined],
    ['[::1]:6060:6060', undefined],
    ['::1:6060:6060', undefined],
    ['9000-9002:9000-9002/udp', undefined],
    ['9000-9002:80', undefined],
    ['${API_PORT:-8080}:8080', undefined],
    [8080, undefined],
    ['80:80:80:80', '"80:80" is not an IP address'],
    ['localhost:8080:80', '"localhost" is not an IP address'],
    ['8080:http', '"http" is not a container port or range (1 to 65535)'],
    ['8080:0', '"0" is not a container port or range (1 to 65535)'],
    ['70000:80', '"70000" is not a host port or range (0 to 65535)'],
    ['8080:80/http', 'the protocol after "/" is tcp, udp or sctp'],
    ['9000-9001:9000-9002', 'a host range must be as long as the container range'],
    ['9002-9000', '"9002-9000" is not a container port or range (1 to 65535)'],
    [0, 'a port number is 1 to 65535'],
    [80.5, 'a port number is 1 to 65535'],
  ])('%s', (spec, problem) => {
    expect(portProblem(spec)).toBe(problem);
  });
});

describe('DC014 edge cases', () => {
  it('says what is wrong where, with the key for unknown keys and a warning for them', () => {
    expect(lines('services:\n  api:\n    image: x\n    enviroment: {A: b}\n    build: {context: ., foo: 1}\nservices2: {}\n')).toEqual([
      '4:5 warning services.api: unknown key "enviroment" (did you mean "environment"?)',
      '5:25 warning services.api.build: unknown key "foo" (a key of your own must start with "x-")',
      '6:1 warning Unknown top-level key "services2" (did you mean "services"?)',
    ]);
  });

  it('reports one problem where oneOf branches disagree, naming every accepted type', () => {
    expect(lines('services:\n  api:\n    image: x\n    environment:\n    ports: [{target: 80, bogus: 1}]\n')).toEqual([
      '4:5 error services.api.environment: must be a mapping or a list, not empty',
      '5:26 warning services.api.ports[0]: unknown key "bogus" (a key of your own must start with "x-")',
    ]);
  });

  it('reports duplicate keys, enum values and repeated list items', () => {
    expect(lines('services:\n  api:\n    image: x\n    image: y\n    cgroup: shared\n    cap_add: [NET_ADMIN, SYS_PTRACE, NET_ADMIN]\n')).toEqual([
      '4:5 error services.api: has the key "image" twice; Compose refuses duplicate keys',
      '5:13 error services.api.cgroup: a string ("shared") is not allowed: use one of "host", "private"',
      '6:38 error services.api.cap_add[2]: repeats item 1 of the list: its items must be unique',
    ]);
  });

  it('checks what merge keys bring in, at the anchor, and accepts x- extensions', () => {
    const text = 'x-base: &base\n  restart: always\n  mem_limt: 1g\nservices:\n  api:\n    <<: *base\n    image: x\n    x-team: core\n';
    expect(lines(text)).toEqual(['3:3 warning services.api: unknown key "mem_limt" (did you mean "mem_limit"?)']);
  });

  it('says an alias bomb is too big to check instead of expanding it, and checks nothing in a file with YAML errors', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)];
    expect(lines(`x-bomb:\n${bomb.map((l) => `  ${l}`).join('\n')}\nservices:\n  api:\n    image: x\n`)).toEqual([expect.stringContaining('error Expanding the aliases of this file gives more than 100,000 values')]);
    expect(findings('services:\n  api:\n    image: [unclosed\n    foo: 1\n')).toEqual([]);
  });

  it('finds nothing in the example projects', () => {
    const examples = nodePath.join(__dirname, '../../examples');
    for (const name of fs.readdirSync(examples)) {
      const file = nodePath.join(examples, name, 'compose.yaml');
      if (fs.existsSync(file)) expect(findings(fs.readFileSync(file, 'utf8')), file).toEqual([]);
    }
  });

  it('shows paths with indexes and quoted odd keys', () => {
    const data = { services: { 'my.api': { ports: ['1'] } } };
    expect(displayPath('/services/my.api/ports/0', data)).toBe('services["my.api"].ports[0]');
    expect(displayPath('/services/a~1b', { services: {} })).toBe('services["a/b"]');
    expect(displayPath('', data)).toBe('');
  });
});
