/** DF025 — `go get` to install a tool: it installs nothing since Go 1.18, and fails outside a module or in GOPATH mode. */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { Word } from '../../model/shell';
import type { DockerfileModel } from '../../model/types';
import { insertAtWordEnd, isRemotePackage, moduleState, packageArgs, requiredModule } from '../goBuild';

interface Data {
  go: GoCommand;
  /** The version to install: from the argument's `@`, else go.mod's requirement; undefined means `@latest`. */
  version?: string;
}

/** `go get` flags that `go install` does not take (or that only meant something to `go get`). */
const GET_ONLY_FLAGS = new Set(['u', 'd', 't', 'f', 'fix', 'insecure']);

export default defineRule<Data>({
  id: 'DF025',
  name: 'go-get-for-tools',
  title: 'Install tools with `go install pkg@version`, not `go get`',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, context, report }) {
    const goMod = context?.goMod;
    for (const go of dockerfile.goCommands('get')) {
      const packages = packageArgs(go).filter((a) => isRemotePackage(a.value, goMod));
      if (packages.length === 0) continue;
      const shown = `go get ${packages.map((p) => p.value).join(' ')}`;
      let message: string;
      if (go.env.get('GO111MODULE') === 'off') {
        message = `\`${shown}\` runs in GOPATH mode (GO111MODULE=off), where \`go get\` is no longer supported since Go 1.22`;
      } else if (moduleState(go.run, go, dockerfile) === 'out') {
        message = `\`${shown}\` runs where no go.mod is copied: outside a module \`go get\` fails since Go 1.18 ("'go get' is no longer supported outside a module")`;
      } else if (packages.some((p) => isCommandPath(p.value))) {
        message = `\`${shown}\` only records the module in go.mod since Go 1.18: the command is not built or installed`;
      } else continue;
      const [word] = packages;
      const at = word.value.indexOf('@');
      const version = at >= 0 ? word.value.slice(at + 1) : requiredModule(goMod, word.value)?.version;
      report({ range: dockerfile.range(go.command.start, go.command.end), message, data: { go, version } });
    }
  },
  fix({ data }, { dockerfile, context }) {
    if (!data) return undefined;
    const { go } = data;
    const packages = packageArgs(go);
    // `go install pkg@version` takes packages of one module at one version: one package keeps this simple.
    if (packages.length !== 1 || !isRemotePackage(packages[0].value, context?.goMod)) return undefined;
    const [pkg] = packages;
    // `go get -d lib` fetched source, it did not install: only a command path is safe to turn into an install.
    if (go.flags.has('d') && !isCommandPath(pkg.value)) return undefined;
    const gopath = go.command.assignments.find((a) => a.name === 'GO111MODULE');
    if (go.env.get('GO111MODULE') === 'off' && !gopath) return undefined;
    const sub = go.command.argv[1];
    if (sub?.value !== 'get') return undefined;

    const words = [...go.command.assignments.map((a) => a.word), ...go.command.argv];
    const edits: TextEdit[] = [{ range: dockerfile.range(sub.start, sub.end), newText: 'install' }];
    const removed = [...go.flags.values()].filter((f) => GET_ONLY_FLAGS.has(f.name)).flatMap((f) => f.words);
    if (gopath) removed.push(gopath.word);
    for (const word of removed) edits.push(removeWord(dockerfile, words, word));
    if (!pkg.value.includes('@')) edits.push(insertAtWordEnd(dockerfile, pkg, `@${data.version ?? 'latest'}`));
    const target = `${pkg.value.replace(/@.*$/, '')}@${data.version ?? 'latest'}`;
    return { title: `Use go install ${target}`, edits, preferred: data.version !== undefined };
  },
});

/** A path with a `cmd` element (`…/cmd/mockgen`): a command, by Go's convention. */
function isCommandPath(pkg: string): boolean {
  return /(^|\/)cmd(\/|$)/.test(pkg.replace(/@.*$/, ''));
}

/** Deletes a word with the blanks before it (after it, when it comes first), keeping line continuations elsewhere. */
function removeWord(dockerfile: DockerfileModel, words: Word[], word: Word): TextEdit {
  const previous = words.filter((w) => w.end <= word.start).at(-1);
  if (previous) return { range: dockerfile.range(previous.end, word.end), newText: '' };
  const next = words.find((w) => w.start >= word.end);
  return { range: dockerfile.range(word.start, next ? next.start : word.end), newText: '' };
}
