import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachArguments, composeMount, resolveAttach, waitForPort } from '../../client/src/debug/core';
import { Reattacher, SessionEndTracker, waitForDelve, type ReattachDeps } from '../../client/src/debug/reattach';

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

/** A Reattacher whose Delve comes back when the test says so (the real loop runs in test/debug/reattach.test.ts). */
function loop(config = resolveAttach({})) {
  const started: number[] = [];
  let delveBack: (at: number | undefined) => void = () => undefined;
  const deps: ReattachDeps = {
    start: async () => {
      started.push(started.length + 1);
      return true;
    },
    waitForDelve: (signal) =>
      new Promise((resolve) => {
        delveBack = resolve;
        signal.addEventListener('abort', () => resolve(undefined));
      }),
    log: () => undefined,
  };
  return { reattacher: new Reattacher(config, deps, 3), started, delveBack: (at: number | undefined) => delveBack(at) };
}

describe('the re-attach loop', () => {
  it('starts the configuration again once Delve listens after going away by itself', async () => {
    const { reattacher, started, delveBack } = loop();
    const outcome = reattacher.sessionEnded('debugger-lost');
    expect(reattacher.isWaiting).toBe(true);
    delveBack(1000);
    expect(await outcome).toMatchObject({ kind: 'reattached', attempt: 1, delveListeningAt: 1000 });
    expect(started).toEqual([1]);
  });

  it('runs one wait at a time: a second end while waiting starts nothing more', async () => {
    const { reattacher, started, delveBack } = loop();
    const first = reattacher.sessionEnded('debugger-lost');
    expect(await reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'busy' });
    delveBack(1);
    await first;
    expect(started).toEqual([1]);
  });

  it("ends for good on the user's Stop, also when it comes during the wait", async () => {
    const { reattacher, started } = loop();
    const waiting = reattacher.sessionEnded('debugger-lost');
    reattacher.stop();
    expect(await waiting).toEqual({ kind: 'not-needed', why: 'stopped' });
    expect(await reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'stopped' });
    const other = loop();
    expect(await other.reattacher.sessionEnded('user-stopped')).toEqual({ kind: 'not-needed', why: 'user-stopped' });
    expect(await other.reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'stopped' });
    expect([...started, ...other.started]).toEqual([]);
  });

  it('does nothing with autoReattach off, and gives up with a message when Delve does not come back', async () => {
    expect(await loop(resolveAttach({ autoReattach: false })).reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'auto-reattach-off' });
    const { reattacher, delveBack } = loop();
    const outcome = reattacher.sessionEnded('debugger-lost');
    delveBack(undefined);
    expect(await outcome).toMatchObject({ kind: 'gave-up', message: expect.stringContaining('Delve did not listen again on 127.0.0.1:2345') });
  });

  it('keeps trying to attach while a busy Delve refuses, and gives up with a message after the retry window', async () => {
    let refusals = 4;
    const tries: number[] = [];
    const deps = (attachRetryMs: number) =>
      new Reattacher(
        resolveAttach({}),
        {
          start: async () => {
            tries.push(Date.now());
            return refusals-- <= 0;
          },
          waitForDelve: async () => Date.now(),
          log: () => undefined,
        },
        3,
        attachRetryMs,
      );
    expect(await deps(10_000).sessionEnded('debugger-lost')).toMatchObject({ kind: 'reattached' });
    expect(tries).toHaveLength(5);
    tries.length = 0;
    refusals = Infinity;
    expect(await deps(1_000).sessionEnded('debugger-lost')).toMatchObject({ kind: 'gave-up', message: expect.stringContaining('attaching to it failed') });
    // Tries at 0, 250 and 750 ms; the next pause (1 s) would pass the window.
    expect(tries).toHaveLength(3);
  }, 10_000);

  it("ends the attach retries on the user's Stop", async () => {
    const reattacher: Reattacher = new Reattacher(resolveAttach({}), {
      start: async () => {
        reattacher.stop();
        return false;
      },
      waitForDelve: async () => Date.now(),
      log: () => undefined,
    });
    expect(await reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'stopped' });
  });

  it('stops after too many losses in a row without a session staying up', async () => {
    const { reattacher, delveBack } = loop();
    for (let i = 0; i < 3; i++) {
      const outcome = reattacher.sessionEnded('debugger-lost');
      delveBack(i);
      expect((await outcome).kind).toBe('reattached');
    }
    expect((await reattacher.sessionEnded('debugger-lost')).kind).toBe('gave-up');
    reattacher.sessionStarted();
    const again = reattacher.sessionEnded('debugger-lost');
    delveBack(9);
    expect((await again).kind).toBe('reattached');
  });
});

describe('waiting for Delve: its log line or a DAP answer', () => {
  it("takes Delve's \"API server listening at:\" line from the log stream without waiting for a probe", async () => {
    let emit: (line: string) => void = () => undefined;
    let unsubscribed = false;
    const at = waitForDelve({
      host: '127.0.0.1',
      port: 1,
      timeoutMs: 5000,
      logLines: (onLine) => {
        emit = onLine;
        return () => (unsubscribed = true);
      },
      probe: async () => ({ ok: false, reason: 'refused', detail: '' }),
    });
    emit('running...');
    emit('API server listening at: [::]:2345');
    expect(await at).toBeTypeOf('number');
    expect(unsubscribed).toBe(true);
  });

  it('does not count a port that accepts connections but gives no DAP answer (Docker\'s proxy with nothing behind it)', async () => {
    const proxyLike = net.createServer((s) => s.end());
    await new Promise<void>((r) => proxyLike.listen(0, '127.0.0.1', r));
    const port = (proxyLike.address() as net.AddressInfo).port;
    try {
      expect(await waitForDelve({ host: '127.0.0.1', port, timeoutMs: 600 })).toBeUndefined();
    } finally {
      proxyLike.close();
    }
  });
});

describe('Docker or the container going away during the wait', () => {
  it("ends the wait with the log stream's error, which the loop shows instead of waiting out its deadline", async () => {
    const reattacher = new Reattacher(resolveAttach({}), {
      start: async () => true,
      waitForDelve: (signal) =>
        waitForDelve({ host: '127.0.0.1', port: 1, timeoutMs: 60_000, signal, logLines: (_onLine, onEnd) => (setTimeout(() => onEnd(new Error('Docker is not running at unix:///var/run/docker.sock: start Docker.')), 10), () => undefined) }),
      log: () => undefined,
    });
    expect(await reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'gave-up', message: 'Docker is not running at unix:///var/run/docker.sock: start Docker.' });
    const stopped = waitForDelve({ host: '127.0.0.1', port: 1, timeoutMs: 60_000, logLines: (_onLine, onEnd) => (setTimeout(() => onEnd(), 10), () => undefined) });
    await expect(stopped).rejects.toThrow(/The dev container stopped while the debugger waited for Delve/);
  });
});

describe('how a session ended', () => {
  it("VS Code's disconnect after Delve's terminated is not the user's Stop; a disconnect first is", () => {
    const lost = new SessionEndTracker();
    lost.fromAdapter({ type: 'event', event: 'terminated' });
    lost.fromEditor({ type: 'request', command: 'disconnect' });
    expect(lost.end).toBe('debugger-lost');
    const stopped = new SessionEndTracker();
    stopped.fromEditor({ type: 'request', command: 'disconnect' });
    stopped.fromAdapter({ type: 'event', event: 'terminated' });
    expect(stopped.end).toBe('user-stopped');
  });

  it('with awayFirst, an answer from the old Delve still shutting down does not count', async () => {
    const answers = [true, true, false, true];
    const probe = async () => (answers.shift() ? { ok: true as const, ms: 1 } : { ok: false as const, reason: 'closed' as const, detail: '' });
    expect(await waitForDelve({ host: '127.0.0.1', port: 1, timeoutMs: 5000, probe, awayFirst: true })).toBeTypeOf('number');
    expect(answers).toEqual([]);
  });
});
