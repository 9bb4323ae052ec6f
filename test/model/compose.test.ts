import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseCompose } from '../../server/src/model/compose';

const parse = (text: string) => parseCompose(TextDocument.create('file:///p/compose.yaml', 'yaml', 1, text), '/p/compose.yaml');

describe('compose model', () => {
  const model = parse(`services:
  api:
    build: { context: ./api, dockerfile: Dockerfile.dev, target: dev }
    ports: ["127.0.0.1:2345:2345", "8080", { target: 9000, published: "9000", host_ip: 0.0.0.0 }]
    volumes:
      - .:/src
      - gomod:/go/pkg/mod
      - type: bind
        source: ~/go
        target: /go
    environment:
      GOMEMLIMIT: 450MiB
    command: dlv exec --headless --listen=:2345 /app
    cap_add: [SYS_PTRACE]
    mem_limit: 512m
  db:
    image: postgres:16
    environment: [POSTGRES_PASSWORD=secret]
`);

  it.each([
    ['8080:80', [undefined, '8080', '80']],
    ['127.0.0.1:${DLV_PORT:-2345}:2345/tcp', ['127.0.0.1', '${DLV_PORT:-2345}', '2345']],
    ['${HOST_IP:-127.0.0.1}:8080:8080', ['${HOST_IP:-127.0.0.1}', '8080', '8080']],
    ['[::1]:2345:2345', ['[::1]', '2345', '2345']],
  ])('splits the short port syntax %s', (spec, expected) => {
    const [port] = parse(`services:\n  api:\n    ports: ["${spec}"]\n`).services[0].ports;
    expect([port.hostIp, port.published, port.target]).toEqual(expected);
  });

  it('reads keys a service merges in with <<: *anchor, its own keys winning', () => {
    const [api, worker, copy] = parse(`x-debug: &debug
  cap_add: [SYS_PTRACE]
  environment: { GOFLAGS: -mod=mod }
x-ports: &ports
  ports: ["127.0.0.1:2345:2345"]
services:
  api:
    <<: [*debug, *ports]
    environment: { GOFLAGS: -mod=vendor }
  worker:
    <<: *debug
    build: { <<: { context: ./w }, target: dev }
  copy: *debug
`).services;
    expect(api.capAdd.map((c) => c.value)).toEqual(['SYS_PTRACE']);
    expect(api.ports.map((p) => p.target)).toEqual(['2345']);
    expect(api.environment.get('GOFLAGS')?.value).toBe('-mod=vendor');
    expect(worker.build).toMatchObject({ context: './w', target: { value: 'dev' } });
    expect(copy.capAdd.map((c) => c.value)).toEqual(['SYS_PTRACE']);
  });

  it('stops at merge chains that loop back on themselves', () => {
    const [api] = parse(`services:\n  api: &a\n    <<: *a\n    image: x\n`).services;
    expect(api.image?.value).toBe('x');
    expect(api.capAdd).toEqual([]);
  });

  it('reads services and their keys with ranges', () => {
    const [api, db] = model.services;
    expect(api.name).toBe('api');
    expect(api.build).toMatchObject({ context: './api', dockerfile: 'Dockerfile.dev', target: { value: 'dev' } });
    expect(api.ports.map((p) => [p.hostIp, p.published, p.target])).toEqual([['127.0.0.1', '2345', '2345'], [undefined, undefined, '8080'], ['0.0.0.0', '9000', '9000']]);
    expect(api.volumes.map((v) => [v.type, v.source, v.target, v.long])).toEqual([['bind', '.', '/src', false], ['volume', 'gomod', '/go/pkg/mod', false], ['bind', '~/go', '/go', true]]);
    expect(api.environment.get('GOMEMLIMIT')?.value).toBe('450MiB');
    expect(api.command?.words[0]).toBe('dlv');
    expect(api.capAdd.map((c) => c.value)).toEqual(['SYS_PTRACE']);
    expect(api.memLimit?.value).toBe('512m');
    expect(db.environment.get('POSTGRES_PASSWORD')?.value).toBe('secret');
    expect(model.rangeOf(api.memLimit!.node)).toEqual({ start: { line: 14, character: 15 }, end: { line: 14, character: 19 } });
  });

  it('reports YAML syntax errors with positions and tells a non-compose file apart', () => {
    const broken = parse('services:\n  api:\n    image: [unclosed\n');
    expect(broken.syntaxErrors.length).toBeGreaterThan(0);
    expect(broken.syntaxErrors[0].range.start.line).toBeGreaterThanOrEqual(2);
    expect(parse('name: x\nitems: [1, 2]\n').isCompose).toBe(false);
  });
});
