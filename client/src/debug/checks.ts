/**
 * The debug setup checks as pure judgements: facts in (a probe's answer, what `dlv version` and `go version`
 * print in the container, its ptrace settings, lint findings, launch.json), one result out, each failure with
 * a message that names the problem and a fix. resolveDebugConfiguration runs the container checks before
 * attaching; "Godock: Check Debug Setup" runs the whole chain and shows the report (report.ts).
 */
import { delveSupports, toolVersions } from '../../../server/src/scaffold/versions';
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
const SHOW_LOGS: Fix = { title: 'Show Logs', action: { kind: 'command', command: 'godock.showLogs' } };
const REBUILD: Fix = { title: 'Rebuild Image', action: { kind: 'command', command: 'godock.rebuildImage' } };
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
