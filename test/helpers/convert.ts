/** Runs "Convert to multi-stage build" on a Dockerfile text in an in-memory project, as the code action does. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/model/dockerfile';
import { Workspace } from '../../server/src/model/workspace';
import convert, { type ConvertOptions } from '../../server/src/refactors/convertToMultiStage';
import { memoryFileSystem, ROOT } from './lint';

export function convertText(text: string, files: Record<string, string>, options: ConvertOptions = {}) {
  const workspace = new Workspace(memoryFileSystem({ ...files, Dockerfile: text }), [ROOT]);
  const dockerfile = parseDockerfile(TextDocument.create(`file://${ROOT}/Dockerfile`, 'dockerfile', 1, text), `${ROOT}/Dockerfile`);
  const ctx = { dockerfile, workspace, context: workspace.contextFor(dockerfile) };
  const planned = convert.plan(ctx, options);
  if ('reason' in planned) return { reason: planned.reason };
  return { plan: planned.plan, text: TextDocument.applyEdits(dockerfile.document, convert.edits(ctx, planned.plan)) };
}
