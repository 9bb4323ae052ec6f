/** DF017 — a non-root image that EXPOSEs a port below 1024 cannot bind it where the runtime keeps the kernel's privileged-port limit. */
import { scopeLookup } from '../settings';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { substitute } from '../../model/variables';
import { isDevImage } from '../judge';
import { effectiveUser, isRootUser } from '../stageUser';

export default defineRule({
  id: 'DF017',
  name: 'privileged-port-as-non-root',
  title: 'Listen on a port ≥ 1024 (8080), or give the binary cap_net_bind_service',
  severity: 'info',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    const stage = dockerfile.finalStage;
    if (!stage || isDevImage(ctx)) return;
    const user = effectiveUser(dockerfile, stage);
    const who = user.kind === 'user' && !isRootUser(user.user) ? `user ${user.user}` : user.kind === 'nonroot' ? `user ${user.uid} (the image's default)` : undefined;
    if (!who) return;
    const chain: Stage[] = [];
    for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.push(s);
    for (const s of chain) {
      for (const instruction of s.instructions) {
        if (instruction.getKeyword() !== 'EXPOSE') continue;
        const scope = s.envAt(instruction.getRange().start.line);
        for (const arg of instruction.getArguments()) {
          const value = substitute(arg.getValue(), scopeLookup(scope, dockerfile));
          const port = /^(\d+)(-\d+)?(\/(tcp|udp|sctp))?$/i.exec(value);
          if (!port || Number(port[1]) >= 1024) continue;
          report({
            range: arg.getRange(),
            message: `Port ${port[1]} is below 1024 and the image runs as ${who}: binding it fails with "bind: permission denied" unless the runtime allows unprivileged ports (Docker 20.10+ and containerd 2 under Kubernetes do; CRI-O, containerd 1.x and host networking do not)`,
          });
        }
      }
    }
  },
});
