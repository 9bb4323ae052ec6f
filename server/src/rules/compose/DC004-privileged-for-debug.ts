/** DC004 — `privileged: true` on a Go service gives it the whole host, when a debugger needs one capability. */
import * as nodePath from 'node:path';
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { ComposeModel, Service } from '../../model/types';
import type { Workspace } from '../../model/workspace';
import { lineIndent } from '../edit';
import { goCommandOf, delveServers, hasCapability, isPrivileged, programName, seccompUnconfined, servicePair, serviceRun, stageChain } from '../devLoop';
import { appendSeqItems, scalarLike } from '../yamlEdit';

interface Data {
  service: Service;
  pair: Pair;
}

/** Whether a service builds or runs Go (a golang-based image, go.mod in its build context, go/air/dlv commands), and runs Delve. */
function isGoService(compose: ComposeModel, service: Service, workspace: Workspace): { go: boolean; delve: boolean } {
  const run = serviceRun(compose, service, workspace);
  const delve = delveServers(run).length > 0;
  if (delve || run.commands.some((c) => programName(c) === 'air' || goCommandOf(c))) return { go: true, delve };
  if (/^(docker\.io\/)?(library\/)?golang(:|@|$)|(^|\/)air(:|@|$)/.test(service.image?.value ?? '')) return { go: true, delve };
  const images = run.stage ? stageChain(run.stage).map((s) => s.base.repository) : [];
  if (images.includes('golang')) return { go: true, delve };
  const context = service.build && compose.path ? workspace.context(nodePath.resolve(nodePath.dirname(compose.path), service.build.context)) : undefined;
  return { go: context?.goMod !== undefined, delve };
}

export default defineRule<Data>({
  id: 'DC004',
  name: 'privileged-for-debug',
  title: 'Replace `privileged: true` with cap_add SYS_PTRACE and security_opt seccomp:unconfined',
  severity: 'warning',
  security: true,
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      const pair = servicePair(service, 'privileged');
      if (!pair || !isPrivileged(service)) continue;
      const { go, delve } = isGoService(compose, service, workspace);
      if (!go) continue;
      const why = delve ? 'far more than Delve needs (SYS_PTRACE and an unconfined seccomp profile)' : 'a debugger needs only SYS_PTRACE and an unconfined seccomp profile';
      report({
        range: compose.rangeOf(pair as Pair<Node, Node>),
        message: `Service "${service.name}" runs privileged: it gets every capability and every host device, and can take over the host; ${why}`,
        data: { service, pair },
      });
    }
  },
  fix({ data }, { compose }) {
    const body = data?.service.pair.value;
    if (!data || !isMap(body) || body.flow) return undefined;
    const { service, pair } = data;
    const key = pair.key as Node;
    const value = pair.value as Node;
    const document = compose.document;
    const start = document.positionAt(key.range![0]);
    // The whole `privileged: true` line goes: only a key alone on its line (not `- privileged: true`).
    if (document.getText({ start: { line: start.line, character: 0 }, end: start }).trim() !== '') return undefined;
    const end = document.positionAt(value.range![1]);
    const indent = lineIndent(document, start.line);
    const unit = lineIndent(document, document.positionAt(service.pair.key.range![0]).line) || '  ';
    const edits = [];
    let replacement = '';
    for (const [name, item, present] of [['cap_add', 'SYS_PTRACE', hasCapability(service, 'SYS_PTRACE')], ['security_opt', 'seccomp:unconfined', seccompUnconfined(service)]] as const) {
      if (present) continue;
      const list = servicePair(service, name)?.value as Node | null | undefined;
      if (list === undefined) {
        replacement += `${indent}${name}:\n${indent}${unit}- ${item}\n`;
        continue;
      }
      // An empty `cap_add:` or a value that is not a list is left for the user to merge by hand.
      const added = isSeq(list) ? appendSeqItems(compose, list, [scalarLike(item, list.items.at(-1) as Node | undefined)]) : undefined;
      if (!added) return undefined;
      edits.push(...added);
    }
    const lineRange = { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
    edits.push({ range: lineRange, newText: replacement });
    return { title: 'Replace `privileged: true` with cap_add SYS_PTRACE and security_opt seccomp:unconfined', edits };
  },
});
