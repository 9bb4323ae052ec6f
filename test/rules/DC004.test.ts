import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const files = { 'go.mod': 'module example.com/x\n\ngo 1.22.5\n' };
const options = { path: 'compose.yaml', files };
const findings = (text: string) => lintText(text, options).reports.filter((r) => r.id === 'DC004');

describe('DC004 edge cases', () => {
  it.each([
    ['not ok: a Delve service', 'image: golang:1.22.5\ncommand: dlv debug --headless --listen=:2345\nprivileged: true', 1],
    ['not ok: a golang image', 'image: golang:1.22.5\nprivileged: yes', 1],
    ['not ok: built from a module (go.mod in the context)', 'build: .\nprivileged: true', 1],
    ['ok: privileged: false', 'image: golang:1.22.5\nprivileged: false', 0],
    ['ok: Docker-in-Docker', 'image: docker:27-dind\nprivileged: true', 0],
    ['ok: a database', 'image: postgres:16\nprivileged: true', 0],
  ])('%s', (_name, lines, count) => {
    const text = `services:\n  api:\n${lines.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    expect(findings(text)).toHaveLength(count);
  });

  it('is a security finding whose fix is not applied by fix-all', () => {
    const [finding] = findings('services:\n  api:\n    image: golang:1.22.5\n    privileged: true\n');
    expect(finding.rule?.security).toBe(true);
    expect(finding.fix()?.preferred).toBeFalsy();
  });

  it('only removes the line when both settings are already there', () => {
    const text = 'services:\n  api:\n    image: golang:1.22.5\n    privileged: true\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n';
    expect(fixAll(text, options, 'DC004')).toBe(text.replace('    privileged: true\n', ''));
  });

  it('offers no fix in a flow-style service', () => {
    const [finding] = findings('services:\n  api: {image: "golang:1.22.5", privileged: true}\n');
    expect(finding.fix()).toBeUndefined();
  });

  it('leaves every other line unchanged', () => {
    const text = [
      'services:',
      '  api:',
      "    image: 'golang:1.22.5'   # pinned",
      '    command: ["dlv", "debug", "--headless", "--listen=:2345"]',
      '    cap_add:',
      '      - "NET_ADMIN"   # for iptables',
      '    privileged: true',
      '',
      '    # the rest',
      '    environment:',
      '      GOFLAGS: -mod=mod',
      '',
    ].join('\n');
    expect(expectMinimalFix(text, options, 'DC004')).toBe(
      text
        .replace('      - "NET_ADMIN"   # for iptables\n', '      - "NET_ADMIN"   # for iptables\n      - "SYS_PTRACE"\n')
        .replace('    privileged: true\n', '    security_opt:\n      - seccomp:unconfined\n'),
    );
  });
});
