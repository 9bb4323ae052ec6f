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
