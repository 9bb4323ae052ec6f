/**
 * The debug setup checks as pure judgements: facts in (a probe's answer, what `dlv version` and `go version`
 * print in the container, its ptrace settings, lint findings, launch.json), one result out, each failure with
 * a message that names the problem and a fix. resolveDebugConfiguration runs the container checks before
 * attaching; "Godock: Check Debug Setup" runs the whole chain and shows the report (report.ts).
 */
import { delveSupports, toolVersions } from '../../../server/src/scaffold/versions';
import type { LintFinding } from '../../../server/src/protocol';
import type { DelveProbe } from './reattach';

export type Status = 'pass' | 'warn' | 'fail' | 'skip';

export type FixAction =
  /** Open a file, at a position when known (0-based). */
  | { kind: 'open'; path: string; line?: number; character?: number }
  /** Apply the quick fix of a rule's finding (the same edit the light bulb offers). */
  | { kind: 'quick-fix'; path: string; ruleId: string; line: number; character: number }
  | { kind: 'command'; command: string };

export interface Fix {
  title: string;
  action: FixAction;
}

export type Area = 'compose' | 'dockerfile' | 'air' | 'launch' | 'container';

export interface Check {
  id: string;
  area: Area;
  title: string;
  status: Status;
  detail: string;
  fixes: Fix[];
}

/** The output and exit code of a command run in the container. */
export interface CommandOutput {
  exitCode: number;
  output: string;
}

export interface ContainerFacts {
  dlvVersion: CommandOutput;
  goVersion: CommandOutput;
  /** kernel.yama.ptrace_scope as the container sees it, when readable. */
  ptraceScope?: number;
  capAdd: string[];
  securityOpt: string[];
  privileged: boolean;
}

/** Where the fixes point: the compose file that defines the dev service, and its Dockerfile. */
export interface Files {
  compose?: string;
  dockerfile?: string;
}

const START_LOOP: Fix = { title: 'Start Dev Loop', action: { kind: 'command', command: 'godock.startDevLoop' } };
const SHOW_LOGS: Fix = { title: 'Show Logs', action: { kind: 'command', command: 'godock.showDevLogs' } };
const REBUILD: Fix = { title: 'Rebuild Dev Image', action: { kind: 'command', command: 'godock.rebuildDevImage' } };
const openFile = (title: string, path: string | undefined): Fix[] => (path ? [{ title, action: { kind: 'open', path } }] : []);

const check = (id: string, area: Area, title: string, status: Status, detail: string, fixes: Fix[] = []): Check => ({ id, area, title, status, detail, fixes });

/** Port reachable: something accepts TCP connections on host:port. */
export function checkPort(reachable: boolean, target: { host: string; port: number }, files: Files = {}): Check {
  const where = `${target.host}:${target.port}`;
  if (reachable) return check('port', 'container', `Port ${where} reachable`, 'pass', `Something accepts connections on ${where}.`);
  return check(
    'port',
    'container',
    `Port ${where} reachable`,
    'fail',
    `Nothing listens on ${where}: start the dev loop (air runs the program under Delve in the container), and check that the compose file publishes the Delve port as "127.0.0.1:${target.port}:2345".`,
    [START_LOOP, ...openFile('Open the compose file', files.compose)],
  );
}

/** Delve answers: a DAP `initialize` on the port gets a response. */
export function checkDelveAnswers(probe: DelveProbe, target: { host: string; port: number }, files: Files = {}): Check {
  const where = `${target.host}:${target.port}`;
  const title = `Delve answers on ${where}`;
  if (probe.ok) return check('delve', 'container', title, 'pass', `Delve answered a DAP initialize in ${probe.ms} ms.`);
  if (probe.reason === 'refused') return check('delve', 'container', title, 'fail', `Nothing listens on ${where} (connection refused).`, [START_LOOP]);
  if (probe.reason === 'closed') {
    return check(
      'delve',
      'container',
      title,
      'fail',
      `${where} accepts connections but closes them without an answer: Docker publishes the port, but Delve does not listen in the container. The build failed or Delve exited: the dev loop's logs say why.`,
      [SHOW_LOGS, ...openFile('Open the compose file', files.compose)],
    );
  }
  return check(
    'delve',
    'container',
    title,
    'fail',
    `Something answers on ${where}, but not Delve's debug adapter (${probe.detail}): is another program using the port, or Delve started without --headless? Publish Delve on a free port and set "port" in launch.json to it.`,
    openFile('Open the compose file', files.compose),
  );
}

const semver = (text: string, pattern: RegExp) => pattern.exec(text)?.[1];

/** Delve and Go in the container: both present, and this Delve debugs what this Go builds. */
export function checkVersions(facts: Pick<ContainerFacts, 'dlvVersion' | 'goVersion'>, files: Files = {}): Check {
  const title = 'Delve and Go versions compatible';
  const dlv = semver(facts.dlvVersion.output, /Version:\s*v?(\d+\.\d+\.\d+)/);
  const go = semver(facts.goVersion.output, /go version go(\d+\.\d+(?:\.\d+)?)/);
  const dockerfile = openFile('Open the dev Dockerfile', files.dockerfile);
  if (facts.dlvVersion.exitCode !== 0 || !dlv) {
    return check('versions', 'container', title, 'fail', `\`dlv version\` failed in the container (${firstLine(facts.dlvVersion.output)}): install Delve in the dev image (\`go install github.com/go-delve/delve/cmd/dlv@<version>\`), then rebuild it.`, [...dockerfile, REBUILD]);
  }
  if (facts.goVersion.exitCode !== 0 || !go) {
    return check('versions', 'container', title, 'fail', `\`go version\` failed in the container (${firstLine(facts.goVersion.output)}): the dev image needs the Go toolchain to build under air (a golang:<version> base image).`, [...dockerfile, REBUILD]);
  }
  const support = delveSupports(dlv, go);
  if (support.ok) return check('versions', 'container', title, 'pass', `Delve ${dlv} debugs Go ${go}.`);
  const wanted = toolVersions(go).delve;
  if (support.why === 'unknown') {
    return check('versions', 'container', title, 'warn', `Godock does not know which Go versions Delve ${dlv} debugs; Go is ${go}. Delve ${wanted} is the one Godock pins for Go ${go}.`, dockerfile);
  }
  const [min, max] = support.range!;
  const why = support.why === 'go-too-old' ? `Go ${go} is older than Delve ${dlv} supports (${min}–${max})` : `Delve ${dlv} is too old for Go ${go} (it debugs ${min}–${max})`;
  return check('versions', 'container', title, 'fail', `${why}: \`dlv exec\` refuses to start. Install Delve ${wanted} in the dev image (DLV_VERSION in the Dockerfile Godock writes), then rebuild it.`, [...dockerfile, REBUILD]);
}

const hasPtrace = (caps: string[]) => caps.some((c) => /^(CAP_)?(SYS_PTRACE|ALL)$/i.test(c));
const unconfined = (opts: string[]) => opts.some((o) => /^seccomp[=:]unconfined$/i.test(o));

/** ptrace allowed: the kernel's Yama setting, then the container's capability and seccomp profile. */
export function checkPtrace(facts: Pick<ContainerFacts, 'ptraceScope' | 'capAdd' | 'securityOpt' | 'privileged'>, files: Files = {}): Check {
  const title = 'ptrace allowed in the container';
  if (facts.ptraceScope === 3) {
    return check('ptrace', 'container', title, 'fail', 'kernel.yama.ptrace_scope is 3 on the Docker host: no process may trace another, so Delve cannot run the program. Set it to 1 or lower on the host (`sysctl kernel.yama.ptrace_scope=1`).');
  }
  const compose = files.compose;
  const dc002: Fix[] = compose ? [{ title: 'Open the compose file (DC002 adds cap_add SYS_PTRACE and security_opt seccomp:unconfined)', action: { kind: 'open', path: compose } }] : [];
  if (facts.privileged) return check('ptrace', 'container', title, 'pass', 'The container is privileged (more than Delve needs: cap_add SYS_PTRACE is enough).');
  if (hasPtrace(facts.capAdd)) return check('ptrace', 'container', title, 'pass', `cap_add ${facts.capAdd.join(', ')}${unconfined(facts.securityOpt) ? ', seccomp unconfined' : ''}.`);
  if (unconfined(facts.securityOpt)) {
    return check('ptrace', 'container', title, 'warn', 'seccomp is unconfined but SYS_PTRACE is not added: `dlv exec` (what air runs) works, `dlv attach <pid>` fails with "operation not permitted".', dc002);
  }
  return check(
    'ptrace',
    'container',
    title,
    'warn',
    "Neither cap_add SYS_PTRACE nor security_opt seccomp:unconfined: Docker 19.03+ lets `dlv exec` trace its own child, but `dlv attach`, older engines and stricter seccomp profiles refuse ptrace (\"operation not permitted\").",
    dc002,
  );
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim())?.trim() || 'no output';
}

/**
 * The check to show before attaching: a root cause first (versions, ptrace explain why Delve is not there),
 * then the port and Delve's answer. Undefined when nothing fails.
 */
export function blockingProblem(checks: Check[]): Check | undefined {
  const order = ['versions', 'ptrace', 'port', 'delve'];
  return checks.filter((c) => c.status === 'fail').sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))[0];
}

/** A lint finding as the chain checks see it (0-based position). */
/** A finding of the language server on a file of the chain. */
export type Finding = LintFinding;

const SET_UP: Fix = { title: 'Set Up Go Dev Container', action: { kind: 'command', command: 'godock.setUpDevContainer' } };

/** The compose rules whose findings break or weaken debugging in the container. */
export const DEBUG_RULES = ['DC002', 'DC003', 'DC004', 'DC005', 'DC006', 'DC008', 'DC013'];

function findingCheck(area: Area, path: string, f: Finding): Check {
  const at = { path, line: f.line, character: f.character };
  const fixes: Fix[] = f.fixTitle ? [{ title: `${f.fixTitle} (${f.id} quick fix)`, action: { kind: 'quick-fix', ruleId: f.id, ...at } }] : [];
  fixes.push({ title: `Open ${f.id} in the file`, action: { kind: 'open', ...at } });
  const status: Status = f.severity === 'error' || f.severity === 'warning' ? 'fail' : 'warn';
  return check(`${area}:${f.id}:${f.line}`, area, `${f.id} at line ${f.line + 1}`, status, f.message, fixes);
}

/** The compose file of the dev service: present, and no finding of the rules that matter for debugging. */
export function checkCompose(path: string | undefined, findings: Finding[]): Check[] {
  if (!path) return [check('compose', 'compose', 'Compose file with a dev service', 'fail', 'No compose file with a service that mounts the workspace (.devcontainer/compose.yaml, compose.yaml, docker-compose.yml): the dev loop has nothing to run.', [SET_UP])];
  // Hints are choices written out (poll = false on a Linux host): not problems of this setup.
  const relevant = findings.filter((f) => (DEBUG_RULES.includes(f.id) || f.id === 'yaml-syntax') && f.severity !== 'hint');
  if (relevant.length === 0) return [check('compose', 'compose', 'Compose file ready for debugging', 'pass', `No finding of ${DEBUG_RULES.join(', ')} in ${path}.`)];
  return relevant.map((f) => findingCheck('compose', path, f));
}

/** The Dockerfile the dev service builds: no error-level finding (a broken image never starts Delve). */
export function checkDockerfile(path: string | undefined, findings: Finding[]): Check[] {
  if (!path) return [check('dockerfile', 'dockerfile', 'Dev Dockerfile', 'skip', 'The dev service uses an image, not a Dockerfile of this workspace.')];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return [check('dockerfile', 'dockerfile', 'Dev Dockerfile builds', 'pass', `No error-level finding in ${path}.`)];
  return errors.map((f) => findingCheck('dockerfile', path, f));
}

export interface AirFacts {
  path: string;
  /** Undefined when the file does not exist. */
  text?: string;
  syntaxError?: { message: string; line: number };
  build?: Record<string, unknown>;
  /** Line (0-based) of a `[build]` key, for the fixes. */
  lineOf(key: string): number | undefined;
}

/** .air.toml runs the program under a headless, multi-client Delve and stops it so the rebuilt one can listen. */
export function checkAir(air: AirFacts | undefined): Check[] {
  if (!air) return [check('air', 'air', 'air config', 'skip', 'The dev service does not run air.')];
  const open = (line?: number): Fix[] => [{ title: `Open ${air.path}`, action: { kind: 'open', path: air.path, line } }];
  if (air.text === undefined) return [check('air', 'air', 'air config', 'fail', `${air.path} does not exist: air runs the program with its defaults, without Delve.`, [SET_UP])];
  if (air.syntaxError) return [check('air', 'air', 'air config', 'fail', `${air.path} is not valid TOML (line ${air.syntaxError.line + 1}: ${air.syntaxError.message}); air stops at it.`, open(air.syntaxError.line))];
  const build = air.build ?? {};
  const run = [build.full_bin, ...(Array.isArray(build.entrypoint) ? [build.entrypoint.join(' ')] : [build.entrypoint])].filter((v): v is string => typeof v === 'string').join(' ');
  const runLine = air.lineOf('full_bin') ?? air.lineOf('entrypoint');
  const checks: Check[] = [];
  if (!/\bdlv\b/.test(run)) {
    checks.push(check('air:dlv', 'air', 'air runs the program under Delve', 'fail', `${air.path} runs the program without Delve (full_bin / entrypoint): nothing listens for the debugger. Run it as \`dlv exec --headless --listen=:2345 --api-version=2 --accept-multiclient --continue ./tmp/main\`.`, open(runLine)));
  } else {
    const missing = ['--headless', '--accept-multiclient', '--continue'].filter((flag) => !run.includes(flag));
    checks.push(
      missing.length === 0
        ? check('air:dlv', 'air', 'air runs the program under Delve', 'pass', 'Delve runs headless, accepts clients again after a disconnect, and lets the program run.')
        : check('air:dlv', 'air', 'air runs the program under Delve', 'fail', `Delve in ${air.path} lacks ${missing.join(', ')}: ${missing.includes('--continue') ? 'the program waits for a debugger before it serves; ' : ''}${missing.includes('--accept-multiclient') ? 'Delve exits when the debugger disconnects; ' : ''}${missing.includes('--headless') ? 'Delve waits on a terminal; ' : ''}add them to full_bin.`, open(runLine)),
    );
  }
  if (build.send_interrupt !== true && /\bdlv\b/.test(run)) {
    checks.push(
      check(
        'air:interrupt',
        'air',
        'air stops Delve cleanly on a rebuild',
        'warn',
        `${air.path} has no send_interrupt = true: air kills Delve without letting it stop the program it started, which can keep its port, and the rebuilt program exits with "address already in use". Add send_interrupt = true and kill_delay = 3000 under [build], and start full_bin with \`exec\`.`,
        open(air.lineOf('full_bin')),
      ),
    );
  }
  return checks;
}

/** A `godock` configuration of launch.json, as written (before VS Code substitutes variables). */
export interface LaunchConfig {
  name?: string;
  type?: string;
  request?: string;
  port?: number;
  substitutePath?: { from: string; to: string }[];
}

/**
 * launch.json has a `godock` attach configuration whose port is the one the compose file publishes for Delve and
 * whose mapping (when written) matches the compose mount: the most reported cause of "breakpoints not hit".
 */
export function checkLaunch(
  launch: { path: string; configs?: LaunchConfig[]; parseError?: string },
  workspaceFolder: string,
  mount: { from: string; to: string } | undefined,
  delveHostPort: number | undefined,
): Check {
  const title = 'launch.json has a Godock configuration that matches the compose file';
  const open: Fix[] = [{ title: 'Open launch.json', action: { kind: 'open', path: launch.path } }];
  if (launch.parseError) return check('launch', 'launch', title, 'fail', `${launch.path} cannot be read: ${launch.parseError}.`, open);
  const godock = (launch.configs ?? []).filter((c) => c?.type === 'godock');
  if (godock.length === 0) {
    return check('launch', 'launch', title, 'warn', 'No `godock` configuration in launch.json: F5 still offers one from the compose file; Set Up Go Dev Container writes one you can keep.', [SET_UP, ...open]);
  }
  const problems: string[] = [];
  for (const c of godock) {
    const port = c.port ?? 2345;
    if (delveHostPort !== undefined && port !== delveHostPort) problems.push(`"${c.name}" attaches to port ${port}, the compose file publishes Delve on ${delveHostPort}`);
    if (c.substitutePath && mount) {
      const mapped = c.substitutePath.map((m) => ({ from: m.from.replace(/\$\{workspaceFolder\}/g, workspaceFolder).replace(/\/$/, ''), to: m.to.replace(/\/$/, '') }));
      if (!mapped.some((m) => m.from === mount.from && m.to === mount.to)) {
        problems.push(`"${c.name}" maps ${mapped.map((m) => `${m.from} → ${m.to}`).join(', ') || 'nothing'}, the compose file mounts ${mount.from} at ${mount.to}: breakpoints would not be hit (remove substitutePath to derive it from the compose file)`);
      }
    }
  }
  if (problems.length > 0) return check('launch', 'launch', title, 'fail', `${problems.join('; ')}.`, open);
  return check('launch', 'launch', title, 'pass', `${godock.map((c) => `"${c.name}"`).join(', ')} ${mount ? `map ${mount.from} → ${mount.to}` : 'attach'}${delveHostPort ? ` on port ${delveHostPort}` : ''}.`);
}
