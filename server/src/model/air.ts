/**
 * An air config (`.air.toml`): the values smol-toml parses, plus a TOML-aware line index that gives every
 * `key = value` and `[table]` header its offsets, so rules can point at a key and edit a value in place.
 */
import { parse, TomlError } from 'smol-toml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CommentLine, Range } from './types';

/** The top-level keys and tables air reads (runner/config.go `Config`); anything else is ignored by air. */
export const AIR_TOP_LEVEL = ['root', 'tmp_dir', 'testdata_dir', 'env_files', 'build', 'color', 'log', 'misc', 'screen', 'proxy'];
/** The keys of air's `[build]` table (runner/config.go `cfgBuild`), to tell a misplaced one from a typo. */
export const AIR_BUILD_KEYS = [
  'pre_cmd', 'cmd', 'post_cmd', 'bin', 'full_bin', 'entrypoint', 'args_bin', 'log', 'include_ext', 'exclude_dir', 'include_dir',
  'include_file', 'exclude_file', 'exclude_regex', 'exclude_unchanged', 'follow_symlink', 'ignore_dangerous_root_dir', 'poll',
  'poll_interval', 'delay', 'stop_on_error', 'send_interrupt', 'kill_delay', 'rerun', 'rerun_delay', 'rules',
];
/** The keys of air's other tables (runner/config.go `cfgLog`, `cfgColor`, `cfgMisc`, `cfgScreen`, `cfgProxy`). */
const AIR_TABLE_KEYS: Record<string, string[]> = {
  build: AIR_BUILD_KEYS,
  log: ['time', 'main_only', 'silent'],
  color: ['main', 'watcher', 'build', 'runner', 'app'],
  misc: ['clean_on_exit', 'startup_banner'],
  screen: ['clear_on_rebuild', 'keep_scroll'],
  proxy: ['enabled', 'proxy_port', 'app_port', 'app_start_timeout'],
};
/** `[build.linux]`, `[build.darwin]`, `[build.windows]` override [build] on that system. */
const BUILD_OVERRIDES = ['build.linux', 'build.darwin', 'build.windows'];

/** A key air does not read: at the top level (`table` is ''), or in one of its tables. */
export interface UnknownAirKey {
  name: string;
  table: string;
  range: Range;
  /** In a table: its `key = value` line and the keys air reads there. */
  entry?: AirEntry;
  known?: string[];
}

/** One `key = value` line: the table it is in (`build`, `''` at the top), and offsets of the key and the value. */
export interface AirEntry {
  section: string;
  key: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** A `[table]` or `[[array.of.tables]]` header. */
export interface AirHeader {
  name: string;
  start: number;
  end: number;
}

export interface AirConfig {
  kind: 'air';
  uri: string;
  path?: string;
  document: TextDocument;
  text: string;
  comments: CommentLine[];
  /** The TOML syntax error, with its position (smol-toml stops at the first one). */
  syntaxErrors: { message: string; range: Range }[];
  /** The parsed values by table (`tables.build.full_bin`); top-level keys are under `''`. Empty on a syntax error. */
  tables: Record<string, Record<string, unknown>>;
  entries: AirEntry[];
  headers: AirHeader[];
  range(start: number, end: number): Range;
  /** The key of `section.key` as written, or undefined when the file does not set it. */
  keyRange(section: string, key: string): Range | undefined;
  entry(section: string, key: string): AirEntry | undefined;
  /** Keys and tables air does not read, with where they are written (a top-level name once). */
  unknownKeys(): UnknownAirKey[];
}

export function parseAir(document: TextDocument, path?: string): AirConfig {
  const text = document.getText();
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const syntaxErrors: AirConfig['syntaxErrors'] = [];
  let root: Record<string, unknown> = {};
  try {
    root = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const start = document.offsetAt({ line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) });
    const lineEnd = text.indexOf('\n', start);
    syntaxErrors.push({ message: `TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`, range: range(start, lineEnd < 0 ? text.length : lineEnd) });
  }
  const tables: Record<string, Record<string, unknown>> = { '': {} };
  for (const [key, value] of Object.entries(root)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) tables[key] = value as Record<string, unknown>;
    else tables[''][key] = value;
  }
  const { entries, headers, comments } = indexLines(text);
  const entry = (section: string, key: string) => entries.find((e) => e.section === section && e.key === key);
  return {
    kind: 'air',
    uri: document.uri,
    path,
    document,
    text,
    comments,
    syntaxErrors,
    tables,
    entries,
    headers,
    range,
    entry,
    keyRange(section, key) {
      const found = entry(section, key);
      return found && range(found.keyStart, found.keyEnd);
    },
    unknownKeys() {
      const seen = new Set<string>();
      const found: UnknownAirKey[] = [];
      const topLevel = (name: string, start: number, end: number) => {
        if (AIR_TOP_LEVEL.includes(name) || seen.has(name)) return;
        seen.add(name);
        found.push({ name, table: '', range: range(start, end) });
      };
      for (const e of entries) {
        if (e.section === '') topLevel(e.key.split('.')[0], e.keyStart, e.keyEnd);
        // [[build.rules]] and tables air does not have are not checked key by key.
        const known = AIR_TABLE_KEYS[BUILD_OVERRIDES.includes(e.section) ? 'build' : e.section];
        if (known && !known.includes(e.key)) found.push({ name: e.key, table: e.section, range: range(e.keyStart, e.keyEnd), entry: e, known });
      }
      for (const h of headers) topLevel(h.name.split('.')[0], h.start, h.end);
      return found.sort((a, b) => a.range.start.line - b.range.start.line);
    },
  };
}

/** A TOML key as written (`cmd`, `"cmd"`, `build.cmd`) without quotes or spaces around the dots. */
function normalizeKey(raw: string): string {
  return raw.split('.').map((part) => part.trim().replace(/^(["'])(.*)\1$/, '$2')).join('.');
}

/**
 * Walks the text once, line by line, skipping the inside of multi-line strings and arrays, and records each
 * header and each `key = value` with the offsets of the key and of the whole value.
 */
function indexLines(text: string): { entries: AirEntry[]; headers: AirHeader[]; comments: CommentLine[] } {
  const entries: AirEntry[] = [];
  const headers: AirHeader[] = [];
  const comments: CommentLine[] = [];
  let section = '';
  let offset = 0;
  let resumeAt = 0;
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; offset += lines[line].length + 1, line++) {
    const raw = lines[line];
    if (offset + raw.length < resumeAt) continue;
    const trimmed = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (trimmed.startsWith('#')) {
      comments.push({ line, text: trimmed.slice(1).trim() });
      continue;
    }
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(trimmed);
    if (header) {
      section = normalizeKey(header[1]);
      headers.push({ name: section, start: offset + indent, end: offset + indent + header[0].length });
      continue;
    }
    const assignment = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=\s*/.exec(trimmed);
    if (!assignment) continue;
    const keyStart = offset + indent;
    const key = normalizeKey(assignment[1]);
    const valueStart = keyStart + assignment[0].length;
    const valueEnd = valueEndOffset(text, valueStart);
    resumeAt = valueEnd;
    // Dotted keys (`build.cmd = …` at the top) belong to the table their first parts name.
    const dot = key.lastIndexOf('.');
    const full = section && dot >= 0 ? `${section}.${key.slice(0, dot)}` : dot >= 0 ? key.slice(0, dot) : section;
    entries.push({ section: full, key: dot >= 0 ? key.slice(dot + 1) : key, keyStart, keyEnd: keyStart + assignment[1].length, valueStart, valueEnd });
  }
  return { entries, headers, comments };
}

/** Where a TOML value that starts at `start` ends: after its closing quote(s) or bracket, else before a comment. */
function valueEndOffset(text: string, start: number): number {
  if (text.startsWith('"""', start) || text.startsWith("'''", start)) {
    const close = text.indexOf(text.slice(start, start + 3), start + 3);
    return close < 0 ? text.length : close + 3;
  }
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    for (let i = start + 1; i < text.length && text[i] !== '\n'; i++) {
      if (quote === '"' && text[i] === '\\') i++;
      else if (text[i] === quote) return i + 1;
    }
    return lineEnd(text, start);
  }
  if (quote === '[' || quote === '{') {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"' || ch === "'") i = valueEndOffset(text, i) - 1;
      else if (ch === '#') i = lineEnd(text, i) - 1;
      else if (ch === '[' || ch === '{') depth++;
      else if ((ch === ']' || ch === '}') && --depth === 0) return i + 1;
    }
    return text.length;
  }
  const end = lineEnd(text, start);
  const comment = text.slice(start, end).indexOf('#');
  return start + text.slice(start, comment < 0 ? end : start + comment).trimEnd().length;
}

function lineEnd(text: string, i: number): number {
  const newline = text.indexOf('\n', i);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
