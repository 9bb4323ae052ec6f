/** DF015 — the image's containers run as root: a compromised or escaping process starts with every privilege. */
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { imageFamily, isDevImage, rootBase } from '../judge';
import { endsOpen } from '../edit';
import { effectiveUser, isRootUser } from '../stageUser';

const NONROOT = 'USER 65532:65532';

interface Data {
  stage: Stage;
}

export default defineRule<Data>({
  id: 'DF015',
  name: 'final-stage-runs-as-root',
  title: `Run as a non-root user: ${NONROOT} before CMD/ENTRYPOINT`,
  severity: 'warning',
  security: true,
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    const stage = dockerfile.finalStage;
    if (!stage || isDevImage(ctx)) return;
    // A golang final stage ships the whole toolchain; the rule about that (DF003) is the one to follow first.
    if (imageFamily(rootBase(stage)).startsWith('golang')) return;
    const user = effectiveUser(dockerfile, stage);
    if (user.kind === 'user' && isRootUser(user.user)) {
      report({ range: user.instruction.getRange(), message: `USER ${user.user} is the last USER of the final stage: containers from this image run as root`, data: { stage } });
    } else if (user.kind === 'root') {
      const image = user.base.scratch ? 'scratch' : `${user.base.repository}:${user.base.tag ?? 'latest'}`;
      report({ range: stage.base.range, message: `The final stage sets no USER and ${image} runs as root by default: containers from this image run as root`, data: { stage } });
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const instructions = data.stage.instructions;
    // After the last instruction that may need root (RUN, COPY, ADD, WORKDIR, USER), before the CMD/ENTRYPOINT that follows it.
    let lastSetup = -1;
    instructions.forEach((i, index) => {
      if (['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'ONBUILD'].includes(i.getKeyword())) lastSetup = index;
    });
    const before = instructions.find((i, index) => index > lastSetup && ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
    if (before) {
      const start = { line: before.getRange().start.line, character: 0 };
      return { title: `Insert ${NONROOT} before ${before.getKeyword()}`, edits: [{ range: { start, end: start }, newText: `${NONROOT}\n` }], preferred: true };
    }
    const last = instructions.at(-1) ?? data.stage.from;
    // The final stage ends the file: an unclosed heredoc or a trailing continuation would take in the new line.
    if (endsOpen(dockerfile)) return undefined;
    const end = last.getRange().end;
    return { title: `Append ${NONROOT} to the final stage`, edits: [{ range: { start: end, end }, newText: `\n${NONROOT}` }], preferred: true };
  },
});
