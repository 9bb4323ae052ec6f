/** DC002 — a service runs Delve without the ptrace capability or seccomp setting the way it uses Delve needs. */
import { defineRule, type Severity } from '../../engine/rule';
import type { Service } from '../../model/types';
import {
  addToServiceLists, delveBool, delveFlag, delveServers, findingRange, hasCapability, isPrivileged, seccompUnconfined, serviceRun, where,
  type DelveCommand,
} from '../devLoop';

interface Data {
  service: Service;
  ptrace: boolean;
  unconfined: boolean;
}

/** The case a Delve command falls in, most demanding first. */
function need(dlv: DelveCommand, ptrace: boolean, unconfined: boolean): { severity: Severity; why: string } | undefined {
  const how = `\`dlv ${dlv.sub}\`${where(dlv.command)}`;
  // Tracing a process Delve did not start needs CAP_SYS_PTRACE whatever the seccomp profile says.
  if ((dlv.sub === 'attach' || (dlv.sub === 'trace' && delveFlag(dlv, 'pid'))) && !ptrace) {
    return { severity: 'warning', why: `runs ${how} without cap_add SYS_PTRACE: tracing a process Delve did not start needs that capability, so attaching fails with "operation not permitted"` };
  }
  if (delveBool(dlv, 'disable-aslr') && !unconfined) {
    return { severity: 'warning', why: `runs Delve with --disable-aslr${where(dlv.command)} without security_opt seccomp:unconfined: Docker's default seccomp profile refuses the personality() call that turns address randomization off` };
  }
  if (!ptrace && !unconfined) {
    return {
      severity: 'info',
      why: `runs ${dlv.sub ? how : `Delve${where(dlv.command)}`} with neither cap_add SYS_PTRACE nor security_opt seccomp:unconfined: Docker 19.03 or newer allows it on a 4.8+ kernel, but older engines and stricter seccomp profiles refuse ptrace ("could not launch process: … operation not permitted")`,
    };
  }
  return undefined;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export default defineRule<Data>({
  id: 'DC002',
  name: 'dlv-without-ptrace',
  title: 'Add cap_add SYS_PTRACE and security_opt seccomp:unconfined for Delve',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      if (isPrivileged(service)) continue;
      const ptrace = hasCapability(service, 'SYS_PTRACE');
      const unconfined = seccompUnconfined(service);
      const found = delveServers(serviceRun(compose, service, workspace))
        .filter((d) => d.sub !== 'core' && d.sub !== 'replay')
        .map((dlv) => ({ dlv, need: need(dlv, ptrace, unconfined) }))
        .filter((f): f is { dlv: DelveCommand; need: NonNullable<ReturnType<typeof need>> } => f.need !== undefined)
        .sort((a, b) => RANK[a.need.severity] - RANK[b.need.severity]);
      if (found.length === 0) continue;
      const { dlv, need: worst } = found[0];
      report({
        range: findingRange(compose, service, dlv.command),
        message: `Service "${service.name}" ${worst.why}`,
        severity: worst.severity,
        data: { service, ptrace, unconfined },
      });
    }
  },
  fix({ data }, { compose }) {
    if (!data) return undefined;
    const wants = [
      ...(data.ptrace ? [] : [{ key: 'cap_add', value: 'SYS_PTRACE' }]),
      ...(data.unconfined ? [] : [{ key: 'security_opt', value: 'seccomp:unconfined' }]),
    ];
    const edits = addToServiceLists(compose, data.service, wants);
    if (!edits) return undefined;
    return { title: `Add ${wants.map((w) => `${w.key} ${w.value}`).join(' and ')}`, edits, preferred: true };
  },
});
