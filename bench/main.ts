/**
 * `npm run bench`: Godock's language server, CLI and package against their budgets (issue #10) and their
 * peers, on generated inputs. Prints a table, writes bench/results.json, exits 1 when a budget is missed.
 *
 *   npm run bench [-- --runs 5] [--latency-runs 3] [--only latency,throughput,startup,memory,sizes]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { compose, composeTyping, dockerfile, dockerfileTyping, writeProject, writeTree } from './generate';
import { editLatency, type Input } from './latency';
import { DOCUMENTS, EDITS, memoryRun } from './memory';
import { REPO } from './session';
import { sizes } from './sizes';
import { cliWallTime, serverStartup } from './startup';
import { medianOf, round } from './stats';
import { DOCKERFILES_PER_PROJECT, FILES_PER_PROJECT, godockLint, peerValidate } from './throughput';

const SEED = 10;
const SECTIONS = ['latency', 'throughput', 'startup', 'memory', 'sizes'] as const;

interface Budget {
  name: string;
  value: number;
  limit: number;
  unit: string;
  /** Lower is better for every budget but throughput. */
  atLeast?: boolean;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'latency-runs': { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const latencyRuns = Number(values['latency-runs']);
const only = new Set(values.only ? values.only.split(',') : SECTIONS);

const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-bench-'));
const results: Record<string, unknown> = {};
const budgets: Budget[] = [];
const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map((c) => (typeof c === 'number' ? fmt(c) : c)));
const fmt = (n: number) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const section = (title: string) => {
  console.error(`… ${title}`);
  rows.push([`## ${title}`]);
};

async function latency() {
  section('Edit latency, ms (500 one-character edits after a warm-up; median of runs: p50 / p95 / max; cold: p95 of the first 100 edits after start)');
  const project = nodePath.join(work, 'latency');
  writeProject(project);
  const inputs: Input[] = [40, 400, 4000].map((lines) => {
    const text = dockerfile(lines, SEED + lines);
    return { name: `Dockerfile ${lines} lines`, file: `bench${lines}.Dockerfile`, text, languageId: 'dockerfile', typing: dockerfileTyping(text) };
  });
  const composeText = compose(40, SEED);
  inputs.push({ name: 'compose 40 services', file: 'compose.yaml', text: composeText, languageId: 'dockercompose', typing: composeTyping(composeText) });
  const figures: Record<string, unknown> = {};
  row('file', 'godock push', 'godock pull', 'rcjsuen push', 'p95 ratio', 'cold p95 godock / rcjsuen');
  for (const input of inputs) {
    const isDockerfile = input.languageId === 'dockerfile';
    const push = await medianOf(latencyRuns, () => editLatency('godock', project, input, 'push'));
    const pull = await medianOf(latencyRuns, () => editLatency('godock', project, input, 'pull'));
    const peer = isDockerfile ? await medianOf(latencyRuns, () => editLatency('rcjsuen', project, input, 'push')) : undefined;
    const ratio = peer ? push.p95 / peer.p95 : NaN;
    figures[input.name] = { godockPush: push, godockPull: pull, rcjsuenPush: peer, p95Ratio: peer ? round(ratio) : undefined };
    const trio = (l?: { p50: number; p95: number; max: number }) => (l ? `${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.max)}` : '–');
    row(input.name, trio(push), trio(pull), trio(peer), peer ? `${fmt(ratio)}×` : '–', `${fmt(push.coldP95)} / ${peer ? fmt(peer.coldP95) : '–'}`);
    if (input.file === 'bench400.Dockerfile') budgets.push({ name: 'edit p95, 400-line Dockerfile (push)', value: push.p95, limit: 5, unit: 'ms' });
    if (!isDockerfile) budgets.push({ name: 'edit p95, 40-service compose (push)', value: push.p95, limit: 10, unit: 'ms' });
    if (peer) budgets.push({ name: `edit p95 vs rcjsuen, ${input.name}`, value: ratio, limit: 1.5, unit: '×' });
  }
  results.latency = figures;
}

async function throughput() {
  section('Batch lint (wall time with start-up; median of runs)');
  const root = nodePath.join(work, 'tree');
  const projects = writeTree(root, 500, SEED);
  const figures: Record<string, unknown> = {};
  row('files', 'godock s', 'godock files/s', 'peer s (Dockerfiles only)', 'peer files/s');
  const points: { files: number; seconds: number }[] = [];
  for (const count of [125, 250, 500]) {
    const subset = projects.slice(0, count);
    const files = count * FILES_PER_PROJECT;
    const dockerfiles = count * DOCKERFILES_PER_PROJECT;
    const m = await medianOf(runs, async () => ({ godock: godockLint(root, subset), peer: peerValidate(root, subset) }));
    const seconds = m.godock / 1000;
    points.push({ files, seconds });
    figures[`${dockerfiles}+${count}`] = { files, godockSeconds: round(seconds, 3), godockFilesPerSecond: round(files / seconds, 0), peerDockerfiles: dockerfiles, peerSeconds: round(m.peer / 1000, 3), peerFilesPerSecond: round(dockerfiles / (m.peer / 1000), 0) };
    row(`${dockerfiles} Dockerfiles + ${count} compose`, seconds, files / seconds, m.peer / 1000, dockerfiles / (m.peer / 1000));
  }
  // Linear scaling: each added file costs the same, whatever the size of the run.
  const slope = (a: (typeof points)[number], b: (typeof points)[number]) => ((b.seconds - a.seconds) * 1000) / (b.files - a.files);
  const [small, middle, large] = points;
  const slopes = { '500→1,000': slope(small, middle), '1,000→2,000': slope(middle, large) };
  row('ms per added file', `${fmt(slopes['500→1,000'])} (500→1,000 Dockerfiles)`, `${fmt(slopes['1,000→2,000'])} (1,000→2,000)`);
  figures.msPerAddedFile = { '500to1000': round(slopes['500→1,000'], 3), '1000to2000': round(slopes['1,000→2,000'], 3) };
  results.throughput = figures;
  budgets.push({ name: 'throughput, 2,000 Dockerfiles + 500 compose', value: large.files / large.seconds, limit: 1000, unit: 'files/s', atLeast: true });
  budgets.push({ name: 'linear scaling (slope 1,000→2,000 / 500→1,000)', value: slopes['1,000→2,000'] / slopes['500→1,000'], limit: 1.5, unit: '×' });
}

async function startup() {
  section('Start-up, ms (median of runs)');
  const project = nodePath.join(work, 'startup');
  writeProject(project);
  const text = dockerfile(40, SEED + 40);
  fs.writeFileSync(nodePath.join(project, 'Dockerfile'), text);
  const godock = await medianOf(runs, () => serverStartup('godock', project, 'Dockerfile', text));
  const peer = await medianOf(runs, () => serverStartup('rcjsuen', project, 'Dockerfile', text));
  const cli = await medianOf(runs, async () => ({ version: cliWallTime(['--version'], project), lint: cliWallTime(['lint', 'Dockerfile'], project) }));
  row('', 'godock', 'rcjsuen');
  row('server ready (initialize answered)', godock.ready, peer.ready);
  row('first diagnostics, 40-line Dockerfile', godock.firstDiagnostics, peer.firstDiagnostics);
  row('CLI --version', cli.version, '');
  row('CLI lint of one 40-line Dockerfile', cli.lint, '');
  results.startup = { godock, rcjsuen: peer, cli };
  budgets.push({ name: 'server ready', value: godock.ready, limit: 300, unit: 'ms' });
}

async function memory() {
  section(`Memory, MB (${DOCUMENTS} documents, ${EDITS} edits, full GC; then all closed, reopened, ${EDITS} more edits, full GC)`);
  const root = nodePath.join(work, 'memory');
  const projects = writeTree(root, DOCUMENTS / FILES_PER_PROJECT, SEED + 1);
  const all = projects.flatMap((p) => fs.readdirSync(p).filter((f) => /Dockerfile|Containerfile|compose\.yaml/.test(f)).map((f) => nodePath.join(p, f)));
  const godock = await medianOf(Math.min(runs, 3), () => memoryRun('godock', root, all));
  // The peer lints Dockerfiles only: it gets as many, taken from a larger tree.
  const peerProjects = writeTree(nodePath.join(work, 'memory-peer'), DOCUMENTS / DOCKERFILES_PER_PROJECT, SEED + 1);
  const dockerfiles = peerProjects.flatMap((p) => fs.readdirSync(p).filter((f) => /Dockerfile|Containerfile/.test(f)).map((f) => nodePath.join(p, f)));
  const peer = await medianOf(Math.min(runs, 3), () => memoryRun('rcjsuen', nodePath.join(work, 'memory-peer'), dockerfiles));
  row('', 'RSS idle', 'RSS', 'heap used', 'RSS growth round 2', 'heap growth round 2');
  row('godock', godock.idleRssMB, godock.rssMB, godock.heapMB, godock.rssGrowthMB, godock.heapGrowthMB);
  row('rcjsuen (Dockerfiles)', peer.idleRssMB, peer.rssMB, peer.heapMB, peer.rssGrowthMB, peer.heapGrowthMB);
  results.memory = { godock, rcjsuen: peer };
  budgets.push({ name: 'server RSS after the memory run', value: godock.rssMB, limit: 80, unit: 'MB' });
  budgets.push({ name: 'heap growth between rounds (no leak)', value: godock.heapGrowthMB, limit: 2, unit: 'MB' });
}

async function size() {
  section('Size, MB');
  const s = sizes();
  row('server bundle', s.serverMB);
  row('client bundle', s.clientMB);
  row('CLI bundle', s.cliMB);
  row('.vsix', s.vsixMB);
  results.sizes = s;
  budgets.push({ name: '.vsix size', value: s.vsixMB, limit: 3, unit: 'MB' });
}

function machine() {
  const cpus = os.cpus();
  const osRelease = fs.existsSync('/etc/os-release') ? /PRETTY_NAME="(.*)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  return { os: osRelease ?? `${os.type()} ${os.release()}`, cpu: cpus[0]?.model, cores: cpus.length, memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, loadAverageAtStart: os.loadavg().map((l) => round(l)) };
}

function printTable() {
  const widths: number[] = [];
  for (const r of rows) if (!r[0].startsWith('## ')) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  for (const r of rows) {
    if (r[0].startsWith('## ')) console.log(`\n${r[0].slice(3)}`);
    else console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  }
}

async function main() {
  const started = new Date();
  const host = machine();
  console.log(`Godock benchmark on ${host.os}, ${host.cores} cores (${host.cpu}), Node ${host.node}; load average ${host.loadAverageAtStart.join(' ')}`);
  try {
    if (only.has('latency')) await latency();
    if (only.has('throughput')) await throughput();
    if (only.has('startup')) await startup();
    if (only.has('memory')) await memory();
    if (only.has('sizes')) await size();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable();

  console.log('\nBudgets (issue #10)');
  const missed: string[] = [];
  const checked = budgets.map((b) => {
    const ok = b.atLeast ? b.value >= b.limit : b.value <= b.limit;
    const by = Math.abs(b.value - b.limit);
    const line = `${ok ? 'ok    ' : 'MISSED'} ${b.name}: ${fmt(b.value)} ${b.unit} (budget ${b.atLeast ? '≥' : '≤'} ${b.limit} ${b.unit})`;
    console.log(ok ? line : `${line}: missed by ${fmt(by)} ${b.unit} (${fmt((by / b.limit) * 100)}%)`);
    if (!ok) missed.push(b.name);
    return { ...b, value: round(b.value, 3), ok };
  });
  const out = { date: started.toISOString(), machine: { ...host, loadAverageAtEnd: os.loadavg().map((l) => round(l)) }, runs: { runs, latencyRuns }, ...results, budgets: checked };
  // A partial run (--only) does not replace the committed figures.
  const file = only.size === SECTIONS.length ? nodePath.join(REPO, 'bench/results.json') : nodePath.join(os.tmpdir(), 'godock-bench-results.json');
  fs.writeFileSync(file, `${JSON.stringify(out, (_, v) => (typeof v === 'number' ? round(v, 3) : v), 2)}\n`);
  console.log(`\nWrote ${nodePath.relative(process.cwd(), file) || file}`);
  if (missed.length > 0) {
    console.log(`${missed.length} budget(s) missed.`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 2;
});
