/** DC008 — a bind mount over the folder where the image put its binary: the binary is gone and the container exits. */
import * as nodePath from 'node:path';
import { Add, Copy } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { mountCovering, parseDelve, serviceRun, stageChain, type ServiceRun, type SourceCommand } from '../devLoop';
import { buildOutput, workdirAt } from '../judge';

const posix = nodePath.posix;

/** The command whose first word Docker executes: entrypoint first (the service's, else the image's), then command. */
function executed(run: ServiceRun): SourceCommand | undefined {
  const from = (label: string) => run.commands.find((c) => c.label === label);
  return from('entrypoint') ?? from("the Dockerfile's ENTRYPOINT") ?? from('command') ?? from("the Dockerfile's CMD");
}

/** The files a stage (and the stages it builds on) writes itself: go build outputs and COPY/ADD destinations. */
function imageFiles(stage: Stage): { path: string; how: string }[] {
  const files: { path: string; how: string }[] = [];
  for (const s of stageChain(stage)) {
    for (const run of s.runs) {
      for (const go of run.go.filter((g) => g.sub === 'build')) {
        const output = buildOutput(go, run);
        if (output) files.push({ path: output, how: `go build in the Dockerfile, line ${run.instruction.getRange().start.line + 1}` });
      }
    }
    for (const instruction of s.instructions) {
      if (!(instruction instanceof Copy || instruction instanceof Add)) continue;
      const args = instruction.getArguments().map((a) => a.getValue());
      if (args.length < 2 || args.some((a) => a.startsWith('<<') || a.includes('$'))) continue;
      const dest = posix.resolve(workdirAt(s, instruction.getRange().start.line), args.at(-1)!);
      const line = instruction.getRange().start.line + 1;
      const how = `${instruction.getKeyword()} in the Dockerfile, line ${line}`;
      if (args.at(-1)!.endsWith('/') || args.length > 2) for (const source of args.slice(0, -1)) files.push({ path: posix.join(dest, posix.basename(source)), how });
      else files.push({ path: dest, how });
    }
  }
  return files;
}

export default defineRule({
  id: 'DC008',
  name: 'source-mount-hides-binary',
  title: 'Mount the source elsewhere, or run a target that builds at start',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      if (!service.volumes.some((v) => v.type === 'bind')) continue;
      const run = serviceRun(compose, service, workspace);
      const command = run.stage && executed(run);
      if (!command || !run.stage) continue;
      const dlv = parseDelve(command);
      const program = dlv?.sub === 'exec' ? dlv.args[0]?.value : command.words[0]?.value;
      // A bare name is looked up in PATH; a variable is not known until run time.
      if (!program || !program.includes('/') || program.includes('$')) continue;
      const binary = posix.resolve(run.workdir, program);
      // The last write of a path is what the image holds there.
      const built = imageFiles(run.stage).reverse().find((f) => f.path === binary);
      const mount = built && mountCovering(service.volumes, binary, ['bind']);
      if (!built || !mount) continue;
      report({
        range: compose.rangeOf(mount.node),
        message: `The bind mount ${mount.source}:${mount.target} of service "${service.name}" covers ${binary}, the binary its image puts there (${built.how}): the container sees the host folder instead and exits with "${binary}: no such file or directory"`,
      });
    }
  },
});
