/**
 * Builds driven by a Makefile or a shell script (`RUN make build`, `RUN ./build.sh`): the commands they run,
 * read from the build context so the go command model sees through them. What cannot be read is left out:
 * a rule then says less rather than guess.
 */
import { splitCommands, type ShellCommand } from './shell';
import { substitute } from './variables';

export interface ScriptCommands {
  /** The commands in order, with the variables the script exports applied as assignments. */
  commands: ShellCommand[];
  /** The text the commands' offsets refer to. */
  text: string;
}

/** A shell script's commands. */
export function scriptCommands(text: string): ScriptCommands {
  return { commands: splitCommands(text, 0, text.length, { script: true }), text };
}

/**
 * The recipe of a Makefile target (and of the targets it depends on, first), with `$(VAR)`/`${VAR}`
 * replaced by the Makefile's own assignments, and `export VAR = value` lines turned into assignments of
 * every command.
 */
export function makeTargetCommands(makefile: string, target?: string): ScriptCommands | undefined {
  const lines = makefile.replace(/\\\n/g, ' ').split('\n');
  const variables = new Map<string, string>();
  const exported = new Map<string, string>();
  const rules = new Map<string, { deps: string[]; recipe: string[] }>();
  let current: { deps: string[]; recipe: string[] } | undefined;
  let first: string | undefined;
  for (const line of lines) {
    if (line.startsWith('\t')) {
      current?.recipe.push(line.slice(1));
      continue;
    }
    current = undefined;
    const trimmed = line.replace(/#.*$/, '').trim();
    if (!trimmed) continue;
    const assignment = /^(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?|:|::|\+)?=\s*(.*)$/.exec(trimmed);
    if (assignment) {
      variables.set(assignment[2], assignment[3]);
      if (assignment[1]) exported.set(assignment[2], assignment[3]);
      continue;
    }
    const exportOnly = /^export\s+([A-Za-z_][A-Za-z0-9_]*)$/.exec(trimmed);
    if (exportOnly) {
      exported.set(exportOnly[1], variables.get(exportOnly[1]) ?? '');
      continue;
    }
    const rule = /^([^:=]+):(?!=)(.*)$/.exec(trimmed);
    if (rule) {
      current = { deps: rule[2].split(/\s+/).filter(Boolean), recipe: [] };
      for (const name of rule[1].split(/\s+/).filter(Boolean)) {
        if (name.startsWith('.')) continue;
        rules.set(name, current);
        first ??= name;
      }
    }
  }
  const name = target ?? first;
  if (!name || !rules.has(name)) return undefined;
  const recipe: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    const rule = rules.get(t);
    if (!rule || seen.has(t)) return;
    seen.add(t);
    rule.deps.forEach(visit);
    recipe.push(...rule.recipe);
  };
  visit(name);
  const lookup = (v: string) => variables.get(v) ?? undefined;
  const expand = (s: string) => substitute(s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, '$${$1}').replace(/\$\$/g, '\u0000'), lookup).replace(/\u0000/g, '$');
  const text = recipe.map((l) => expand(l.replace(/^[@\-+]+/, ''))).join('\n');
  const { commands } = scriptCommands(text);
  const prefix = [...exported].map(([n, v]) => ({ name: n, value: expand(v), word: { value: `${n}=${v}`, start: 0, end: 0, quoted: false } }));
  return { text, commands: commands.map((c) => ({ ...c, assignments: [...prefix, ...c.assignments] })) };
}
