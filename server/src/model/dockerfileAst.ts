/**
 * dockerfile-ast, made cheap enough to run on every keystroke. The model, dockerfile-utils' validator and
 * dockerfile-language-service all read the same parse, and nobody changes an AST after parsing, so:
 * - the parser keeps its last results: the validator and the language service (hover, completion…) parse
 *   the text the model has just parsed, which was a quarter of the time of an edit; and a text that is an
 *   edit of one of them is parsed only where it changed (dockerfileReparse.ts);
 * - an instruction keeps its arguments: dockerfile-ast scans the instruction's text again on every call of
 *   getRawArguments (dozens per instruction, from its own getters), which was a third of the time left.
 *   Callers get a fresh array, as they did from a fresh scan (ModifiableInstruction.getArguments shifts
 *   flags off it), of the same Argument objects. The one reader that changed what it got, From's image
 *   range (getImageNameRange and getRegistryRange move its start and end), now gets a copy;
 * - a variable in an indented instruction before the first FROM is looked up among the instructions before
 *   the first FROM, as in an instruction that is not indented. dockerfile-ast finds no part of the file that
 *   holds the line's first column there and asks itself again, until the stack overflows: dockerfile-utils'
 *   validator gave up on such files, after a recursion that cost more than linting the rest.
 */
import { DockerfileParser, From, Instruction, type Argument } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { reparse, type Parsed } from './dockerfileReparse';

const parseText = DockerfileParser.parse;
/** Most recent first: the document being edited, and the few another reader parsed in between. */
const recent: Parsed[] = [];
const RECENT_PARSES = 3;
DockerfileParser.parse = (text: string) => {
  const kept = recent.findIndex((p) => p.text === text);
  let parsed = kept >= 0 ? recent.splice(kept, 1)[0] : undefined;
  if (!parsed) {
    const document = TextDocument.create('', '', 0, text);
    for (const [index, previous] of recent.entries()) {
      const ast = reparse(previous, text, document, parseText);
      if (!ast) continue;
      // The version the edit was made to is not parsed again: keeping it would only keep old objects alive.
      recent.splice(index, 1);
      parsed = { text, ast, document };
      break;
    }
    parsed ??= { text, ast: parseText(text), document };
  }
  recent.unshift(parsed);
  recent.length = Math.min(recent.length, RECENT_PARSES);
  return parsed.ast;
};

/** Forgets the parses kept: the next parse reads the whole text (tests compare the two). */
export function forgetParses(): void {
  recent.length = 0;
}

// getRawArguments is private in dockerfile-ast's types, public at run time.
const prototype = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
const rawArguments = prototype.getRawArguments;
const kept = Symbol('arguments');
prototype.getRawArguments = function (this: Instruction & { [kept]?: Argument[] }) {
  return (this[kept] ??= rawArguments.call(this)).slice();
};

const imageRange = From.prototype.getImageRange;
From.prototype.getImageRange = function (this: From) {
  const range = imageRange.call(this);
  return range && { start: range.start, end: range.end };
};

/** The instructions before the first FROM (private in dockerfile-ast's types). */
type InitialInstructions = { resolveVariable(variable: string, line: number): string | null | undefined };
const resolveVariable = Dockerfile.prototype.resolveVariable;
// A line outside every part of the file and on no FROM: dockerfile-ast would ask itself again, for ever.
Dockerfile.prototype.resolveVariable = function (this: Dockerfile, variable: string, line: number) {
  const onFrom = this.getFROMs().some((from) => from.getRange().start.line <= line && line <= from.getRange().end.line);
  if (!onFrom && this.getContainingImage({ line, character: 0 }) === this) {
    return (this as unknown as { initialInstructions: InitialInstructions }).initialInstructions.resolveVariable(variable, line);
  }
  return resolveVariable.call(this, variable, line);
};

export { DockerfileParser };
