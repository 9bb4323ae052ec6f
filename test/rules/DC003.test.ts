import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const options = { path: 'compose.yaml' };
const findings = (text: string) => lintText(text, options).reports.filter((r) => r.id === 'DC003');
const withPorts = (ports: string, command = 'dlv debug --headless --listen=:2345 --accept-multiclient') =>
  `services:\n  api:\n    image: golang:1.22.5\n    command: ${command}\n    ports:\n${ports.split('\n').map((p) => `      ${p}`).join('\n')}\n`;

describe('DC003 edge cases', () => {
  it.each([
    ['not ok: "2345:2345"', '- "2345:2345"', 1],
    ['not ok: container port only', '- "2345"', 1],
    ['not ok: a plain number', '- 2345', 1],
    ['not ok: 0.0.0.0', '- 0.0.0.0:2345:2345', 1],
    ['not ok: [::]', '- "[::]:2345:2345"', 1],
    ['not ok: another host port', '- "40000:2345"', 1],
    ['not ok: a range that holds 2345', '- "2340-2350:2340-2350"', 1],
    ['not ok: long syntax without host_ip', '- target: 2345\n  published: "2345"', 1],
    ['not ok: long syntax on 0.0.0.0', '- target: 2345\n  host_ip: 0.0.0.0', 1],
    ['ok: 127.0.0.1', '- "127.0.0.1:2345:2345"', 0],
    ['ok: [::1]', '- "[::1]:2345:2345"', 0],
    ['ok: a LAN address chosen on purpose', '- "192.168.1.20:2345:2345"', 0],
    ['ok: long syntax on loopback', '- target: 2345\n  host_ip: 127.0.0.1', 0],
    ['ok: udp', '- "2345:2345/udp"', 0],
    ['ok: the app port', '- "8080:8080"', 0],
  ])('%s', (_name, ports, count) => {
    expect(findings(withPorts(ports))).toHaveLength(count);
  });

  it("follows Delve's --listen port, and then leaves 2345 alone", () => {
    const found = findings(withPorts('- "2345:2345"\n- "40000:40000"', 'dlv debug --headless --listen=:40000'));
    expect(found.map((f) => f.range.start.line)).toEqual([6]);
    expect(found[0].message).toContain("Delve's port 40000");
  });

  it('reads --listen from the Dockerfile the service builds', () => {
    const files = { Dockerfile: 'FROM golang:1.22.5\nCMD dlv debug --headless -l :4000 --accept-multiclient\n' };
    const text = 'services:\n  api:\n    build: .\n    ports: ["4000:4000"]\n';
    expect(lintText(text, { ...options, files }).reports.filter((r) => r.id === 'DC003')).toHaveLength(1);
  });

  it.each([
    ['- "2345"', '- "127.0.0.1:2345:2345"'],
    ["- '0.0.0.0:2345:2345/tcp'", "- '127.0.0.1:2345:2345/tcp'"],
    ['- ${DLV_PORT:-2345}:2345', '- 127.0.0.1:${DLV_PORT:-2345}:2345'],
    ['- target: 2345\n  host_ip: "0.0.0.0"', '- target: 2345\n  host_ip: "127.0.0.1"'],
  ])('fixes %s', (before, after) => {
    expect(fixAll(withPorts(before), options, 'DC003')).toBe(withPorts(after));
  });

  it('leaves every other line unchanged', () => {
    const text = withPorts('- "8080:8080"   # app\n# Delve\n- target: 2345   # dlv\n  published: 2345\n  protocol: tcp\n- "9090:9090"');
    const fixed = expectMinimalFix(text, options, 'DC003');
    expect(fixed).toBe(text.replace('  protocol: tcp\n', '  protocol: tcp\n        host_ip: 127.0.0.1\n'));
  });
});
