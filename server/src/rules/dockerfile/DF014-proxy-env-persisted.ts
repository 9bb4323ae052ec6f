/** DF014 — `ENV HTTP_PROXY=…` bakes the build machine's proxy into the image; proxy build args already reach RUN without it. */
import { Arg } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { removeInstruction, settings, shippedStages, type Setting } from '../settings';

interface Data {
  setting: Setting;
}

/** Docker's predefined proxy build args, in any case (`HTTP_PROXY` and `http_proxy` are both predefined). */
const PROXY = /^(http|https|ftp|no|all)_proxy$/i;

export default defineRule<Data>({
  id: 'DF014',
  name: 'proxy-env-persisted',
  title: 'Remove the proxy ENV: proxy build args reach RUN without it',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    // A proxy ENV in a build stage that the final image does not build on never reaches a container.
    const shipped = shippedStages(dockerfile);
    for (const setting of settings(dockerfile)) {
      if (setting.kind !== 'env' || !PROXY.test(setting.name) || !shipped.includes(setting.stage)) continue;
      // `ENV HTTP_PROXY=` clears a proxy inherited from the base image: that is the cure, not the problem.
      if (setting.raw === '' || setting.raw === '""' || setting.raw === "''") continue;
      const fromArg = /\$/.test(setting.raw);
      const proxy = /^no_proxy$/i.test(setting.name) ? 'proxy exceptions' : 'proxy';
      const what = fromArg ? `the build machine's ${proxy} (${setting.raw})` : `the ${proxy} ${setting.raw}`;
      report({
        range: setting.range,
        message: `ENV ${setting.name} bakes ${what} into the image: every container started from it gets it`,
        data: { setting },
      });
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const { setting } = data;
    const removal = setting.rewrite(undefined);
    if (!removal) return undefined;
    const edits: TextEdit[] = [...removal];
    const arg = unusedArg(setting.stage, setting);
    if (arg) edits.push(removeInstruction(dockerfile, arg));
    return {
      title: arg ? `Remove ENV ${setting.name} and its ARG` : `Remove ENV ${setting.name}`,
      edits,
      // A hard-coded proxy may be meant for the containers; one copied from a build arg is the build machine's.
      preferred: /\$/.test(setting.raw),
    };
  },
});

/**
 * The `ARG NAME` (no default) whose only use is this ENV's value. Docker leaves its predefined proxy args out
 * of `docker history` unless the Dockerfile declares them, so a declaration with no other use is better gone.
 */
function unusedArg(stage: Stage, setting: Setting): Arg | undefined {
  const name = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(setting.raw)?.[1];
  if (!name || !PROXY.test(name)) return undefined;
  const arg = stage.instructions.find((i): i is Arg => i instanceof Arg && i.getProperty()?.getName() === name && i.getProperty()?.getValue() == null);
  if (!arg) return undefined;
  const uses = (text: string) => text.match(new RegExp(`\\$\\{?${name}\\b`, 'g'))?.length ?? 0;
  let count = 0;
  for (const instruction of stage.instructions) {
    if (instruction !== arg) count += uses(instruction.getTextContent());
  }
  // Only this ENV pair uses it (its own references are the ones in its value).
  return count === uses(setting.raw) ? arg : undefined;
}
