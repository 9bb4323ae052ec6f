import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF014');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF014');
const runtime = (lines: string) => `FROM golang:1.22.5 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\n${lines}\nCOPY --from=build /app /app\n`;

describe('DF014 edge cases', () => {
  it.each([
    ['not ok: HTTP_PROXY from its build arg', 'ARG HTTP_PROXY\nENV HTTP_PROXY=$HTTP_PROXY', 1],
    ['not ok: lower-case https_proxy', 'ENV https_proxy=${https_proxy}', 1],
    ['not ok: the legacy ENV form', 'ENV HTTPS_PROXY http://proxy.corp.example.com:3128', 1],
    ['not ok: FTP_PROXY and ALL_PROXY', 'ENV FTP_PROXY=http://p:3128 ALL_PROXY=socks5://p:1080', 2],
    ['not ok: NO_PROXY', 'ENV NO_PROXY=localhost,.corp.example.com', 1],
    ['ok: an ARG only (a predefined build arg)', 'ARG HTTPS_PROXY\nRUN apt-get update', 0],
    ['ok: a proxy for one command', 'RUN HTTPS_PROXY=http://p:3128 apt-get update', 0],
    ['ok: an empty value that clears an inherited proxy', 'ENV HTTP_PROXY= HTTPS_PROXY=""', 0],
    ['ok: a variable that only looks like one', 'ENV GOPROXY=https://proxy.golang.org HTTP_PROXY_PORT=3128', 0],
  ])('%s', (_name, lines, count) => {
    expect(findings(runtime(lines))).toHaveLength(count);
  });

  it('does not report a build stage the final image does not build on', () => {
    expect(findings('FROM golang:1.22.5 AS build\nARG HTTPS_PROXY\nENV HTTPS_PROXY=$HTTPS_PROXY\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n')).toHaveLength(0);
  });

  it('reports a stage the final stage builds on', () => {
    expect(findings('FROM alpine:3.20 AS base\nENV HTTP_PROXY=$HTTP_PROXY\nFROM base\nCOPY app /app\n')).toHaveLength(1);
  });

  it('removes just the pair when the ENV has others, and the ARG only this ENV used', () => {
    expect(fix(runtime('ARG HTTP_PROXY\nENV TZ=UTC HTTP_PROXY=$HTTP_PROXY LANG=C.UTF-8'))).toBe(runtime('ENV TZ=UTC LANG=C.UTF-8'));
  });

  it('keeps an ARG that something else uses, and one with a default', () => {
    expect(fix(runtime('ARG HTTP_PROXY\nENV HTTP_PROXY=$HTTP_PROXY\nRUN curl -x "$HTTP_PROXY" -fsSO https://example.com/x'))).toBe(
      runtime('ARG HTTP_PROXY\nRUN curl -x "$HTTP_PROXY" -fsSO https://example.com/x'),
    );
    expect(fix(runtime('ARG HTTP_PROXY=http://proxy:3128\nENV HTTP_PROXY=$HTTP_PROXY'))).toBe(runtime('ARG HTTP_PROXY=http://proxy:3128'));
  });

  it('removes every pair of the name from one ENV in one fix (the other would stay in effect)', () => {
    const once = (lines: string) => {
      const analysis = lintText(runtime(lines), { path: 'Dockerfile' });
      const finding = analysis.reports.find((r) => r.id === 'DF014')!;
      return TextDocument.applyEdits(analysis.model.document, finding.fix()!.edits);
    };
    expect(once('ENV A=1 https_proxy=$https_proxy https_proxy=$https_proxy')).toBe(runtime('ENV A=1'));
    expect(once('ENV https_proxy=$https_proxy A=1 https_proxy=$https_proxy B=2')).toBe(runtime('ENV A=1 B=2'));
    expect(once('ENV https_proxy=$https_proxy \\\n    https_proxy=$https_proxy')).toBe(runtime('').replace('\n\n', '\n'));
  });

  it('prefers the fix for a value copied from a build arg, not for a hard-coded proxy', () => {
    const preferred = (lines: string) => lintText(runtime(lines), { path: 'Dockerfile' }).reports.find((r) => r.id === 'DF014')!.fix()!.preferred;
    expect(preferred('ENV HTTP_PROXY=$HTTP_PROXY')).toBe(true);
    expect(preferred('ENV HTTP_PROXY=http://proxy.corp.example.com:3128')).toBe(false);
  });
});
