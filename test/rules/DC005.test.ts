import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { applyFileFix } from '../helpers/fileEdits';
import { expectMinimalFix } from '../helpers/minimalFix';

const findings = (text: string, files: Record<string, string> = {}) => lintText(text, { path: 'compose.yaml', files }).reports.filter((r) => r.id === 'DC005');
const service = (command: string, extra = '') => `services:\n  api:\n    image: golang:1.22.5\n    command: ${command}\n    ports: ["127.0.0.1:2345:2345"]\n${extra}`;
const fix = (text: string) => fixAll(text, { path: 'compose.yaml' }, 'DC005');

describe('DC005 edge cases', () => {
  it.each([
    ['ok: the usual server', 'dlv debug --headless --listen=:2345 --api-version=2 --accept-multiclient --continue', 0],
    ['ok: flags before the command, values apart', 'dlv --listen :2345 --headless=true --accept-multiclient exec /app/api', 0],
    ['ok: -l shorthand', 'dlv exec /app/api --headless -l=0.0.0.0:2345', 0],
    ['ok: program flags after --', 'dlv exec /app/api --headless --listen=:2345 -- --addr=:8080 -v', 0],
    ['ok: dlv dap needs no --headless', 'dlv dap --listen=:2345', 0],
    ['ok: a terminal session', 'dlv debug ./cmd/api', 0],
    ['not ok: --addr', 'dlv debug --headless --addr=:2345', 1],
    ['not ok: --addr with its value apart', 'dlv debug --headless --addr :2345', 1],
    ['not ok: an unknown flag with no guess', 'dlv debug --headless --listen=:2345 --fast', 1],
    ['not ok: -headless', 'dlv debug -headless --listen=:2345', 1],
    ['not ok: localhost published', 'dlv debug --headless --listen=localhost:2345', 1],
    ['not ok: --headless=false', 'dlv debug --headless=false --listen=:2345', 1],
    ['not ok: --continue alone', 'dlv debug --headless --listen=:2345 --continue', 1],
    ['not ok: --api-version 1 apart', 'dlv debug --headless --listen=:2345 --api-version 1', 1],
    ['not ok: headless on a random port', 'dlv debug --headless', 1],
    ['not ok: two problems, two findings', 'dlv debug --listen=127.0.0.1:2345', 2],
  ])('%s', (_name, command, count) => {
    expect(findings(service(command))).toHaveLength(count);
  });

  it('leaves a loopback address alone when the port is not published, or the network is the host', () => {
    expect(findings('services:\n  api:\n    image: golang:1.22.5\n    command: dlv debug --headless --listen=127.0.0.1:2345\n')).toHaveLength(0);
    expect(findings(`${service('dlv debug --headless --listen=127.0.0.1:2345')}    network_mode: host\n`)).toHaveLength(0);
  });

  it.each([
    ['dlv debug --headless --addr=:2345', 'dlv debug --headless --listen=:2345'],
    ['dlv debug --headless --addr :2345', 'dlv debug --headless --listen :2345'],
    ['dlv debug --listen 127.0.0.1:2345 --headless', 'dlv debug --listen :2345 --headless'],
    ['dlv debug --headless=false -l localhost:2345', 'dlv debug --headless -l :2345'],
    ['dlv debug --headless --listen=:2345 --continue', 'dlv debug --headless --listen=:2345 --continue --accept-multiclient'],
    ['dlv debug --headless --listen=:2345 --api-version=1', 'dlv debug --headless --listen=:2345 --api-version=2'],
    ['dlv debug --headless --api-version=2', 'dlv debug --headless --listen=:2345 --api-version=2'],
    ["sh -c 'cd /src && dlv debug --listen=:2345'", "sh -c 'cd /src && dlv debug --headless --listen=:2345'"],
    ['["dlv", "debug", "--listen=:2345", "--continue"]', '["dlv", "debug", "--headless", "--listen=:2345", "--continue", "--accept-multiclient"]'],
  ])('fixes %s', (before, after) => {
    expect(fix(service(before))).toBe(service(after));
  });

  it.each([
    ['dlv debug -headless', 'dlv debug --headless --listen=:2345'],
    ['["dlv", "debug", "-headless"]', '["dlv", "debug", "--headless", "--listen=:2345"]'],
    ['dlv debug -headless=false', 'dlv debug --headless=false'],
  ])('corrects %s in one fix, with the listen address the corrected command needs', (before, after) => {
    const analysis = lintText(service(before), { path: 'compose.yaml' });
    const [finding] = analysis.reports.filter((r) => r.id === 'DC005');
    expect(TextDocument.applyEdits(analysis.model.document, finding.fix()!.edits)).toBe(service(after));
  });

  it('fixes the Dockerfile the service builds, editing only the flags', () => {
    const dockerfile = 'FROM golang:1.22.5 AS debug\n# Delve\nCMD ["dlv", "debug", "--headless", "--addr=:2345", "--continue"]\n\nFROM scratch\n';
    const files = { Dockerfile: dockerfile };
    const text = 'services:\n  api:\n    build: {context: ., target: debug}\n';
    const found = findings(text, files);
    expect(found.map((f) => f.message)).toEqual([
      'Service "api": Delve has no flag --addr (in the Dockerfile\'s CMD): it refuses to start on an unknown flag; the flag is --listen',
      'Service "api": Delve has --continue without --accept-multiclient (in the Dockerfile\'s CMD): it exits with "Error: --continue requires --accept-multiclient"',
    ]);
    expect(found.every((f) => f.fix()?.edits.length === 0)).toBe(true);
    expect(applyFileFix(found[0].fix(), '/project/Dockerfile', dockerfile)).toBe(dockerfile.replace('"--addr=:2345"', '"--listen=:2345"'));
    expect(fixAll(text, { path: 'compose.yaml', files }, 'DC005')).toBe(text);
    expect(files.Dockerfile).toBe(dockerfile.replace('"--addr=:2345", "--continue"', '"--listen=:2345", "--continue", "--accept-multiclient"'));
  });

  it('fixes the full_bin of the .air.toml the service runs', () => {
    const air = '[build]\n  cmd = "go build -gcflags=\'all=-N -l\' -o ./tmp/main ."\n  full_bin = "dlv exec --listen=127.0.0.1:2345 --headless ./tmp/main"\n';
    const files = { '.air.toml': air };
    const text = 'services:\n  api:\n    image: golang:1.22.5\n    working_dir: /src\n    command: air\n    volumes: [".:/src"]\n    ports: ["127.0.0.1:2345:2345"]\n';
    const [finding] = findings(text, files);
    expect(finding.message).toContain('(in .air.toml build.full_bin)');
    expect(applyFileFix(finding.fix(), '/project/.air.toml', air)).toBe(air.replace('--listen=127.0.0.1:2345', '--listen=:2345'));
  });

  it('leaves every other line unchanged', () => {
    const text = [
      'services:',
      '  api:',
      '    image: "golang:1.22.5"   # pinned',
      '    command:',
      '      - dlv   # the debugger',
      "      - 'debug'",
      '      - --addr=:2345',
      '',
      '      - --continue',
      '    ports: ["127.0.0.1:2345:2345"]',
      '',
    ].join('\n');
    expect(expectMinimalFix(text, { path: 'compose.yaml' }, 'DC005')).toBe(
      text.replace('      - --addr=:2345\n', '      - --headless\n      - --listen=:2345\n').replace('      - --continue\n', '      - --continue\n      - --accept-multiclient\n'),
    );
  });
});
