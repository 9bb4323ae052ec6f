/**
 * Fixes that change how an image is built, checked by building it: a Dockerfile with DF001, DF004, DF006,
 * DF007 and DF009 is built and run as it is (the cgo-linked binary cannot start on distroless
 * static), then `godock lint --fix` is applied and the image is built and run again: it starts and answers.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage, requireDocker, runContainer, waitForHttp, withContainer } from './harness';

const docker = await requireDocker();
const PROJECT = nodePath.join(__dirname, 'fixes/service');
const BIN = nodePath.join(__dirname, '../../bin/godock.js');

describe.skipIf(!docker.ok)('fixes proven by real builds', () => {
  it('the fixed Dockerfile builds and its container starts; the original one cannot start', async () => {
    const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-fixes-'));
    fs.cpSync(PROJECT, work, { recursive: true });
    const lint = (...args: string[]) => spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ...args, 'Dockerfile'], { cwd: work, encoding: 'utf8' });
    const before = JSON.parse(lint().stdout).files[0].findings.map((f: { id: string }) => f.id);
    expect(before).toEqual(expect.arrayContaining(['DF001', 'DF004', 'DF006', 'DF007', 'DF009']));

    await buildImage(work, 'Dockerfile', 'godock-test-fixes:before');
    const broken = await runContainer({ image: 'godock-test-fixes:before', timeoutMs: 60_000 });
    expect(broken.exitCode !== 0 || broken.startError !== undefined).toBe(true);

    lint('--fix');
    const after = JSON.parse(lint().stdout).files[0].findings.filter((f: { severity: string }) => f.severity === 'error' || f.severity === 'warning');
    expect(after).toEqual([]);
    const fixed = fs.readFileSync(nodePath.join(work, 'Dockerfile'), 'utf8');
    expect(fixed).toContain('CGO_ENABLED=0');
    expect(fixed).toContain('--mount=type=cache,target=/root/.cache/go-build');

    await buildImage(work, 'Dockerfile', 'godock-test-fixes:after');
    await withContainer({ image: 'godock-test-fixes:after', ports: [8080] }, async (c) => {
      const response = await waitForHttp(c.url, { timeoutMs: 60_000 });
      expect(response.body).toBe('fixed service\n');
    });
    fs.rmSync(work, { recursive: true, force: true });
  }, 15 * 60_000);
});
