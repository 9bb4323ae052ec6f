/**
 * Convert to multi-stage build: a single-stage Go Dockerfile becomes a builder stage with the toolchain and a
 * runtime stage with only the binary (distroless by default), keeping what the program needs at run time.
 */
import * as nodePath from 'node:path';
import { Cmd, Copy, Add, Entrypoint, Env, Healthcheck, User, JSONInstruction, type Instruction } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { DockerfileContext } from '../engine/rule';
import { requiredGoVersion } from '../model/goProject';
import { splitCommands, type ShellCommand } from '../model/shell';
import type { GoCommandAt, RunModel, Stage } from '../model/types';
import { endsOpen, lineIndent } from '../rules/edit';
import { golangTag, isGolangImage } from '../rules/golang';
import { libc, workdirAt } from '../rules/judge';
import { moduleNeedsCgo } from '../rules/goLinking';
import { defineRefactor } from './refactor';

export type RuntimeChoice = 'distroless' | 'scratch' | 'alpine' | 'debian';

export interface ConvertOptions {
  runtime?: RuntimeChoice;
  /** The main package to build when the Dockerfile does not say (`./cmd/api`). */
  main?: string;
}

export interface MultiStagePlan {
  /** A pinned reference for the builder's FROM when the original is unpinned (DF001), else undefined. */
  builderImage?: string;
  /** The builder's stage name, and whether `AS <name>` must be added. */
  builderName: string;
  nameBuilder: boolean;
  /** Insert `COPY go.mod [go.sum] ./` + `go mod download` before this whole-context COPY (its start line). */
  modDownloadBefore?: { line: number; files: string[] };
  /** The go build to rewrite, or where to add one (after this line) when the program ran with `go run`. */
  build: { run: RunModel; command: ShellCommand } | { afterLine: number };
  /** Cache mounts the build RUN lacks. */
  cacheMounts: string[];
  buildCommand: string;
  binary: string;
  runtimeImage: string;
  runtime: RuntimeChoice;
  /** Instructions that move to the runtime stage (their lines leave the builder). */
  moved: Instruction[];
  /** Instructions copied (not moved) into the runtime stage, as written: runtime ENV. */
  runtimeEnv: string[];
  /** Folders the program reads at run time, copied from the builder into the same place. */
  dataDirs: { from: string; to: string }[];
  workdir?: string;
  entrypointArgs: string[];
  cmdArgs: string[];
  healthcheck?: string;
  droppedHealthcheck?: string;
}

const RUNTIME_IMAGES: Record<RuntimeChoice, { static: string; cgo: string }> = {
  distroless: { static: 'gcr.io/distroless/static-debian12:nonroot', cgo: 'gcr.io/distroless/base-debian12:nonroot' },
  scratch: { static: 'scratch', cgo: 'gcr.io/distroless/base-debian12:nonroot' },
  alpine: { static: 'alpine:3.20', cgo: 'alpine:3.20' },
  debian: { static: 'debian:bookworm-slim', cgo: 'debian:bookworm-slim' },
};
const MOD_CACHE = '--mount=type=cache,target=/go/pkg/mod';
const BUILD_CACHE = '--mount=type=cache,target=/root/.cache/go-build';
/** Folders that are never runtime data. */
/** Instructions about running the program: they belong to the runtime stage. */
const RUNTIME_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'VOLUME', 'HEALTHCHECK', 'STOPSIGNAL', 'USER']);
const NOT_DATA = new Set(['.git', 'vendor', 'node_modules', 'tmp', 'bin', 'testdata', 'cmd', 'internal', 'pkg', '.github', '.devcontainer', '.vscode', 'docs', 'scripts', 'build', 'dist']);

export default defineRefactor<MultiStagePlan, ConvertOptions>({
  id: 'convert-to-multi-stage',
  title: 'Convert to multi-stage build',

  plan(ctx, options) {
    const { dockerfile, context } = ctx;
    if (dockerfile.stages.length !== 1) {
      return { reason: dockerfile.stages.length === 0 ? 'The Dockerfile has no FROM instruction.' : 'The Dockerfile is already a multi-stage build.' };
    }
    const stage = dockerfile.stages[0];
    if (stage.base.stage || stage.base.scratch) return { reason: 'The Dockerfile does not build on a Go toolchain image.' };
    if (dockerfile.ast.getInstructions().some((i) => i.getRange().start.line < stage.from.getRange().start.line && i.getKeyword() !== 'ARG')) {
      return { reason: 'The Dockerfile has instructions other than ARG before its FROM; Docker refuses it as it is.' };
    }
    if (stage.name && !/^[a-z][a-z0-9_.-]*$/.test(stage.name)) return { reason: `The stage name "${stage.name}" is not one Docker accepts (a letter, then letters, digits, -, _ or .); rename it first.` };
    if (endsOpen(dockerfile)) return { reason: 'The Dockerfile ends inside a heredoc that is never closed or a line continuation: finish the last instruction first.' };
    const main = findMain(ctx, stage, options);
    if ('reason' in main) return main;

    const cgo = moduleNeedsCgo(context);
    const runtime = options.runtime ?? 'distroless';
    let runtimeImage = RUNTIME_IMAGES[runtime][cgo ? 'cgo' : 'static'];
    // A cgo binary links against the builder's C library: alpine (musl) builders need an alpine runtime.
    if (cgo && libc(stage) === 'musl') runtimeImage = RUNTIME_IMAGES.alpine.cgo;
    const effectiveRuntime: RuntimeChoice = runtimeImage === 'scratch' ? 'scratch' : runtimeImage.startsWith('alpine') ? 'alpine' : runtimeImage.startsWith('debian') ? 'debian' : 'distroless';

    const version = context?.goMod && requiredGoVersion(context.goMod);
    const tag = golangTag(stage.base.tag);
    const unpinned = isGolangImage(stage.base) && !stage.base.digest && !stage.base.templated && !(tag.version ?? '').includes('.');
    const builderImage = unpinned && version ? `${stage.base.raw.replace(/:[^:/]*$/, '')}:${version}${tag.variant || '-bookworm'}` : undefined;

    const wholeCopy = stage.instructions.find(isWholeContextCopy);
    const copiesGoMod = stage.instructions.some((i) => (i instanceof Copy || i instanceof Add) && i !== wholeCopy && i.getArguments().slice(0, -1).some((a) => /(^|\/)go\.mod$/.test(a.getValue())));
    const vendored = context?.file('vendor/modules.txt') !== undefined || main.go?.flags.get('mod')?.value === 'vendor';
    const modFiles = ['go.mod', 'go.sum'].filter((f) => context?.file(f) !== undefined);
    const modDownloadBefore = wholeCopy && !copiesGoMod && !vendored && modFiles.includes('go.mod') && (context?.goMod?.requires.length ?? 0) > 0
      ? { line: wholeCopy.getRange().start.line, files: modFiles }
      : undefined;

    const workdir = workdirAt(stage, Number.MAX_SAFE_INTEGER);
    const runsAsRoot = !stage.instructions.some((i) => i instanceof User);
    const existingMounts = main.go ? main.go.run.flags.map((f) => f.toString()) : [];
    const cacheMounts = runsAsRoot ? [MOD_CACHE, BUILD_CACHE].filter((m) => !existingMounts.some((e) => e.includes(m.split('target=')[1]))) : [];

    const moved = stage.instructions.filter((i) => RUNTIME_KEYWORDS.has(i.getKeyword()));
    const runtimeEnv = runtimeEnvOf(stage, dockerfile.document);
    const args = programArgs(stage, main.binaryPaths, main.goRunArgs);
    const health = stage.instructions.find((i): i is Healthcheck => i instanceof Healthcheck);
    const healthText = health && dockerfile.document.getText(health.getRange());
    const healthArgv = health ? execForm(health) : undefined;
    const healthUsesBinary = healthArgv !== undefined && main.binaryPaths.some((p) => healthArgv.includes(p));
    const keepsHealth = health && (effectiveRuntime === 'alpine' || effectiveRuntime === 'debian' || healthUsesBinary);

    return {
      plan: {
        builderImage,
        builderName: stage.name ?? 'build',
        nameBuilder: !stage.name,
        modDownloadBefore,
        build: main.go ? { run: main.go.run, command: main.go.command } : { afterLine: lastBuilderLine(stage, moved) },
        cacheMounts,
        buildCommand: buildCommand(main.go, main.pkg, main.binary, cgo),
        binary: main.binary,
        runtimeImage,
        runtime: effectiveRuntime,
        moved,
        runtimeEnv,
        dataDirs: dataDirs(ctx, stage, workdir).map((dir) => ({ from: nodePath.posix.join(workdir, dir), to: nodePath.posix.join(workdir, dir) })),
        workdir,
        ...args,
        healthcheck: keepsHealth ? rewriteHealth(healthText!, main.binaryPaths, main.binary) : undefined,
        droppedHealthcheck: health && !keepsHealth ? healthText : undefined,
      },
    };
  },

  edits(ctx, plan) {
    const { dockerfile } = ctx;
    const stage = dockerfile.stages[0];
    const document = dockerfile.document;
    const edits: TextEdit[] = [];
    const from = stage.from;
    if (plan.builderImage) edits.push({ range: stage.base.range, newText: plan.builderImage });
    if (plan.nameBuilder) {
      const end = from.getRange().end;
      edits.push({ range: { start: end, end }, newText: ` AS ${plan.builderName}` });
    }
    if (plan.modDownloadBefore) {
      const { line, files } = plan.modDownloadBefore;
      const at = { line, character: 0 };
      const indent = lineIndent(document, line);
      edits.push({ range: { start: at, end: at }, newText: `${indent}COPY ${files.join(' ')} ./\n${indent}RUN ${MOD_CACHE} go mod download\n` });
    }
    const mounts = plan.cacheMounts.map((m) => `${m} `).join('');
    if ('run' in plan.build) {
      const { run, command } = plan.build;
      const first = run.flags[0]?.getRange().start ?? run.instruction.getArguments()[0].getRange().start;
      if (mounts) edits.push({ range: { start: first, end: first }, newText: mounts });
      edits.push({ range: dockerfile.range(command.start, command.end), newText: plan.buildCommand });
    } else {
      const at = { line: plan.build.afterLine + 1, character: 0 };
      edits.push({ range: { start: at, end: at }, newText: `RUN ${mounts}${plan.buildCommand}\n` });
    }
    for (const instruction of plan.moved) {
      const r = instruction.getRange();
      edits.push({ range: { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } }, newText: '' });
    }
    const text = document.getText();
    const end = document.positionAt(text.length);
    edits.push({ range: { start: end, end }, newText: (text.endsWith('\n') ? '\n' : '\n\n') + runtimeStage(plan, document) });
    return edits;
  },
});

function runtimeStage(plan: MultiStagePlan, document: TextDocument): string {
  const lines = [`FROM ${plan.runtimeImage}`];
  const carried = (keyword: string) => plan.moved.filter((i) => i.getKeyword() === keyword).map((i) => writtenText(document, i));
  lines.push(...carried('LABEL'), ...plan.runtimeEnv);
  if (plan.runtime === 'scratch') lines.push(`COPY --from=${plan.builderName} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`);
  if (plan.dataDirs.length > 0 && plan.workdir) {
    lines.push(`WORKDIR ${plan.workdir}`);
    for (const dir of plan.dataDirs) lines.push(`COPY --from=${plan.builderName} ${dir.from} ${dir.to}`);
  }
  lines.push(`COPY --from=${plan.builderName} /out/${plan.binary} /${plan.binary}`);
  lines.push(...carried('EXPOSE'), ...carried('VOLUME'), ...carried('STOPSIGNAL'));
  if (plan.healthcheck) lines.push(plan.healthcheck);
  if (plan.droppedHealthcheck) lines.push(`# Not carried over: the runtime image has no shell or curl. Add a health subcommand to the binary:`, `# ${plan.droppedHealthcheck.replace(/\n/g, ' ')}`);
  // distroless :nonroot already runs as 65532; the others get the same numeric user (works without /etc/passwd).
  if (plan.runtime !== 'distroless') lines.push('USER 65532:65532');
  lines.push(`ENTRYPOINT ${JSON.stringify([`/${plan.binary}`, ...plan.entrypointArgs]).replace(/","/g, '", "')}`);
  if (plan.cmdArgs.length > 0) lines.push(`CMD ${JSON.stringify(plan.cmdArgs).replace(/","/g, '", "')}`);
  return lines.join('\n') + '\n';
}

/**
 * An instruction exactly as written, over all its lines: `toString()` would join the lines and squeeze the
 * blanks inside quoted values, and re-emitting parsed values would lose their quotes.
 */
function writtenText(document: TextDocument, instruction: Instruction): string {
  return document.getText(instruction.getRange()).replace(/\r?\n$/, '');
}

/**
 * The stage's ENV the program may read at run time: an ENV whose variables all stay is copied whole; one that
 * also sets the toolchain's (GO*, CGO_*, PATH) keeps only the others, each variable as written.
 */
function runtimeEnvOf(stage: Stage, document: TextDocument): string[] {
  return stage.instructions
    .filter((i): i is Env => i instanceof Env)
    .flatMap((env) => {
      const properties = env.getProperties();
      // Go's settings stay in the build stage; a variable without a value (`ENV NAME`, which Docker refuses) is not copied.
      const kept = properties.filter((p) => !/^(GO|CGO_)/.test(p.getName()) && p.getName() !== 'PATH' && p.getValue() !== null);
      if (kept.length === 0) return [];
      if (kept.length === properties.length) return [writtenText(document, env)];
      return [`ENV ${kept.map((p) => document.getText(p.getRange())).join(' ')}`];
    });
}

interface MainChoice {
  go?: GoCommandAt;
  pkg: string;
  binary: string;
  /** Paths a CMD/ENTRYPOINT may use to run the built binary. */
  binaryPaths: string[];
  /** Arguments of `go run <pkg> args…` in CMD/ENTRYPOINT. */
  goRunArgs?: string[];
}

function findMain(ctx: DockerfileContext, stage: Stage, options: ConvertOptions): MainChoice | { reason: string } {
  const builds = ctx.dockerfile.goCommands('build');
  const pkgOf = (go: GoCommandAt) => go.args.find((a) => !a.value.startsWith('-'))?.value ?? '.';
  const runCmd = [...stage.instructions].reverse().find((i) => i instanceof Entrypoint || i instanceof Cmd);
  const runArgv = runCmd ? commandArgv(runCmd, ctx) : [];
  const goRun = runArgv[0] === 'go' && runArgv[1] === 'run' ? runArgv.slice(2) : undefined;
  const goRunPkg = goRun?.find((a) => !a.startsWith('-'));

  let go: GoCommandAt | undefined;
  let pkg: string | undefined;
  if (options.main) {
    go = builds.find((b) => samePackage(pkgOf(b), options.main!));
    pkg = options.main;
  } else if (builds.length === 1) {
    go = builds[0];
    pkg = pkgOf(go);
  } else if (builds.length > 1) {
    // The build whose binary the CMD runs.
    go = builds.find((b) => runArgv[0] && b.flags.get('o') && nodePath.posix.basename(b.flags.get('o')!.value) === nodePath.posix.basename(runArgv[0]));
    if (!go) return { reason: `The Dockerfile builds ${builds.length} programs (${builds.map(pkgOf).join(', ')}); choose one with --main.` };
    pkg = pkgOf(go);
  } else if (goRunPkg) {
    pkg = goRunPkg;
  } else {
    const mains = ctx.context?.mainPackages() ?? [];
    if (mains.length === 0) return { reason: 'The Dockerfile does not build Go: no `go build`, no `go run`, and no main package in the build context.' };
    if (mains.length > 1) return { reason: `The build context has ${mains.length} main packages (${mains.map((m) => `./${m}`).join(', ')}); choose one with --main.` };
    pkg = mains[0] === '.' ? '.' : `./${mains[0]}`;
  }
  const output = go?.flags.get('o')?.value;
  const module = ctx.context?.goMod?.module;
  const fromPkg = pkg === '.' || pkg === './' ? (module ? nodePath.posix.basename(module) : 'app') : nodePath.posix.basename(pkg.replace(/\/\.\.\.$/, ''));
  const binary = sanitize(output && !output.endsWith('/') ? nodePath.posix.basename(output) : fromPkg);
  const workdir = workdirAt(stage, Number.MAX_SAFE_INTEGER);
  const binaryPaths = output ? [output, nodePath.posix.resolve(workdir, output), `./${nodePath.posix.basename(output)}`, nodePath.posix.basename(output)] : [];
  return { go, pkg, binary, binaryPaths, goRunArgs: goRun ? goRun.slice(goRun.indexOf(goRunPkg!) + 1) : undefined };
}

function samePackage(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '') || '.';
  return norm(a) === norm(b);
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '') || 'app';
}

function buildCommand(go: GoCommandAt | undefined, pkg: string, binary: string, cgo: boolean): string {
  const keptEnv = (go?.command.assignments ?? []).filter((a) => a.name !== 'CGO_ENABLED').map((a) => a.word.value);
  const ldflags = ['-s', '-w', ...(go?.flags.get('ldflags')?.value.split(/\s+/).filter((f) => f && f !== '-s' && f !== '-w') ?? [])].join(' ');
  const kept = ['tags', 'mod', 'buildvcs', 'gcflags']
    .map((name) => go?.flags.get(name))
    .filter((f) => f !== undefined)
    .map((f) => `-${f.name}=${/\s/.test(f.value) ? JSON.stringify(f.value) : f.value}`);
  return [...(cgo ? [] : ['CGO_ENABLED=0']), ...keptEnv, 'go build -trimpath', `-ldflags="${ldflags}"`, ...kept, `-o /out/${binary}`, pkg].join(' ');
}

function isWholeContextCopy(i: Instruction): boolean {
  if (!(i instanceof Copy || i instanceof Add) || (i instanceof Copy && i.getFromFlag())) return false;
  const sources = i.getArguments().slice(0, -1).map((a) => a.getValue());
  return sources.some((s) => s === '.' || s === './');
}

/** The argv of a CMD/ENTRYPOINT in exec or shell form. */
function commandArgv(instruction: Instruction, ctx: DockerfileContext): string[] {
  const exec = execForm(instruction);
  if (exec) return exec;
  const range = instruction.getArgumentsRange();
  if (!range) return [];
  const document = ctx.dockerfile.document;
  const [command] = splitCommands(document.getText(), document.offsetAt(range.start), document.offsetAt(range.end), { escapeChar: ctx.dockerfile.escapeChar });
  return command ? [...command.assignments.map((a) => a.word.value), ...command.argv.map((w) => w.value)] : [];
}

function execForm(instruction: Instruction): string[] | undefined {
  if (instruction instanceof Healthcheck) {
    // `HEALTHCHECK [flags] CMD ["/app", "health"]`: the JSON array after CMD.
    const [keyword, ...rest] = instruction.getArguments().map((a) => a.getValue());
    try {
      const parsed: unknown = keyword?.toUpperCase() === 'CMD' ? JSON.parse(rest.join(' ')) : undefined;
      return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (!(instruction instanceof JSONInstruction) || !instruction.getOpeningBracket()) return undefined;
  return instruction.getJSONStrings().map((s) => s.getJSONValue());
}

/** The program's arguments: what followed the binary (or `go run <pkg>`) in ENTRYPOINT and CMD. */
function programArgs(stage: Stage, binaryPaths: string[], goRunArgs: string[] | undefined): { entrypointArgs: string[]; cmdArgs: string[] } {
  const entrypoint = stage.instructions.filter((i): i is Entrypoint => i instanceof Entrypoint).at(-1);
  const cmd = stage.instructions.filter((i): i is Cmd => i instanceof Cmd).at(-1);
  const argv = (i: Instruction | undefined) => (i ? execForm(i) ?? (i.getArguments().map((a) => a.getValue())) : undefined);
  const runsProgram = (args: string[]) => args[0] === 'go' || binaryPaths.includes(args[0]);
  const e = argv(entrypoint);
  const c = argv(cmd);
  if (goRunArgs) {
    // `go run` in ENTRYPOINT: its extra args stay in ENTRYPOINT and CMD keeps its own; in CMD they move to CMD.
    return e && e[0] === 'go' ? { entrypointArgs: goRunArgs, cmdArgs: c ?? [] } : { entrypointArgs: [], cmdArgs: goRunArgs };
  }
  if (e && runsProgram(e)) return { entrypointArgs: e.slice(1), cmdArgs: c ?? [] };
  if (c && runsProgram(c)) return { entrypointArgs: [], cmdArgs: c.slice(1) };
  return { entrypointArgs: [], cmdArgs: [] };
}

function rewriteHealth(text: string, binaryPaths: string[], binary: string): string {
  let result = text.replace(/\r?\n$/, '');
  for (const path of binaryPaths) result = result.split(`"${path}"`).join(`"/${binary}"`);
  return result;
}

/** Folders the original image copied that hold no Go code: templates, static files, migrations, config. */
function dataDirs(ctx: DockerfileContext, stage: Stage, workdir: string): string[] {
  const context = ctx.context;
  if (!context) return [];
  const goDirs = new Set(context.goSources().map((s) => s.path.split('/')[0]));
  const ignored = new Set((context.dockerignore ?? []).map((p) => p.replace(/^\/|\/$|\/\*\*?$/g, '')));
  const candidates = new Set<string>();
  for (const i of stage.instructions) {
    if (!(i instanceof Copy || i instanceof Add) || (i instanceof Copy && i.getFromFlag())) continue;
    const args = i.getArguments().map((a) => a.getValue());
    // A COPY still being written (no source, or no destination yet) copies nothing.
    if (args.length < 2) continue;
    const destination = nodePath.posix.resolve(workdirAt(stage, i.getRange().start.line), args.at(-1)!);
    for (const source of args.slice(0, -1)) {
      if (source === '.' || source === './') {
        if (destination !== workdir) continue;
        for (const entry of context.listDir('')) if (entry.directory) candidates.add(entry.name);
      } else {
        const top = source.replace(/^\.\//, '').split('/')[0];
        if (context.listDir('').some((e) => e.directory && e.name === top) && nodePath.posix.resolve(workdir, top) === nodePath.posix.resolve(destination, destination.endsWith('/') ? top : '.')) candidates.add(top);
      }
    }
  }
  return [...candidates].filter((d) => !goDirs.has(d) && !NOT_DATA.has(d) && !d.startsWith('.') && !ignored.has(d)).sort();
}

function lastBuilderLine(stage: Stage, moved: Instruction[]): number {
  const kept = stage.instructions.filter((i) => !moved.includes(i));
  return (kept.at(-1) ?? stage.from).getRange().end.line;
}
