/**
 * Plays VS Code's part of a `godock` debug session, for tests that run outside VS Code: DAP messages go through
 * the extension's own DelveProxy (as the DebugAdapterInlineImplementation does), the user's breakpoints are sent
 * on every new session, and the end of a session is told to the Reattacher as VS Code's glue tells it.
 */
import { attachArguments, type ResolvedAttach, type SessionEnd } from '../../client/src/debug/core';
import type { DapMessage } from '../../client/src/debug/dap';
import { DelveProxy } from '../../client/src/debug/proxy';
import { SessionEndTracker } from '../../client/src/debug/reattach';

/** The breakpoints the user set: host file → lines. VS Code keeps them across sessions. */
export type Breakpoints = Map<string, number[]>;

export class EditorSession {
  private seq = 1;
  private readonly pending = new Map<number, (m: DapMessage) => void>();
  private readonly listeners = new Set<(m: DapMessage) => void>();
  private readonly proxy: DelveProxy;
  /** How the session ended, once it has. */
  ended: Promise<SessionEnd>;
  private readonly tracker = new SessionEndTracker();

  private constructor(readonly config: ResolvedAttach) {
    this.proxy = new DelveProxy(config.host, config.port);
    let end!: (e: SessionEnd) => void;
    this.ended = new Promise((r) => (end = r));
    this.proxy.onDidSendMessage((m) => {
      this.tracker.fromAdapter(m);
      if (m.type === 'response') {
        this.pending.get(m.request_seq!)?.(m);
        this.pending.delete(m.request_seq!);
      }
      for (const listener of this.listeners) listener(m);
      // On `terminated` VS Code disconnects and ends the session; the glue's tracker then says how it ended.
      if (m.type === 'event' && m.event === 'terminated') {
        void this.request('disconnect', { restart: false }, 5000)
          .catch(() => undefined)
          .then(() => end(this.tracker.end));
      }
    });
  }

  /** initialize → attach → the user's breakpoints → configurationDone, as VS Code starts a session. */
  static async start(config: ResolvedAttach, breakpoints: Breakpoints): Promise<{ session: EditorSession; verified: boolean[] }> {
    const session = new EditorSession(config);
    try {
      await session.request('initialize', { adapterID: 'godock', clientID: 'vscode', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
      await session.request('attach', attachArguments(config));
      const verified: boolean[] = [];
      for (const [path, lines] of breakpoints) {
        const body = await session.request('setBreakpoints', { source: { path }, breakpoints: lines.map((line) => ({ line })) });
        verified.push(...body.breakpoints.map((b: { verified: boolean }) => b.verified));
      }
      await session.request('configurationDone');
      return { session, verified };
    } catch (error) {
      session.dispose();
      throw error;
    }
  }

  async request(command: string, args?: unknown, timeoutMs = 15000): Promise<any> {
    const seq = this.seq++;
    this.tracker.fromEditor({ type: 'request', command });
    const answer = new Promise<DapMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command}: no response within ${timeoutMs} ms`)), timeoutMs);
      this.pending.set(seq, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    this.proxy.handleMessage({ seq, type: 'request', command, arguments: args });
    const m = await answer;
    if (!m.success) throw new Error(`${command}: ${m.body?.error?.format ?? m.message}`);
    return m.body;
  }

  waitForEvent(event: string, timeoutMs: number, until: (body: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (m: DapMessage) => {
        if (m.type !== 'event' || m.event !== event || !until(m.body)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m.body);
      };
      this.listeners.add(listener);
    });
  }

  /** The user's Stop: `disconnect` (the proxy clears the breakpoints first and leaves the program running). */
  async stop(): Promise<void> {
    await this.request('disconnect', { terminateDebuggee: false }).catch(() => undefined);
    this.proxy.dispose();
  }

  dispose(): void {
    this.proxy.dispose();
  }
}
