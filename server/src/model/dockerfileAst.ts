/**
 * dockerfile-ast, made cheap enough to run on every keystroke. The model, dockerfile-utils' validator and
 * dockerfile-language-service all read the same parse, and nobody changes an AST after parsing, so:
 * - the parser keeps its last result: the validator and the language service (hover, completion…) parse
 *   the text the model has just parsed, which was a quarter of the time of an edit;
 * - an instruction keeps its arguments: dockerfile-ast scans the instruction's text again on every call of
 *   getRawArguments (dozens per instruction, from its own getters), which was a third of the time left.
 *   Callers get a fresh array, as they did from a fresh scan (ModifiableInstruction.getArguments shifts
 *   flags off it), of the same Argument objects. The one reader that changed what it got, From's image
 *   range (getImageNameRange and getRegistryRange move its start and end), now gets a copy.
 */
import { DockerfileParser, From, Instruction, type Argument } from 'dockerfile-ast';

const parseText = DockerfileParser.parse;
let lastParse: { text: string; ast: ReturnType<typeof parseText> } | undefined;
DockerfileParser.parse = (text: string) => {
  if (lastParse?.text !== text) lastParse = { text, ast: parseText(text) };
  return lastParse.ast;
};

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

export { DockerfileParser };
