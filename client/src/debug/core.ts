/**
 * The Godock debug configuration without VS Code: filling its gaps from the compose file (the path mapping
 * is derived from the service's bind mount, the most common cause of "breakpoints not hit" when written by
 * hand), the DAP attach arguments Delve gets, and waiting for Delve to listen again after a rebuild.
 */
import * as net from 'node:net';
import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseCompose } from '../../../server/src/model/compose';

export interface AttachConfig {
  type: 'godock';
  request: 'attach';
  name: string;
  host?: string;
  port?: number;
  substitutePath?: { from: string; to: string }[];
  /** Attach again when Delve restarts (air rebuilds); a user's own Stop ends it. */
  autoReattach?: boolean;
}

export interface ResolvedAttach {
  host: string;
  port: number;
  substitutePath: { from: string; to: string }[];
  autoReattach: boolean;
}

export const DEFAULT_DELVE_PORT = 2345;

/** The bind mount that carries the workspace into the service that runs Delve: host folder → container path. */
export function composeMount(composeText: string, composePath: string, workspaceFolder: string): { from: string; to: string; service: string } | undefined {
  const compose = parseCompose(TextDocument.create('file:///compose.yaml', 'yaml', 0, composeText), composePath);
  const runsDelve = (s: (typeof compose.services)[number]) =>
    [...(s.command?.words ?? []), ...(s.entrypoint?.words ?? [])].some((w) => /^(dlv|air)$/.test(nodePath.basename(w))) || s.ports.some((p) => p.target === String(DEFAULT_DELVE_PORT));
  const candidates = [...compose.services.filter(runsDelve), ...compose.services];
  for (const service of candidates) {
    for (const volume of service.volumes) {
      if (volume.type !== 'bind' || !volume.source || !volume.target) continue;
      const host = nodePath.resolve(nodePath.dirname(composePath), volume.source.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
      // The mount must hold the workspace (or be inside it): map the workspace folder onto the container path.
      if (workspaceFolder === host || workspaceFolder.startsWith(host + nodePath.sep)) {
        const to = nodePath.posix.join(volume.target, nodePath.relative(host, workspaceFolder).split(nodePath.sep).join('/'));
        return { from: workspaceFolder, to, service: service.name };
      }
      if (host.startsWith(workspaceFolder + nodePath.sep)) return { from: host, to: volume.target, service: service.name };
    }
  }
  return undefined;
}

/** Fills the gaps of a configuration: loopback host, Delve's port, the mapping of the compose mount. */
export function resolveAttach(config: Partial<AttachConfig>, mount?: { from: string; to: string }): ResolvedAttach {
  return {
    host: config.host ?? '127.0.0.1',
    port: config.port ?? DEFAULT_DELVE_PORT,
    substitutePath: config.substitutePath ?? (mount ? [{ from: mount.from, to: mount.to }] : []),
    autoReattach: config.autoReattach ?? true,
  };
}

/** The arguments of DAP `attach` for a headless Delve: remote mode (the program is already running under it). */
export function attachArguments(resolved: ResolvedAttach): Record<string, unknown> {
  return { mode: 'remote', substitutePath: resolved.substitutePath };
}

/** True once something accepts TCP connections on host:port. */
export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Waits for Delve to listen again, polling with a short backoff (50 ms doubling to 250 ms, so a re-attach
 * follows within a fraction of a second), until a deadline. Resolves false at the deadline or when cancelled.
 */
export async function waitForPort(host: string, port: number, options: { timeoutMs: number; cancelled?: () => boolean }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 50;
  while (Date.now() < deadline && !options.cancelled?.()) {
    if (await portOpen(host, port)) return true;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
  return false;
}

/** Why a debug session ended: the user's Stop, or Delve going away by itself (an air rebuild). */
export type SessionEnd = 'user-stopped' | 'debugger-lost';
