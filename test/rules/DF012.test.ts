import { Arg, DockerfileParser, Env } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../server/src/model';
import type { DockerfileModel } from '../../server/src/model/types';
import { isWidePattern } from '../../server/src/rules/dockerfile/DF012-insecure-go-env';
import { settings } from '../../server/src/rules/settings';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF012');
const stage = (lines: string, image = 'golang:1.22.5-bookworm') => `FROM ${image} AS build\n${lines}\nRUN go mod download\n`;

describe('DF012 edge cases', () => {
  it.each([
    ['not ok: GOSUMDB=off by ENV', 'ENV GOSUMDB=off', 1],
    ['not ok: GOSUMDB=off as an ARG default', 'ARG GOSUMDB=off', 1],
    ['not ok: GOSUMDB=off as a command prefix', 'RUN GOSUMDB=off go get example.com/x@v1.0.0', 1],
    ['not ok: GOSUMDB=off through env(1)', 'RUN env GOSUMDB=off go mod tidy', 1],
    ['not ok: GOSUMDB=off exported in a RUN', 'RUN export GOSUMDB=off && go mod download', 1],
    ['not ok: GOSUMDB=off by go env -w', 'RUN go env -w GOSUMDB=off', 1],
    ['not ok: GOSUMDB=off from a variable', 'ARG SUMDB=off\nENV GOSUMDB=$SUMDB', 1],
    ['not ok: GOINSECURE, even for a private host', 'ENV GOINSECURE=git.corp.example.com', 1],
    ['not ok: GONOSUMDB=*', 'ENV GONOSUMDB=*', 1],
    ['not ok: GONOSUMDB for all of GitHub', 'ENV GONOSUMDB=github.com/*', 1],
    ['not ok: GOPRIVATE=* (no GONOSUMDB)', 'ENV GOPRIVATE=*', 1],
    ['not ok: GOFLAGS=-insecure on Go 1.16', 'ENV GOFLAGS=-insecure', 1, 'golang:1.16-alpine'],
    ['not ok: GOFLAGS=-insecure where the Go version is unknown', 'ENV GOFLAGS="-mod=mod -insecure"', 1, 'debian:bookworm'],
    ['ok: GOFLAGS=-insecure on Go 1.22 (Go 1.17+ rejects the flag)', 'ENV GOFLAGS=-insecure', 0],
    ['ok: GOFLAGS=-insecure on golang:latest', 'ENV GOFLAGS=-insecure', 0, 'golang:latest'],
    ['ok: GOSUMDB names another database', 'ENV GOSUMDB=sum.golang.google.cn', 0],
    ['ok: GONOSUMDB for a private host', 'ENV GONOSUMDB=corp.example.com', 0],
    ['ok: GONOSUMDB for one GitHub organisation', 'ENV GONOSUMDB=github.com/acme', 0],
    ['ok: GOPRIVATE with a subdomain wildcard', 'ENV GOPRIVATE=*.corp.example.com', 0],
    ['ok: GOPRIVATE=* when GONOSUMDB decides the checksum database', 'ENV GOPRIVATE=* GONOSUMDB=corp.example.com', 0],
    ['ok: GOPROXY=off (downloads are forbidden, not unverified)', 'ENV GOPROXY=off', 0],
    ['ok: GOPROXY=direct (sum.golang.org still checks)', 'ENV GOPROXY=direct', 0],
    ['ok: GONOSUMCHECK is not a Go setting', 'ENV GONOSUMCHECK=1', 0],
    ['ok: a stage ARG without a default', 'ARG GOSUMDB', 0],
    ['ok: go env without -w only reads', 'RUN go env GOSUMDB', 0],
  ])('%s', (_name, lines, count, image?: string) => {
    expect(findings(stage(lines, image))).toHaveLength(count);
  });

  it('reports a global ARG default only where a stage redeclares it', () => {
    expect(findings('ARG GOSUMDB=off\nFROM golang:1.22.5\nRUN go mod download\n')).toHaveLength(0);
    expect(findings('ARG GOSUMDB=off\nFROM golang:1.22.5\nARG GOSUMDB\nRUN go mod download\n')).toHaveLength(1);
  });

  it.each([
    ['*', true], ['*.*', true], ['*.com', true], ['github.com', true], ['github.com/*', true], ['github.com/*/*', true],
    ['github.com/acme', false], ['github.com/acme/*', false], ['corp.example.com', false], ['*.corp.example.com', false], ['', false],
  ])('isWidePattern(%j) is %s', (pattern, wide) => {
    expect(isWidePattern(pattern)).toBe(wide);
  });

  it('keeps the private patterns and the other flags when it removes the wide ones', () => {
    const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF012');
    expect(fix(stage('ENV GONOSUMDB=*,corp.example.com/* CGO_ENABLED=0'))).toContain('ENV GONOSUMDB=corp.example.com/* CGO_ENABLED=0\n');
    expect(fix(stage('ENV GOFLAGS="-mod=mod -insecure -trimpath"', 'golang:1.16'))).toContain('ENV GOFLAGS="-mod=mod -trimpath"\n');
  });

  it('removes a prefix, an exported pair or a go env -w pair without leaving an empty command', () => {
    const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF012');
    expect(fix('FROM golang:1.22.5\nRUN GOSUMDB=off \\\n    go mod download\n')).toBe('FROM golang:1.22.5\nRUN \\\n    go mod download\n');
    expect(fix('FROM golang:1.22.5\nRUN export GOSUMDB=off && go mod tidy\n')).toBe('FROM golang:1.22.5\nRUN go mod tidy\n');
    expect(fix('FROM golang:1.22.5\nRUN go env -w GOSUMDB=off\nRUN go mod tidy\n')).toBe('FROM golang:1.22.5\nRUN go mod tidy\n');
  });

  // Removing an `export` or `go env -w` command must not take what a continuation or a quote joined to it: a
  // heredoc operator (its body would become instructions) or the quote opening an `sh -c '…'` script.
  it.each([
    ['a heredoc operator joined to it by a continuation', 'RUN go mod download && export GOSUMDB=off \\\n    <<EOF\ngo build .\nEOF'],
    ['the quote opening an sh -c script', "RUN sh -c 'go env -w GOINSECURE=corp.example.com' && go mod download"],
  ])('reports but offers no fix when removing the command would take %s', (_name, lines) => {
    const text = stage(lines);
    expect(findings(text)).toHaveLength(1);
    expect(findings(text)[0].fix()).toBeUndefined();
    expect(fixAll(text, { path: 'Dockerfile' }, 'DF012')).toBe(text);
  });

  it('is a non-preferred fix: the setting may be meant', () => {
    const report = lintText(stage('ENV GOSUMDB=off'), { path: 'Dockerfile' }).reports.find((r) => r.id === 'DF012')!;
    expect(report.fix()?.preferred).toBeFalsy();
  });

  // Docker reads `"` and the escape character escaped inside a quoted ENV/ARG value, other backslashes and backticks as
  // written: the kept value must read back as it was, with no new syntax error.
  it.each([
    ['ENV', '# escape=`', '# escape=`\n', '"-insecure -ldflags=-X=main.v=a``b\\c`"d`""', '"-ldflags=-X=main.v=a``b\\c`"d`""'],
    ['ARG', '# escape=`', '# escape=`\n', '"-insecure -ldflags=-X=main.v=a``b\\c`"d`""', '"-ldflags=-X=main.v=a``b\\c`"d`""'],
    ['ENV', 'the default escape', '', '"-insecure -ldflags=-X=main.v=a`b\\\\c\\"d\\""', '"-ldflags=-X=main.v=a`b\\\\c\\"d\\""'],
  ])('%s keeps a value with a backtick, a backslash and quotes as Docker reads it, in a file with %s', (keyword, _name, directive, before, after) => {
    const text = `${directive}FROM golang:1.16\n${keyword} GOFLAGS=${before}\nRUN go mod download\n`;
    expect(findings(text)).toHaveLength(1);
    const fixed = fixAll(text, { path: 'Dockerfile' }, 'DF012');
    expect(fixed).toBe(`${directive}FROM golang:1.16\n${keyword} GOFLAGS=${after}\nRUN go mod download\n`);
    const written = DockerfileParser.parse(fixed).getInstructions().find((i): i is Env | Arg => i instanceof Env || i instanceof Arg)!;
    const property = written instanceof Env ? written.getProperties()[0] : written.getProperty()!;
    expect(property.getValue()).toBe('-ldflags=-X=main.v=a`b\\c"d"');
    const errors = (t: string) => lintText(t, { path: 'Dockerfile' }).reports.filter((r) => r.source === 'dockerfile-utils' && r.severity === 'error');
    expect(errors(fixed).map((r) => r.message)).toEqual(errors(text).map((r) => r.message));
  });

  it('offers no rewrite of an ENV or ARG value to one with a line break (neither can hold one)', () => {
    const text = 'FROM golang:1.16\nARG GOSUMDB=off\nENV GOFLAGS=-insecure\n';
    const model = parseModel('dockerfile', TextDocument.create('file:///project/Dockerfile', 'dockerfile', 1, text), '/project/Dockerfile') as DockerfileModel;
    const found = settings(model);
    expect(found.map((s) => s.kind)).toEqual(['arg', 'env']);
    for (const setting of found) {
      expect(setting.rewrite('-mod=mod\n-trimpath')).toBeUndefined();
      expect(setting.rewrite('-mod=mod\r\n-trimpath')).toBeUndefined();
      expect(setting.rewrite('-mod=mod -trimpath')).toHaveLength(1);
    }
  });
});
