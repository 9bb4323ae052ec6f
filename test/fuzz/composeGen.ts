/**
 * Compose files written as text: services with every key the DC rules read (image, build, ports, volumes,
 * environment, command/entrypoint with Delve, cap_add, security_opt, privileged, limits, user, …) in block
 * and flow style, plus `x-` anchors, aliases and `<<` merge keys, comments, odd indents, CRLF and a BOM.
 */
import fc from 'fast-check';
import { definedFiles, unicode } from './dockerfileGen';
import type { FuzzCase } from './properties';

const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);

/** A value as YAML lines below a key: `key: scalar`, a block list, a flow list, or a block map. */
type Value = { scalar: string } | { list: string[]; flow: boolean } | { map: [string, string][]; flow: boolean } | { alias: string };

function render(key: string, value: Value, pad: string): string {
  if ('scalar' in value) return `${pad}${key}: ${value.scalar}`;
  if ('alias' in value) return `${pad}${key}: *${value.alias}`;
  if ('list' in value) {
    if (value.flow || value.list.length === 0) return `${pad}${key}: [${value.list.join(', ')}]`;
    return [`${pad}${key}:`, ...value.list.map((item) => `${pad}  - ${item}`)].join('\n');
  }
  if (value.flow || value.map.length === 0) return `${pad}${key}: {${value.map.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  return [`${pad}${key}:`, ...value.map.map(([k, v]) => `${pad}  ${k}: ${v}`)].join('\n');
}

const scalar = (...values: string[]) => oneOf(...values).map((s): Value => ({ scalar: s }));
const list = (items: fc.Arbitrary<string>, max = 4) => fc.tuple(fc.array(items, { maxLength: max }), fc.boolean()).map(([l, flow]): Value => ({ list: l, flow }));
const map = (entries: fc.Arbitrary<[string, string]>, max = 4) => fc.tuple(fc.uniqueArray(entries, { maxLength: max, selector: ([k]) => k }), fc.boolean()).map(([m, flow]): Value => ({ map: m, flow }));

const dlvCommand = oneOf(
  'dlv debug ./cmd/api --headless --listen=:2345 --api-version=2 --accept-multiclient',
  'dlv exec /app --headless --listen=0.0.0.0:2345 --continue',
  'dlv debug --listen=127.0.0.1:2345 --api-version=1',
  'dlv --headless -l :2345 exec ./app',
  'air -c .air.toml',
  'go run .',
  'go build -gcflags="all=-N -l" -o /app . && /app',
  'go build -o /app . && dlv exec /app --headless --listen=:2345',
  '/app',
);
const portItem = oneOf('"8080:8080"', '"2345:2345"', '"127.0.0.1:2345:2345"', '"0.0.0.0:2345:2345"', '2345', '"[::1]:2345:2345"', '"8080-8081:8080-8081/tcp"', '${PORT:-8080}:8080', '"::2345"');
const longPort = oneOf('{target: 2345, published: 2345}', '{target: 2345, published: "2345", host_ip: 127.0.0.1}', '{target: 80, protocol: udp}');
const volumeItem = oneOf(
  '.:/src', './:/app', '~/go:/go', '$HOME/go/pkg/mod:/go/pkg/mod', 'gomod:/go/pkg/mod', 'gocache:/root/.cache/go-build', '.:/app:ro', '/var/run/docker.sock:/var/run/docker.sock',
  './bin:/app', '${SRC:-.}:/src', 'C:\\src:/src', 'data', '{type: bind, source: ., target: /src}', '{type: volume, source: gomod, target: /go/pkg/mod}', '{type: tmpfs, target: /tmp}',
);
const envEntry: fc.Arbitrary<[string, string]> = fc.tuple(
  oneOf('GOMEMLIMIT', 'GOMAXPROCS', 'HTTP_PROXY', 'https_proxy', 'NO_PROXY', 'GOFLAGS', 'CGO_ENABLED', 'PORT', 'GOPROXY', 'é'),
  oneOf('"512MiB"', '1', '"http://proxy:3128"', '-mod=mod', '""', '~', '${X}', '"a: b"', '0', 'yes'),
);
const envValue = fc.oneof(map(envEntry), list(envEntry.map(([k, v]) => `${k}=${v.replace(/"/g, '')}`)));
const buildValue = fc.oneof(
  scalar('.', '..', './api', '../../..', '"."', '/abs/path'),
  map(
    fc.oneof(
      fc.tuple(oneOf('context'), oneOf('.', './api', '..', '../../..', 'https://github.com/acme/app.git')),
      fc.tuple(oneOf('dockerfile'), oneOf('Dockerfile', 'Dockerfile.dev', 'build/Dockerfile', 'missing.Dockerfile')),
      fc.tuple(oneOf('target'), oneOf('build', 'debug', 'dev', 'runtime', 'nope', '""')),
      fc.tuple(oneOf('args'), oneOf('{HTTP_PROXY: "http://proxy:3128"}', '[GO_VERSION=1.22]', '{}')),
      fc.tuple(oneOf('dockerfile_inline'), oneOf('"FROM golang:1.22"', '|')),
    ) as fc.Arbitrary<[string, string]>,
  ),
);

const serviceKey: fc.Arbitrary<[string, Value]> = fc.oneof(
  fc.tuple(oneOf('image'), scalar('golang:1.22', 'golang', 'golang:latest', 'golang:1.22.5-alpine', 'example.com/api:1', 'alpine', '"golang:${GO_VERSION}"', 'cosmtrek/air', '')),
  fc.tuple(oneOf('build'), buildValue),
  fc.tuple(oneOf('ports'), list(fc.oneof(portItem, longPort))),
  fc.tuple(oneOf('volumes'), list(volumeItem)),
  fc.tuple(oneOf('environment'), envValue),
  fc.tuple(oneOf('command', 'entrypoint'), fc.oneof(dlvCommand.map((c): Value => ({ scalar: JSON.stringify(c) })), dlvCommand.map((c): Value => ({ list: c.split(' ').map((w) => JSON.stringify(w)), flow: true })))),
  fc.tuple(oneOf('cap_add'), list(oneOf('SYS_PTRACE', 'ALL', 'NET_ADMIN'))),
  fc.tuple(oneOf('security_opt'), list(oneOf('seccomp:unconfined', 'apparmor:unconfined', '"seccomp=unconfined"', 'no-new-privileges:true'))),
  fc.tuple(oneOf('privileged'), scalar('true', 'false', 'yes', '"true"')),
  fc.tuple(oneOf('mem_limit'), scalar('512m', '1g', '"256MiB"', '0')),
  fc.tuple(oneOf('deploy'), scalar('{resources: {limits: {memory: 512M, cpus: "0.5"}}}', '{replicas: 2}', '{resources: {limits: {}}}', '{resources: ~}')),
  fc.tuple(oneOf('working_dir'), scalar('/src', '/app', '/go/src/app', '${WORKDIR}')),
  fc.tuple(oneOf('user'), scalar('root', '"1000:1000"', 'app', '0')),
  fc.tuple(oneOf('network_mode'), scalar('host', 'bridge', '"service:db"')),
  fc.tuple(oneOf('env_file'), fc.oneof(scalar('.env', 'dev.env'), list(oneOf('.env', '{path: .env, required: false}')))),
  fc.tuple(oneOf('healthcheck'), scalar('{test: ["CMD", "curl", "-f", "http://localhost"]}', '{disable: true}')),
  fc.tuple(fc.oneof(oneOf('depends_on', 'profiles', 'develop', 'restart', 'x-custom', 'labels'), unicode), fc.oneof(scalar('[db]', 'always', '{watch: [{action: sync, path: ., target: /src}]}', 'null', '~'), list(oneOf('db', 'a=b')))),
);

const serviceName = oneOf('api', 'worker', 'debug', 'dev', 'db', 'app-dev', '"quoted name"', 'é');
const anchorName = oneOf('common', 'go', 'env', 'dlv');

/** A service: its keys, sometimes a `<<: *anchor` merge, sometimes an aliased value. */
const keys = (max: number, min = 0) => fc.uniqueArray(serviceKey, { minLength: min, maxLength: max, selector: ([key]) => key });
const service = fc.tuple(serviceName, keys(8), fc.option(anchorName), fc.option(fc.tuple(oneOf('environment', 'volumes', 'ports'), anchorName)));

const anchorBlock = fc.tuple(anchorName, keys(4, 1));

export const composeText = fc
  .tuple(
    fc.boolean(),
    fc.option(oneOf('version: "3.8"', 'version: 3', 'name: demo')),
    fc.uniqueArray(anchorBlock, { maxLength: 2, selector: ([name]) => name }),
    fc.uniqueArray(service, { maxLength: 4, selector: ([name]) => name }),
    fc.option(oneOf('volumes:\n  gomod:\n  gocache: {}', 'volumes: {}', 'networks:\n  default: {}')),
    oneOf('  ', '    ', '   '),
    oneOf('\n', '\n', '\r\n'),
    fc.array(oneOf('# a comment', '# godock-ignore DC003', '# godock-ignore-file DC009', '#'), { maxLength: 2 }),
  )
  .map(([bom, header, anchors, services, footer, pad, eol, comments]) => {
    const defined = new Set(anchors.map(([name]) => name));
    const lines: string[] = [...comments, ...(header ? [header] : [])];
    for (const [name, keys] of anchors) lines.push(`x-${name}: &${name}`, ...keys.map(([k, v]) => render(k, v, pad)));
    lines.push('services:');
    for (const [name, keys, merge, alias] of services) {
      lines.push(`${pad}${name}:`);
      // An alias to an anchor nobody defined is a YAML error; keep most of them valid.
      if (merge && defined.has(merge)) lines.push(`${pad}${pad}<<: *${merge}`);
      if (alias && defined.has(alias[1])) lines.push(render(alias[0], { alias: alias[1] }, pad + pad));
      lines.push(...keys.map(([k, v]) => render(k, v, pad + pad)));
    }
    if (footer) lines.push(footer);
    return (bom ? '\ufeff' : '') + lines.join('\n').replace(/\n/g, eol) + eol;
  });

const project = fc.record({
  Dockerfile: fc.option(oneOf('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch AS runtime\nCOPY --from=build /app /app\n', 'FROM golang:1.22 AS debug\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0\n', 'FROM golang\n')),
  'api/Dockerfile': fc.option(oneOf('FROM golang:1.22-alpine AS dev\n')),
  'go.mod': fc.option(oneOf('module example.com/app\n\ngo 1.22\n')),
  '.air.toml': fc.option(oneOf('[build]\ncmd = "go build -o ./tmp/main ."\npoll = false\n', '[build]\npoll = true\n', 'not = [toml\n', 'poll = true\n')),
});

export const composeCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(oneOf('compose.yaml', 'docker-compose.yml', 'compose.dev.yaml', 'deploy/compose.yaml'), composeText, project)
  .map(([path, text, files]) => ({ path, text, files: definedFiles(files) }));
