import { DockerfileParser, Env } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF004');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF004');

describe('DF004 edge cases', () => {
  it('moves `go env -w` out of a RUN continued over a comment line, keeping the rest of it and the CRLF line breaks', () => {
    const text = 'FROM golang:1.22\r\nRUN echo && \\\r\n# comment\r\n  go env -w GOFLAGS=-mod=mod && \\\r\n  go build .\r\n';
    expect(fix(text)).toBe('FROM golang:1.22\r\nENV GOFLAGS=-mod=mod\r\nRUN echo && \\\r\n  go build .\r\n');
  });

  // Found by npm run fuzz: the line continuation after `go env -w` joined the next line's `RUN … <<-EOF` to
  // the command, and removing it left the heredoc body behind as instructions (APP, EOF, …).
  it.each([
    ['a heredoc operator joined to it by a continuation', 'RUN go build . && x=y ./cmd/api;\\\ngo env -w GOPROXY=https://proxy.example.com,direct \\\nRUN --mount=type=cache,target=/go/pkg/mod <<-EOF\napp --help\nEOF\n'],
    ['a heredoc operator after it', 'RUN go env -w GOPROXY=direct <<EOF\necho\nEOF\n'],
    ['the quote closing an sh -c script', "RUN sh -c 'go env -w GOPROXY=direct' && go build .\n"],
  ])('reports but offers no fix when removing the command would take %s', (_name, run) => {
    const text = `FROM golang:1.22\n${run}`;
    expect(findings(text)).toHaveLength(1);
    expect(findings(text)[0].fix()).toBeUndefined();
    expect(fix(text)).toBe(text);
  });

  // Docker reads `"` and the escape character escaped inside a quoted ENV value; other backslashes and backticks as written.
  it.each([
    ['# escape=`', '# escape=`\n', 'ENV GOFLAGS="-X=main.v=a``b\\c `"d`""'],
    ['the default escape', '', 'ENV GOFLAGS="-X=main.v=a`b\\\\c \\"d\\""'],
  ])('quotes a value with a backtick, a backslash and quotes for a file with %s', (_name, directive, env) => {
    const text = `${directive}FROM golang:1.22\nRUN go env -w 'GOFLAGS=-X=main.v=a\`b\\c "d"' && go build .\n`;
    const fixed = fix(text);
    expect(fixed).toBe(`${directive}FROM golang:1.22\n${env}\nRUN go build .\n`);
    const written = DockerfileParser.parse(fixed).getInstructions().find((i): i is Env => i instanceof Env)!;
    expect(written.getProperties()[0].getValue()).toBe('-X=main.v=a`b\\c "d"');
  });

  it('reports but offers no fix for a value with a line break (ENV cannot hold one)', () => {
    const text = 'FROM golang:1.22\nRUN <<EOF\ngo env -w GOFLAGS="-tags=a\n-trimpath"\ngo build .\nEOF\n';
    expect(findings(text)).toHaveLength(1);
    expect(findings(text)[0].fix()).toBeUndefined();
    expect(fix(text)).toBe(text);
  });

  it('names only the real settings and offers no fix when an argument is not NAME=value (an unclosed quote ran on)', () => {
    const text = 'FROM golang:1.22\nRUN go env -w GOPRIVATE=git.example.com \\\n "  && go env -w CGO_ENABLED=0 \\\n  && apt-get update\n';
    const [finding] = findings(text);
    expect(finding.message).toMatch(/^`go env -w` writes GOPRIVATE into/);
    expect(finding.fix()).toBeUndefined();
  });
});
