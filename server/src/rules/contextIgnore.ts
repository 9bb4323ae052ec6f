/**
 * What DF022 and DF023 need to know about the build context: which COPY/ADD send all of it, which ignore
 * file BuildKit reads, whether that file excludes a path (moby/patternmatcher rules), and whether the
 * context holds the repository's `.git`.
 */
import * as nodePath from 'node:path';
import { Add, Copy, type Instruction } from 'dockerfile-ast';
import type { DockerfileContext } from '../engine/rule';
import type { Stage } from '../model/types';

/** A `COPY`/`ADD` from the build context whose source is the whole context (`COPY . .`, `ADD ./ /src`). */
export function wholeContextCopies(stage: Stage): Instruction[] {
  return stage.instructions.filter((i) => {
    if (!(i instanceof Copy || i instanceof Add)) return false;
    if (i instanceof Copy && i.getFromFlag()) return false;
    const args = i.getArguments().map((a) => a.getValue());
    return args.length >= 2 && args.slice(0, -1).some((src) => /^\.\/?$/.test(src));
  });
}

/** Sources of COPY/ADD instructions from the build context (not `--from`), as written. */
export function contextSources(stages: Stage[]): string[] {
  return stages.flatMap((s) =>
    s.instructions.flatMap((i) => {
      if (!(i instanceof Copy || i instanceof Add) || (i instanceof Copy && i.getFromFlag())) return [];
      return i.getArguments().slice(0, -1).map((a) => a.getValue());
    }),
  );
}

export interface IgnoreFile {
  /** Absolute path of the file in effect (or of `.dockerignore` to create). */
  path: string;
  /** Path shown in messages, relative to the context. */
  shown: string;
  /** Its text, undefined when there is none. */
  text?: string;
  patterns: string[];
}

/**
 * The ignore file BuildKit applies: `<Dockerfile name>.dockerignore` next to the Dockerfile when it exists,
 * else `.dockerignore` at the root of the context.
 */
export function ignoreFile({ dockerfile, context }: DockerfileContext): IgnoreFile | undefined {
  if (!context) return undefined;
  const parse = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (dockerfile.path) {
    const specific = `${dockerfile.path}.dockerignore`;
    const relative = nodePath.relative(context.dir, specific);
    const text = relative.startsWith('..') ? undefined : context.file(relative);
    if (text !== undefined) return { path: specific, shown: relative.split(nodePath.sep).join('/'), text, patterns: parse(text) };
  }
  const text = context.file('.dockerignore');
  return { path: nodePath.join(context.dir, '.dockerignore'), shown: '.dockerignore', text, patterns: text === undefined ? [] : parse(text) };
}

interface Pattern {
  negated: boolean;
  regex: RegExp;
}

/** A .dockerignore pattern as moby/patternmatcher reads it: cleaned, leading `/` dropped, `**` across folders. */
function compile(line: string): Pattern | undefined {
  let pattern = line;
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1).trim();
  pattern = nodePath.posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
  if (!pattern || pattern === '.') return undefined;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        source += '[' + pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (ch === '\\' && i + 1 < pattern.length) source += '\\' + pattern[++i];
    else source += /[.+^${}()|\]\\]/.test(ch) ? '\\' + ch : ch;
  }
  return { negated, regex: new RegExp(`^${source}$`) };
}

/** True when the patterns keep a path out of the context (a pattern matching a parent folder counts). */
export function isExcluded(patterns: string[], path: string): boolean {
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const line of patterns) {
    const pattern = compile(line);
    if (pattern && candidates.some((c) => pattern.regex.test(c))) excluded = !pattern.negated;
  }
  return excluded;
}

/** True when the ignore patterns keep the repository history out (`.git`, `.git/`, `**\/.git`, `.*`, `*`…). */
export function excludesGit(patterns: string[]): boolean {
  return isExcluded(patterns, '.git/HEAD') && isExcluded(patterns, '.git/objects/pack');
}

/**
 * Whether the context holds `.git`: true when it does; false when it does not but a folder above it inside
 * the workspace does (the context is a subfolder of a repository, so the history is not in it); undefined when
 * no `.git` is seen anywhere (a checkout elsewhere, as in CI, will have it at the root).
 */
export function gitInContext({ context, workspace }: DockerfileContext): boolean | undefined {
  if (!context) return undefined;
  if (context.hasGit()) return true;
  for (let dir = nodePath.dirname(context.dir); workspace.isInside(dir); dir = nodePath.dirname(dir)) {
    if (workspace.context(dir)?.hasGit()) return false;
    if (dir === nodePath.dirname(dir)) break;
  }
  return undefined;
}
