/** Refactorings offered as `refactor.rewrite` code actions, and as fixes of the rules that call for them. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, DiagnosticSeverity, type CodeAction } from 'vscode-languageserver-types';
import { dockerChecks } from '../engine/dockerChecks';
import type { DockerfileContext, Fix } from '../engine/rule';
import convertToMultiStage, { type ConvertOptions } from './convertToMultiStage';

/** The conversion as a fix: DF003's quick-fix, the code action, the client command and `godock convert`. */
export function conversionFix(ctx: DockerfileContext, options: ConvertOptions = {}): Fix | { reason: string } {
  const planned = convertToMultiStage.plan(ctx, options);
  if ('reason' in planned) return planned;
  const runtime = planned.plan.runtimeImage;
  const edits = convertToMultiStage.edits(ctx, planned.plan);
  // A conversion never leaves a file worse than it was: one that Docker would read with a new error is not offered.
  const document = ctx.dockerfile.document;
  if (syntaxErrors(TextDocument.applyEdits(document, edits)) > syntaxErrors(document.getText())) {
    return { reason: 'Godock cannot convert this file safely: the result would not parse (an instruction here spans lines in a way the conversion cannot keep); fix the syntax errors first' };
  }
  return { title: `${convertToMultiStage.title} (runtime ${runtime})`, edits, preferred: false };
}

function syntaxErrors(text: string): number {
  return dockerChecks(TextDocument.create('', 'dockerfile', 0, text)).filter((d) => d.severity === DiagnosticSeverity.Error).length;
}

export function refactorActions(ctx: DockerfileContext, only?: string[]): CodeAction[] {
  const wants = !only || only.some((o) => CodeActionKind.RefactorRewrite === o || CodeActionKind.RefactorRewrite.startsWith(o + '.') || o === CodeActionKind.Refactor);
  if (!wants) return [];
  const fix = conversionFix(ctx);
  if ('reason' in fix) return [];
  return [{ title: convertToMultiStage.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [ctx.dockerfile.uri]: fix.edits } } }];
}
