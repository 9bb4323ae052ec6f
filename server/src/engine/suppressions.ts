import type { TextEdit } from 'vscode-languageserver-types';
import type { Model, Range } from '../model/types';

/** `# godock-ignore DF004 DF001` above a line, `# godock-ignore-file DF004` anywhere. No ids means every rule. */
const DIRECTIVE = /^godock-ignore(-file)?(?:\s+(.*))?$/;

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
  /** The line a finding is suppressed from: the start of its Dockerfile instruction, or the line itself. */
  anchorLine(line: number): number;
  /** The ignore comment directly above a line, to extend instead of stacking another. */
  commentAbove(line: number): { line: number; ids: string[] } | undefined;
  /** True when `# godock-ignore-file` names the rule (or every rule). */
  fileIgnored(ruleId: string): boolean;
  /** The ids of each line ignore comment that no `isSuppressed` call has needed so far. */
  unusedLineIds(): { line: number; id: string }[];
}

export function readSuppressions(model: Model): Suppressions {
  const fileIds = new Set<string>();
  const lineIds = new Map<number, string[]>();
  /** `line:id` of the line ignore comments that suppressed a finding. */
  const used = new Set<string>();
  for (const comment of model.comments) {
    const match = DIRECTIVE.exec(comment.text.trim());
    if (!match) continue;
    const ids = (match[2] ?? '').split(/[\s,]+/).filter((id) => /^[A-Z]+\d+$/.test(id));
    if (match[1]) (ids.length ? ids : ['*']).forEach((id) => fileIds.add(id));
    else lineIds.set(comment.line, ids.length ? ids : ['*']);
  }
  const commentLines = new Set(model.comments.map((c) => c.line));
  const instructionStarts = model.kind === 'dockerfile' ? model.ast.getInstructions().map((i) => i.getRange()) : [];
  const anchorLine = (line: number) => instructionStarts.find((r) => r.start.line <= line && line <= r.end.line)?.start.line ?? line;
  const commentAbove = (line: number) => {
    const ids = lineIds.get(line - 1);
    return ids ? { line: line - 1, ids } : undefined;
  };
  return {
    anchorLine,
    commentAbove,
    fileIgnored: (ruleId) => fileIds.has(ruleId) || fileIds.has('*'),
    unusedLineIds: () => [...lineIds].flatMap(([line, ids]) => [...new Set(ids)].filter((id) => id !== '*' && !used.has(`${line}:${id}`)).map((id) => ({ line, id }))),
    isSuppressed(ruleId, line) {
      if (fileIds.has(ruleId) || fileIds.has('*')) return true;
      // Any ignore comment in the block of comment lines directly above the anchor counts.
      for (let l = anchorLine(line) - 1; l >= 0 && commentLines.has(l); l--) {
        const ids = lineIds.get(l);
        if (ids && (ids.includes(ruleId) || ids.includes('*'))) {
          used.add(`${l}:${ids.includes(ruleId) ? ruleId : '*'}`);
          return true;
        }
      }
      return false;
    },
  };
}

/** A line ignore comment, or one id of it, that suppresses nothing: what is wrong and the edit that removes it. */
export interface UnusedIgnore {
  id: string;
  range: Range;
  message: string;
  fixTitle: string;
  edits: TextEdit[];
}

/**
 * The ids of line ignore comments that suppressed no finding, once every rule has run. An id is judged only
 * when it can be: its rule ran on this file (a rule turned off in the configuration, or ignored for the whole
 * file, never reports, so its comments are left alone); ids unknown to the catalog, or of the other kind of
 * file, can never suppress anything.
 */
export function unusedIgnores(
  model: Model,
  suppressions: Suppressions,
  catalog: { ran: ReadonlySet<string>; kindOf(id: string): 'dockerfile' | 'compose' | undefined },
): UnusedIgnore[] {
  const document = model.document;
  const lineText = (line: number) => document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const fileKind = model.kind === 'dockerfile' ? 'Dockerfile' : 'compose file';
  const found: UnusedIgnore[] = [];
  const unused = suppressions.unusedLineIds();
  for (const { line, id } of unused) {
    const kind = catalog.kindOf(id);
    let message: string;
    if (kind === undefined) message = `${id} is not a Godock rule id: \`# godock-ignore ${id}\` suppresses nothing; remove it`;
    else if (kind !== model.kind) message = `${id} is a ${kind === 'dockerfile' ? 'Dockerfile' : 'compose'} rule: \`# godock-ignore ${id}\` suppresses nothing in a ${fileKind}; remove it`;
    else if (catalog.ran.has(id) && !suppressions.fileIgnored(id)) message = `\`# godock-ignore ${id}\` suppresses nothing here; remove it`;
    else continue;
    const text = lineText(line);
    const directive = text.indexOf('godock-ignore');
    const token = new RegExp(`(^|[\\s,])(${id})(?=$|[\\s,])`, 'g');
    token.lastIndex = directive;
    const match = token.exec(text);
    if (directive < 0 || !match) continue;
    const start = match.index + match[1].length;
    const end = start + id.length;
    const ids = new Set(text.slice(directive + 'godock-ignore'.length).split(/[\s,]+/).filter((word) => /^[A-Z]+\d+$/.test(word)));
    let edits: TextEdit[];
    let fixTitle: string;
    if (ids.size <= 1) {
      fixTitle = 'Remove the ignore comment';
      edits = [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }];
    } else {
      // The id and the separator before it (after it, when it comes first), so the rest reads as before.
      const before = /[\s,]+$/.exec(text.slice(0, start))?.[0] ?? '';
      const after = /^[\s,]+/.exec(text.slice(end))?.[0] ?? '';
      const first = [...ids][0] === id;
      fixTitle = `Remove ${id} from the ignore comment`;
      edits = [{ range: { start: { line, character: first ? start : start - before.length }, end: { line, character: first ? end + after.length : end } }, newText: '' }];
    }
    found.push({ id, range: { start: { line, character: start }, end: { line, character: end } }, message, fixTitle, edits });
  }
  return found;
}
