/** `godock analyze` on bad input and without Docker: one clear line and an exit code, never a hang or a stack trace. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = nodePath.join(__dirname, '../../bin/godock.js');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-analyze-'));
  fs.writeFileSync(nodePath.join(dir, 'Dockerfile'), 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n');
  fs.mkdirSync(nodePath.join(dir, 'sub'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function godock(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, 'analyze', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  return result;
}

describe('godock analyze', () => {
  it.each([
    [[], /analyze takes exactly one Dockerfile/],
    [['nope.Dockerfile'], /nope\.Dockerfile: no such file/],
    [['Dockerfile', '--target', 'test'], /no stage named "test"; its stages: build/],
    [['Dockerfile', '--format', 'sarif'], /unknown format "sarif" for analyze; use text or json/],
    [['Dockerfile', '--context', 'missing'], /--context missing: no such folder/],
    [['Dockerfile', '--context', 'sub'], /Dockerfile is outside the build context sub; give a --context folder that contains it/],
  ])('%j: exit 2 and says what is wrong', (args, message) => {
    const { status, stderr, stdout } = godock(args as string[]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('without a Docker Engine: exit 1, naming the endpoint and the way out', () => {
    const socket = nodePath.join(dir, 'no-docker.sock');
    const { status, stderr } = godock(['Dockerfile'], { DOCKER_HOST: `unix://${socket}` });
    expect(status).toBe(1);
    expect(stderr).toContain(`Docker is not running at unix://${socket} (DOCKER_HOST)`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
