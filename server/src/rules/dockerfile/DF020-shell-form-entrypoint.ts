/** DF020 — a shell-form CMD/ENTRYPOINT runs under `/bin/sh -c`: no SIGTERM for the Go binary under dash, no start at all without a shell. */
import { Cmd, Shell, type Entrypoint } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import { isDevImage } from '../judge';
import { binShell, chainInstructions, command, commandText, execForm, execsLast, imageName, jsonArray, plainWords, type CommandText } from '../runtime';

interface Data {
  command: CommandText;
  keyword: 'CMD' | 'ENTRYPOINT';
  words?: string[];
  /** A CMD that a converted ENTRYPOINT would start passing as arguments. */
  cmdAlongside: boolean;
}

export default defineRule<Data>({
  id: 'DF020',
  name: 'shell-form-entrypoint',
  title: 'Write CMD and ENTRYPOINT in exec form (a JSON array)',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    const final = dockerfile.finalStage;
    if (!final || isDevImage(ctx)) return;
    // A SHELL instruction runs the shell form with another program; what it does with signals is unknown.
    if (chainInstructions(final).some((i) => i instanceof Shell)) return;
    const shell = binShell(final);
    const { cmd, entrypoint } = command(final);
    const entryText = entrypoint && commandText(dockerfile, entrypoint);
    const cmdText = cmd && commandText(dockerfile, cmd);
    const entryExec = entryText ? execForm(entryText) : undefined;
    const image = imageName(final);

    const judge = (instruction: Cmd | Entrypoint, text: CommandText): string | { message: string; error: true } | undefined => {
      const keyword = instruction instanceof Cmd ? 'CMD' : 'ENTRYPOINT';
      if (keyword === 'CMD' && entryExec && entryExec.length > 0) {
        return `CMD in shell form reaches ENTRYPOINT as the arguments \`/bin/sh -c ${JSON.stringify(text.text)}\`, not as \`${text.text}\``;
      }
      if (shell === 'none') {
        return { message: `${keyword} in shell form runs \`/bin/sh -c\`, and ${image} has no /bin/sh: the container cannot start`, error: true };
      }
      // Alpine's BusyBox sh replaces itself with the last command, so signals reach it there; dash never does.
      if (shell === 'dash' && !execsLast(dockerfile, text)) {
        return `${keyword} in shell form runs the program as a child of /bin/sh (dash in ${image}), which never passes on SIGTERM: \`docker stop\` waits 10 s, then kills it without a graceful shutdown`;
      }
      if (keyword === 'ENTRYPOINT' && cmd && entrypoint && final.instructions.includes(cmd)) {
        return 'ENTRYPOINT in shell form ignores CMD and the arguments of `docker run`';
      }
      return undefined;
    };

    const consider = (instruction: Cmd | Entrypoint | undefined, text: CommandText | undefined) => {
      if (!instruction || !text || execForm(text)) return;
      // A CMD behind a shell-form ENTRYPOINT is never run; the ENTRYPOINT is the problem.
      if (instruction instanceof Cmd && entryText && !entryExec) return;
      const keyword = instruction instanceof Cmd ? 'CMD' : 'ENTRYPOINT';
      const cmdAlongside = keyword === 'ENTRYPOINT' && cmd !== undefined;
      // `CMD ['/app']`: JSON has no single quotes, so Docker runs the text through the shell as `[/app]`.
      const singleQuoted = singleQuotedArray(text);
      if (singleQuoted) {
        report({
          range: dockerfile.range(text.start, text.end),
          message: `${keyword} ${text.text} is not a JSON array (JSON strings need double quotes): Docker runs it as a shell command, and the container fails at once`,
          severity: 'error',
          data: { command: text, keyword, words: singleQuoted, cmdAlongside },
        });
        return;
      }
      const verdict = judge(instruction, text);
      if (!verdict) return;
      report({
        range: dockerfile.range(text.start, text.end),
        message: typeof verdict === 'string' ? verdict : verdict.message,
        severity: typeof verdict === 'string' ? undefined : 'error',
        data: { command: text, keyword, words: plainWords(dockerfile, text)?.words, cmdAlongside },
      });
    };
    consider(entrypoint, entryText);
    consider(cmd, cmdText);
  },
  fix({ data }, { dockerfile }) {
    // `$VAR`, pipes, `&&`, redirections or globs need a shell: an array would pass them literally.
    if (!data?.words || data.words.length === 0) return undefined;
    const array = jsonArray(data.words);
    return {
      title: data.cmdAlongside ? `Use ${data.keyword} ${array} (CMD becomes its arguments)` : `Use ${data.keyword} ${array}`,
      edits: [{ range: dockerfile.range(data.command.start, data.command.end), newText: array }],
      preferred: !data.cmdAlongside,
    };
  },
});

/** The strings of `['/app', '--port', '8080']`, an array written with single quotes. */
function singleQuotedArray(text: CommandText): string[] | undefined {
  if (!/^\s*\[/.test(text.text) || text.text.includes('"')) return undefined;
  try {
    const value: unknown = JSON.parse(text.text.replace(/'/g, '"'));
    return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
