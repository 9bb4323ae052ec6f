/**
 * Builds a Dockerfile with BuildKit through the Engine API (dockerode, `version: '2'`, so RUN --mount works),
 * reporting BuildKit's steps as they come and mapping a failure to the Dockerfile line that failed.
 */
import * as nodePath from 'node:path';
import type Dockerode from 'dockerode';
import { BuildKitProgress, parseStepName, type BuildStep } from './buildkit';
import { contextFiles, packContext } from './context';

export interface BuildRequest {
  /** The build context folder. */
  contextDir: string;
  /** The Dockerfile's path (inside the context). */
  dockerfile: string;
  target?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  /** Each line of build output, like `docker build --progress=plain`. */
  onLine?: (line: string) => void;
  /** A BuildKit step started or finished. */
  onStep?: (step: BuildStep) => void;
  signal?: AbortSignal;
}

export interface BuiltImage {
  imageId: string;
  logs: string[];
}

/** A build that did not produce an image: BuildKit's message, and the step (so the line) it failed on. */
export class BuildFailure extends Error {
  constructor(
    message: string,
    readonly step: BuildStep | undefined,
    readonly logs: string[],
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'BuildFailure';
  }
}

interface BuildMessage {
  id?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: unknown;
}

export async function buildImage(docker: Dockerode, request: BuildRequest): Promise<BuiltImage> {
  const dockerfile = nodePath.relative(request.contextDir, request.dockerfile).split(nodePath.sep).join('/');
  if (dockerfile.startsWith('../') || nodePath.isAbsolute(dockerfile)) {
    throw new BuildFailure(`${request.dockerfile} is outside the build context ${request.contextDir}; choose a context folder that contains it`, undefined, []);
  }
  const progress = new BuildKitProgress();
  const logs: string[] = [];
  const reported = new Map<number, string>();
  let error: string | undefined;
  let imageId: string | undefined;
  const emit = (line: string) => {
    logs.push(line);
    request.onLine?.(line);
  };
  const handle = (message: BuildMessage) => {
    if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
      for (const line of progress.decode(message.aux)) emit(line);
      for (const step of progress.steps) {
        const state = `${step.name}|${step.done}|${step.error ?? ''}`;
        if (step.name && reported.get(step.n) !== state) {
          reported.set(step.n, state);
          request.onStep?.(step);
        }
      }
    } else if (message.id === 'moby.image.id' && message.aux && typeof message.aux === 'object') {
      imageId = (message.aux as { ID?: string }).ID ?? imageId;
    }
    if (message.error || message.errorDetail) {
      error = message.errorDetail?.message ?? message.error;
      emit(`ERROR: ${error}`);
    }
    if (message.stream) for (const line of message.stream.replace(/\n$/, '').split('\n')) emit(line);
  };

  try {
    const stream = await docker.buildImage(
      packContext(request.contextDir, contextFiles(request.contextDir, dockerfile)),
      // dockerode sends undefined options as empty values (`t=` is "invalid reference format"): leave them out.
      Object.fromEntries(
        Object.entries({ t: request.tag, dockerfile, version: '2', target: request.target, buildargs: request.buildArgs, abortSignal: request.signal }).filter(([, v]) => v !== undefined),
      ),
    );
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      const flush = (text: string) => {
        for (const line of text.split('\n')) {
          if (!line.trim()) continue;
          try {
            handle(JSON.parse(line) as BuildMessage);
          } catch {
            emit(line);
          }
        }
      };
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const end = buffered.lastIndexOf('\n');
        if (end >= 0) {
          flush(buffered.slice(0, end));
          buffered = buffered.slice(end + 1);
        }
      });
      stream.on('end', () => {
        flush(buffered);
        resolve();
      });
      stream.on('error', reject);
      request.signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    });
  } catch (e) {
    if (request.signal?.aborted) throw new BuildFailure('The build was cancelled.', undefined, logs, true);
    error ??= engineMessage(e);
  }
  // The engine may answer a cancel with an error of its own ("context canceled"): the user cancelled.
  if (request.signal?.aborted) throw new BuildFailure('The build was cancelled.', undefined, logs, true);
  if (error !== undefined) throw new BuildFailure(error, progress.failed, logs);
  if (!imageId) {
    if (!request.tag) throw new BuildFailure('The engine finished the build without reporting an image ID.', undefined, logs);
    imageId = (await docker.getImage(request.tag).inspect()).Id;
  }
  return { imageId, logs };
}

/** The engine's own words from a dockerode error (`(HTTP code 400) … - <message>`). */
export function engineMessage(e: unknown): string {
  const json = (e as { json?: { message?: string } }).json;
  if (json?.message) return json.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The Dockerfile line a failed step comes from: step `[build 4/6]` is instruction 4 of stage `build` counting
 * its FROM as 1. `stages` lists each stage's name (or undefined) and the start lines of its instructions,
 * FROM first.
 */
export function failingLine(step: BuildStep | undefined, stages: { name?: string; lines: number[] }[]): number | undefined {
  if (!step) return undefined;
  const parsed = parseStepName(step.name);
  if (!parsed) return undefined;
  let stage: { name?: string; lines: number[] } | undefined;
  const name = parsed.stage;
  if (name === undefined) stage = stages.at(-1);
  else {
    const unnamed = /^stage-(\d+)$/.exec(name);
    stage = stages.find((s) => s.name === name.toLowerCase()) ?? (unnamed ? stages[Number(unnamed[1])] : undefined);
  }
  return stage?.lines[parsed.index - 1];
}
