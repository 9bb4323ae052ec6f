/**
 * What the debugger needs from the dev container, through the Docker layer (server/src/docker): Delve's log
 * lines for the re-attach wait, and the facts the setup checks judge (exec of `dlv version` / `go version`,
 * the ptrace settings). No `vscode` import: the end-to-end test drives it as the extension does.
 */
import type { DockerConnection } from '../../../server/src/docker/connection';
import { execIn, followLogs } from '../../../server/src/docker/containers';
import type { LogLines } from './reattach';
import type { ContainerFacts } from './checks';

/**
 * The container's log lines from `sinceMs` (when the session ended: Delve may print its line before the stream
 * is open), for one wait. When the stream ends, a ping tells the two ends apart:
 * the container stopped (no error), or Docker went away (the Docker layer's message: "Docker is not running at …").
 */
export function containerLogLines(conn: DockerConnection, containerId: string, sinceMs = Date.now()): LogLines {
  return (onLine, onEnd) => {
    const stop = new AbortController();
    const ended = (error?: Error) => {
      if (!stop.signal.aborted) onEnd(error);
    };
    followLogs(conn, containerId, (line) => onLine(line), { since: Math.floor(sinceMs / 1000), signal: stop.signal })
      .then(() => (stop.signal.aborted ? undefined : conn.use((docker) => docker.ping()).then(() => ended(), ended)))
      .catch(ended);
    return () => stop.abort();
  };
}

/** Runs the commands the version and ptrace checks read; a command that cannot run gives its error text. */
export async function containerFacts(conn: DockerConnection, containerId: string): Promise<ContainerFacts> {
  const run = async (cmd: string[]) => {
    try {
      const r = await execIn(conn, containerId, cmd);
      return { exitCode: r.exitCode, output: (r.stdout + r.stderr).trim() };
    } catch (error) {
      return { exitCode: -1, output: (error as Error).message };
    }
  };
  const [dlv, go, yama, info] = await Promise.all([
    run(['dlv', 'version']),
    run(['go', 'version']),
    run(['cat', '/proc/sys/kernel/yama/ptrace_scope']),
    conn.use((docker) => docker.getContainer(containerId).inspect()),
  ]);
  return {
    dlvVersion: dlv,
    goVersion: go,
    ptraceScope: yama.exitCode === 0 ? Number(yama.output) : undefined,
    capAdd: info.HostConfig?.CapAdd ?? [],
    securityOpt: info.HostConfig?.SecurityOpt ?? [],
    privileged: info.HostConfig?.Privileged ?? false,
  };
}
