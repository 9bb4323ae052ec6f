import type { Model } from '../model/types';

/** `# godock-ignore DF004 DF001` above a line, `# godock-ignore-file DF004` anywhere. No ids means every rule. */
const DIRECTIVE = /^godock-ignore(-file)?(?:\s+(.*))?$/;

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
  /** The line a finding is suppressed from: the start of its Dockerfile instruction, or the line itself. */
  anchorLine(line: number): number;
  /** The ignore comment directly above a line, to extend instead of stacking another. */
  commentAbove(line: number): { line: number; ids: string[] } | undefined;
}

export function readSuppressions(model: Model): Suppressions {
  const fileIds = new Set<string>();
  const lineIds = new Map<number, string[]>();
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
    isSuppressed(ruleId, line) {
      if (fileIds.has(ruleId) || fileIds.has('*')) return true;
      // Any ignore comment in the block of comment lines directly above the anchor counts.
      for (let l = anchorLine(line) - 1; l >= 0 && commentLines.has(l); l--) {
        const ids = lineIds.get(l);
        if (ids && (ids.includes(ruleId) || ids.includes('*'))) return true;
      }
      return false;
    },
  };
}
