/**
 * A small POSIX-shell word splitter that keeps document offsets, so rules can point at (and fixes can edit)
 * the exact words of a RUN line. It understands quotes, escapes, Dockerfile line continuations (and the
 * comment lines Docker drops inside them), command separators and `sh -c '…'` scripts. It does not run or
 * expand anything: `$VAR` stays text and is resolved by the model where it matters.
 */

export interface Word {
  /** The word as the shell sees it after quote removal. */
  value: string;
  /** Offsets of the word's source text in the document (quotes included). */
  start: number;
  end: number;
  /** True when any part was quoted. */
  quoted: boolean;
}

export interface ShellCommand {
  /** `NAME=value` words before the program (`CGO_ENABLED=0 go build`). */
  assignments: Assignment[];
  /** The program and its arguments. */
  argv: Word[];
  /** Offsets from the first word (assignments included) to the end of the last. */
  start: number;
  end: number;
}

export interface Assignment {
  name: string;
  value: string;
  word: Word;
}

const SEPARATORS = ['&&', '||', ';;', ';', '|', '&', '(', ')', '\n'];
/** Shell keywords that precede a command; the command starts after them. */
const LEADING_KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', 'time', '{', 'exec']);
/** `NAME=value` as the shell reads it: a variable name, `=`, the value. */
export const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export interface SplitOptions {
  /** Dockerfile escape character: a continuation is this character at the end of a line. */
  escapeChar?: string;
  /** A heredoc body or `sh -c` script: newlines separate commands. */
  script?: boolean;
}

/** Splits `text[start, end)` into commands. */
export function splitCommands(text: string, start: number, end: number, options: SplitOptions = {}): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  const flush = () => {
    if (words.length > 0) commands.push(...toCommands(words, text, options));
    words = [];
  };
  for (const token of tokenize(text, start, end, options)) {
    if (token.separator) flush();
    else words.push(token.word);
  }
  flush();
  return commands;
}

function toCommands(words: Word[], text: string, options: SplitOptions): ShellCommand[] {
  while (words.length > 0 && !words[0].quoted && LEADING_KEYWORDS.has(words[0].value)) words = words.slice(1);
  if (words.length === 0 || (!words[0].quoted && ['fi', 'done', 'esac', '}'].includes(words[0].value))) return [];
  const assignments: Assignment[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const match = ASSIGNMENT.exec(words[i].value);
    if (!match || (words[i].quoted && text[words[i].start] !== words[i].value[0])) break;
    assignments.push({ name: match[1], value: match[2], word: words[i] });
  }
  let argv = words.slice(i);
  // `env A=1 go build` is the same as `A=1 go build`.
  if (argv[0]?.value === 'env') {
    let j = 1;
    for (; j < argv.length; j++) {
      const match = ASSIGNMENT.exec(argv[j].value);
      if (!match) break;
      assignments.push({ name: match[1], value: match[2], word: argv[j] });
    }
    argv = argv.slice(j);
  }
  const command: ShellCommand = { assignments, argv, start: words[0].start, end: words[words.length - 1].end };
  const script = shellScript(argv, text);
  if (script) {
    const inner = splitCommands(text, script.start, script.end, { ...options, script: true });
    // The inner commands inherit the outer assignments (`CGO_ENABLED=0 sh -c 'go build'`).
    return inner.map((c) => ({ ...c, assignments: [...assignments, ...c.assignments] }));
  }
  return [command];
}

/** The script of `sh -c '…'` / `bash -c "…"` when it is one quoted word whose text we can map back. */
function shellScript(argv: Word[], text: string): { start: number; end: number } | undefined {
  if (argv.length < 3 || !/^(\/bin\/|\/usr\/bin\/)?(ba|a|da)?sh$/.test(argv[0].value)) return undefined;
  const c = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
  const script = argv[c + 1];
  if (c < 0 || !script) return undefined;
  const quote = text[script.start];
  if ((quote === '"' || quote === "'") && text[script.end - 1] === quote) return { start: script.start + 1, end: script.end - 1 };
  if (!script.quoted) return { start: script.start, end: script.end };
  return undefined;
}

type Token = { separator: true } | { separator: false; word: Word };

function* tokenize(text: string, start: number, end: number, options: SplitOptions): Generator<Token> {
  const escape = options.escapeChar ?? '\\';
  let i = start;
  let atLineStart = false;
  while (i < end) {
    const skipped = skipContinuation(text, i, end, escape, options.script);
    if (skipped !== i) {
      i = skipped;
      atLineStart = true;
      continue;
    }
    const ch = text[i];
    // Docker removes comment lines inside a continued RUN before the shell sees them.
    if (atLineStart && ch === '#') {
      i = lineEnd(text, i, end);
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    atLineStart = false;
    if (ch === '\n') {
      i++;
      atLineStart = true;
      if (options.script) yield { separator: true };
      continue;
    }
    if (ch === '#') {
      i = lineEnd(text, i, end);
      continue;
    }
    const separator = SEPARATORS.find((s) => s !== '\n' && text.startsWith(s, i));
    if (separator) {
      i += separator.length;
      yield { separator: true };
      continue;
    }
    const word = readWord(text, i, end, escape, options.script);
    // Every token moves on by at least one character, whatever the input holds.
    i = Math.max(word.end, i + 1);
    yield { separator: false, word };
  }
}

function readWord(text: string, start: number, end: number, escape: string, script?: boolean): Word {
  let value = '';
  let quoted = false;
  let i = start;
  while (i < end) {
    const skipped = skipContinuation(text, i, end, escape, script);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const ch = text[i];
    // Only the shell's own blanks end a word: a no-break space (U+00A0) is part of it, as in sh.
    if (/[ \t\r\n;&|()]/.test(ch)) break;
    if (ch === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= end ? end : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      quoted = true;
      i++;
      while (i < end && text[i] !== '"') {
        const skippedInner = skipContinuation(text, i, end, escape, script);
        if (skippedInner !== i) {
          i = skippedInner;
          continue;
        }
        if (text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) {
          value += text[i + 1];
          i += 2;
        } else value += text[i++];
      }
      i++;
    } else if (ch === '\\' && i + 1 < end) {
      value += text[i + 1];
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  return { value, start, end: Math.min(i, end), quoted };
}

/**
 * The offset after `\` + optional spaces + a line end (a Dockerfile line continuation), or `i` itself. A lone
 * \r ends a line, as it does for the editor and the Dockerfile parser. Docker then drops the blank and comment
 * lines that follow (`a\` + blank line + `ir` is one word, `air`); a shell script (a heredoc) keeps them.
 */
function skipContinuation(text: string, i: number, end: number, escape: string, script?: boolean): number {
  if (text[i] !== escape) return i;
  let j = blanksFrom(text, i + 1, end);
  if (j >= end) return j > i + 1 ? end : i;
  if (text[j] !== '\r' && text[j] !== '\n') return i;
  j = afterLineEnd(text, j);
  while (!script && j < end) {
    const first = blanksFrom(text, j, end);
    if (first < end && text[first] !== '\r' && text[first] !== '\n' && text[first] !== '#') break;
    const next = lineEnd(text, first, end);
    j = next < end ? afterLineEnd(text, next) : end;
  }
  return Math.min(j, end);
}

function blanksFrom(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function afterLineEnd(text: string, i: number): number {
  return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
}

/** Where the line holding `i` ends (its \r or \n), or `end`. */
function lineEnd(text: string, i: number, end: number): number {
  while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Quotes a shell word only when it needs it (an ENV or ARG value is written by envValue in rules/edit.ts). */
export function quoteIfNeeded(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./~^-]+$/.test(value)) return value;
  return `"${value.replace(/(["\\`])/g, '\\$1')}"`;
}
