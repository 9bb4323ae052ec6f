import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF004');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF004');

describe('DF004 edge cases', () => {
  it('moves `go env -w` out of a RUN continued over a comment line, keeping the rest of it', () => {
    const text = 'FROM golang:1.22\r\nRUN echo && \\\r\n# comment\r\n  go env -w GOFLAGS=-mod=mod && \\\r\n  go build .\r\n';
    expect(fix(text)).toBe('FROM golang:1.22\r\nENV GOFLAGS=-mod=mod\nRUN echo && \\\r\n  go build .\r\n');
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
});
