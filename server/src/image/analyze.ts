/**
 * Build and analyze: builds a Dockerfile stage with BuildKit, reads the image's history and streams its
 * export, and attributes each layer to its line. Takes a Dockerode instance (the caller resolves the engine).
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { DockerfileModel } from '../model/types';
import { analyzeImage, type ImageAnalysis } from './analysis';
import { readImageArchive } from './archive';
import { BuildFailure, buildImage, engineMessage, failingLine } from './build';
import type { BuildStep } from './buildkit';
import { imageClassifier } from './findings';
import { targetStage } from './history';

export interface AnalyzeRequest {
  model: DockerfileModel;
  /** The Dockerfile on disk and its build context. */
  dockerfile: string;
  contextDir: string;
  target?: string;
  /** Tag for the built image (so a rebuild reuses BuildKit's cache and the user can run it). */
  tag?: string;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
  onStep?: (step: BuildStep) => void;
  /** `Reading layers: 1.2 GB` while the export streams. */
  onProgress?: (message: string) => void;
  /** A cached analysis of an image ID, to skip reading the export again. */
  cached?: (imageId: string) => ImageAnalysis | undefined;
}

export interface AnalyzeResult {
  analysis: ImageAnalysis;
  /** The image size the engine reports (`docker images`). */
  engineSize: number;
  /** True when the analysis came from the cache (same image ID). */
  reused: boolean;
}

/** A problem the user can act on: the message says what and the way out; `line` is where (0-based). */
export class AnalyzeError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'AnalyzeError';
  }
}

export async function buildAndAnalyze(docker: Dockerode, request: AnalyzeRequest): Promise<AnalyzeResult> {
  const { model } = request;
  const stage = targetStage(model, request.target);
  if (!stage) {
    const names = model.stages.map((s) => s.name).filter(Boolean);
    throw new AnalyzeError(
      model.stages.length === 0
        ? `${request.dockerfile} has no FROM instruction: there is nothing to build`
        : `no stage named "${request.target}" in ${request.dockerfile}; ${names.length ? `stages: ${names.join(', ')}` : 'its stages have no names (AS name)'}`,
    );
  }
  let built;
  try {
    built = await buildImage(docker, {
      contextDir: request.contextDir,
      dockerfile: request.dockerfile,
      target: request.target ? stage.name : undefined,
      tag: request.tag,
      signal: request.signal,
      onLine: request.onLine,
      onStep: request.onStep,
    });
  } catch (e) {
    if (e instanceof BuildFailure) {
      const stages = model.stages.map((s) => ({ name: s.name, lines: [s.from, ...s.instructions].map((i) => i.getRange().start.line) }));
      const line = failingLine(e.step, stages);
      const where = line === undefined ? '' : ` at line ${line + 1}`;
      throw new AnalyzeError(e.cancelled ? e.message : `The build failed${where}: ${e.message}`, line, e.cancelled);
    }
    throw new AnalyzeError(`The Docker Engine refused the build: ${engineMessage(e)}`);
  }
  let image: Dockerode.ImageInspectInfo;
  try {
    image = await docker.getImage(built.imageId).inspect();
  } catch (e) {
    throw new AnalyzeError(`The engine built image ${built.imageId.slice(7, 19)} but cannot describe it: ${engineMessage(e)}`);
  }
  const cached = request.cached?.(built.imageId);
  if (cached) return { analysis: cached, engineSize: image.Size, reused: true };

  request.onProgress?.('Reading the image layers');
  // dockerode types the export as a web stream; it is the HTTP response, a Node stream.
  const stream = (await docker.getImage(built.imageId).get()) as unknown as Readable;
  const abort = () => stream.destroy(new Error('cancelled'));
  request.signal?.addEventListener('abort', abort, { once: true });
  try {
    const archive = await readImageArchive(stream, {
      classify: imageClassifier(image.Config?.Env ?? undefined),
      onBytes: (bytes) => request.onProgress?.(`Reading the image layers: ${(bytes / 1e6).toFixed(0)} MB`),
    });
    return { analysis: analyzeImage(model, stage, archive, built.imageId), engineSize: image.Size, reused: false };
  } catch (e) {
    if (request.signal?.aborted) throw new AnalyzeError('The analysis was cancelled.', undefined, true);
    throw new AnalyzeError(`Could not read the layers of image ${built.imageId.slice(7, 19)}: ${engineMessage(e)}`);
  } finally {
    request.signal?.removeEventListener('abort', abort);
  }
}

/** A tag for the analyzed image: `<folder>-godock:<target>`, in the characters a tag allows. */
export function analysisTag(contextDir: string, target: string | undefined): string {
  const base = contextDir.split(/[\\/]/).filter(Boolean).pop() ?? 'image';
  const repo = `${base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'image'}-godock`;
  const tag = (target ?? 'latest').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 128) || 'latest';
  return `${repo}:${tag}`;
}
