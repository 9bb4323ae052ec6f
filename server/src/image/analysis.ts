/**
 * The analysis of a built image against its Dockerfile: per instruction the bytes its layer adds and its
 * largest paths, per layer what it holds, and the measured findings. Pure and JSON-serializable (the
 * client caches it per image ID).
 */
import type { DockerfileModel, Stage } from '../model/types';
import type { ImageArchive, PathSize } from './archive';
import { formatBytes, imageRule, type ImageFix } from './findings';
import { attributeHistory, chainInstructions, stageChain } from './history';

export interface LayerReport {
  index: number;
  createdBy: string;
  /** 0-based line of the instruction that made it (the FROM line for the base image's layers). */
  line: number;
  fromBase: boolean;
  bytes: number;
  files: number;
  largest: PathSize[];
}

export interface InstructionReport {
  /** 0-based line where the instruction starts. */
  line: number;
  /** The instruction's first line as written (for a FROM: the base image's layers). */
  text: string;
  fromBase: boolean;
  bytes: number;
  /** Indexes into `layers`. */
  layers: number[];
}

export interface ImageFinding {
  id: string;
  line: number;
  layer: number;
  message: string;
  /** The folder (or file) the layer holds. */
  path: string;
  bytes: number;
  /** The static rule that explains the cause. */
  related?: string;
  fix?: ImageFix;
}

export interface ImageAnalysis {
  imageId: string;
  /** The stage analyzed: its name, or its index when unnamed. */
  target: string;
  /** 0-based line of the target stage's FROM (where the total is shown). */
  targetLine: number;
  /** Bytes of all layers, as measured in the export. */
  bytes: number;
  instructions: InstructionReport[];
  layers: LayerReport[];
  findings: ImageFinding[];
}

/** Attributes the layers of a built image to the lines of the Dockerfile stage it was built from. */
export function analyzeImage(model: DockerfileModel, target: Stage, archive: ImageArchive, imageId: string): ImageAnalysis {
  const chain = stageChain(target);
  const baseLine = chain[0].from.getRange().start.line;
  const instructions = chainInstructions(target);
  const attributed = attributeHistory(instructions, archive.config.history ?? [], archive.layers.length);
  const lineText = (line: number) => model.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\s+$/, '');

  const layers: LayerReport[] = archive.layers.map((contents, index) => {
    const a = attributed.find((x) => x.layer === index);
    const line = a?.instruction?.line ?? baseLine;
    return { index, createdBy: a?.createdBy ?? '', line, fromBase: !a?.instruction, bytes: contents.bytes, files: contents.files, largest: contents.largest };
  });

  const byLine = new Map<number, InstructionReport>();
  const report = (line: number, fromBase: boolean) => {
    let r = byLine.get(line);
    if (!r) byLine.set(line, (r = { line, text: lineText(line), fromBase, bytes: 0, layers: [] }));
    return r;
  };
  report(baseLine, true);
  for (const i of instructions) report(i.line, false);
  for (const layer of layers) {
    const r = report(layer.line, layer.fromBase);
    r.bytes += layer.bytes;
    r.layers.push(layer.index);
  }

  const singleStage = model.stages.length === 1;
  const findings: ImageFinding[] = [];
  archive.layers.forEach((contents, index) => {
    const layer = layers[index];
    for (const hold of contents.holds) {
      const rule = imageRule(hold.id);
      if (!rule) continue;
      const where = layer.fromBase ? `A layer of the base image (${chain[0].base.resolved || 'FROM'})` : 'This layer';
      const size = hold.id === 'DI004' ? `${formatBytes(hold.bytes)}` : `${formatBytes(hold.bytes)} in ${hold.files.toLocaleString('en-US')} files`;
      const see = rule.related ? ` (${rule.related} explains why)` : '';
      findings.push({
        id: rule.id,
        line: layer.line,
        layer: index,
        message: `${where} holds ${rule.what} at ${hold.root}: ${size}${see}`,
        path: hold.root,
        bytes: hold.bytes,
        related: rule.related,
        fix: fixFor(rule.id, singleStage),
      });
    }
  });

  return {
    imageId,
    target: target.name ?? String(target.index),
    targetLine: target.from.getRange().start.line,
    bytes: layers.reduce((sum, l) => sum + l.bytes, 0),
    instructions: [...byLine.values()].sort((a, b) => a.line - b.line),
    layers,
    findings,
  };
}

/** The fix a finding offers: the static rule's own, or, for what only a separate build stage leaves behind, the conversion. */
function fixFor(id: string, singleStage: boolean): ImageFix | undefined {
  if (id === 'DI004') return 'DF004';
  if (id === 'DI005') return 'DF022';
  if ((id === 'DI001' || id === 'DI002' || id === 'DI003') && singleStage) return 'convert-to-multi-stage';
  return undefined;
}
