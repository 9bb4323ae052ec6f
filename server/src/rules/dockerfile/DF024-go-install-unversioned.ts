/** DF024 — `go install github.com/x/tool` without `@version` fails outside a module, or when go.mod does not require the tool. */
import { defineRule } from '../../engine/rule';
import type { Word } from '../../model/shell';
import { hasVersion, insertAtWordEnd, isRemotePackage, modFlag, moduleState, packageArgs, requiredModule } from '../goBuild';

interface Data {
  word: Word;
  /** `@v1.2.3` from go.mod's requirement, or undefined when only `@latest` can be offered. */
  version?: string;
}

export default defineRule<Data>({
  id: 'DF024',
  name: 'go-install-unversioned',
  title: 'Give `go install` of a remote package an @version',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, context, report }) {
    const goMod = context?.goMod;
    for (const go of dockerfile.goCommands('install')) {
      const words = packageArgs(go).filter((a) => !hasVersion(a.value) && isRemotePackage(a.value, goMod));
      if (words.length === 0 || go.env.get('GO111MODULE') === 'off') continue;
      const state = moduleState(go.run, go, dockerfile);
      for (const word of words) {
        const required = requiredModule(goMod, word.value);
        let message: string;
        if (state === 'out') {
          message = `\`go install ${word.value}\` has no @version, and no go.mod is copied where it runs: the go command refuses it outside a module`;
        } else if (state === 'in' && goMod && !required && modFlag(go) !== 'mod') {
          message = `\`go install ${word.value}\` has no @version, and go.mod does not require its module: "no required module provides package ${word.value}"`;
        } else continue;
        report({ range: dockerfile.range(word.start, word.end), message, data: { word, version: required?.version } });
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const version = data.version ?? 'latest';
    return {
      title: data.version ? `Pin @${version} (go.mod)` : 'Install @latest',
      edits: [insertAtWordEnd(dockerfile, data.word, `@${version}`)],
      preferred: data.version !== undefined,
    };
  },
});
