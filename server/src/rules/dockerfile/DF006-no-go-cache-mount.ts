/** DF006 — a go command RUN without BuildKit cache mounts starts from empty module and build caches every time it runs. */
import { defineRule, type Severity } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { DockerfileModel, RunModel } from '../../model/types';
import type { BuildContext } from '../../model/workspace';
import { buildsFromVendor, goCaches, hasVersion, lineage, mountCovers, mountsOf, packageArgs, scriptCaller } from '../goBuild';

interface Data {
  run: RunModel;
  /** The cache mounts to add, `--mount=type=cache,target=…`; empty when the paths or the user are not known well enough. */
  add: string[];
  /** Later RUNs that read the modules this RUN leaves in a layer (with the mount, they need it too), and their mounts to add. */
  /** Worked out when the fix is asked for: most findings are only shown. */
  followers: () => { run: RunModel; add: string[] }[];
}

/** Commands that compile (and so read and write GOCACHE). */
const COMPILES = new Set(['build', 'test', 'install', 'run', 'vet']);
/** Commands that read or fill the module cache. */
const DOWNLOADS = new Set([...COMPILES, 'mod download', 'get']);

export default defineRule<Data>({
  id: 'DF006',
  name: 'no-go-cache-mount',
  title: 'Mount the Go module and build caches with RUN --mount=type=cache',
  severity: 'info',
  appliesTo: 'dockerfile',
  check({ dockerfile, context, report }) {
    const found: { finding: Parameters<typeof report>[0]; modules?: string }[] = [];
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        const line = run.instruction.getRange().start.line;
        const gos = (context ? context.goCommandsOf(run) : run.go).filter((g) => DOWNLOADS.has(g.sub));
        if (gos.length === 0) continue;
        const mounts = mountsOf(run, dockerfile);
        const missing = { modules: undefined as string | undefined, build: undefined as string | undefined };
        let root = true;
        const culprits: (GoCommand & { script?: string })[] = [];
        const before = earlierDownloads(run, goCaches(gos[0], stage, line).modules, dockerfile, context);
        for (const go of gos) {
          const caches = goCaches(go, stage, line);
          root &&= caches.root;
          // Modules an earlier RUN left in a layer are there already; a tool installed @version needs its own.
          const needsModules = fetchesModules(go, context) && (!before.inLayer || installsOtherModule(go));
          const needsBuild = COMPILES.has(go.sub);
          let lacks = false;
          if (needsModules && caches.modules !== undefined && !mountCovers(mounts, caches.modules)) {
            missing.modules ??= caches.modules;
            lacks = true;
          }
          if (needsBuild && caches.build !== undefined && !mountCovers(mounts, caches.build)) {
            missing.build ??= caches.build;
            lacks = true;
          }
          if (lacks) culprits.push(go);
        }
        if (culprits.length === 0) continue;

        const names = [...new Set(culprits.map((g) => `go ${g.sub}`))].map((n) => `\`${n}\``).join(', ');
        const what = [missing.modules && `the module cache (${missing.modules})`, missing.build && `the build cache (${missing.build})`].filter(Boolean).join(' or ');
        // Modules an earlier RUN downloaded into a cache mount are not in any layer: this RUN fetches them all again.
        const earlier = missing.modules && !before.inLayer ? before.mounted : undefined;
        const severity: Severity | undefined = earlier ? 'warning' : undefined;
        const cost = [missing.modules && 'downloads every module', missing.build && 'compiles every package from scratch'].filter(Boolean).join(' and ');
        const message = earlier
          ? `${names} runs without a cache mount on ${missing.modules}, where the modules of line ${earlier} went: they are not in the image, so this RUN downloads them all again`
          : `${names} runs without a cache mount for ${what}: each time this RUN runs, it ${cost}`;
        // Cache mounts belong to root unless told otherwise (uid=…): for another user only the paths are known.
        const add = root ? [missing.modules, missing.build].filter((t): t is string => t !== undefined).map((t) => `--mount=type=cache,target=${t}`) : [];
        found.push({ finding: { range: rangeOf(run, culprits, dockerfile), message, severity, data: { run, add, followers: () => [] } }, modules: add.length > 0 ? missing.modules : undefined });
      }
    }
    // Fixed together ("fix all"), these RUNs all leave their modules in the cache mount, not in a layer.
    const mountedByFixes = new Set(found.filter((f) => f.modules).map((f) => f.finding.data!.run));
    for (const { finding, modules } of found) {
      if (modules) finding.data!.followers = () => readersOfLayer(finding.data!.run, modules, dockerfile, context, mountedByFixes);
      report(finding);
    }
  },
  fix({ data }) {
    if (!data || data.add.length === 0) return undefined;
    const first = flagsStart(data.run);
    if (!first) return undefined;
    // Fixed alone, this RUN would send the later ones downloading again (and DF006 would speak about them next).
    const followers = data.followers().flatMap(({ run, add }) => {
      const at = flagsStart(run);
      return at ? [{ range: { start: at, end: at }, newText: add.map((m) => m + ' ').join('') }] : [];
    });
    return {
      title: `Add ${data.add.join(' ')}`,
      edits: [{ range: { start: first, end: first }, newText: data.add.map((m) => m + ' ').join('') }, ...followers],
      preferred: true,
    };
  },
});

function flagsStart(run: RunModel) {
  const instruction = run.instruction;
  return instruction.getFlags()[0]?.getRange().start ?? instruction.getArguments()[0]?.getRange().start;
}

/**
 * The later RUNs (of this stage and the stages built on it) that fetch modules without a mount on the module
 * cache and find them in a layer only because this RUN put them there.
 */
function readersOfLayer(run: RunModel, modules: string, dockerfile: DockerfileModel, context: BuildContext | undefined, mountedByFixes: Set<RunModel>): ReturnType<Data['followers']> {
  const line = run.instruction.getRange().start.line;
  // Each reader that gets the mount leaves no modules in its layer either: the ones after it may read only from it.
  const mounted = new Set([run, ...mountedByFixes]);
  const readers = dockerfile.stages
    .filter((stage) => lineage(stage).includes(run.stage))
    .flatMap((stage) => stage.runs)
    // A reader with a finding of its own gets the mount here too: fixed alone, this RUN would change that finding
    // into "downloads them all again"; in "fix all" its own fix, at the same place, then waits and finds it done.
    .filter((later) => later !== run && (later.stage !== run.stage || later.instruction.getRange().start.line > line))
    .filter((later) => (context ? context.goCommandsOf(later) : later.go).some((g) => fetchesModules(g, context)))
    .filter((later) => !mountCovers(mountsOf(later, dockerfile), modules))
    .filter((later) => !earlierDownloads(later, modules, dockerfile, context, mounted).inLayer && mounted.add(later));
  // A reader that also lacks the build cache gets both mounts at once, in the order its own fix would write them.
  return readers.map((later) => {
    const at = later.instruction.getRange().start.line;
    const gos = context ? context.goCommandsOf(later) : later.go;
    const build = gos.filter((g) => COMPILES.has(g.sub)).map((g) => goCaches(g, later.stage, at)).find((c) => c.root && c.build !== undefined && !mountCovers(mountsOf(later, dockerfile), c.build))?.build;
    return { run: later, add: [modules, build].filter((t): t is string => t !== undefined).map((t) => `--mount=type=cache,target=${t}`) };
  });
}

/** `go install pkg@v1.2.3` and `go get` fetch modules whatever the main module vendors. */
function installsOtherModule(go: GoCommand): boolean {
  return (go.sub === 'install' || go.sub === 'run') && packageArgs(go).some((a) => hasVersion(a.value));
}

/** True when a go command fills the module cache (a vendored build reads vendor/ instead, a module without requirements needs none). */
function fetchesModules(go: GoCommand, context: BuildContext | undefined): boolean {
  if (!DOWNLOADS.has(go.sub)) return false;
  if (installsOtherModule(go) || go.sub === 'get') return true;
  // A go.mod without requirements has nothing to download.
  if (context?.goMod && context.goMod.requires.length === 0) return false;
  return !(COMPILES.has(go.sub) && buildsFromVendor(go, context));
}

/**
 * Where the modules of earlier RUNs (of the stage and the stages it builds on) went: into a layer (a RUN with
 * no mount on the module cache), or only into a cache mount (`mounted`: the first such RUN's line, 1-based).
 */
function earlierDownloads(run: RunModel, modules: string | undefined, dockerfile: DockerfileModel, context: BuildContext | undefined, except?: Set<RunModel>): { inLayer: boolean; mounted?: number } {
  const line = run.instruction.getRange().start.line;
  let mounted: number | undefined;
  for (const stage of lineage(run.stage)) {
    for (const earlier of stage.runs) {
      const at = earlier.instruction.getRange().start.line;
      if ((stage === run.stage && at >= line) || except?.has(earlier)) continue;
      if (!(context ? context.goCommandsOf(earlier) : earlier.go).some((g) => fetchesModules(g, context))) continue;
      if (modules === undefined || !mountCovers(mountsOf(earlier, dockerfile), modules)) return { inLayer: true };
      mounted ??= at + 1;
    }
  }
  return { inLayer: false, mounted };
}

/** The go commands themselves, or the `make`/script command that runs them. */
function rangeOf(run: RunModel, culprits: (GoCommand & { script?: string })[], dockerfile: DockerfileModel) {
  const direct = culprits.filter((g) => !g.script);
  if (direct.length > 0) return dockerfile.range(direct[0].command.start, direct.at(-1)!.command.end);
  const caller = scriptCaller(run, culprits[0].script!);
  return caller ? dockerfile.range(caller.start, caller.end) : run.instruction.getInstructionRange();
}
