import { describe, expect, it } from 'vitest';
import { lintText } from '../helpers/lint';

const findings = (text: string, dockerfile: string) => lintText(text, { path: 'compose.yaml', files: { Dockerfile: dockerfile } }).reports.filter((r) => r.id === 'DC008');
const built = (volumes: string, more = '') => `services:\n  api:\n    build: .\n${more}    volumes:\n${volumes.split('\n').map((v) => `      ${v}`).join('\n')}\n`;
const APP = 'FROM golang:1.22.5\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n';

describe('DC008 edge cases', () => {
  it.each([
    ['not ok: the source over WORKDIR', '- .:/app', APP, 1],
    ['not ok: a parent of the binary', '- .:/', APP, 1],
    ['not ok: dlv exec of the built binary', '- ./:/app/', APP.replace('CMD ["./server"]', 'CMD ["dlv", "exec", "/app/server", "--headless", "--listen=:2345"]'), 1],
    ['not ok: the COPY destination of a multi-stage build', '- ./bin:/usr/local/bin', 'FROM golang:1.22.5 AS b\nRUN go build -o /out/api .\nFROM alpine:3.20\nCOPY --from=b /out/api /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/api"]\n', 1],
    ['ok: a folder beside the binary', '- ./data:/app/data', APP, 0],
    ['ok: a named volume', '- build:/app', APP, 0],
    ['ok: the binary is looked up in PATH', '- .:/app', APP.replace('CMD ["./server"]', 'CMD ["server"]'), 0],
    ['ok: air builds at start', '- .:/app', APP.replace('CMD ["./server"]', 'CMD ["air"]'), 0],
    ['ok: a binary the image does not build', '- .:/app', APP.replace('CMD ["./server"]', 'CMD ["./run.sh"]'), 0],
  ])('%s', (_name, volumes, dockerfile, count) => {
    expect(findings(built(volumes), dockerfile)).toHaveLength(count);
  });

  it("follows the service's own command and working_dir", () => {
    expect(findings(built('- .:/src', '    working_dir: /app\n    command: ./server\n'), APP.replace('CMD ["./server"]', ''))).toHaveLength(0);
    expect(findings(built('- .:/app', '    command: go run .\n'), APP)).toHaveLength(0);
  });

  it('names the mount, the binary and where the image builds it, and has no fix', () => {
    const [finding] = findings(built('- .:/app'), APP);
    expect(finding.message).toBe('The bind mount .:/app of service "api" covers /app/server, the binary its image puts there (go build in the Dockerfile, line 4): the container sees the host folder instead and exits with "/app/server: no such file or directory"');
    expect(finding.fix()).toBeUndefined();
  });
});
