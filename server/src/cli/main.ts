/** `godock`: the language server's engine on the command line, for terminals and CI. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { ConfigError } from '../engine/config';
import { applyEdits } from '../engine/edits';
import { fixAll, withFiles } from '../engine/fixAll';
import type { Analysis } from '../engine/lint';
import type { DockerfileContext } from '../engine/rule';
import { conversionFix } from '../refactors';
import { diskFileSystem } from '../model/diskFileSystem';
import { Workspace } from '../model/workspace';
import { version as VERSION } from '../../../package.json';
import { formatJson, formatRules, formatSarif, formatText, type FileResult } from './formats';
import { initCommand } from './init';
import { collectInputs, type Input } from './inputs';
import { analyze, isLintWorker, lintHere, lintInThreads, runLintWorker } from './lintFiles';

const USAGE = `Usage:
  godock lint [paths...] [--format text|json|sarif] [--fix]   lint Dockerfiles and compose files (default: .)
  godock convert <Dockerfile> [--runtime distroless|scratch|alpine|debian] [--main ./cmd/x] [--write]
                                                             convert a single-stage Go Dockerfile to a
                                                             multi-stage build (prints a diff; --write applies it)
  godock init [dir] [--main ./cmd/api] [--port 8080] [--topology host|devcontainer|both] [--dry-run]
                                                             set up a Go dev container: dev image with pinned
                                                             Delve and air, compose service, .air.toml,
                                                             devcontainer.json, launch.json
  godock analyze <Dockerfile> [--target NAME] [--context DIR] [--format text|json]
                                                             build the image on the Docker Engine (BuildKit)
                                                             and show what each line adds to it
  godock rules [--format text|json]                          list the rules
  godock --version | --help

Exit codes: 0 no error-level findings, 1 error-level findings, 2 bad usage or input.
analyze: 0 analyzed, 1 the build or the Docker Engine failed, 2 bad usage or input.`;

class UsageError extends Error {}

interface Io {
  out(s: string): void;
  err(s: string): void;
  color: boolean;
  cwd: string;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  fix: { type: 'boolean' },
  runtime: { type: 'string' },
  main: { type: 'string' },
  write: { type: 'boolean' },
  port: { type: 'string' },
  topology: { type: 'string' },
  target: { type: 'string' },
  context: { type: 'string' },
  'dry-run': { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parseOptions = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
type Options = ReturnType<typeof parseOptions>['values'];

/** Runs one command; `lint` (on worker threads) and `analyze` (on the Docker Engine) finish later. */
export function run(argv: string[], io: Io): number | Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    io.err(`godock: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    (command === undefined && !values.help ? io.err : io.out)(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const refused = (error: unknown): number => {
    if (error instanceof UsageError) {
      io.err(`godock: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`godock: ${error.message}\n`);
      return 2;
    }
    throw error;
  };
  try {
    const code = runCommand(command, paths, values, io);
    // lint and analyze finish later: their bad input ends the same way.
    return typeof code === 'number' ? code : code.catch(refused);
  } catch (error) {
    return refused(error);
  }
}

function runCommand(command: string, paths: string[], values: Options, io: Io): number | Promise<number> {
  if (command === 'rules') {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for rules; use text or json`);
    io.out(formatRules(format));
    return 0;
  }
  if (command === 'lint') return lintCommand(paths.length > 0 ? paths : ['.'], values.format ?? 'text', values.fix ?? false, io);
  if (command === 'convert') return convertCommand(paths, values, io);
  // Loaded on use: dockerode, gRPC and protobuf are most of the CLI's start-up, and only analyze needs them.
  if (command === 'analyze') return import('./analyze').then(({ analyzeCommand }) => analyzeCommand(paths, values, io));
  if (command === 'init') {
    if (paths.length > 1) throw new UsageError('init takes at most one folder');
    return initCommand(nodePath.resolve(io.cwd, paths[0] ?? '.'), { ...values, dryRun: values['dry-run'] }, diskFileSystem, io);
  }
  throw new UsageError(`unknown command "${command}"`);
}

async function lintCommand(paths: string[], format: string, fix: boolean, io: Io): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}"; use text, json or sarif`);
  const { inputs, problems } = collectInputs(paths, io.cwd);
  const root = workspaceRoot(io.cwd, inputs);
  // --fix writes files as it goes (a .dockerignore a later file reads): one file after the other.
  const linted = fix ? lintHere(inputs, root, (input, _text, workspace) => fixFile(input, workspace)) : await lintInThreads(inputs, root);
  const results: FileResult[] = linted.files.map((file) => ({ path: nodePath.relative(io.cwd, file.path) || file.path, text: file.text, reports: file.findings }));
  if (format === 'json') io.out(formatJson(results));
  else if (format === 'sarif') io.out(formatSarif(results, io.cwd));
  else if (results.length > 0) io.out(formatText(results, io.color));
  const unlintable = linted.problems.map(({ path, message }) => `${nodePath.relative(io.cwd, path) || path}: ${message}`);
  for (const problem of [...problems, ...unlintable]) io.err(`godock: ${problem}\n`);
  if (problems.length + linted.problems.length > 0) return 2;
  return results.some((r) => r.reports.some((report) => report.severity === 'error')) ? 1 : 0;
}

const RUNTIMES = ['distroless', 'scratch', 'alpine', 'debian'] as const;

function convertCommand(paths: string[], options: { runtime?: string; main?: string; write?: boolean }, io: Io): number {
  if (paths.length !== 1) throw new UsageError('convert takes exactly one Dockerfile');
  const runtime = options.runtime as (typeof RUNTIMES)[number] | undefined;
  if (runtime !== undefined && !RUNTIMES.includes(runtime)) throw new UsageError(`unknown runtime "${options.runtime}"; use ${RUNTIMES.join(', ')}`);
  const { inputs, problems } = collectInputs(paths, io.cwd);
  if (problems.length > 0 || inputs[0]?.kind !== 'dockerfile') {
    io.err(`godock: ${problems[0] ?? `${paths[0]}: is not a Dockerfile`}\n`);
    return 2;
  }
  const input = inputs[0];
  const workspace = new Workspace(diskFileSystem, [workspaceRoot(io.cwd, inputs)]);
  const analysis = analyze(input, input.text, workspace);
  const fix = conversionFix(analysis.ctx as DockerfileContext, { runtime, main: options.main });
  if ('reason' in fix) {
    io.err(`godock: ${paths[0]}: ${fix.reason}\n`);
    return 2;
  }
  const converted = applyEdits(analysis.model.document, fix.edits);
  if (options.write) {
    fs.writeFileSync(input.path, converted);
    io.out(`Converted ${paths[0]} to a multi-stage build.\n`);
  } else {
    const name = nodePath.relative(io.cwd, input.path) || paths[0];
    io.out(createTwoFilesPatch(`a/${name}`, `b/${name}`, input.text, converted, undefined, undefined, { context: 3 }));
  }
  return 0;
}

/** The folder files may be read from: the common ancestor of the current folder and every input. */
function workspaceRoot(cwd: string, inputs: Input[]): string {
  let root = nodePath.resolve(cwd);
  for (const input of inputs) {
    while (!(input.path === root || input.path.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep))) root = nodePath.dirname(root);
  }
  return root;
}

/** Applies every preferred fix, pass after pass (fixAll.ts), and writes the files that changed. */
function fixFile(input: Input, workspace: Workspace): Analysis {
  const { analysis, files } = fixAll(analyze(input, input.text, workspace), diskFileSystem.readFile, (text, files) => {
    const project = new Workspace(withFiles(diskFileSystem, new Map([...files, [input.path, text]])), workspace.roots);
    return analyze(input, text, project);
  });
  for (const [path, text] of files) {
    fs.writeFileSync(path, text);
    workspace.invalidate(path);
  }
  if (analysis.model.document.getText() !== input.text) fs.writeFileSync(input.path, analysis.model.document.getText());
  return analysis;
}

/** The `godock` binary: runs the CLI on this process's arguments and sets its exit code. */
export function main(): void {
  // A bug of ours still ends in one line the user can report, not a stack trace.
  const internal = (error: unknown) => {
    process.stderr.write(`godock: internal error: ${(error as Error).message}\nPlease report it with the file that caused it. Set GODOCK_DEBUG=1 for details.\n`);
    if (process.env.GODOCK_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 2;
  };
  try {
    const code = run(process.argv.slice(2), {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      cwd: process.cwd(),
    });
    if (typeof code === 'number') process.exitCode = code;
    else code.then((c) => (process.exitCode = c), internal);
  } catch (error) {
    internal(error);
  }
}

if (isLintWorker()) runLintWorker();
else if (require.main === module) main();
