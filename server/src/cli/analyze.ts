/** `godock analyze`: builds a Dockerfile stage on the Docker Engine and prints what each line costs. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerConnection, DockerError } from '../docker/connection';
import { docsUrl } from '../engine/docs';
import type { ImageAnalysis } from '../image/analysis';
import { AnalyzeError, analysisTag, buildAndAnalyze, type AnalyzeResult } from '../image/analyze';
import { formatBytes } from '../image/findings';
import { targetStage } from '../image/history';
import { parseDockerfile } from '../model/dockerfile';

export interface AnalyzeOptions {
  target?: string;
  context?: string;
  format?: string;
}

interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

/** Exit codes: 0 analyzed, 1 the build or the engine failed (no Docker included), 2 bad usage or input. */
export async function analyzeCommand(paths: string[], options: AnalyzeOptions, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.err(`godock: ${message}\n`);
    return 2;
  };
  if (paths.length !== 1) return usage('analyze takes exactly one Dockerfile');
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(`unknown format "${format}" for analyze; use text or json`);
  const dockerfile = nodePath.resolve(io.cwd, paths[0]);
  let text: string;
  try {
    if (!fs.statSync(dockerfile).isFile()) return usage(`${paths[0]}: is a folder; give the Dockerfile`);
    text = fs.readFileSync(dockerfile, 'utf8');
  } catch {
    return usage(`${paths[0]}: no such file`);
  }
  const contextDir = nodePath.resolve(io.cwd, options.context ?? nodePath.dirname(dockerfile));
  if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) return usage(`--context ${options.context}: no such folder`);
  const inside = nodePath.relative(contextDir, dockerfile);
  if (inside.startsWith('..') || nodePath.isAbsolute(inside)) return usage(`${paths[0]} is outside the build context ${options.context}; give a --context folder that contains it`);
  const model = parseDockerfile(TextDocument.create(pathToFileURL(dockerfile).toString(), 'dockerfile', 1, text), dockerfile);
  if (model.stages.length === 0) return usage(`${paths[0]}: no FROM instruction; is this a Dockerfile?`);
  if (!targetStage(model, options.target)) {
    const names = model.stages.flatMap((s) => (s.name ? [s.name] : []));
    return usage(`${paths[0]}: no stage named "${options.target}"${names.length ? `; its stages: ${names.join(', ')}` : ' (its stages have no AS name)'}`);
  }

  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  let result: AnalyzeResult;
  try {
    const docker = await new DockerConnection().docker();
    result = await buildAndAnalyze(docker, {
      model,
      dockerfile,
      contextDir,
      target: options.target,
      tag: analysisTag(contextDir, options.target),
      signal: abort.signal,
      // The build's progress goes to stderr, so stdout stays the report (JSON stays parseable).
      onLine: (line) => io.err(`${line}\n`),
      onProgress: (message) => io.err(`${message}\n`),
    });
  } catch (error) {
    const name = nodePath.relative(io.cwd, dockerfile) || paths[0];
    if (error instanceof AnalyzeError) {
      io.err(`godock: ${name}${error.line === undefined ? '' : `:${error.line + 1}`}: ${error.message}\n`);
      return error.cancelled ? 130 : 1;
    }
    if (error instanceof DockerError) {
      io.err(`godock: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const shown = nodePath.relative(io.cwd, dockerfile) || paths[0];
  io.out(format === 'json' ? formatAnalysisJson(result, shown) : formatAnalysisText(result, shown));
  return 0;
}

export function formatAnalysisJson(result: AnalyzeResult, file: string): string {
  const { analysis } = result;
  return `${JSON.stringify(
    {
      file,
      image: { id: analysis.imageId, size: result.engineSize, measured: analysis.bytes },
      target: analysis.target,
      instructions: analysis.instructions.map((i) => ({
        line: i.line + 1,
        instruction: i.text,
        fromBase: i.fromBase,
        size: i.bytes,
        layers: i.layers.map((n) => {
          const layer = analysis.layers[n];
          return { index: n, createdBy: layer.createdBy, size: layer.bytes, files: layer.files, largest: layer.largest.map((p) => ({ path: p.path, size: p.bytes })) };
        }),
      })),
      findings: analysis.findings.map((f) => ({
        id: f.id,
        line: f.line + 1,
        message: f.message,
        path: f.path,
        size: f.bytes,
        related: f.related,
        fix: f.fix,
        docs: docsUrl(f.id),
      })),
    },
    null,
    2,
  )}\n`;
}

export function formatAnalysisText(result: AnalyzeResult, file: string): string {
  const { analysis } = result;
  const stage = /^\d+$/.test(analysis.target) ? '' : ` (target ${analysis.target})`;
  const lines = [`${file}${stage}: image ${shortId(analysis)}, ${formatBytes(result.engineSize)}`, ''];
  for (const i of analysis.instructions) {
    const size = i.layers.length === 0 ? '—' : `+${formatBytes(i.bytes)}`;
    lines.push(`${String(i.line + 1).padStart(5)}  ${size.padStart(9)}  ${i.text.length > 90 ? `${i.text.slice(0, 89)}…` : i.text}${i.fromBase ? '   (base image)' : ''}`);
    const largest = i.layers.flatMap((n) => analysis.layers[n].largest).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
    if (i.bytes > 0 && largest.length > 0) lines.push(`${' '.repeat(18)}${largest.map((p) => `${p.path} ${formatBytes(p.bytes)}`).join(', ')}`);
  }
  if (analysis.findings.length > 0) {
    lines.push('');
    for (const f of analysis.findings) lines.push(`${file}:${f.line + 1} ${f.id} ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

const shortId = (a: ImageAnalysis) => a.imageId.replace(/^sha256:/, '').slice(0, 12);
