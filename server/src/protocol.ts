/** Requests the client and server share beyond LSP (as vscode-eslint's shared protocol). */
import type { WorkspaceEdit } from 'vscode-languageserver-types';

export const CONVERT_TO_MULTI_STAGE = 'godock/convertToMultiStage';

export interface ConvertParams {
  uri: string;
  runtime?: 'distroless' | 'scratch' | 'alpine' | 'debian';
  main?: string;
}

/** The edit, or why the file cannot be converted (and, when the main package is ambiguous, the choices). */
export type ConvertResult = { edit: WorkspaceEdit } | { reason: string; mainPackages?: string[] };

/** The findings of one file, as the server has them (an open file's unsaved text included): Check Debug Setup. */
export const LINT_FILE = 'godock/lintFile';

export interface LintFileParams {
  path: string;
}

export interface LintFinding {
  id: string;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  line: number;
  character: number;
  /** The quick fix's title, when the finding has one. */
  fixTitle?: string;
}
