/** `godock analyze`: bad input and no Docker give one clear line and an exit code (never a hang or a stack trace); its text and JSON output. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatAnalysisJson, formatAnalysisText } from '../../server/src/cli/analyze';
import { analyzeImage } from '../../server/src/image/analysis';
import { parseDockerfile } from '../../server/src/model/dockerfile';

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

describe('godock analyze output', () => {
  const text = 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n';
  const model = parseDockerfile(TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, text));
  const analysis = analyzeImage(
    model,
    model.finalStage!,
    {
      config: { history: [{ created_by: 'true' }, { created_by: 'RUN /bin/sh -c go build -o /app . # buildkit' }, { created_by: 'CMD ["/app"]', empty_layer: true }] },
      layers: [
        { bytes: 600e6, files: 9, deleted: 0, largest: [{ path: '/usr/local/go', bytes: 200e6 }], holds: [] },
        { bytes: 90e6, files: 9, deleted: 0, largest: [{ path: '/root/.cache/go-build', bytes: 80e6 }], holds: [{ id: 'DI001', root: '/root/.cache/go-build', bytes: 80e6, files: 900 }] },
      ],
    },
    'sha256:0123456789abcdef',
  );
  const result = { analysis, engineSize: 690e6, reused: false };

  it('text: one row per line with what it adds, its largest paths, then the findings', () => {
    expect(formatAnalysisText(result, 'Dockerfile').split('\n')).toEqual([
      'Dockerfile: image 0123456789ab, 690 MB',
      '',
      '    1    +600 MB  FROM golang:1.22   (base image)',
      '                  /usr/local/go 200 MB',
      '    2   +90.0 MB  RUN go build -o /app .',
      '                  /root/.cache/go-build 80.0 MB',
      '    3          —  CMD ["/app"]',
      '',
      'Dockerfile:2 DI001 This layer holds the Go build cache at /root/.cache/go-build: 80.0 MB in 900 files (DF006 explains why)',
      '',
    ]);
  });

  it('json: 1-based lines, sizes per instruction and layer, findings with their rule page', () => {
    const json = JSON.parse(formatAnalysisJson(result, 'Dockerfile'));
    expect(json.image).toEqual({ id: 'sha256:0123456789abcdef', size: 690e6, measured: 690e6 });
    expect(json.instructions.map((i: { line: number; size: number }) => [i.line, i.size])).toEqual([
      [1, 600e6],
      [2, 90e6],
      [3, 0],
    ]);
    expect(json.findings[0]).toMatchObject({ id: 'DI001', line: 2, related: 'DF006', fix: 'convert-to-multi-stage' });
    expect(json.findings[0].docs).toMatch(/docs\/rules\/DI001\.md$/);
  });
});
