import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const AIR = '[build]\n  cmd = "go build -gcflags=\'all=-N -l\' -o ./tmp/main ."\n  full_bin = "dlv exec --headless --listen=:2345 --accept-multiclient --continue ./tmp/main"\n';
const files = { '.air.toml': AIR, 'go.mod': 'module example.com/x\n\ngo 1.22.5\n' };
const findings = (text: string) => lintText(text, { path: 'compose.yaml', files }).reports.filter((r) => r.id === 'DC002');
const service = (lines: string) => `services:\n  api:\n    image: golang:1.22.5\n${lines.split('\n').map((l) => `    ${l}`).join('\n')}\n`;

describe('DC002 edge cases', () => {
  it.each([
    ['not ok: dlv exec with nothing set', 'command: dlv exec /app/api --headless --listen=:2345', 'info'],
    ['not ok: dlv debug through sh -c', 'command: ["sh", "-c", "cd /src && dlv debug --headless --listen=:2345"]', 'info'],
    ['not ok: dlv attach with only seccomp:unconfined', 'command: dlv attach 1 --headless --listen=:2345\nsecurity_opt: [seccomp:unconfined]', 'warning'],
    ['not ok: dlv trace --pid', 'command: dlv trace --pid 1 main.handle\nsecurity_opt: [seccomp:unconfined]', 'warning'],
    ['not ok: --disable-aslr with SYS_PTRACE only', 'command: dlv exec /app/api --headless --listen=:2345 --disable-aslr\ncap_add: [SYS_PTRACE]', 'warning'],
    ['not ok: Delve in the .air.toml air runs', 'working_dir: /src\ncommand: air\nvolumes: [".:/src"]', 'info'],
    ['ok: dlv exec with seccomp=unconfined', 'command: dlv exec /app/api --headless --listen=:2345\nsecurity_opt: ["seccomp=unconfined"]', undefined],
    ['ok: dlv exec with SYS_PTRACE', 'command: dlv exec /app/api --headless --listen=:2345\ncap_add: [sys_ptrace]', undefined],
    ['ok: dlv attach with CAP_SYS_PTRACE', 'command: dlv attach 1 --headless --listen=:2345\ncap_add: [CAP_SYS_PTRACE]', undefined],
    ['ok: cap_add ALL', 'command: dlv attach 1 --headless --listen=:2345\ncap_add: [ALL]', undefined],
    ['ok: privileged (DC004 reports it)', 'command: dlv attach 1 --headless --listen=:2345\nprivileged: true', undefined],
    ['ok: dlv connect is a client', 'command: dlv connect debugger:2345', undefined],
    ['ok: dlv core reads a dump', 'command: dlv core /app/api /core --headless --listen=:2345', undefined],
    ['ok: dlv version', 'command: dlv version', undefined],
    ['ok: a flag value that says dlv', 'command: ./server --name=dlv', undefined],
  ])('%s', (_name, lines, severity) => {
    const found = findings(service(lines));
    expect(found.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('names the file Delve is started from', () => {
    const [finding] = findings(service('working_dir: /src\ncommand: air\nvolumes: [".:/src"]'));
    expect(finding.message).toContain('(in .air.toml build.full_bin)');
  });

  it('adds only the missing key: SYS_PTRACE to a flow list, seccomp:unconfined kept', () => {
    const text = service('command: dlv attach 1 --headless --listen=:2345\ncap_add: [NET_ADMIN]\nsecurity_opt: [seccomp:unconfined]');
    expect(fixAll(text, { path: 'compose.yaml', files }, 'DC002')).toBe(text.replace('[NET_ADMIN]', '[NET_ADMIN, SYS_PTRACE]'));
  });

  it('fills an empty cap_add: key and quotes like the list it extends', () => {
    const text = service('command: dlv exec /app/api --headless --listen=:2345\ncap_add:\nsecurity_opt:\n  - "apparmor:unconfined"');
    expect(fixAll(text, { path: 'compose.yaml', files }, 'DC002')).toBe(
      service('command: dlv exec /app/api --headless --listen=:2345\ncap_add:\n  - SYS_PTRACE\nsecurity_opt:\n  - "apparmor:unconfined"\n  - "seccomp:unconfined"'),
    );
  });

  it('leaves every other line unchanged', () => {
    const text = [
      '# dev stack  ',
      'services:',
      '  api:',
      "    image: 'golang:1.22.5'   # pinned",
      '    command: >-',
      '      dlv debug ./cmd/api --headless',
      '      --listen=:2345',
      '',
      '    # no capabilities yet',
      '    ports: [ "127.0.0.1:2345:2345" ]',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n');
    const fixed = expectMinimalFix(text, { path: 'compose.yaml', files }, 'DC002');
    expect(fixed).toBe(text.replace('"127.0.0.1:2345:2345" ]\n', '"127.0.0.1:2345:2345" ]\n    cap_add:\n      - SYS_PTRACE\n    security_opt:\n      - seccomp:unconfined\n'));
  });
});
