/** DF003 — the final stage runs on the golang image: it ships the toolchain, the module cache and the source. */
import { Cmd, Entrypoint } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { Stage } from '../../model/types';
import { conversionFix } from '../../refactors';
import { imageFamily, isDevImage, rootBase } from '../judge';
import { buildsLocalCode, imageLabel, stageChain, stageLabel } from '../goLinking';

/**
 * True when the stage chain runs or builds a program: a CMD/ENTRYPOINT, or a go build/run/install of the
 * module. A golang stage that only installs released tools or runs tests is a toolchain or CI image on purpose.
 */
function runsAProgram(chain: Stage[], goCommands: (s: Stage) => GoCommand[]): boolean {
  return chain.some((s) => s.instructions.some((i) => i instanceof Cmd || i instanceof Entrypoint) || goCommands(s).some(buildsLocalCode));
}

export default defineRule({
  id: 'DF003',
  name: 'sdk-image-final-stage',
  title: 'Ship the binary in a runtime stage, not in the golang image',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const final = ctx.dockerfile.finalStage;
    if (!final || isDevImage(ctx)) return;
    const family = imageFamily(rootBase(final));
    if (family !== 'golang' && family !== 'golang-alpine') return;
    const chain = stageChain(final);
    const goCommands = (s: Stage) => s.runs.flatMap((run) => (ctx.context ? ctx.context.goCommandsOf(run) : run.go));
    if (!runsAProgram(chain, goCommands)) return;
    const image = imageLabel(final, true);
    const where = final.base.stage
      ? `The final ${stageLabel(final)} builds on ${stageLabel(chain[0])}, which is ${image}`
      : `The final ${final.name ? stageLabel(final) : 'stage'} is ${image}`;
    ctx.report({
      range: final.base.range,
      message: `${where}: the image ships the Go toolchain, the module cache and the source with the program`,
    });
  },
  fix(_finding, ctx) {
    const fix = conversionFix(ctx);
    return 'reason' in fix ? undefined : fix;
  },
});
