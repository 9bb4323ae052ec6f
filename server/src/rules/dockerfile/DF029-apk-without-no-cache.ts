/** DF029 — `apk add` without `--no-cache` leaves Alpine's package indexes in /var/cache/apk, a layer nobody uses again. */
import { defineRule } from '../../engine/rule';
import type { ShellCommand } from '../../model/shell';
import type { RunModel } from '../../model/types';
import { removeCommands } from '../edit';

interface Data {
  run: RunModel;
  command: ShellCommand;
  /** For `apk add`: where the `add` word ends, `--no-cache` goes after it. Absent for `apk update`. */
  addEnd?: number;
}

/** `apk [global options] <applet> …`: the applet and where its word ends. */
function applet(command: ShellCommand): { name: string; end: number } | undefined {
  const [program, ...rest] = command.argv;
  if (!program || !/^(\/sbin\/)?apk$/.test(program.value)) return undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (word.value.startsWith('-')) {
      // Global options that take a value in the next word (`apk -X <repo> add …`).
      if (/^(-X|--repository|-p|--root|--keys-dir|--repositories-file|--cache-dir|--arch)$/.test(word.value)) i++;
      continue;
    }
    return { name: word.value, end: word.end };
  }
  return undefined;
}

const hasNoCache = (command: ShellCommand) => command.argv.some((w) => w.value === '--no-cache');

/** `rm -rf /var/cache/apk/*` (or the folder itself) removes what the adds left. */
const clearsCache = (command: ShellCommand) =>
  command.argv[0]?.value === 'rm' && command.argv.slice(1).some((w) => /^\/var\/cache\/apk(\/\*?)?$/.test(w.value));

/** A cache mount on /var/cache/apk keeps the indexes out of the layer (the BuildKit way to reuse them). */
const cacheMounted = (run: RunModel) => run.flags.some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && /target=\/var\/cache\/apk\/?(,|$)/.test(f.getValue() ?? ''));

export default defineRule<Data>({
  id: 'DF029',
  name: 'apk-without-no-cache',
  title: 'Use `apk add --no-cache`',
  severity: 'info',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        if (cacheMounted(run) || run.commands.some(clearsCache)) continue;
        for (const command of run.commands) {
          const sub = applet(command);
          if (sub?.name === 'update') {
            report({ range: dockerfile.range(command.start, command.end), message: '`apk update` leaves the package indexes in /var/cache/apk in this layer', data: { run, command } });
          }
          if (sub?.name !== 'add' || hasNoCache(command)) continue;
          const packages = command.argv.filter((w, i) => w.start > sub.end && !w.value.startsWith('-') && !/^(-t|--virtual|-X|--repository)$/.test(command.argv[i - 1].value)).map((w) => w.value);
          const shown = packages.length > 3 ? `${packages.slice(0, 3).join(' ')} …` : packages.join(' ');
          report({
            range: dockerfile.range(command.start, command.end),
            message: `\`apk add${shown ? ` ${shown}` : ''}\` without --no-cache leaves the package indexes in /var/cache/apk in this layer`,
            data: { run, command, addEnd: sub.end },
          });
        }
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    if (data.addEnd !== undefined) {
      return { title: 'Add --no-cache', edits: [{ range: dockerfile.range(data.addEnd, data.addEnd), newText: ' --no-cache' }], preferred: true };
    }
    // `apk update` is useless once every other apk command of the RUN fetches its own index (--no-cache):
    // those that lack it are adds, which get it from their own fix.
    const apk = data.run.commands.filter((c) => applet(c) !== undefined && c !== data.command);
    if (data.command.argv.length !== 2 || apk.length === 0 || !apk.every((c) => hasNoCache(c) || applet(c)?.name === 'add')) return undefined;
    const removal = removeCommands(dockerfile, data.run.commands, [data.command]);
    return removal && { title: 'Remove `apk update` (apk add --no-cache fetches the index itself)', edits: removal, preferred: true };
  },
});
