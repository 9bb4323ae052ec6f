/** DF026 — `go mod tidy`/`go mod init` in the image build writes a go.mod/go.sum the repository never saw: the image is not reproducible. */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { ShellCommand } from '../../model/shell';
import type { RunModel } from '../../model/types';
import { removeCommands } from '../edit';
import { scriptCaller } from '../goBuild';
import { isDevImage } from '../judge';

interface Data {
  run: RunModel;
  /** The `go mod tidy` commands of the RUN itself (those in a Makefile or script cannot be fixed here). */
  tidy: ShellCommand[];
}

export default defineRule<Data>({
  id: 'DF026',
  name: 'go-mod-tidy-in-build',
  title: 'Run `go mod tidy` and `go mod init` in the repository, not in the image build',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    if (isDevImage(ctx)) return;
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        const gos: (GoCommand & { script?: string })[] = context ? context.goCommandsOf(run) : run.go;
        const inits = gos.filter((g) => g.sub === 'mod init');
        // After `go mod init` in the same RUN, tidy is what fills the new go.mod: the init finding says it all.
        const found = inits.length > 0 ? inits : gos.filter((g) => g.sub === 'mod tidy' && !g.flags.has('diff'));
        if (found.length === 0) continue;
        // `go mod tidy && git diff --exit-code go.mod go.sum` checks the repository's files instead of replacing them.
        if (run.commands.some((c) => c.argv[0]?.value === 'git' && c.argv[1]?.value === 'diff' && c.argv.some((w) => w.value === '--exit-code' || w.value === '--quiet'))) continue;
        // Every tidy of the RUN goes in one fix: removing one (`go mod tidy || go mod tidy`) leaves the other.
        const tidyHere = found.filter((g) => g.sub === 'mod tidy' && !g.script).map((g) => g.command);
        for (const go of found) {
          const init = go.sub === 'mod init';
          const where = go.script ? ` (in ${go.script})` : '';
          const caller = go.script ? scriptCaller(run, go.script) : go.command;
          const range = caller ? dockerfile.range(caller.start, caller.end) : run.instruction.getInstructionRange();
          report({
            range,
            message: init
              ? `\`go mod init\`${where} creates go.mod inside the build: the module's requirements are resolved at build time instead of pinned by a go.mod and go.sum in the repository`
              : `\`go mod tidy\`${where} rewrites go.mod and go.sum inside the build: the image can build with module versions the repository never recorded`,
            data: { run, tidy: !init && !go.script ? tidyHere : [] },
          });
        }
      }
    }
  },
  fix({ data }, { dockerfile, context }) {
    if (!data || data.tidy.length === 0) return undefined;
    const { run } = data;
    const commands = run.commands;
    const tidy = commands.filter((c) => data.tidy.includes(c));
    let edits: TextEdit[] | undefined;
    if (tidy.length === commands.length) {
      // The RUN does nothing else: the whole instruction goes, with its line break.
      const range = run.instruction.getRange();
      edits = [{ range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' }];
    } else {
      edits = removeCommands(dockerfile, commands, tidy);
      if (!edits) return undefined;
    }
    // Without go.sum in the repository the build leaned on tidy to write it: removing it then breaks the build.
    const safe = context?.file('go.sum') !== undefined || context?.goMod?.requires.length === 0;
    return { title: 'Remove `go mod tidy` from the build', edits, preferred: safe };
  },
});
