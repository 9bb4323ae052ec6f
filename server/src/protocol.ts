/** Requests the client and server share beyond LSP (as vscode-eslint's shared protocol). */
import type { WorkspaceEdit } from 'vscode-languageserver-types';

export const CONVERT_TO_MULTI_STAGE = 'godock/convertToMultiStage';

/**
 * Node's options for the server process. A young generation of at most 4 MB per half: V8 otherwise grows it
 * to 16 MB per half on a busy server and keeps it, which was a third of the server's memory (the benchmark's
 * RSS after 200 documents and 5,000 edits went from about 170 MB to about 110 MB, for about 2% of edit time).
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=4'];

export interface ConvertParams {
  uri: string;
  runtime?: 'distroless' | 'scratch' | 'alpine' | 'debian';
  main?: string;
}

/** The edit, or why the file cannot be converted (and, when the main package is ambiguous, the choices). */
export type ConvertResult = { edit: WorkspaceEdit } | { reason: string; mainPackages?: string[] };
