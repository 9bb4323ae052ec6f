/** DF009 — a release build without -trimpath and -ldflags=-s: the binary keeps build paths, its symbol table and DWARF data. */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { Word } from '../../model/shell';
import type { DockerfileModel, RunModel } from '../../model/types';
import { buildOutput, imageFamily, isDevImage, rootBase, shippedBuilds } from '../judge';
import { buildFlag, goflags, stageLabel, type Build } from '../goLinking';

interface Data {
  build: Build;
  run: RunModel;
  trimpath: boolean;
  /** The -ldflags words to add: `-s -w`, or `-s` when -w is there. */
  strip: string;
}

/** `-s` and `-w` in an -ldflags value; `-s` alone also drops DWARF on Linux (measured with Go 1.19 and 1.26). */
function stripFlags(ldflags: string): { s: boolean; w: boolean } {
  const words = ldflags.split(/\s+/);
  const on = (name: string) => words.some((w) => w === name || w === `${name}=true` || w === `${name}=1`);
  return { s: on('-s'), w: on('-w') };
}

export default defineRule<Data>({
  id: 'DF009',
  name: 'go-build-not-stripped',
  title: 'Build release binaries with -trimpath -ldflags="-s -w"',
  severity: 'info',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    const final = dockerfile.finalStage;
    if (!final || isDevImage(ctx) || ['golang', 'golang-alpine'].includes(imageFamily(rootBase(final)))) return;
    const seen = new Set<Build['command']>();
    for (const { build, run } of shippedBuilds(ctx)) {
      // A Makefile or script may assemble its flags in ways the model does not follow (`LDFLAGS += …`).
      if (build.script || seen.has(build.command)) continue;
      seen.add(build.command);
      // A debug build (-gcflags "all=-N -l") keeps its symbols for Delve on purpose.
      if (/-N\b/.test(buildFlag(build, 'gcflags') ?? '')) continue;
      const trimpath = (buildFlag(build, 'trimpath') ?? 'false') !== 'false';
      const { s, w } = stripFlags(buildFlag(build, 'ldflags') ?? '');
      if (trimpath && s) continue;
      const strip = s ? '' : w ? '-s' : '-s -w';
      const missing = [!trimpath && '-trimpath', strip && `-ldflags="${strip}"`].filter(Boolean).join(' and ');
      const keeps = [!trimpath && "the build machine's file paths", !s && (w ? 'its symbol table' : 'its symbol table and DWARF debug data')].filter(Boolean).join(' and ');
      const binary = buildOutput(build, run) ?? 'the binary';
      report({
        range: dockerfile.range(build.command.start, build.command.end),
        message: `${binary} (${stageLabel(run.stage)}) is built without ${missing}: the shipped binary keeps ${keeps}`,
        data: { build, run, trimpath, strip },
      });
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const { build } = data;
    const sub = build.command.argv.find((w, i) => i > 0 && w.value === build.sub);
    if (!sub) return undefined;
    const edits: TextEdit[] = [];
    let after = data.trimpath ? '' : ' -trimpath';
    if (data.strip) {
      const flag = build.flags.get('ldflags');
      if (flag) {
        const merge = mergeLdflags(dockerfile, flag.words, data.strip);
        if (!merge) return undefined;
        edits.push(merge);
      } else if (goflags(build).has('ldflags')) {
        // An -ldflags on the command line would replace the one in GOFLAGS.
        return undefined;
      } else after += ` -ldflags="${data.strip}"`;
    }
    if (after) {
      const at = dockerfile.document.positionAt(sub.end);
      edits.push({ range: { start: at, end: at }, newText: after });
    }
    return { title: `Add ${[!data.trimpath && '-trimpath', data.strip && `-ldflags "${data.strip}"`].filter(Boolean).join(' and ')}`, edits, preferred: true };
  },
});

/** Puts `-s -w ` at the front of an -ldflags value, keeping its quotes (`-ldflags="-X a=b"` → `-ldflags="-s -w -X a=b"`). */
function mergeLdflags(dockerfile: DockerfileModel, words: Word[], strip: string): TextEdit | undefined {
  const text = dockerfile.document.getText();
  const word = words.at(-1)!;
  let start = word.start;
  if (words.length === 1) {
    const eq = text.indexOf('=', word.start);
    if (eq < 0 || eq >= word.end) return undefined;
    start = eq + 1;
  }
  const value = text.slice(start, word.end);
  // A per-package pattern (`all=-X …`) or an empty value is left alone.
  if (/^["']?[^-\s"'][^=\s]*=/.test(value) || /^(""|'')?$/.test(value)) return undefined;
  const quoted = value[0] === '"' || value[0] === "'";
  const at = dockerfile.document.positionAt(quoted ? start + 1 : start);
  if (quoted || text[word.start] === '"' || text[word.start] === "'") return { range: { start: at, end: at }, newText: `${strip} ` };
  return { range: dockerfile.range(start, word.end), newText: `"${strip} ${value}"` };
}
