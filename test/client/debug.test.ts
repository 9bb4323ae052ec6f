import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachArguments, composeMount, resolveAttach, shouldReattach, waitForPort } from '../../client/src/debug/core';

const COMPOSE = `services:
  db:
    image: postgres:16
    volumes:
      - ./data:/var/lib/postgresql/data
  dev:
    build: { context: .., dockerfile: .devcontainer/Dockerfile }
    command: air -c .air.toml
    volumes:
      - ..:/workspaces/shop:cached
      - gomod:/go/pkg/mod
    ports: ["127.0.0.1:2345:2345"]
`;

describe('debug configuration', () => {
  it('derives the path mapping from the bind mount of the service that runs Delve', () => {
    expect(composeMount(COMPOSE, '/home/me/shop/.devcontainer/compose.yaml', '/home/me/shop')).toEqual({ from: '/home/me/shop', to: '/workspaces/shop', service: 'dev' });
  });

  it('maps a workspace folder below the mounted folder to the matching container path', () => {
    expect(composeMount(COMPOSE, '/home/me/shop/.devcontainer/compose.yaml', '/home/me/shop/services/orders')?.to).toBe('/workspaces/shop/services/orders');
  });

  it('fills the gaps of a configuration and keeps what the user wrote', () => {
    const mount = { from: '/w', to: '/workspaces/w' };
    expect(resolveAttach({}, mount)).toEqual({ host: '127.0.0.1', port: 2345, substitutePath: [{ from: '/w', to: '/workspaces/w' }], autoReattach: true });
    expect(resolveAttach({ port: 40000, substitutePath: [], autoReattach: false }, mount)).toMatchObject({ port: 40000, substitutePath: [], autoReattach: false });
    expect(attachArguments(resolveAttach({}, mount))).toEqual({ mode: 'remote', substitutePath: [{ from: '/w', to: '/workspaces/w' }] });
  });

  it('attaches again only when Delve went away by itself', () => {
    const config = resolveAttach({});
    expect(shouldReattach(config, 'debugger-lost', 0)).toBe(true);
    expect(shouldReattach(config, 'user-stopped', 0)).toBe(false);
    expect(shouldReattach({ ...config, autoReattach: false }, 'debugger-lost', 0)).toBe(false);
    expect(shouldReattach(config, 'debugger-lost', 20)).toBe(false);
  });
});

describe('waiting for Delve to listen again', () => {
  let server: net.Server | undefined;
  afterEach(() => server?.close());

  it('sees a port that starts listening while it waits', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    probe.close();
    setTimeout(() => {
      server = net.createServer((s) => s.end());
      server.listen(port, '127.0.0.1');
    }, 300);
    expect(await waitForPort('127.0.0.1', port, { timeoutMs: 5000 })).toBe(true);
  });

  it('gives up at the deadline or when cancelled', async () => {
    expect(await waitForPort('127.0.0.1', 1, { timeoutMs: 300 })).toBe(false);
    expect(await waitForPort('127.0.0.1', 1, { timeoutMs: 5000, cancelled: () => true })).toBe(false);
  });
});
