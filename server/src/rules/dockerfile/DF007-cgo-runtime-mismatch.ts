/** DF007 — a cgo-linked binary copied into scratch, distroless-static or alpine: it cannot start (no matching libc loader). */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { ShellCommand } from '../../model/shell';
import type { DockerfileModel, RunModel, Stage } from '../../model/types';
import { buildOutput, libc, shippedBuilds } from '../judge';
import {
  cgoReason, cgoState, commandFor, scriptCall, imageLabel, installedPackages, linkage, linksNoC, linksStatically, pureGoTags, withScriptExports, type Build,
} from '../goLinking';

interface Data {
  build: Build;
  run: RunModel;
  /** The command to prefix with CGO_ENABLED=0: the go build itself, or the `make`/script call that runs it. */
  target?: ShellCommand;
}

function finalLabel(stage: Stage): string {
  return stage.base.scratch ? 'scratch' : imageLabel(stage);
}

export default defineRule<Data>({
  id: 'DF007',
  name: 'cgo-runtime-mismatch',
  title: 'Build with CGO_ENABLED=0 for a static binary',
  severity: 'error',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    const final = dockerfile.finalStage;
    if (!final) return;
    const runtime = libc(final);
    if (runtime !== 'none' && runtime !== 'musl') return;
    // gcompat / libc6-compat give alpine a glibc loader.
    if (runtime === 'musl' && ['gcompat', 'libc6-compat'].some((p) => installedPackages(final).has(p))) return;
    const seen = new Set<ShellCommand>();
    for (const shipped of shippedBuilds(ctx)) {
      const { run, copy } = shipped;
      const build = withScriptExports(context, shipped.build);
      if (seen.has(build.command)) continue;
      seen.add(build.command);
      const builderLibc = libc(run.stage);
      if (builderLibc !== 'glibc' && !(builderLibc === 'musl' && runtime === 'none')) continue;
      const cgo = cgoState(build, run);
      if (cgo.on !== true) continue;
      const link = linkage(context, build);
      if (linksNoC(link) || linksStatically(build, link) || pureGoTags(build, link)) continue;

      const binary = (build.script ? undefined : buildOutput(build, run)) ?? copy.getArguments()[0]?.getValue() ?? 'the binary';
      const builder = imageLabel(run.stage);
      const why = cgo.explicit ? 'CGO_ENABLED=1' : `on by default in ${builder}, which has gcc`;
      const certain = link.cgo !== undefined || link.stdCgo !== undefined;
      const libcName = builderLibc === 'glibc' ? 'glibc' : 'musl';
      const linked = certain
        ? `so it is linked dynamically against ${libcName}${link.stdCgo && !link.cgo ? ` (it imports ${link.stdCgo}, which links libc through cgo)` : ''}`
        : `so it is linked dynamically against ${libcName} as soon as it uses net, os/user or a cgo package`;
      const lacks = runtime === 'none' ? 'has no C library and no dynamic loader' : "has musl, not glibc's dynamic loader";
      const reason = cgoReason(link) ?? link.maybeCgoModule?.path;
      const needs = reason
        ? `; ${reason} needs cgo, so build on and ship a ${libcName} image instead (such as ${libcName === 'glibc' ? 'gcr.io/distroless/base-debian12' : 'alpine'}, see DF008)`
        : '';
      const shown = build.script ? (scriptCall(run, build.script) ?? run.commands[0]) : build.command;
      report({
        range: shown ? dockerfile.range(shown.start, shown.end) : run.instruction.getRange(),
        message: `${binary} is built with cgo (${why}), ${linked}; the final stage ${finalLabel(final)} ${lacks}, so the container fails to start with "no such file or directory"${needs}`,
        data: { build, run, target: reason ? undefined : commandFor(run, build, 'CGO_ENABLED') },
      });
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data?.target) return undefined;
    return { title: 'Build with CGO_ENABLED=0', edits: cgoOff(dockerfile, data.target), preferred: true };
  },
});

/** `CGO_ENABLED=0` in front of the command, or in place of its own `CGO_ENABLED=1`. */
function cgoOff(dockerfile: DockerfileModel, command: ShellCommand): TextEdit[] {
  const own = command.assignments.filter((a) => a.name === 'CGO_ENABLED').at(-1);
  if (own && own.word.end > own.word.start) return [{ range: dockerfile.range(own.word.start, own.word.end), newText: 'CGO_ENABLED=0' }];
  const at = dockerfile.document.positionAt(command.start);
  return [{ range: { start: at, end: at }, newText: 'CGO_ENABLED=0 ' }];
}
