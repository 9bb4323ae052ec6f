/** "Godock: Convert to Multi-Stage Build": asks the server, and asks the user only what it cannot infer. */
import * as vscode from 'vscode';
import { CONVERT_TO_MULTI_STAGE, type ConvertParams, type ConvertResult } from '../../server/src/protocol';
import type { GodockServer } from './lsp';

const RUNTIMES: { label: string; runtime: NonNullable<ConvertParams['runtime']>; detail: string }[] = [
  { label: 'Distroless', runtime: 'distroless', detail: 'gcr.io/distroless/static-debian12:nonroot (base-debian12 when cgo is needed)' },
  { label: 'Scratch', runtime: 'scratch', detail: 'empty image + CA certificates + numeric user' },
  { label: 'Alpine', runtime: 'alpine', detail: 'alpine:3.20 with a shell' },
  { label: 'Debian slim', runtime: 'debian', detail: 'debian:bookworm-slim' },
];

export async function convertToMultiStage(server: GodockServer): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'dockerfile') {
    void vscode.window.showInformationMessage('Godock: open a Dockerfile to convert it to a multi-stage build.');
    return;
  }
  const picked = await vscode.window.showQuickPick(RUNTIMES, { title: 'Runtime image for the converted Dockerfile' });
  if (!picked) return;
  const params: ConvertParams = { uri: editor.document.uri.toString(), runtime: picked.runtime };
  let result = await server.request<ConvertResult>(CONVERT_TO_MULTI_STAGE, params);
  if ('reason' in result && (result.mainPackages?.length ?? 0) > 1) {
    const main = await vscode.window.showQuickPick(result.mainPackages!, { title: 'Which program should the image run?' });
    if (!main) return;
    result = await server.request<ConvertResult>(CONVERT_TO_MULTI_STAGE, { ...params, main });
  }
  if ('reason' in result) {
    void vscode.window.showWarningMessage(`Godock: ${result.reason}`);
    return;
  }
  await server.applyEdit(result.edit);
}
