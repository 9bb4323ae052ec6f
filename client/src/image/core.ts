/**
 * Layer insight in the editor, the pure part: what the lenses say on each line, the Image Layers tree, the
 * diagnostics, and the results kept per image ID (so nothing is rebuilt or re-read unless asked).
 */
import type { ImageAnalysis } from '../../../server/src/image/analysis';
import { formatBytes, IMAGE_SOURCE, type ImageFix } from '../../../server/src/image/findings';

export { formatBytes, IMAGE_SOURCE };

export interface Lens {
  line: number;
  title: string;
  tooltip: string;
}

/** One analysis of a Dockerfile stage, with the text it was made from (to follow the lines as the file changes). */
export interface Result {
  uri: string;
  target?: string;
  text: string;
  analysis: ImageAnalysis;
  engineSize: number;
}

const key = (uri: string, target?: string) => `${uri}#${target ?? ''}`;

/** Results per image ID and, per Dockerfile stage, the latest and the one before it (for `312 MB → 9.8 MB`). */
export class ResultStore {
  private readonly byImage = new Map<string, ImageAnalysis>();
  private readonly byStage = new Map<string, { latest: Result; previous?: Result }>();

  analysisOf(imageId: string): ImageAnalysis | undefined {
    return this.byImage.get(imageId);
  }

  add(result: Result): void {
    this.byImage.set(result.analysis.imageId, result.analysis);
    const k = key(result.uri, result.target);
    const current = this.byStage.get(k);
    // Rebuilding the same image keeps the comparison with the one before.
    if (current && current.latest.analysis.imageId === result.analysis.imageId) this.byStage.set(k, { latest: result, previous: current.previous });
    else this.byStage.set(k, { latest: result, previous: current?.latest });
  }

  /** The results shown on a Dockerfile: one per analyzed stage. */
  forUri(uri: string): { latest: Result; previous?: Result }[] {
    return [...this.byStage.entries()].filter(([k]) => k.startsWith(`${uri}#`)).map(([, v]) => v);
  }

  clear(uri: string): void {
    for (const k of [...this.byStage.keys()]) if (k.startsWith(`${uri}#`)) this.byStage.delete(k);
  }
}

/**
 * Where the analyzed lines are in the current text: a line that still reads the same keeps its place, a moved
 * one is found by its text, an edited or deleted one is dropped (its numbers would be about something else).
 */
export function relocate(analyzedText: string, currentText: string): (line: number) => number | undefined {
  if (analyzedText === currentText) return (line) => line;
  const before = analyzedText.split(/\r?\n/);
  const after = currentText.split(/\r?\n/);
  const taken = new Set<number>();
  const cache = new Map<number, number | undefined>();
  return (line) => {
    if (cache.has(line)) return cache.get(line);
    const text = before[line]?.trim();
    let found: number | undefined;
    if (text) {
      if (after[line]?.trim() === text && !taken.has(line)) found = line;
      else found = after.findIndex((l, i) => l.trim() === text && !taken.has(i));
      if (found === -1) found = undefined;
    }
    if (found !== undefined) taken.add(found);
    cache.set(line, found);
    return found;
  };
}

const change = (before: number | undefined, after: number, prefix = '') =>
  before === undefined || before === after ? `${prefix}${formatBytes(after)}` : `${prefix}${formatBytes(before)} → ${prefix}${formatBytes(after)}`;

/** The lenses of one result: `+95.5 MB` per instruction with a layer, the image total on the target's FROM. */
export function resultLenses(result: Result, previous: Result | undefined, currentText: string): Lens[] {
  const { analysis } = result;
  const at = relocate(result.text, currentText);
  const previousBytes = new Map<string, number>();
  for (const i of previous?.analysis.instructions ?? []) previousBytes.set(i.text.trim(), i.bytes);
  const lenses: Lens[] = [];
  for (const i of analysis.instructions) {
    const line = at(i.line);
    if (line === undefined || i.layers.length === 0) continue;
    const largest = i.layers.flatMap((n) => analysis.layers[n].largest).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
    const what = i.fromBase ? 'base image ' : '';
    lenses.push({
      line,
      title: `${what}${change(previousBytes.get(i.text.trim()), i.bytes, '+')}`,
      tooltip: largest.map((p) => `${p.path}  ${formatBytes(p.bytes)}`).join('\n') || 'no files',
    });
  }
  const targetLine = at(analysis.targetLine);
  if (targetLine !== undefined) {
    const total = change(previous?.analysis.bytes, analysis.bytes);
    lenses.push({ line: targetLine, title: `image ${total}`, tooltip: `Image ${analysis.imageId.slice(7, 19)}, stage ${analysis.target}: ${formatBytes(result.engineSize)} as the engine reports it` });
  }
  return lenses;
}

/** The stages a lens offers to analyze: every FROM (any stage can be a build target). */
export function analyzeLenses(stages: { line: number; name?: string; index: number; last: boolean }[]): { line: number; title: string; target?: string }[] {
  return stages.map((s) => ({ line: s.line, title: s.last ? 'Analyze image' : `Analyze image (target ${s.name ?? s.index})`, target: s.last ? undefined : s.name }));
}

export interface TreeItem {
  label: string;
  description: string;
  /** The source line to open (current text). */
  line?: number;
  tooltip?: string;
  children: TreeItem[];
}

/** The Image Layers tree: one node per layer (its line and size), its largest paths below. */
export function layerTree(result: Result, currentText: string): TreeItem[] {
  const { analysis } = result;
  const at = relocate(result.text, currentText);
  const lines = result.text.split(/\r?\n/);
  return analysis.layers
    .map((layer) => {
      const line = at(layer.line);
      const source = (lines[layer.line] ?? '').trim();
      // The size first: a long RUN line would hide it at the end of a narrow view.
      return {
        label: `+${formatBytes(layer.bytes)} · line ${layer.line + 1}`,
        description: layer.fromBase ? `${source} (base image layer ${layer.index + 1})` : source || layer.createdBy,
        line,
        tooltip: layer.createdBy,
        children: layer.largest.map((p) => ({ label: p.path, description: formatBytes(p.bytes), line, children: [] })),
      };
    })
    .reverse();
}

export interface ImageDiagnostic {
  line: number;
  id: string;
  message: string;
  related?: string;
  fix?: ImageFix;
}

/** The measured findings of a result, on the lines of the current text. */
export function imageDiagnostics(result: Result, currentText: string): ImageDiagnostic[] {
  const at = relocate(result.text, currentText);
  return result.analysis.findings.flatMap((f) => {
    const line = at(f.line);
    return line === undefined ? [] : [{ line, id: f.id, message: f.message, related: f.related, fix: f.fix }];
  });
}

/** Why a Dockerfile may not be built here: the workspace is untrusted, or the file is not on disk in it. */
export function buildableReason(opts: { scheme: string; inWorkspace: boolean; trusted: boolean }): string | undefined {
  if (!opts.trusted) return 'Building an image runs the Dockerfile: trust this workspace first (Manage Workspace Trust).';
  if (opts.scheme !== 'file') return 'Only a Dockerfile saved on disk can be built: save it into the workspace first.';
  if (!opts.inWorkspace) return 'This Dockerfile is outside the workspace: open its folder (File > Open Folder) to build and analyze it.';
  return undefined;
}
