/** Refactorings offered as `refactor.rewrite` code actions, and as fixes of the rules that call for them. */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver-types';
import type { DockerfileContext, Fix } from '../engine/rule';
import convertToMultiStage, { type ConvertOptions } from './convertToMultiStage';

/** The conversion as a fix: DF003's quick-fix, the code action, the client command and `godock convert`. */
export function conversionFix(ctx: DockerfileContext, options: ConvertOptions = {}): Fix | { reason: string } {
  const planned = convertToMultiStage.plan(ctx, options);
  if ('reason' in planned) return planned;
  const runtime = planned.plan.runtimeImage;
  return { title: `${convertToMultiStage.title} (runtime ${runtime})`, edits: convertToMultiStage.edits(ctx, planned.plan), preferred: false };
}

export function refactorActions(ctx: DockerfileContext, only?: string[]): CodeAction[] {
  const wants = !only || only.some((o) => CodeActionKind.RefactorRewrite === o || CodeActionKind.RefactorRewrite.startsWith(o + '.') || o === CodeActionKind.Refactor);
  if (!wants) return [];
  const fix = conversionFix(ctx);
  if ('reason' in fix) return [];
  return [{ title: convertToMultiStage.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [ctx.dockerfile.uri]: fix.edits } } }];
}
