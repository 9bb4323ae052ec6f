import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { lineIndent } from '../rules/edit';
import { toDiagnostic } from './diagnostics';
import { combineFixes, toWorkspaceEdit, type Changes } from './edits';
import { preferredFixes } from './fixAll';
import type { Analysis, Report } from './lint';
import type { Fix } from './rule';

/** Fix every preferred finding in a file on save (`editor.codeActionsOnSave: { "source.fixAll.godock": … }`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.godock`;

/**
 * The code actions for the diagnostics under the cursor: each rule's own fix, then the generic ones the
 * engine adds for every rule (fix all of this rule, ignore for this line, ignore for this file). `fixAll`
 * works out the whole file's fix-all (see fixAll.ts), only when the editor asks for it.
 */
export function codeActions(analysis: Analysis, diagnostics: Diagnostic[], only: string[] | undefined, fixAll: () => Changes): CodeAction[] {
  const { uri, version } = analysis.model.document;
  const edit = (changes: Changes) => toWorkspaceEdit(uri, version, changes);
  const justThis = (edits: TextEdit[]): Changes => ({ edits, files: [] });
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of diagnostics) {
      const report = analysis.reports.find((r) => r.source === 'godock' && sameReport(r, diagnostic));
      const fix = report?.fix();
      if (fix) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred ?? false, edit: edit({ edits: fix.edits, files: fix.files ?? [] }) });
      // The generic actions are for rules; an engine report (a stale ignore comment) has only its own fix.
      if (!report?.rule) continue;
      const id = report.rule.id;
      const fixes = analysis.reports.filter((r) => r.id === id).map((r) => r.fix()).filter((f): f is Fix => f !== undefined);
      if (fixes.length > 1) {
        actions.push({ title: `Fix all ${id} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(combineFixes(analysis.model.document, fixes)) });
      }
      actions.push({ title: `Ignore ${id} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(justThis([ignoreLineEdit(analysis, id, report.range.start.line)])) });
      actions.push({ title: `Ignore ${id} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(justThis([ignoreFileEdit(analysis, id)])) });
    }
  }
  if (only?.some((o) => FIX_ALL_KIND.startsWith(o)) && preferredFixes(analysis).length > 0) {
    actions.push({ title: 'Fix all auto-fixable Godock problems', kind: FIX_ALL_KIND, edit: edit(fixAll()) });
  }
  return actions;
}

function sameReport(report: Report, diagnostic: Diagnostic): boolean {
  const d = toDiagnostic(report);
  return d.code === diagnostic.code && d.message === diagnostic.message
    && d.range.start.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character
    && d.range.end.line === diagnostic.range.end.line && d.range.end.character === diagnostic.range.end.character;
}

/** `# godock-ignore ID` above the finding's instruction, or the id added to an ignore comment already there. */
export function ignoreLineEdit(analysis: Analysis, id: string, line: number): TextEdit {
  const anchor = analysis.suppressions.anchorLine(line);
  const existing = analysis.suppressions.commentAbove(anchor);
  const document = analysis.model.document;
  if (existing) {
    const end = document.getText({ start: { line: existing.line, character: 0 }, end: { line: existing.line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
    return { range: { start: { line: existing.line, character: end }, end: { line: existing.line, character: end } }, newText: ` ${id}` };
  }
  const start = { line: anchor, character: 0 };
  return { range: { start, end: start }, newText: `${lineIndent(document, anchor)}# godock-ignore ${id}\n` };
}

/** `# godock-ignore-file ID` at the top, after any parser directives of a Dockerfile (`# syntax=…`). */
export function ignoreFileEdit(analysis: Analysis, id: string): TextEdit {
  const model = analysis.model;
  const line = model.kind === 'dockerfile' ? model.ast.getDirectives().reduce((last, d) => Math.max(last, d.getRange().end.line + 1), 0) : 0;
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `# godock-ignore-file ${id}\n` };
}
