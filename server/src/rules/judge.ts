/**
 * Judgements several rules share about a Dockerfile: which image is for development, what a stage's base
 * really is (following `FROM <stage>`), which C library it has, and which go build produced the binary the
 * final stage ships.
 */
import * as nodePath from 'node:path';
import { Copy, Workdir } from 'dockerfile-ast';
import type { DockerfileContext } from '../engine/rule';
import type { GoCommand } from '../model/goCommand';
import type { BaseImage, DockerfileModel, RunModel, Stage } from '../model/types';
import type { Workspace } from '../model/workspace';

/**
 * A dev image is judged as such: a Dockerfile under `.devcontainer/`, one whose name says dev or debug, or
 * one a compose service builds while bind-mounting the source. Release-image rules skip it.
 */
export function isDevImage(ctx: DockerfileContext): boolean {
  return ctx.workspace ? ctx.workspace.memo(devImages, ctx.dockerfile, () => judgeDevImage(ctx)) : judgeDevImage(ctx);
}

/** Many rules ask on every edit, and the answer reads the compose files around: kept per model and workspace state. */
const devImages = new WeakMap<DockerfileModel, { workspace: Workspace; changes: number; value: boolean }>();

function judgeDevImage({ dockerfile, workspace }: DockerfileContext): boolean {
  if (!dockerfile.path) return /dev|debug/i.test(nodePath.basename(dockerfile.uri));
  if (dockerfile.path.split(nodePath.sep).includes('.devcontainer')) return true;
  if (/dev|debug/i.test(nodePath.basename(dockerfile.path))) return true;
  return workspace.servicesBuilding(dockerfile).some(({ service }) =>
    service.volumes.some((v) => v.type === 'bind' && v.source !== undefined && /^\.{1,2}(\/|$)/.test(v.source)),
  );
}

/** The image a stage ultimately builds on (`FROM build AS test` → build's base). */
export function rootBase(stage: Stage): BaseImage {
  let base = stage.base;
  for (let guard = 0; base.stage && guard < 100; guard++) base = base.stage.base;
  return base;
}

export type ImageFamily = 'scratch' | 'distroless-static' | 'distroless-base' | 'distroless' | 'alpine' | 'golang' | 'golang-alpine' | 'debian' | 'other';

/** What kind of image a base is, by its repository and tag. */
export function imageFamily(base: BaseImage): ImageFamily {
  if (base.scratch) return 'scratch';
  const repo = base.repository;
  const tag = base.tag ?? '';
  if (repo === 'golang') return /alpine/.test(tag) ? 'golang-alpine' : 'golang';
  if (/distroless\/static/.test(repo)) return 'distroless-static';
  if (/distroless\/(base|cc)/.test(repo)) return 'distroless-base';
  if (/distroless\//.test(repo)) return 'distroless';
  if (/(^|\/)alpine$/.test(repo) || /alpine/.test(tag)) return 'alpine';
  if (/(^|\/)(debian|ubuntu)$/.test(repo) || /bookworm|bullseye|buster|jammy|noble/.test(tag)) return 'debian';
  return 'other';
}

/** The C library of a stage's image: what a cgo-linked binary needs at run time. */
export function libc(stage: Stage): 'glibc' | 'musl' | 'none' | 'unknown' {
  switch (imageFamily(rootBase(stage))) {
    case 'scratch':
    case 'distroless-static':
      return 'none';
    case 'alpine':
    case 'golang-alpine':
      return 'musl';
    case 'golang':
    case 'debian':
    case 'distroless-base':
      return 'glibc';
    default:
      return 'unknown';
  }
}

/** True when the image has no shell (`/bin/sh`): scratch and distroless (except their `:debug` tags). */
export function hasNoShell(stage: Stage): boolean {
  const base = rootBase(stage);
  const family = imageFamily(base);
  return family === 'scratch' || (family.startsWith('distroless') && !/debug/.test(base.tag ?? ''));
}

const workdirs = new WeakMap<Stage, Map<number, string>>();

/** The WORKDIR in effect at a line of a stage (inherited from the parent stage), `/` by default. */
export function workdirAt(stage: Stage, line: number): string {
  // Asked for the same lines by several rules on every edit.
  let known = workdirs.get(stage);
  if (!known) workdirs.set(stage, (known = new Map()));
  let dir = known.get(line);
  if (dir === undefined) known.set(line, (dir = findWorkdir(stage, line)));
  return dir;
}

function findWorkdir(stage: Stage, line: number): string {
  let dir = stage.base.stage ? workdirAt(stage.base.stage, Number.MAX_SAFE_INTEGER) : '/';
  for (const instruction of stage.instructions) {
    if (instruction.getRange().start.line >= line) break;
    if (instruction instanceof Workdir) {
      const target = instruction.getArgumentsContent() ?? '';
      dir = nodePath.posix.resolve(dir, target);
    }
  }
  return dir;
}

/** Where a `go build` writes its binary: `-o` resolved against WORKDIR, else the package's name there. */
export function buildOutput(go: GoCommand, run: RunModel): string | undefined {
  const dir = workdirAt(run.stage, run.instruction.getRange().start.line);
  const out = go.flags.get('o')?.value;
  if (out !== undefined) {
    if (out.includes('$')) return undefined;
    const resolved = nodePath.posix.resolve(dir, out);
    return out.endsWith('/') ? resolved + '/' : resolved;
  }
  const pkg = go.args[0]?.value;
  if (!pkg || pkg === '.' || pkg === './') return nodePath.posix.join(dir, nodePath.posix.basename(dir));
  return nodePath.posix.join(dir, nodePath.posix.basename(pkg.replace(/\/\.\.\.$/, '')));
}

/** A binary the final stage ships: the COPY that brings it, the builder stage and the go build that made it. */
export interface ShippedBuild {
  copy: Copy;
  builder: Stage;
  build: GoCommand & { script?: string };
  run: RunModel;
}

/**
 * The go builds whose output the final stage copies in with `COPY --from`. A build whose output path cannot
 * be worked out counts when it is the only build of its stage.
 */
export function shippedBuilds(ctx: DockerfileContext, final = ctx.dockerfile.finalStage): ShippedBuild[] {
  if (!final) return [];
  const shipped: ShippedBuild[] = [];
  for (const copy of final.instructions) {
    if (!(copy instanceof Copy)) continue;
    const from = copy.getFromFlag()?.getValue()?.toLowerCase();
    if (from === undefined) continue;
    const builder = ctx.dockerfile.stages.find((s) => s.name === from) ?? (/^\d+$/.test(from) ? ctx.dockerfile.stages[Number(from)] : undefined);
    if (!builder) continue;
    const sources = copy.getArguments().slice(0, -1).map((a) => a.getValue());
    const builds = stageBuilds(ctx, builder);
    for (const { build, run } of builds) {
      const output = build.script ? undefined : buildOutput(build, run);
      const matches = output
        ? sources.some((src) => {
            const source = nodePath.posix.resolve(workdirAt(builder, Number.MAX_SAFE_INTEGER), src);
            return source === output || output.startsWith(source.endsWith('/') ? source : source + '/') || (output.endsWith('/') && source.startsWith(output));
          })
        : builds.length === 1;
      if (matches) shipped.push({ copy, builder, build, run });
    }
  }
  return shipped;
}

/** The `go build` commands of a stage and of the stages it builds on, scripts included. */
export function stageBuilds(ctx: DockerfileContext, stage: Stage): { build: GoCommand & { script?: string }; run: RunModel }[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !stages.includes(s); s = s.base.stage) stages.unshift(s);
  return stages.flatMap((s) =>
    s.runs.flatMap((run) => (ctx.context ? ctx.context.goCommandsOf(run) : run.go).filter((g) => g.sub === 'build').map((build) => ({ build, run }))),
  );
}
