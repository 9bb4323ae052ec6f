/** DF023 — go build stamps VCS information from a copied .git in a stage without git: the build fails. */
import { defineRule } from '../../engine/rule';
import type { RunModel, Stage } from '../../model/types';
import { excludesGit, gitInContext, ignoreFile, wholeContextCopies } from '../contextIgnore';
import { golangTag } from '../golang';
import { imageFamily, rootBase } from '../judge';
import { buildFlag, buildsLocalCode, imageLabel, insertAfterFrom, installedPackages, stageChain, withScriptExports, type Build } from '../goLinking';

interface Data {
  build: Build;
  run: RunModel;
  /** `-buildvcs=true` was asked for: install git rather than turn the stamp off. */
  explicit: boolean;
}

/** False when the stage surely has no git: the golang Debian images have it, alpine, Debian and distroless do not. */
function hasGit(stage: Stage, line: number): boolean | undefined {
  const family = imageFamily(rootBase(stage));
  if (family === 'golang' || installedPackages(stage, line).has('git')) return true;
  return ['golang-alpine', 'alpine', 'debian', 'distroless', 'distroless-base', 'distroless-static', 'scratch'].includes(family) ? false : undefined;
}

/** Go 1.18.0 and 1.18.1 stamped by default and failed without git; 1.18.2 and later skip the stamp (-buildvcs=auto). */
const STRICT_GO = new Set(['1.18.0', '1.18.1']);

export default defineRule<Data>({
  id: 'DF023',
  name: 'vcs-stamp-without-git',
  title: 'Build with -buildvcs=false (or install git) where .git is copied but git is missing',
  severity: 'error',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    if (!context || gitInContext(ctx) === false) return;
    const ignore = ignoreFile(ctx);
    if (!ignore || excludesGit(ignore.patterns)) return;
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        const line = run.instruction.getRange().start.line;
        const copied = stageChain(stage).some((s) => wholeContextCopies(s).some((c) => s !== stage || c.getRange().start.line < line));
        if (!copied || hasGit(stage, line) !== false) continue;
        for (const build of context.goCommandsOf(run).map((b) => withScriptExports(context, b))) {
          if ((build.sub !== 'build' && build.sub !== 'install') || !buildsLocalCode(build)) continue;
          const flag = buildFlag(build, 'buildvcs');
          const explicit = flag !== undefined && ['true', '1', 't', 'T', 'TRUE', 'True'].includes(flag);
          const base = rootBase(stage);
          const version = base.repository === 'golang' ? golangTag(base.tag).version : undefined;
          if (!explicit && (flag !== undefined || !version || !STRICT_GO.has(version))) continue;
          const why = explicit ? '-buildvcs=true makes go stamp VCS information' : `Go ${version} stamps VCS information by default`;
          const shown = build.script ? run.commands.find((c) => c.argv.length > 0) : build.command;
          report({
            range: shown ? dockerfile.range(shown.start, shown.end) : run.instruction.getRange(),
            message: `${why}, but ${imageLabel(stage)} has no git while .git is copied into the stage: the build fails with "error obtaining VCS status: exec: "git": executable file not found in $PATH"`,
            data: { build, run, explicit },
          });
        }
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const { build, run, explicit } = data;
    if (explicit) {
      if (!['golang-alpine', 'alpine'].includes(imageFamily(rootBase(run.stage)))) return undefined;
      return { title: 'Install git before the build', edits: [insertAfterFrom(run.stage, 'RUN apk add --no-cache git')], preferred: true };
    }
    const sub = build.script ? undefined : build.command.argv.find((w, i) => i > 0 && w.value === build.sub);
    if (!sub) return undefined;
    const at = dockerfile.document.positionAt(sub.end);
    return { title: 'Build with -buildvcs=false', edits: [{ range: { start: at, end: at }, newText: ' -buildvcs=false' }], preferred: true };
  },
});
