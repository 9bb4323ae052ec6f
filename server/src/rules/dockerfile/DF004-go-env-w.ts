/** DF004 — `RUN go env -w` writes Go settings into $HOME/.config/go/env inside a layer; ENV keeps them visible. */
import { defineRule } from '../../engine/rule';
import type { RunModel } from '../../model/types';
import { ASSIGNMENT, type ShellCommand } from '../../model/shell';
import { envValue, lineIndent, removeCommands } from '../edit';

interface Data {
  run: RunModel;
  commands: ShellCommand[];
  pairs: [string, string][];
}

export default defineRule<Data>({
  id: 'DF004',
  name: 'go-env-w',
  title: 'Set Go settings with ENV, not `go env -w`',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        const writes = run.go.filter((go) => go.sub === 'env' && go.flags.has('w'));
        if (writes.length === 0) continue;
        const args = writes.flatMap((go) => go.args.map((arg) => ASSIGNMENT.exec(arg.value)));
        const pairs = args.flatMap((match): [string, string][] => (match ? [[match[1], match[2]]] : []));
        const names = pairs.map(([name]) => name).join(', ') || 'Go settings';
        report({
          range: dockerfile.range(writes[0].command.start, writes.at(-1)!.command.end),
          message: `\`go env -w\` writes ${names} into $HOME/.config/go/env inside an image layer, hidden from \`docker inspect\``,
          // An argument that is not NAME=value (an unclosed quote ran on into it) has no ENV to move to.
          data: { run, commands: writes.map((w) => w.command), pairs: args.every(Boolean) ? pairs : [] },
        });
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data || data.pairs.length === 0) return undefined;
    const values = data.pairs.map(([, value]) => envValue(value, dockerfile.escapeChar));
    // No ENV value holds a line break (a quoted one from a heredoc script): no fix rather than a broken line.
    if (values.some((v) => v === undefined)) return undefined;
    const env = `ENV ${data.pairs.map(([name], i) => `${name}=${values[i]}`).join(' ')}`;
    const instruction = data.run.instruction;
    const remaining = data.run.commands.filter((c) => !data.commands.includes(c));
    if (remaining.length === 0) {
      return { title: `Replace with ${env}`, edits: [{ range: instruction.getRange(), newText: env }], preferred: true };
    }
    const removal = removeCommands(dockerfile, data.run.commands, data.commands);
    if (!removal) return undefined;
    const start = instruction.getRange().start;
    const lineBreak = dockerfile.document.getText({ start, end: { line: start.line + 1, character: 0 } }).endsWith('\r\n') ? '\r\n' : '\n';
    // ENV is in effect from the start of the RUN: go commands before `go env -w` would change behaviour, so look first.
    const firstWrite = data.run.commands.indexOf(data.commands[0]);
    const goBefore = data.run.go.some((go) => go.sub !== 'env' && data.run.commands.indexOf(go.command) < firstWrite);
    return {
      title: `Move to ${env}`,
      edits: [
        { range: { start, end: start }, newText: `${env}${lineBreak}${lineIndent(dockerfile.document, start.line)}` },
        ...removal,
      ],
      preferred: !goBefore,
    };
  },
});
