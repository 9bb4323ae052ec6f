/**
 * What to do when the language server's connection fails, decided by the close alone. vscode-languageclient's
 * default handler stops the client after the fourth failed write, and messages the editor sends to a server
 * that was just killed are such writes: a crash could leave Godock without a server instead of restarting it.
 * Pure, so that tests need no editor; client/src/lsp.ts maps the decision onto vscode-languageclient's.
 */

/** As vscode-languageclient's default: a server that keeps crashing is restarted four times in three minutes, then left stopped. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export type RestartDecision = { restart: true } | { restart: false; message: string };

export class ServerRestarts {
  private readonly crashes: number[] = [];

  /** The server's connection closed without Godock asking for it. */
  closed(now: number): RestartDecision {
    this.crashes.push(now);
    while (now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length <= MAX_RESTARTS) return { restart: true };
    return {
      restart: false,
      message: `The Godock language server stopped ${this.crashes.length} times in the last 3 minutes and is not restarted: see the Godock output for why, then run "Godock: Restart Language Server".`,
    };
  }
}
