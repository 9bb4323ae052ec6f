import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text).reports.filter((r) => r.id === 'DF028');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF028');

describe('DF028 edge cases', () => {
  it.each([
    ['ok: key=value', 'FROM alpine:3.20\nENV CGO_ENABLED=0', 0],
    ['ok: several pairs over continuation lines', 'FROM alpine:3.20\nENV A=1 \\\n    B="x y"', 0],
    ['ok: an ARG', 'FROM alpine:3.20\nARG VERSION=dev', 0],
    ['ok: a LABEL with =', 'FROM alpine:3.20\nLABEL org.opencontainers.image.title="orders api"', 0],
    ['ok: ENV without a value (a syntax error dockerfile-utils reports)', 'FROM alpine:3.20\nENV CGO_ENABLED', 0],
    ['not ok: ENV key value', 'FROM alpine:3.20\nENV CGO_ENABLED 0', 1],
    ['not ok: a value with = in it', 'FROM alpine:3.20\nENV GOFLAGS -ldflags=-s', 1],
    ['not ok: LABEL key value', 'FROM alpine:3.20\nLABEL maintainer platform@example.com', 1],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it.each([
    ['keeps a value without blanks as it is', 'ENV PATH /go/bin:$PATH', 'ENV PATH=/go/bin:$PATH'],
    ['quotes a value with blanks', 'ENV GOFLAGS -mod=mod   -trimpath', 'ENV GOFLAGS="-mod=mod   -trimpath"'],
    ['keeps a value quoted whole', "ENV GOPRIVATE 'git.example.com/*, github.com/acme/*'", "ENV GOPRIVATE='git.example.com/*, github.com/acme/*'"],
    ['follows the escape directive', '# escape=`\nFROM alpine:3.20\nENV TAGS `\n    netgo `\n    osusergo', '# escape=`\nFROM alpine:3.20\nENV TAGS="netgo `\n    osusergo"'],
  ])('%s', (_name, before, after) => {
    const text = before.startsWith('#') ? before : `FROM alpine:3.20\n${before}\n`;
    const expected = after.startsWith('#') ? after : `FROM alpine:3.20\n${after}\n`;
    expect(fix(text)).toBe(expected);
    expect(findings(expected)).toEqual([]);
  });

  it('reports but does not fix a value whose quotes only cover part of it', () => {
    const [finding] = findings('FROM alpine:3.20\nENV GOFLAGS -mod=mod "-tags=a b"\n');
    expect(finding.fix()).toBeUndefined();
  });
});
