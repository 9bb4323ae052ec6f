/** DF016 — `USER name` on scratch (or distroless, for a name it lacks) fails at container start: there is no passwd entry to resolve it. */
import { scopeLookup } from '../settings';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../model/types';
import { hasVariables, substitute } from '../../model/variables';
import { imageFamily, isDevImage, rootBase } from '../judge';
import { receivesFile, userParts } from '../stageUser';

interface Data {
  range: Range;
  numeric: string;
}

/** The entries of distroless's /etc/passwd and /etc/group. */
const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody']);
const DISTROLESS_GROUPS = new Set(['root', 'tty', 'staff', 'nonroot', 'nobody']);
const UIDS: Record<string, string> = { root: '0', nonroot: '65532', nobody: '65534', nogroup: '65534' };

const numeric = (name: string) => /^\d+$/.test(name);
const uidFor = (name: string) => (numeric(name) ? name : UIDS[name] ?? '65532');

export default defineRule<Data>({
  id: 'DF016',
  name: 'named-user-without-passwd',
  title: 'Use a numeric USER (65532:65532) where the image has no passwd entry for the name',
  severity: 'error',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, report } = ctx;
    if (isDevImage(ctx)) return;
    for (const stage of dockerfile.stages) {
      const family = imageFamily(rootBase(stage));
      if (family !== 'scratch' && !family.startsWith('distroless')) continue;
      const scratch = family === 'scratch';
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'USER') continue;
        const range = instruction.getArgumentsRange();
        const raw = instruction.getArgumentsContent()?.trim() ?? '';
        const scope = stage.envAt(instruction.getRange().start.line);
        const value = substitute(raw, scopeLookup(scope, dockerfile));
        if (!range || !value || hasVariables(value)) continue;
        const { user, group } = userParts(value);
        const known = (name: string, names: Set<string>) => numeric(name) || (!scratch && names.has(name));
        const missing =
          !known(user, DISTROLESS_USERS) && !receivesFile(stage, '/etc/passwd')
            ? { name: user, file: 'passwd' }
            : group !== undefined && !known(group, DISTROLESS_GROUPS) && !receivesFile(stage, '/etc/group')
              ? { name: group, file: 'group' }
              : undefined;
        if (!missing) continue;
        const where = scratch
          ? `scratch has no /etc/${missing.file} and none is copied in`
          : `distroless's /etc/${missing.file} has only ${[...(missing.file === 'passwd' ? DISTROLESS_USERS : DISTROLESS_GROUPS)].join(', ')}`;
        const replacement = group === undefined ? (user === 'root' ? '0' : `${uidFor(user)}:${uidFor(user)}`) : `${uidFor(user)}:${uidFor(group)}`;
        report({
          range,
          message: `USER ${value}: ${where}, so containers fail to start with "unable to find ${missing.file === 'passwd' ? 'user' : 'group'} ${missing.name}: no matching entries in ${missing.file} file"`,
          data: { range, numeric: raw === value ? replacement : '' },
        });
      }
    }
  },
  fix({ data }) {
    // A USER written with variables is fixed where the variable is set, not here.
    if (!data?.numeric) return undefined;
    return { title: `Use USER ${data.numeric}`, edits: [{ range: data.range, newText: data.numeric }], preferred: true };
  },
});
