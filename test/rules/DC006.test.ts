import { describe, expect, it } from 'vitest';
import { lintText } from '../helpers/lint';
import { applyFileFix } from '../helpers/fileEdits';
import { expectMinimalFix } from '../helpers/minimalFix';

const findings = (text: string, files: Record<string, string> = {}) => lintText(text, { path: 'compose.yaml', files }).reports.filter((r) => r.id === 'DC006');
const command = (cmd: string) => `services:\n  api:\n    image: golang:1.22.5\n    command: ${cmd}\n`;
const debugStage = (build: string, more = '') =>
  `FROM golang:1.22.5 AS debug\nWORKDIR /src\nCOPY . .\nRUN ${build}\nCMD ["dlv", "exec", "/out/api", "--headless", "--listen=:2345"]\n${more}`;
const built = 'services:\n  api:\n    build: {context: ., target: debug}\n';

describe('DC006 edge cases', () => {
  it.each([
    ['not ok: no -gcflags', 'go build -o /out/api .', 1],
    ['not ok: -gcflags without -N -l', 'go build -gcflags=-m -o /out/api .', 1],
    ['not ok: -N -l for the main package only', 'go build -gcflags "-N -l" -o /out/api .', 1],
    ['ok: all=-N -l', 'go build -gcflags="all=-N -l" -o /out/api .', 0],
    ['ok: all=-l -N, in a script', "sh -c 'go build -gcflags=\"all=-l -N\" -o /out/api .'", 0],
    ['ok: another binary than the one debugged, with flags', 'go build -o /out/tool ./tool && go build -gcflags="all=-N -l" -o /out/api .', 0],
  ])('%s', (_name, build, count) => {
    expect(findings(built, { Dockerfile: debugStage(build) })).toHaveLength(count);
  });

  it.each([
    ['ok: dlv debug builds with the flags itself', 'dlv debug ./cmd/api --headless --listen=:2345'],
    ['ok: dlv attach debugs whatever runs', 'sh -c "/app/api & dlv attach $$! --headless --listen=:2345"'],
    ['ok: a binary built elsewhere (nothing says how)', 'dlv exec /app/api --headless --listen=:2345'],
  ])('%s', (_name, cmd) => {
    expect(findings(command(cmd))).toHaveLength(0);
  });

  it('adds the flags to the Dockerfile build, a preferred cross-file fix', () => {
    const dockerfile = debugStage('CGO_ENABLED=0 go build -o /out/api ./cmd/api');
    const [finding] = findings(built, { Dockerfile: dockerfile });
    const fix = finding.fix();
    expect(fix?.preferred).toBe(true);
    expect(fix?.edits).toEqual([]);
    expect(applyFileFix(fix, '/project/Dockerfile', dockerfile)).toBe(dockerfile.replace('go build -o', 'go build -gcflags="all=-N -l" -o'));
  });

  it('does not prefer the fix when the release image ships the same build', () => {
    const dockerfile = 'FROM golang:1.22.5 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\n\nFROM build AS debug\nCMD ["dlv", "exec", "/out/api", "--headless", "--listen=:2345"]\n\nFROM scratch\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n';
    const [finding] = findings(built, { Dockerfile: dockerfile });
    expect(finding.fix()?.preferred).toBe(false);
    expect(finding.fix()?.title).toContain('the release image shares this build');
  });

  it('writes single quotes inside sh -c "…"', () => {
    const dockerfile = debugStage('sh -c "go build -o /out/api ."');
    const [finding] = findings(built, { Dockerfile: dockerfile });
    expect(applyFileFix(finding.fix(), '/project/Dockerfile', dockerfile)).toContain(`sh -c "go build -gcflags='all=-N -l' -o /out/api ."`);
  });

  it("sets build.cmd when air runs with its default build command", () => {
    const air = 'root = "."\n\n[build]\n  full_bin = "dlv exec --headless --listen=:2345 ./tmp/main"\n';
    const text = 'services:\n  api:\n    image: golang:1.22.5\n    working_dir: /src\n    command: air\n    volumes: [".:/src"]\n';
    const [finding] = findings(text, { '.air.toml': air });
    expect(finding.message).toContain('its default command `go build -o ./tmp/main .`');
    expect(applyFileFix(finding.fix(), '/project/.air.toml', air)).toBe(air.replace('[build]', `[build]\ncmd = "go build -gcflags='all=-N -l' -o ./tmp/main ."`));
  });

  it("writes double quotes into an air literal string", () => {
    const air = "[build]\n  cmd = 'go build -o ./tmp/main .'\n  full_bin = 'dlv exec --headless --listen=:2345 ./tmp/main'\n";
    const text = 'services:\n  api:\n    image: golang:1.22.5\n    working_dir: /src\n    command: ["air", "-c", ".air.toml"]\n    volumes: [".:/src"]\n';
    const [finding] = findings(text, { '.air.toml': air });
    expect(applyFileFix(finding.fix(), '/project/.air.toml', air)).toBe(air.replace("'go build -o", `'go build -gcflags="all=-N -l" -o`));
  });

  it('leaves every other line unchanged', () => {
    const text = [
      'services:',
      '  api:',
      "    image: 'golang:1.22.5'   # pinned",
      '    # build, then debug',
      '    command: sh -c "go build -o /tmp/api ./cmd/api && dlv exec /tmp/api --headless --listen=:2345"',
      '    ports: [ "127.0.0.1:2345:2345" ]',
      '',
    ].join('\n');
    expect(expectMinimalFix(text, { path: 'compose.yaml' }, 'DC006')).toBe(text.replace('go build -o', "go build -gcflags='all=-N -l' -o"));
  });
});
