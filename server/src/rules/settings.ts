/**
 * Environment settings as a Dockerfile writes them (ENV pairs, ARG defaults, `NAME=value cmd` prefixes,
 * `export NAME=value` and `go env -w NAME=value` in RUN), each with the text it occupies, and the minimal
 * edits that rewrite or remove one of them. Shared by the rules that judge Go settings, credentials and proxies.
 */
import { Arg, Env, type Instruction } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { quoteIfNeeded, type ShellCommand, type Word } from '../model/shell';
import type { DockerfileModel, Range, RunModel, Stage } from '../model/types';
import { substitute } from '../model/variables';
import { envValue, removeCommands } from './edit';

export type SettingKind = 'env' | 'arg' | 'global-arg' | 'prefix' | 'export' | 'go-env-w';

export interface Setting {
  name: string;
  /** The value after variable substitution (what the program sees, as far as the Dockerfile tells). */
  value: string;
  /** The value as written. */
  raw: string;
  kind: SettingKind;
  /** The stage it applies in (for a global ARG: the first stage that redeclares it). */
  stage: Stage;
  /** `NAME=value` in the document. */
  range: Range;
  /**
   * Edits that set a new value, or remove the setting when `value` is undefined; undefined when removing it
   * would take more than the setting (a heredoc operator or an `sh -c '…'` quote joined to its command).
   */
  rewrite(value: string | undefined): TextEdit[] | undefined;
}

/** Worked out once per parse: several rules read the settings on every edit. */
const settingsOfModel = new WeakMap<DockerfileModel, readonly Setting[]>();

/** Every setting the Dockerfile makes, in document order (global ARGs first). */
export function settings(dockerfile: DockerfileModel): readonly Setting[] {
  let found = settingsOfModel.get(dockerfile);
  if (!found) settingsOfModel.set(dockerfile, (found = findSettings(dockerfile)));
  return found;
}

function findSettings(dockerfile: DockerfileModel): Setting[] {
  const found: Setting[] = [];
  found.push(...globalArgs(dockerfile));
  for (const stage of dockerfile.stages) {
    for (const instruction of stage.instructions) {
      if (instruction instanceof Env) found.push(...envSettings(dockerfile, stage, instruction));
      else if (instruction instanceof Arg) found.push(...argSettings(dockerfile, stage, instruction));
    }
    for (const run of stage.runs) found.push(...runSettings(dockerfile, run));
  }
  return found;
}

/** Global ARG defaults matter to RUN only in the stages that redeclare the ARG without a value. */
function globalArgs(dockerfile: DockerfileModel): Setting[] {
  const found: Setting[] = [];
  const firstFrom = dockerfile.stages[0]?.from.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
  for (const instruction of dockerfile.ast.getInstructions()) {
    if (!(instruction instanceof Arg) || instruction.getRange().start.line >= firstFrom) continue;
    const property = instruction.getProperty();
    const raw = property?.getValue();
    if (!property || raw === null || raw === undefined) continue;
    const stage = dockerfile.stages.find((s) =>
      s.instructions.some((i) => i instanceof Arg && i.getProperty()?.getName() === property.getName() && i.getProperty()?.getValue() == null),
    );
    if (!stage) continue;
    found.push({
      name: property.getName(),
      value: substitute(raw, scopeLookup(new Map(), dockerfile)),
      raw: property.getUnescapedValue() ?? raw,
      kind: 'global-arg',
      stage,
      range: property.getRange(),
      rewrite: (value) => propertyRewrite(dockerfile, instruction, [property], 0, value),
    });
  }
  return found;
}

function envSettings(dockerfile: DockerfileModel, stage: Stage, env: Env): Setting[] {
  const properties = env.getProperties();
  const scope = stage.envAt(env.getRange().start.line);
  return properties.map((property, index) => ({
    name: property.getName(),
    value: substitute(property.getValue() ?? '', scopeLookup(scope, dockerfile)),
    raw: property.getUnescapedValue() ?? '',
    kind: 'env' as const,
    stage,
    range: property.getRange(),
    rewrite: (value: string | undefined) => propertyRewrite(dockerfile, env, properties, index, value),
  }));
}

function argSettings(dockerfile: DockerfileModel, stage: Stage, arg: Arg): Setting[] {
  const property = arg.getProperty();
  const raw = property?.getValue();
  if (!property || raw === null || raw === undefined) return [];
  const scope = stage.envAt(arg.getRange().start.line);
  return [
    {
      name: property.getName(),
      value: substitute(raw, scopeLookup(scope, dockerfile)),
      raw: property.getUnescapedValue() ?? raw,
      kind: 'arg',
      stage,
      range: property.getRange(),
      rewrite: (value) => propertyRewrite(dockerfile, arg, [property], 0, value),
    },
  ];
}

/** `NAME=value cmd`, `env NAME=value cmd`, `export NAME=value`, `go env -w NAME=value` of a RUN. */
function runSettings(dockerfile: DockerfileModel, run: RunModel): Setting[] {
  const found: Setting[] = [];
  const scope = run.stage.envAt(run.instruction.getRange().start.line);
  const lookup = scopeLookup(scope, dockerfile);
  const word = (name: string, raw: string, w: Word, kind: SettingKind, remove: () => TextEdit[] | undefined): Setting => ({
    name,
    value: substitute(raw, lookup),
    raw,
    kind,
    stage: run.stage,
    range: dockerfile.range(w.start, w.end),
    rewrite: (value) => (value === undefined ? remove() : [{ range: dockerfile.range(w.start, w.end), newText: `${name}=${quoteIfNeeded(value)}` }]),
  });
  for (const command of run.commands) {
    for (const a of command.assignments) found.push(word(a.name, a.value, a.word, 'prefix', () => removeWord(dockerfile, a.word)));
    const program = command.argv[0]?.value;
    const go = run.go.find((g) => g.command === command);
    const isExport = program === 'export' && command.argv.length > 1;
    const isGoEnvW = go?.sub === 'env' && go.flags.has('w');
    if (!isExport && !isGoEnvW) continue;
    const pairs = (isExport ? command.argv.slice(1) : go!.args).filter((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value));
    for (const w of pairs) {
      const eq = w.value.indexOf('=');
      // The last pair of the command goes with the whole command, so no `export` or `go env -w` is left empty.
      const remove = () => (pairs.length === 1 ? removeCommand(dockerfile, run, command) : removeWord(dockerfile, w));
      found.push(word(w.value.slice(0, eq), w.value.slice(eq + 1), w, isExport ? 'export' : 'go-env-w', remove));
    }
  }
  return found;
}

/**
 * Looks a variable up in a stage's environment, then in the global ARGs. The model keeps ENV/ARG values as
 * written (dockerfile-ast's `getUnescapedValue()`, quotes included), so surrounding quotes are dropped here.
 */
export function scopeLookup(scope: ReadonlyMap<string, string>, dockerfile: DockerfileModel): (name: string) => string | undefined {
  return (name) => {
    const value = scope.get(name) ?? dockerfile.globalArgs.get(name);
    return value !== undefined && /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
  };
}

/**
 * Rewrites one pair of an ENV/ARG, or removes it (the whole instruction when it is the only pair); undefined
 * for a value ENV/ARG cannot hold (a line break).
 */
function propertyRewrite(
  dockerfile: DockerfileModel,
  instruction: Instruction,
  properties: ReturnType<Env['getProperties']>,
  index: number,
  value: string | undefined,
): TextEdit[] | undefined {
  const property = properties[index];
  if (value !== undefined) {
    const written = envValue(value, dockerfile.escapeChar);
    return written === undefined ? undefined : [{ range: property.getRange(), newText: `${property.getName()}=${written}` }];
  }
  // `ENV A=1 A=2`: removing the one in effect would uncover the other, so every pair of the name goes.
  const removed = properties.flatMap((p, i) => (p.getName() === property.getName() ? [i] : []));
  if (removed.length === properties.length) return [removeInstruction(dockerfile, instruction)];
  let lastKept = properties.length - 1;
  while (removed.includes(lastKept)) lastKept--;
  const at = (p: { line: number; character: number }) => dockerfile.document.offsetAt(p);
  const edits: TextEdit[] = [];
  // Each pair before the last kept one goes up to the next pair; those after it, from the end of the kept one.
  for (const i of removed.filter((i) => i < lastKept)) {
    edits.push({ range: dockerfile.range(at(properties[i].getRange().start), at(properties[i + 1].getRange().start)), newText: '' });
  }
  if (removed.at(-1)! > lastKept) {
    edits.push({ range: dockerfile.range(at(properties[lastKept].getRange().end), at(properties.at(-1)!.getRange().end)), newText: '' });
  }
  return edits;
}

/** Deletes an instruction with its line break (continuation lines included). */
export function removeInstruction(dockerfile: DockerfileModel, instruction: Instruction): TextEdit {
  const range = instruction.getRange();
  const start = { line: range.start.line, character: 0 };
  const lines = dockerfile.document.lineCount;
  const end = range.end.line + 1 < lines ? { line: range.end.line + 1, character: 0 } : range.end;
  return { range: { start, end }, newText: '' };
}

/**
 * Deletes a shell command of a RUN, or the whole RUN when it is its only command; undefined when the command
 * cannot go alone (a heredoc operator whose body would become instructions, the quote of an `sh -c '…'`).
 */
export function removeCommand(dockerfile: DockerfileModel, run: RunModel, command: ShellCommand): TextEdit[] | undefined {
  if (run.commands.length === 1) return [removeInstruction(dockerfile, run.instruction)];
  return removeCommands(dockerfile, run.commands, [command]);
}

/**
 * Deletes a word with the blanks after it; a continuation line left holding nothing but the escape
 * character goes too (Docker warns about empty continuation lines).
 */
export function removeWord(dockerfile: DockerfileModel, word: Word): TextEdit[] {
  const text = dockerfile.document.getText();
  let start = word.start;
  let end = word.end;
  while (text[end] === ' ' || text[end] === '\t') end++;
  // A word that ends its line (or command) takes the blanks before it instead.
  if (end === word.end) while (text[start - 1] === ' ' || text[start - 1] === '\t') start--;
  const lineStart = text.lastIndexOf('\n', word.start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  const rest = text.slice(lineStart, word.start) + text.slice(end, lineEnd);
  if (rest.trim() === dockerfile.escapeChar && newline >= 0) return [{ range: dockerfile.range(lineStart, newline + 1), newText: '' }];
  return [{ range: dockerfile.range(start, end), newText: '' }];
}

/** The stages the final image is made of: the final stage and the stages it builds on (`FROM build`). */
export function shippedStages(dockerfile: DockerfileModel): Stage[] {
  const stages: Stage[] = [];
  for (let s = dockerfile.finalStage; s && !stages.includes(s); s = s.base.stage) stages.push(s);
  return stages;
}
