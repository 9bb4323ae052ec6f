/** DF022 — `COPY . .` with no .dockerignore entry for .git: the repository history enters the context and the layer's cache key. */
import type { Position } from 'vscode-languageserver-types';
import { defineRule, type DockerfileContext } from '../../engine/rule';
import { contextSources, excludesGit, gitInContext, ignoreFile, isExcluded, wholeContextCopies, type IgnoreFile } from '../contextIgnore';
import { buildFlag, withScriptExports, type Build } from '../goLinking';

interface Data {
  ignore: IgnoreFile;
  lines: string[];
}

/** Output folders of Go projects: `bin/` for built binaries, `tmp/` for air's rebuilds. */
const OUTPUT_DIRS = ['bin', 'tmp'];

/** True when the build needs the repository: `git` in a RUN or a script it runs, or `-buildvcs=true`. */
function buildUsesGit({ dockerfile, context }: DockerfileContext): boolean {
  for (const stage of dockerfile.stages) {
    for (const run of stage.runs) {
      if (run.commands.some((c) => /(^|\/)git$/.test(c.argv[0]?.value ?? ''))) return true;
      const builds: Build[] = context ? context.goCommandsOf(run).map((b) => withScriptExports(context, b)) : run.go;
      for (const go of builds) {
        if (['true', '1'].includes(buildFlag(go, 'buildvcs') ?? '')) return true;
        if (go.script && /\bgit\s+(describe|rev-parse|log|show|status)\b/.test(context?.file(go.script.replace(/^\.\//, '')) ?? '')) return true;
      }
    }
  }
  return false;
}

export default defineRule<Data>({
  id: 'DF022',
  name: 'git-in-build-context',
  title: 'Keep .git (and build output) out of the build context with .dockerignore',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    if (!context || !dockerfile.path) return;
    const copy = dockerfile.stages.flatMap(wholeContextCopies)[0];
    if (!copy || gitInContext(ctx) === false) return;
    const ignore = ignoreFile(ctx);
    if (!ignore || excludesGit(ignore.patterns) || buildUsesGit(ctx)) return;
    // A build that copies bin/ or tmp/ by name needs them in the context.
    const named = contextSources(dockerfile.stages).map((s) => s.replace(/^\.?\/+/, ''));
    const lines = ['.git', ...OUTPUT_DIRS.filter((d) => !isExcluded(ignore.patterns, `${d}/x`) && !named.some((s) => s === d || s.startsWith(`${d}/`))).map((d) => `${d}/`)];
    const source = copy.getArguments().find((a) => /^\.\/?$/.test(a.getValue()))!;
    const shownCopy = `${copy.getKeyword()} ${copy.getArguments().map((a) => a.getValue()).join(' ')}`;
    report({
      range: source.getRange(),
      message:
        ignore.text === undefined
          ? `${shownCopy} sends the whole build context and there is no .dockerignore: .git (the repository history) is sent with it and enters this layer's cache key, so every commit rebuilds from here`
          : `${shownCopy} sends the whole build context and ${ignore.shown} does not exclude .git: the repository history is sent with it and enters this layer's cache key, so every commit rebuilds from here`,
      data: { ignore, lines },
    });
  },
  fix({ data }) {
    if (!data) return undefined;
    const { ignore, lines } = data;
    const list = lines.join(', ');
    if (ignore.text === undefined) {
      return { title: `Create .dockerignore with ${list}`, edits: [], files: [{ path: ignore.path, create: lines.join('\n') + '\n' }], preferred: true };
    }
    const rows = ignore.text.split('\n');
    const end: Position = { line: rows.length - 1, character: rows.at(-1)!.length };
    const newText = (ignore.text === '' || ignore.text.endsWith('\n') ? '' : '\n') + lines.join('\n') + '\n';
    return { title: `Add ${list} to ${ignore.shown}`, edits: [], files: [{ path: ignore.path, edits: [{ range: { start: end, end }, newText }] }], preferred: true };
  },
});
