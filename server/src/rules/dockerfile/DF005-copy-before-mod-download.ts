/** DF005 — `COPY . .` before the module download puts every module download behind every source edit in the layer cache. */
import * as nodePath from 'node:path';
import { defineRule, type Severity } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { RunModel, Stage } from '../../model/types';
import { lineIndent } from '../edit';
import { buildsFromVendor, copyArgs, hasVersion, isWholeContext, lineage, localReplacements, mountCovers, mountsOf, namesGoMod, packageArgs, goCaches, type CopyArgs, type Mount } from '../goBuild';
import { workdirAt } from '../judge';

interface Data {
  stage: Stage;
  copy: CopyArgs;
  run: RunModel;
  /** The cache, secret and ssh mounts of the go command's RUN, repeated on the download. */
  mounts: string[];
}

/** The go subcommands that download the module's requirements when they are missing. */
const DOWNLOADS = new Set(['mod download', 'build', 'test', 'vet', 'install', 'run', 'list']);

export default defineRule<Data>({
  id: 'DF005',
  name: 'copy-before-mod-download',
  title: 'Copy go.mod and go.sum and download modules before copying the sources',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, context, report }) {
    const goMod = context?.goMod;
    // Nothing to download, or nothing Godock can reason about (a workspace spans several go.mod files).
    if (!context || !goMod || goMod.requires.length === 0 || context.file('go.work') !== undefined) return;
    for (const stage of dockerfile.stages) {
      // go.mod (or a module cache) reached the stage it builds on: that stage's layers already did the work.
      if (lineage(stage).slice(0, -1).some((s) => s.instructions.some((i) => bringsModules(copyArgs(i))))) continue;
      let wholeCopy: CopyArgs | undefined;
      for (const instruction of stage.instructions) {
        const copy = copyArgs(instruction);
        if (copy) {
          if (bringsModules(copy)) break;
          if (!wholeCopy && copy.from === undefined && copy.sources.some(isWholeContext)) wholeCopy = copy;
          continue;
        }
        const run = stage.runs.find((r) => r.instruction === instruction);
        if (!run) continue;
        const line = run.instruction.getRange().start.line;
        const mounts = mountsOf(run, dockerfile);
        // `RUN --mount=type=bind,source=go.mod,…` downloads without a COPY, as Docker's Go guide does.
        if (mounts.some((m) => m.type === 'bind' && m.from === undefined && m.source !== undefined && namesGoMod(m.source))) break;
        const go = context.goCommandsOf(run).find((g) => downloads(g));
        if (!go) continue;
        if (buildsFromVendor(go, context)) break;
        if (!wholeCopy) break;
        const modules = goCaches(go, stage, line).modules;
        const cacheMounts = mounts.filter((m) => m.type === 'cache');
        const cached = cacheMounts.some((m) => isModuleCache(m, modules));
        const severity: Severity | undefined = cached ? 'info' : undefined;
        const where = go.script ? ` in ${go.script}` : '';
        const what = `\`${copyText(wholeCopy)}\` copies the whole context before \`go ${go.sub}\`${where} (line ${line + 1}) downloads the modules`;
        report({
          range: wholeCopy.instruction.getRange(),
          message: cached
            ? `${what}: each source change runs the download again, from the cache mount on ${modules ?? 'the module cache'} when the builder still has it (a fresh CI builder does not)`
            : `${what}: each source change downloads every module again`,
          severity,
          data: { stage, copy: wholeCopy, run, mounts: mounts.filter((m) => m.type === 'secret' || m.type === 'ssh' || (m.type === 'cache' && isModuleCache(m, modules))).map((m) => m.text) },
        });
        break;
      }
    }
  },
  fix({ data }, { dockerfile, context }) {
    if (!data || !context?.goMod) return undefined;
    // `go mod download` needs the directories of local `replace` targets, which are not copied yet.
    if (localReplacements(context).length > 0) return undefined;
    const { copy } = data;
    if (copy.dest.includes('$')) return undefined;
    const instruction = copy.instruction;
    const start = instruction.getRange().start;
    const workdir = workdirAt(data.stage, start.line);
    const dir = nodePath.posix.resolve(workdir, copy.dest);
    const files = ['go.mod', ...(context.file('go.sum') !== undefined ? ['go.sum'] : [])];
    const chown = instruction.getFlags().filter((f) => f.getName() === 'chown' || f.getName() === 'chmod').map((f) => dockerfile.document.getText(f.getRange()) + ' ');
    const destination = dir === workdir ? './' : dir.endsWith('/') ? dir : `${dir}/`;
    const cd = dir === workdir ? '' : `cd ${dir} && `;
    const indent = lineIndent(dockerfile.document, start.line);
    const lines = [`COPY ${chown.join('')}${files.join(' ')} ${destination}`, `RUN ${data.mounts.map((m) => m + ' ').join('')}${cd}go mod download`];
    const at = { line: start.line, character: 0 };
    return {
      title: `Copy ${files.join(' and ')} and run \`go mod download\` first`,
      edits: [{ range: { start: at, end: at }, newText: lines.map((l) => indent + l + '\n').join('') }],
      preferred: true,
    };
  },
});

/** A COPY that brings go.mod or a module cache (`COPY --from=deps /go/pkg/mod …`): the download is already separate. */
function bringsModules(copy: CopyArgs | undefined): boolean {
  if (!copy) return false;
  if (copy.from !== undefined) return copy.sources.some((s) => /\/pkg\/mod\/?$/.test(s) || nodePath.posix.basename(s) === 'go.mod');
  return copy.sources.some(namesGoMod);
}

/** A cache mount that holds the module cache (or, when its path is unknown, one that looks like it). */
function isModuleCache(mount: Mount, modules: string | undefined): boolean {
  return modules !== undefined ? mountCovers([mount], modules) : /\/pkg\/mod(\/|$)/.test(mount.target ?? '');
}

function downloads(go: GoCommand): boolean {
  if (!DOWNLOADS.has(go.sub)) return false;
  // `go install pkg@version` builds another module, not this one.
  return !((go.sub === 'install' || go.sub === 'run') && packageArgs(go).some((a) => hasVersion(a.value)));
}

function copyText(copy: CopyArgs): string {
  return `${copy.keyword} ${[...copy.sources, copy.dest].join(' ')}`;
}
