/** DF027 — `-gcflags "all=-N -l"`, Delve or air in a release image: a slower binary built for a debugger, or debug tools shipped to production. */
import * as nodePath from 'node:path';
import { Copy, type Cmd, type Entrypoint } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import { parseGoCommand, type GoCommand, type GoFlag } from '../../model/goCommand';
import { quoteIfNeeded, type Word } from '../../model/shell';
import type { Range, RunModel } from '../../model/types';
import { isDevImage, shippedBuilds, stageBuilds } from '../judge';
import { chainInstructions, command, commandText, execForm, plainWords, removeWords, stageChain } from '../runtime';

interface Data {
  /**
   * The -gcflags flags to clean up, first to last, each with what remains of its value (empty: remove the flag)
   * and the index of its first word in the command's words.
   */
  gcflags?: { flag: GoFlag; rest: string; index: number }[];
}

const DELVE = /^github\.com\/go-delve\/delve\/cmd\/dlv(@|$)/;
const AIR = /^github\.com\/(air-verse|cosmtrek)\/air(@|$)/;

/** The `-N` (no optimizations) and `-l` (no inlining) of a -gcflags value, and the rest of it. */
function debugGcflags(value: string): { found: string[]; rest: string } | undefined {
  const pattern = /^([^-\s=][^\s=]*=)?(.*)$/s.exec(value.trim())!;
  const words = pattern[2].split(/\s+/).filter(Boolean);
  const found = words.filter((w) => w === '-N' || w === '-l');
  if (found.length === 0) return undefined;
  const rest = words.filter((w) => w !== '-N' && w !== '-l');
  return { found: [...new Set(found)], rest: rest.length ? (pattern[1] ?? '') + rest.join(' ') : '' };
}

/** Every -gcflags of a go command, first to last: the last one applies, and removing it uncovers the one before. */
function everyGcflags(build: GoCommand): GoFlag[] {
  const all: GoFlag[] = [];
  let argv = build.command.argv;
  for (let flag = build.flags.get('gcflags'); flag; flag = parseGoCommand({ ...build.command, argv }, build.env)?.flags.get('gcflags')) {
    all.unshift(flag);
    const words = flag.words;
    argv = argv.filter((w) => !words.includes(w));
  }
  return all;
}

export default defineRule<Data>({
  id: 'DF027',
  name: 'debug-build-in-release-image',
  title: 'Build and ship the release image without debug flags and tools',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    const final = dockerfile.finalStage;
    // A dev image, or a final stage named for debugging (`FROM build AS debug`), is meant to have them.
    if (!final || isDevImage(ctx) || /dev|debug/.test(final.name ?? '')) return;

    const builds = new Map<string, { build: GoCommand & { script?: string }; run: RunModel }>();
    for (const b of [...shippedBuilds(ctx), ...stageBuilds(ctx, final)]) builds.set(`${b.run.instruction.getRange().start.line}:${b.build.script ?? ''}:${b.build.command.start}`, b);
    for (const { build, run } of builds.values()) {
      const gcflags = build.flags.get('gcflags');
      const fromFlag = gcflags && debugGcflags(gcflags.value);
      const fromEnv = !gcflags ? debugGcflags(/(?:^|\s)--?gcflags=(\S+)/.exec(build.env.get('GOFLAGS') ?? '')?.[1] ?? '') : undefined;
      const debug = fromFlag ?? fromEnv;
      if (!debug) continue;
      const range: Range = build.script || !fromFlag ? run.instruction.getRange() : dockerfile.range(gcflags!.words[0].start, gcflags!.words.at(-1)!.end);
      const what = debug.found.map((f) => (f === '-N' ? '-N (no optimizations)' : '-l (no inlining)')).join(' and ');
      const where = build.script ? ` in ${build.script}` : fromEnv ? ' through GOFLAGS' : '';
      const cleanUp = fromFlag && !build.script
        ? everyGcflags(build).flatMap((flag) => {
          const rest = debugGcflags(flag.value)?.rest;
          return rest === undefined ? [] : [{ flag, rest, index: build.command.argv.indexOf(flag.words[0]) }];
        })
        : undefined;
      report({
        range,
        message: `The binary this release image ships is built with ${what}${where}, for a debugger: it runs slower than a normal build`,
        data: cleanUp ? { gcflags: cleanUp } : {},
      });
    }

    for (const stage of stageChain(final)) {
      for (const run of stage.runs) {
        for (const go of run.go) {
          if (go.sub !== 'install' && go.sub !== 'get') continue;
          const tool = go.args.find((a) => DELVE.test(a.value) || AIR.test(a.value));
          if (!tool) continue;
          const name = DELVE.test(tool.value) ? 'the Delve debugger (dlv)' : 'the air live-reloader';
          report({ range: dockerfile.range(go.command.start, go.command.end), message: `\`go ${go.sub}\` puts ${name} in the release image`, data: {} });
        }
      }
    }
    for (const copy of chainInstructions(final)) {
      if (!(copy instanceof Copy) || !copy.getFromFlag()) continue;
      const dlv = copy.getArguments().slice(0, -1).find((a) => nodePath.posix.basename(a.getValue()) === 'dlv');
      if (dlv) report({ range: dlv.getRange(), message: 'The Delve debugger (dlv) is copied into the release image', data: {} });
    }
    const { cmd, entrypoint } = command(final);
    for (const instruction of [entrypoint, cmd] as (Cmd | Entrypoint | undefined)[]) {
      const text = instruction && commandText(dockerfile, instruction);
      if (!text) continue;
      const program = execForm(text)?.[0] ?? plainWords(dockerfile, text)?.words[0];
      if (!program) continue;
      const base = nodePath.posix.basename(program);
      const keyword = instruction!.getKeyword().toUpperCase();
      if (base === 'dlv') report({ range: dockerfile.range(text.start, text.end), message: `${keyword} starts the service under the Delve debugger (dlv) in the release image`, data: {} });
      else if (base === 'air' && (program === 'air' || program.startsWith('/go/bin/'))) {
        report({ range: dockerfile.range(text.start, text.end), message: `${keyword} runs air, which rebuilds from source on changes, in the release image`, data: {} });
      }
    }
  },
  fix({ data }, { dockerfile }) {
    const gcflags = data?.gcflags;
    if (!gcflags || gcflags.some(({ flag }) => flag.value.includes('$'))) return undefined;
    const edits: TextEdit[] = [];
    let removed: Word[] = [];
    for (const [i, { flag, rest, index }] of gcflags.entries()) {
      if (rest === '') {
        removed.push(...flag.words);
        // Flags removed side by side go in one edit: two would overlap where each takes a line continuation with it.
        const next = gcflags[i + 1];
        if (next?.rest === '' && next.index === index + flag.words.length) continue;
        edits.push(removeWords(dockerfile, removed));
        removed = [];
      } else if (flag.words.length === 2) edits.push({ range: dockerfile.range(flag.words[1].start, flag.words[1].end), newText: quoteIfNeeded(rest) });
      else edits.push({ range: dockerfile.range(flag.words[0].start, flag.words[0].end), newText: quoteIfNeeded(`${/^-+/.exec(flag.words[0].value)![0]}gcflags=${rest}`) });
    }
    // The last -gcflags kept is the one the go command applies.
    const kept = gcflags.map(({ rest }) => rest).filter(Boolean).at(-1);
    return { title: kept === undefined ? 'Remove -gcflags' : `Keep -gcflags ${kept}`, edits, preferred: false };
  },
});
