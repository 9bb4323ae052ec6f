/** DF021 — a HEALTHCHECK that needs curl, wget or a shell in an image without them fails every time: the container is always unhealthy. */
import * as nodePath from 'node:path';
import { Add, Copy } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { hasNoShell } from '../judge';
import { chainInstructions, commandText, execForm, healthcheck, imageName, jsonArray, plainWords, type CommandText } from '../runtime';

/** Programs a health check typically calls that scratch and distroless (without `:debug`) do not have. */
const TOOLS = new Set(['curl', 'wget', 'sh', 'bash', 'ash', 'dash', 'nc', 'netcat', 'busybox']);

interface Data {
  command: CommandText;
  /** The words of a shell-form check that runs no missing tool: its exec form works as is. */
  words?: string[];
}

export default defineRule<Data>({
  id: 'DF021',
  name: 'healthcheck-needs-tools',
  title: 'Check health with the binary itself, in exec form',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    const final = dockerfile.finalStage;
    if (!final || !hasNoShell(final)) return;
    const check = healthcheck(final);
    const text = check && commandText(dockerfile, check);
    if (!text) return;
    const exec = execForm(text);
    const plain = exec ? undefined : plainWords(dockerfile, text);
    const program = exec ? exec[0] : plain?.words[0] ?? firstWord(text.text);
    const image = imageName(final);
    const tool = program !== undefined && TOOLS.has(nodePath.posix.basename(program)) && !copiedIn(final, nodePath.posix.basename(program)) ? nodePath.posix.basename(program) : undefined;
    const needs = [...(exec || copiedIn(final, 'sh') ? [] : ['/bin/sh']), ...(tool ? [tool] : [])];
    if (needs.length === 0) return;
    const what = needs.map((n) => `\`${n}\``).join(' and ');
    report({
      range: dockerfile.range(text.start, text.end),
      message: `HEALTHCHECK needs ${what}, which ${image} does not have: the check always fails and the container is reported unhealthy`,
      data: { command: text, words: !exec && !tool && plain ? plain.words : undefined },
    });
  },
  fix({ data }, { dockerfile }) {
    // curl or wget cannot be fixed by a rewrite; the binary needs a health subcommand (see the docs).
    if (!data?.words) return undefined;
    const array = jsonArray(data.words);
    return { title: `Use HEALTHCHECK CMD ${array}`, edits: [{ range: dockerfile.range(data.command.start, data.command.end), newText: array }], preferred: true };
  },
});

function firstWord(text: string): string | undefined {
  return /^\s*([^\s;&|]+)/.exec(text)?.[1]?.replace(/^["']|["']$/g, '');
}

/** True when the stage copies a file of that name in (a static curl, BusyBox), so the check can run it. */
function copiedIn(stage: Stage, name: string): boolean {
  return chainInstructions(stage).some(
    (i) => (i instanceof Copy || i instanceof Add) && i.getArguments().some((a) => nodePath.posix.basename(a.getValue().replace(/\/$/, '')) === name),
  );
}
