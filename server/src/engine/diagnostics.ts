import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { docsUrl } from './docs';
import type { Report } from './lint';
import type { Severity } from './rule';

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The one place a report becomes an LSP diagnostic, for every rule. */
export function toDiagnostic(report: Report): Diagnostic {
  return {
    range: report.range,
    severity: LSP_SEVERITY[report.severity],
    source: report.source,
    code: report.id,
    ...(report.rule ? { codeDescription: { href: docsUrl(report.rule.id) } } : {}),
    message: report.message,
  };
}
