/** DC006 — a binary debugged with `dlv exec` but built optimised: breakpoints are skipped and variables optimised away. */
import * as nodePath from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, type DockerfileContext, type Fix } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { Stage } from '../../model/types';
import {
  airCommands, findingRange, fixIn, goCommandOf, delveServers, innerQuote, serviceRun, stageChain, where,
  type CommandFile, type DelveCommand, type ServiceRun, type SourceCommand,
} from '../devLoop';
import { buildOutput, shippedBuilds, stageBuilds, workdirAt } from '../judge';

const posix = nodePath.posix;
const FLAGS = 'all=-N -l';

/** A go build that makes the debugged binary, and how to write a flag into it. */
interface BuildSite {
  go: GoCommand;
  file: CommandFile;
  /** `the go build on line 7 of the Dockerfile`, `.air.toml build.cmd`. */
  label: string;
  /** The quote to write `all=-N -l` in, so it fits the string the command sits in (none fits: no fix). */
  quote?: string;
  /** False when the build also makes the release image (a stage the final stage builds on or copies from). */
  preferred: boolean;
}

interface Data {
  fix: () => Fix | undefined;
}

/** What the `-gcflags` of a build do for debugging. */
function gcflags(go: GoCommand): 'none' | 'ok' | 'main-only' | 'optimised' {
  const flag = go.flags.get('gcflags');
  if (!flag) return 'none';
  const match = /^(?:([^\s=]+)=)?(.*)$/s.exec(flag.value.trim())!;
  const tokens = match[2].replace(/["']/g, '').split(/\s+/);
  if (!tokens.includes('-N') || !tokens.includes('-l')) return 'optimised';
  return match[1] === 'all' ? 'ok' : 'main-only';
}

/** The edit that gives a build `-gcflags="all=-N -l"`: after `build`, or in place of flags that fall short. */
function gcflagsEdit(site: BuildSite): TextEdit | undefined {
  const document = site.file.document;
  const flag = site.go.flags.get('gcflags');
  if (!site.quote) return undefined;
  const written = `-gcflags=${site.quote}${FLAGS}${site.quote}`;
  if (flag) {
    const range = { start: document.positionAt(flag.words[0].start), end: document.positionAt(flag.words.at(-1)!.end) };
    return { range, newText: written };
  }
  const build = site.go.command.argv.find((w) => w.value === 'build');
  if (!build) return undefined;
  const at = document.positionAt(build.end);
  return { range: { start: at, end: at }, newText: ` ${written}` };
}

function fromSource(command: SourceCommand, go: GoCommand, label: string): BuildSite {
  return { go, file: command.file, label, quote: innerQuote(command), preferred: true };
}

/** The go build that makes the binary `dlv exec` runs. */
function buildOf(ctx: { run: ServiceRun; dlv: DelveCommand; docker?: DockerfileContext }): BuildSite | 'air-default' | undefined {
  const { run, dlv } = ctx;
  const builds = (commands: SourceCommand[]) => commands.map((c) => ({ c, go: goCommandOf(c) })).filter((b) => b.go?.sub === 'build');
  // air builds with build.cmd (`go build -o ./tmp/main .` when it has none) and runs full_bin or bin.
  if (dlv.command.file.kind === 'air' && run.air) {
    const cmd = airCommands(run.air).filter((c) => c.label.endsWith('build.cmd'));
    if (cmd.length === 0) return run.air.entry('build', 'cmd') ? undefined : 'air-default';
    const found = builds(cmd).at(-1);
    return found && fromSource(found.c, found.go!, found.c.label);
  }
  // `sh -c "go build -o /tmp/app . && dlv exec /tmp/app …"`: the build just before, in the same command.
  const same = run.commands.filter((c) => c.file === dlv.command.file && c.label === dlv.command.label);
  const before = builds(same.slice(0, same.indexOf(dlv.command))).at(-1);
  if (before) return fromSource(before.c, before.go!, dlv.command.file.kind === 'compose' ? `\`${before.c.label}\`` : before.c.label);
  if (!ctx.docker || !run.stage || !run.dockerfile?.path) return undefined;
  return dockerfileBuild(ctx.docker, run.stage, posix.resolve(run.workdir, dlv.args[0]?.value ?? ''));
}

/** The go build of the Dockerfile that makes a binary of the stage: by its output path, else the only one there is. */
function dockerfileBuild(docker: DockerfileContext, stage: Stage, binary: string): BuildSite | undefined {
  const own = stageBuilds(docker, stage).filter((b) => !b.build.script && !b.run.execForm).map((b) => ({ ...b, output: buildOutput(b.build, b.run) }));
  const copied = shippedBuilds(docker, stage)
    .filter((s) => !s.build.script && !s.run.execForm)
    .map((s) => {
      const dest = s.copy.getArguments().at(-1)?.getValue() ?? '';
      const resolved = posix.resolve(workdirAt(stage, s.copy.getRange().start.line), dest);
      return { build: s.build, run: s.run, output: dest.endsWith('/') ? posix.join(resolved, posix.basename(binary)) : resolved };
    });
  const all = [...own, ...copied];
  // The last build of a path is the binary the stage keeps.
  const found = [...all].reverse().find((b) => b.output === binary || (b.output?.endsWith('/') && posix.join(b.output, posix.basename(binary)) === binary)) ?? (all.length === 1 ? all[0] : undefined);
  if (!found) return undefined;
  const dockerfile = docker.dockerfile;
  const text = dockerfile.document.getText();
  const runStart = dockerfile.document.offsetAt(found.run.instruction.getRange().start);
  const build = found.build.command.argv[0];
  // Inside `sh -c "…"` a double quote would end the script.
  const insideDouble = (text.slice(runStart, build.start).match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
  const final = dockerfile.finalStage;
  const release = final && final !== stage ? [...stageChain(final), ...shippedBuilds(docker, final).map((s) => s.builder)] : [];
  return {
    go: found.build,
    file: { kind: 'dockerfile', document: dockerfile.document, path: dockerfile.path },
    label: `the go build on line ${found.run.instruction.getRange().start.line + 1} of the Dockerfile`,
    quote: insideDouble ? "'" : '"',
    preferred: !release.includes(found.run.stage),
  };
}

export default defineRule<Data>({
  id: 'DC006',
  name: 'debug-build-flags',
  title: 'Build the debugged binary with -gcflags="all=-N -l"',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      const run = serviceRun(compose, service, workspace);
      const docker = run.dockerfile && { dockerfile: run.dockerfile, workspace, context: workspace.contextFor(run.dockerfile) };
      // `dlv debug` and `dlv test` build with the right flags themselves; `dlv attach` debugs whatever runs.
      for (const dlv of delveServers(run).filter((d) => d.sub === 'exec' && d.args.length > 0)) {
        const site = buildOf({ run, dlv, docker });
        if (!site) continue;
        const binary = dlv.args[0].value;
        const range = findingRange(compose, service, dlv.command);
        const head = `Service "${service.name}" debugs ${binary} with \`dlv exec\`${where(dlv.command)}`;
        if (site === 'air-default') {
          const air = run.air!;
          const header = air.headers.find((h) => h.name === 'build');
          report({
            range,
            message: `${head}, but air builds it with its default command \`go build -o ./tmp/main .\`, without -gcflags="${FLAGS}": breakpoints are skipped and variables are optimised away`,
            data: {
              fix: () => {
                if (!header || !air.path) return undefined;
                const at = air.document.positionAt(header.end);
                const edit = { range: { start: at, end: at }, newText: `\ncmd = "go build -gcflags='${FLAGS}' -o ./tmp/main ."` };
                return fixIn({ kind: 'air', document: air.document, path: air.path }, { title: `Set build.cmd with -gcflags="${FLAGS}"`, edits: [edit], preferred: true });
              },
            },
          });
          continue;
        }
        const state = gcflags(site.go);
        if (state === 'ok') continue;
        const written = site.go.flags.get('gcflags')?.value;
        const problem =
          state === 'none' ? `without -gcflags="${FLAGS}": breakpoints are skipped and variables are optimised away`
          : state === 'main-only' ? `with -gcflags="${written}", which turns optimisations off only in the packages it names: use "${FLAGS}" so breakpoints hold in every package`
          : `with -gcflags="${written}", which keeps optimisations and inlining on: breakpoints are skipped and variables are optimised away`;
        report({
          range,
          message: `${head}, but ${site.label} builds it ${problem}`,
          data: {
            fix: () => {
              const edit = gcflagsEdit(site);
              if (!edit) return undefined;
              const title = site.preferred ? `Build with -gcflags="${FLAGS}"` : `Build with -gcflags="${FLAGS}" (the release image shares this build)`;
              return fixIn(site.file, { title, edits: [edit], preferred: site.preferred });
            },
          },
        });
      }
    }
  },
  fix({ data }) {
    return data?.fix();
  },
});
