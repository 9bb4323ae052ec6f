/**
 * "Convert to multi-stage build" proven on the real engine: for each single-stage project, the original and
 * the converted image are built and run; they answer the same, the converted one runs as non-root and is
 * at least 10 times smaller. The sizes are printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertText } from '../helpers/convert';
import { readProject } from '../helpers/lint';
import { buildImage, dockerClient, requireDocker, withContainer, waitForHttp } from './harness';

const PROJECTS = nodePath.join(__dirname, '../refactors/convert-to-multi-stage');
const docker = await requireDocker();

/** What each project is asked over HTTP, and the options of its conversion. */
const CASES: Record<string, { path: string; main?: string }> = {
  'net-http-api': { path: '/' },
  'templates-static': { path: '/page' },
  'go-run-cmd': { path: '/' },
  'cmd-two-binaries': { path: '/', main: './cmd/api' },
  'arg-driven-from': { path: '/' },
  'go-env-w': { path: '/' },
  'golang-alpine': { path: '/' },
  'cgo-sqlite': { path: '/' },
};

const sizes: string[] = [];
afterAll(() => {
  if (sizes.length) console.log(`Image sizes, original → converted:\n${sizes.join('\n')}`);
});

describe.skipIf(!docker.ok)('convert to multi-stage on the real engine', () => {
  it.each(Object.keys(CASES))('%s: same answer, non-root, 10× smaller', async (name) => {
    const { path, main } = CASES[name];
    const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), `godock-convert-${name}-`));
    fs.cpSync(nodePath.join(PROJECTS, name), work, { recursive: true });
    const files = readProject(work);
    const converted = convertText(files['before.Dockerfile'], files, { main });
    expect(converted.reason).toBeUndefined();
    fs.writeFileSync(nodePath.join(work, 'converted.Dockerfile'), converted.text!);

    const images = { original: `godock-test-${name}:original`, converted: `godock-test-${name}:converted` };
    await buildImage(work, 'before.Dockerfile', images.original);
    await buildImage(work, 'converted.Dockerfile', images.converted);

    const answers: Record<string, string> = {};
    for (const [kind, image] of Object.entries(images)) {
      await withContainer({ image, ports: [8080] }, async (c) => {
        // `go run` compiles the program when the original container starts: give it time on a busy machine.
        const response = await waitForHttp(c.url + path, { timeoutMs: 300_000 });
        expect(response.status).toBe(200);
        answers[kind] = response.body;
      });
    }
    expect(answers.converted).toBe(answers.original);

    const client = dockerClient();
    const [original, small] = await Promise.all([client.getImage(images.original).inspect(), client.getImage(images.converted).inspect()]);
    expect(small.Config.User).toMatch(/^[1-9]\d*(:\d+)?$/);
    sizes.push(`  ${name.padEnd(18)} ${(original.Size / 1e6).toFixed(1)} MB → ${(small.Size / 1e6).toFixed(1)} MB (${(original.Size / small.Size).toFixed(0)}×)`);
    expect(original.Size / small.Size).toBeGreaterThanOrEqual(10);
    fs.rmSync(work, { recursive: true, force: true });
  }, 15 * 60_000);
});
