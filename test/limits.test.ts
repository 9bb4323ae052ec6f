/**
 * Hostile inputs end in a clear diagnostic, never a hang or a crash: alias bombs, nesting 10,000 deep, a
 * 5 MB Dockerfile, a 200,000-character line, a file that is not text; the size limit is a setting.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, parseConfig, type Config } from '../server/src/engine/config';
import { analyzeDocument, type Analysis } from '../server/src/engine/lint';
import { documentKind } from '../server/src/model';
import { Workspace } from '../server/src/model/workspace';
import { memoryFileSystem, ROOT } from './helpers/lint';

function analyze(path: string, text: string, config: Config = { rules: {} }): Analysis {
  const kind = documentKind(path)!;
  const document = TextDocument.create(pathToFileURL(nodePath.join(ROOT, path)).toString(), kind, 1, text);
  return analyzeDocument(kind, document, nodePath.join(ROOT, path), { workspace: new Workspace(memoryFileSystem({ [path]: text }), [ROOT]), config });
}

const messages = (analysis: Analysis) => analysis.reports.map((r) => `${r.id}: ${r.message}`);
const expectReport = (analysis: Analysis, pattern: RegExp) => expect(messages(analysis).some((m) => pattern.test(m)), messages(analysis).join('\n')).toBe(true);

describe('limits', () => {
  it('skips a 5 MB Dockerfile with one info diagnostic naming the setting', () => {
    const text = 'FROM golang:1.22\n' + 'RUN go build -o /app .\n'.repeat(230_000);
    expect(text.length).toBeGreaterThan(5_000_000);
    const analysis = analyze('Dockerfile', text);
    expect(analysis.reports).toHaveLength(1);
    expect(analysis.reports[0]).toMatchObject({ id: 'file-skipped', severity: 'info' });
    expect(analysis.reports[0].message).toMatch(/above the limit of 1,000,000 .*godock\.maxFileSize.*\.godock\.json/);
    // The editor and the CLI still have the whole text (nothing is lost on a fix or a write).
    expect(analysis.model.document.getText()).toBe(text);
  });

  it('takes the limit from the settings or .godock.json', () => {
    const config = parseConfig({ maxFileSize: 100 }, '.godock.json');
    expect(analyze('Dockerfile', 'FROM golang:1.22\n'.repeat(10), config).reports[0].id).toBe('file-skipped');
    expectReport(analyze('Dockerfile', 'FROM golang:latest\n', config), /^DF001/);
    expect(() => parseConfig({ maxFileSize: '1MB' }, '.godock.json')).toThrow(/"maxFileSize" is "1MB"; use a whole number/);
    expect(DEFAULT_MAX_FILE_SIZE).toBe(1_000_000);
  });

  it('skips a file that is not text', () => {
    const binary = '\x7fELF\x02\x01\x01\0\0\0\0' + 'FROM golang\n';
    expect(messages(analyze('Dockerfile', binary))).toEqual([expect.stringMatching(/^file-skipped: .*NUL bytes, so it is not a UTF-8 text file/)]);
    expect(messages(analyze('compose.yaml', 'services:\0\n'))).toEqual([expect.stringMatching(/^file-skipped/)]);
  });

  it('lints a Dockerfile with a 200,000-character line', () => {
    const line = 'RUN echo ' + 'x'.repeat(100_000) + ' && go build -o /app . && echo ' + 'y'.repeat(100_000);
    const analysis = analyze('Dockerfile', `FROM golang:latest\n${line}\n`);
    expect(analysis.reports.map((r) => r.id)).toContain('DF001');
    expect(analysis.reports.map((r) => r.id)).not.toContain('file-skipped');
  });

  it('lints a compose file with a 200,000-character value', () => {
    const analysis = analyze('compose.yaml', `services:\n  api:\n    image: golang\n    command: "${'a'.repeat(200_000)}"\n`);
    expect(analysis.reports.map((r) => r.id)).toContain('DC010');
  });

  it('says an alias bomb ("billion laughs") is too big to expand, instead of expanding it', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const text = `x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  api:\n    image: golang:1.22.5\n    labels: *i\n`;
    const analysis = analyze('compose.yaml', text);
    expectReport(analysis, /^DC014: Expanding the aliases of this file gives more than 100,000 values/);
  });

  it('reports YAML nested 10,000 deep as too deep to read', () => {
    const flow = analyze('compose.yaml', `services: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expectReport(flow, /^yaml-syntax: Nested too deeply to read/);
    // Block nesting 10,000 deep is 50 million characters of indentation: the size limit takes it.
    const block = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(analyze('compose.yaml', `services:\n${block} x\n`).reports[0].id).toBe('file-skipped');
  });

  it('lints a Dockerfile with 10,000 nested brackets and continuations', () => {
    const analysis = analyze('Dockerfile', `FROM golang:1.22\nRUN ${'['.repeat(10_000)}\nRUN ${'a \\\n'.repeat(10_000)}b\n`);
    expect(analysis.reports.map((r) => r.id)).not.toContain('file-skipped');
  });
});

describe('limits in the CLI', () => {
  let dir: string | undefined;
  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('says in one line that a big file was skipped, with no stack trace', () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-limits-'));
    fs.writeFileSync(nodePath.join(dir, 'Dockerfile'), 'FROM golang:1.22\n' + 'RUN true\n'.repeat(600_000));
    const result = spawnSync(process.execPath, [nodePath.join(__dirname, '../bin/godock.js'), 'lint', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Godock skipped this file: 5,400,017 characters is above the limit of 1,000,000/);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(0);
  });
});
