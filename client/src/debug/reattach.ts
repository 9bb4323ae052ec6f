/**
 * Auto re-attach without VS Code: when Delve goes away (air kills it to rebuild), wait until it listens
 * again and start the same configuration once more. VS Code's glue (vscode.ts) and the end-to-end test drive
 * the same `Reattacher`; VS Code re-sends the user's breakpoints on the new session by itself.
 *
 * "Listening again" is Delve's own "API server listening at:" line from the container's log stream when there
 * is one, raced against probing the port with a DAP `initialize` and a short backoff. A bare TCP connect is not
 * enough: Docker's proxy on a published port accepts connections even while nothing listens in the container.
 */
import * as net from 'node:net';
import { frame, MessageReader } from './dap';
import type { ResolvedAttach, SessionEnd } from './core';

/** The line Delve prints once its server accepts clients. */
export const DELVE_LISTENING = /API server listening at:/;

/** With awayFirst, how long an answering Delve may still be the old one (air's kill_delay, 3 s, and a margin). */
const OLD_DELVE_GONE_MS = 3500;

/** How long to wait for `dlv --continue` to resume the program once Delve listens. */
const RESUME_TIMEOUT_MS = 5000;

/** How long to wait for Delve after a rebuild (a cold `go build` of a big service takes a while). */
export const REATTACH_TIMEOUT_MS = 120_000;

/**
 * How long to keep trying to attach once Delve listens: on a busy machine the new Delve can take seconds to
 * answer an attach (three quick tries were not enough while a test suite ran beside the dev loop).
 */
export const ATTACH_RETRY_MS = 15_000;

export type DelveProbe =
  | { ok: true; ms: number }
  | { ok: false; reason: 'refused' | 'closed' | 'timeout' | 'not-dap'; detail: string };

/**
 * Asks host:port for a DAP `initialize` and closes again. Delve answers within milliseconds; Docker's proxy
 * with no Delve behind it closes the connection; something else on the port does not speak DAP.
 */
export function probeDelve(host: string, port: number, timeoutMs = 1000): Promise<DelveProbe> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const reader = new MessageReader();
    let settled = false;
    const done = (result: DelveProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, reason: 'timeout', detail: `no DAP answer from ${host}:${port} within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => socket.write(frame({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'godock', clientID: 'godock-probe', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true } })));
    socket.on('data', (chunk) => {
      try {
        const answer = reader.push(chunk).find((m) => m.type === 'response' && m.request_seq === 1);
        if (answer) done(answer.success ? { ok: true, ms: Date.now() - started } : { ok: false, reason: 'not-dap', detail: answer.message ?? 'initialize failed' });
      } catch {
        done({ ok: false, reason: 'not-dap', detail: `${host}:${port} answered something that is not the Debug Adapter Protocol` });
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, reason: error.code === 'ECONNREFUSED' ? 'refused' : 'closed', detail: `${host}:${port}: ${error.code ?? error.message}` }),
    );
    socket.once('close', () => done({ ok: false, reason: 'closed', detail: `${host}:${port} closed the connection without a DAP answer` }));
  });
}

/**
 * Whether Delve's program runs, asked over Delve's JSON-RPC API (served on the same port as DAP) with a
 * non-blocking `State`, which halts nothing. undefined when Delve does not answer.
 */
export function delveRunning(host: string, port: number, timeoutMs = 1000): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let text = '';
    const done = (running: boolean | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(running);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('connect', () => socket.write(`${JSON.stringify({ id: 1, method: 'RPCServer.State', params: [{ NonBlocking: true }] })}\n`));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      try {
        const answer = JSON.parse(text) as { result?: { State?: { Running?: boolean } } };
        done(answer.result?.State?.Running === true);
      } catch {
        // Not the whole answer yet.
      }
    });
    socket.once('error', () => done(undefined));
    socket.once('close', () => done(undefined));
  });
}

/**
 * Waits until Delve's program runs. `dlv exec --headless --continue` starts listening, then resumes the
 * program through a client of its own: a session attached in between has its first breakpoint stop undone
 * by that resume (the next request says "debuggee is running"). Gives up quietly at the deadline.
 */
export async function untilDelveResumed(host: string, port: number, timeoutMs = RESUME_TIMEOUT_MS, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    if ((await delveRunning(host, port)) !== false) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The container's log lines; returns the unsubscribe. `onEnd` when the stream ends: the container stopped
 * (no error) or Docker itself went away (the Docker layer's actionable error).
 */
export type LogLines = (onLine: (line: string) => void, onEnd: (error?: Error) => void) => () => void;

export interface WaitOptions {
  host: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The container's log stream, when the Docker layer has one; port probing runs alongside it either way. */
  logLines?: LogLines;
  probe?: typeof probeDelve;
  /**
   * Count a DAP answer only after a probe found no Delve: right after a session ends, the old Delve may still
   * answer while it shuts down (air interrupts it, it stops the program, then exits). Delve's log line counts
   * at once: it is printed by the new one.
   */
  awayFirst?: boolean;
}

/**
 * Resolves with the time (Date.now()) Delve was seen listening: its log line, or the first DAP answer, with
 * probes backing off from 50 ms to 250 ms. Resolves undefined at the deadline or when aborted; rejects with
 * a message for the user when the log stream says the container or Docker went away (no use waiting).
 */
export function waitForDelve(options: WaitOptions): Promise<number | undefined> {
  const probe = options.probe ?? probeDelve;
  return new Promise((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    let pause: ReturnType<typeof setTimeout> | undefined;
    const finish = (at: number | undefined, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pause);
      unsubscribe?.();
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(at);
    };
    const onAbort = () => finish(undefined);
    const deadline = setTimeout(() => finish(undefined), options.timeoutMs);
    if (options.signal?.aborted) return finish(undefined);
    options.signal?.addEventListener('abort', onAbort);
    unsubscribe = options.logLines?.(
      (line) => {
        if (DELVE_LISTENING.test(line)) finish(Date.now());
      },
      (error) => finish(undefined, error ?? new Error('The dev container stopped while the debugger waited for Delve: start the dev loop, then start debugging again.')),
    );
    let away = !options.awayFirst;
    // The old Delve is gone within air's kill_delay; a gap too short for the probes to see must not hang the wait.
    const trustAfter = Date.now() + OLD_DELVE_GONE_MS;
    const poll = async (delay: number) => {
      if (settled) return;
      const answer = await probe(options.host, options.port, 1000);
      if (answer.ok && (away || Date.now() > trustAfter)) return finish(Date.now());
      if (!answer.ok) away = true;
      if (!settled) pause = setTimeout(() => void poll(Math.min(delay * 2, 250)), delay);
    };
    void poll(50);
  });
}

/**
 * Tells how a session ended from the DAP messages both ways. VS Code answers an adapter's `terminated` event
 * with a `disconnect` request, so a `disconnect` only means the user's Stop when Delve had not gone first.
 */
export class SessionEndTracker {
  private delveGone = false;
  private userStopped = false;

  /** A message from the adapter (the proxy) to the editor. */
  fromAdapter(message: { type?: string; event?: string }): void {
    if (message.type === 'event' && message.event === 'terminated') this.delveGone = true;
  }

  /** A message from the editor to the adapter. */
  fromEditor(message: { type?: string; command?: string }): void {
    if (message.type === 'request' && message.command === 'disconnect' && !this.delveGone) this.userStopped = true;
  }

  get end(): SessionEnd {
    return this.userStopped ? 'user-stopped' : 'debugger-lost';
  }
}

export type ReattachOutcome =
  | { kind: 'reattached'; attempt: number; delveListeningAt: number; attachedAt: number }
  | { kind: 'not-needed'; why: 'user-stopped' | 'auto-reattach-off' | 'stopped' | 'busy' }
  | { kind: 'gave-up'; message: string };

export interface ReattachDeps {
  /** Starts the same configuration again; resolves true once the new session is attached. */
  start(): Promise<boolean>;
  /** Resolves with when Delve listened again, undefined when it did not (deadline, or aborted). */
  waitForDelve(signal: AbortSignal): Promise<number | undefined>;
  log(message: string): void;
}

/**
 * The re-attach loop of one debug configuration: one session at a time, a new one after each time Delve goes
 * away by itself, none after the user's own Stop (or `stop()`, e.g. cancelling the wait).
 */
export class Reattacher {
  private attempts = 0;
  private waiting: AbortController | undefined;
  private stopped = false;

  constructor(
    private readonly config: ResolvedAttach,
    private readonly deps: ReattachDeps,
    private readonly maxAttempts = 20,
    private readonly attachRetryMs = ATTACH_RETRY_MS,
  ) {}

  get isWaiting(): boolean {
    return this.waiting !== undefined;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** A session of this configuration is attached (the first one, or one this loop started). */
  sessionStarted(): void {
    this.attempts = 0;
  }

  /** The session ended: attach again if Delve went away by itself. */
  async sessionEnded(end: SessionEnd): Promise<ReattachOutcome> {
    if (end === 'user-stopped') {
      this.stop();
      return { kind: 'not-needed', why: 'user-stopped' };
    }
    if (!this.config.autoReattach) return { kind: 'not-needed', why: 'auto-reattach-off' };
    if (this.stopped) return { kind: 'not-needed', why: 'stopped' };
    if (this.waiting) return { kind: 'not-needed', why: 'busy' };
    if (this.attempts >= this.maxAttempts) {
      return this.giveUp(`Delve went away ${this.attempts} times without a session staying attached; auto re-attach stopped. Start debugging again when the dev loop is healthy.`);
    }
    this.attempts++;
    const where = `${this.config.host}:${this.config.port}`;
    this.deps.log(`Delve went away (an air rebuild?); waiting for it on ${where} to attach again.`);
    const waiting = (this.waiting = new AbortController());
    try {
      let listeningAt: number | undefined;
      try {
        listeningAt = await this.deps.waitForDelve(waiting.signal);
      } catch (error) {
        return this.giveUp((error as Error).message);
      }
      if (this.stopped || waiting.signal.aborted) return { kind: 'not-needed', why: 'stopped' };
      if (listeningAt === undefined) return this.giveUp(`Delve did not listen again on ${where}; the debug session ended. Check the dev loop's logs (a failed build?) and start debugging again.`);
      await untilDelveResumed(this.config.host, this.config.port, RESUME_TIMEOUT_MS, waiting.signal);
      let attached = false;
      const giveUpAt = Date.now() + this.attachRetryMs;
      for (let pause = 250; !this.stopped; pause = Math.min(pause * 2, 2000)) {
        attached = await this.deps.start().catch(() => false);
        if (attached || Date.now() + pause > giveUpAt) break;
        await new Promise((r) => setTimeout(r, pause));
      }
      if (this.stopped) return { kind: 'not-needed', why: 'stopped' };
      const attachedAt = Date.now();
      if (!attached) return this.giveUp(`Delve listens on ${where} again, but attaching to it failed; start debugging again.`);
      this.deps.log(`Attached again ${attachedAt - listeningAt} ms after Delve listened.`);
      return { kind: 'reattached', attempt: this.attempts, delveListeningAt: listeningAt, attachedAt };
    } finally {
      this.waiting = undefined;
    }
  }

  /** The user's Stop: no more sessions, and any wait ends now. */
  stop(): void {
    this.stopped = true;
    this.waiting?.abort();
  }

  private giveUp(message: string): ReattachOutcome {
    this.deps.log(message);
    return { kind: 'gave-up', message };
  }
}
