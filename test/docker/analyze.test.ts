/**
 * Layer insight on the real engine: a single-stage Go Dockerfile with `go env -w` and `go build` is built with
 * BuildKit and its export read; the layers are attributed to their lines, the build cache and the Go env file
 * are found where they are, the multi-stage conversion shrinks the image at least 10 times, and the CLI's JSON
 * sizes add up to the engine's image size. A failing build names its line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalyzeError, buildAndAnalyze } from '../../server/src/image/analyze';
import { BuildFailure, buildImage } from '../../server/src/image/build';
import { parseDockerfile } from '../../server/src/model/dockerfile';
import { convertText } from '../helpers/convert';
import { readProject } from '../helpers/lint';
import { dockerClient, requireDocker } from './harness';

const FIXTURE = nodePath.join(__dirname, '../refactors/convert-to-multi-stage/go-env-w');
const BIN = nodePath.join(__dirname, '../../bin/godock.js');
const docker = await requireDocker();

// One project folder for the whole file: the same context each run, so BuildKit reuses its cached layers.
const work = nodePath.join(os.tmpdir(), 'godock-analyze-go-env-w');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
for (const name of ['go.mod', 'main.go']) fs.copyFileSync(nodePath.join(FIXTURE, name), nodePath.join(work, name));
const original = fs.readFileSync(nodePath.join(FIXTURE, 'before.Dockerfile'), 'utf8');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function analyze(dockerfileName: string, tag: string) {
  const path = nodePath.join(work, dockerfileName);
  const text = fs.readFileSync(path, 'utf8');
  const model = parseDockerfile(TextDocument.create(pathToFileURL(path).toString(), 'dockerfile', 1, text), path);
  return buildAndAnalyze(dockerClient(), { model, dockerfile: path, contextDir: work, tag });
}

const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start));

describe.skipIf(!docker.ok)('layer insight on the real engine', () => {
  // First, while the context holds only the original project (later tests add Dockerfiles to it).
  it('godock analyze --format json: per-instruction sizes add up to the engine image size within 1%', async () => {
    fs.writeFileSync(nodePath.join(work, 'Dockerfile'), original);
    const result = spawnSync(process.execPath, [BIN, 'analyze', 'Dockerfile', '--format', 'json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: docker.ok ? docker.host : '' },
      timeout: 10 * 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { image: { id: string; size: number }; instructions: { line: number; size: number }[]; findings: { id: string; line: number }[] };
    const engine = await dockerClient().getImage(report.image.id).inspect();
    expect(report.image.size).toBe(engine.Size);
    const sum = report.instructions.reduce((s, i) => s + i.size, 0);
    expect(Math.abs(sum - engine.Size) / engine.Size).toBeLessThan(0.01);
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'DI001', line: lineOf(original, 'RUN go build') + 1 }));
  }, 15 * 60_000);

  it('attributes the build cache to the go build line and the Go env file to the go env -w line; the conversion shrinks it 10×', async () => {
    fs.writeFileSync(nodePath.join(work, 'Dockerfile'), original);
    const before = await analyze('Dockerfile', 'godock-test-analyze:single');
    const { analysis } = before;

    const buildLine = lineOf(original, 'RUN go build');
    const build = analysis.instructions.find((i) => i.line === buildLine)!;
    expect(build.layers).toHaveLength(1);
    const cache = analysis.findings.find((f) => f.id === 'DI001')!;
    expect(cache).toMatchObject({ line: buildLine, path: '/root/.cache/go-build', related: 'DF006', fix: 'convert-to-multi-stage' });
    // The build cache of a small program is tens of MB, most of what the line adds.
    expect(cache.bytes).toBeGreaterThan(10e6);
    expect(cache.bytes).toBeLessThanOrEqual(build.bytes);
    expect(cache.message).toMatch(/Go build cache at \/root\/\.cache\/go-build: [\d.]+ MB/);
    expect(analysis.layers[build.layers[0]].largest[0].path).toBe('/root/.cache/go-build');

    const envLine = lineOf(original, 'RUN go env -w');
    const env = analysis.instructions.find((i) => i.line === envLine)!;
    expect(env.layers.flatMap((n) => analysis.layers[n].largest.map((p) => p.path))).toContain('/root/.config/go/env');
    expect(analysis.findings.find((f) => f.id === 'DI004')).toMatchObject({ line: envLine, path: '/root/.config/go/env', fix: 'DF004' });
    // The toolchain comes with the golang base image, attributed to FROM.
    expect(analysis.findings.find((f) => f.id === 'DI003')).toMatchObject({ line: 0, path: '/usr/local/go' });

    // The lines add up to the image: the measured layers are the engine's size within 1%.
    expect(Math.abs(analysis.bytes - before.engineSize) / before.engineSize).toBeLessThan(0.01);

    const converted = convertText(original, readProject(work), {});
    expect(converted.reason).toBeUndefined();
    fs.writeFileSync(nodePath.join(work, 'multi.Dockerfile'), converted.text!);
    const after = await analyze('multi.Dockerfile', 'godock-test-analyze:multi');
    console.log(`analyzed: ${(analysis.bytes / 1e6).toFixed(1)} MB → ${(after.analysis.bytes / 1e6).toFixed(1)} MB`);
    expect(analysis.bytes / after.analysis.bytes).toBeGreaterThanOrEqual(10);
    expect(after.analysis.findings.map((f) => f.id)).toEqual([]);
    // Only the runtime stage's lines are attributed: nothing points into the build stage.
    const runtimeFrom = lineOf(converted.text!, 'FROM gcr.io/distroless');
    expect(after.analysis.instructions.every((i) => i.line >= runtimeFrom)).toBe(true);
  }, 15 * 60_000);

  it('a cancelled build stops at once with a cancelled error, not a hang', async () => {
    fs.writeFileSync(nodePath.join(work, 'slow.Dockerfile'), `FROM alpine:3.20\nRUN echo ${Date.now()} && sleep 600\n`);
    const path = nodePath.join(work, 'slow.Dockerfile');
    const model = parseDockerfile(TextDocument.create(pathToFileURL(path).toString(), 'dockerfile', 1, fs.readFileSync(path, 'utf8')), path);
    const abort = new AbortController();
    const error = await buildAndAnalyze(dockerClient(), {
      model,
      dockerfile: path,
      contextDir: work,
      signal: abort.signal,
      // Cancel once BuildKit runs the sleeping step.
      onStep: (step) => {
        if (step.name.includes('sleep 600')) abort.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyzeError);
    expect(error, String(error)).toMatchObject({ cancelled: true, message: 'The build was cancelled.' });
  }, 2 * 60_000);

  it('a failing build names the failing line and carries BuildKit’s message', async () => {
    const text = 'FROM alpine:3.20\nRUN echo fine\nRUN echo broken >&2 && exit 3\nCMD ["true"]\n';
    fs.writeFileSync(nodePath.join(work, 'failing.Dockerfile'), text);
    const error = await analyze('failing.Dockerfile', 'godock-test-analyze:failing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyzeError);
    expect((error as AnalyzeError).line).toBe(2);
    expect((error as AnalyzeError).message).toMatch(/The build failed at line 3: .*exit code: 3/);
  }, 5 * 60_000);

  it('builds when .dockerignore lists the Dockerfile (sent anyway, as the Docker CLI does) and leaves out what it ignores', async () => {
    const root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-ignored-dockerfile-'));
    try {
      fs.writeFileSync(nodePath.join(root, '.dockerignore'), 'Dockerfile*\n.dockerignore\n*.md\n');
      fs.writeFileSync(nodePath.join(root, 'app.txt'), 'app\n');
      fs.writeFileSync(nodePath.join(root, 'notes.md'), 'private\n');
      fs.writeFileSync(nodePath.join(root, 'Dockerfile'), 'FROM scratch\nCOPY app.txt /\n');
      fs.writeFileSync(nodePath.join(root, 'Dockerfile.notes'), 'FROM scratch\nCOPY notes.md /\n');
      const built = await buildImage(dockerClient(), { contextDir: root, dockerfile: nodePath.join(root, 'Dockerfile') });
      expect(built.imageId).toMatch(/^sha256:/);
      const ignored = await buildImage(dockerClient(), { contextDir: root, dockerfile: nodePath.join(root, 'Dockerfile.notes') }).catch((e: unknown) => e);
      expect(ignored).toBeInstanceOf(BuildFailure);
      expect(String((ignored as BuildFailure).message)).toMatch(/notes\.md/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 2 * 60_000);
});
