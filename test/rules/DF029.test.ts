import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const count = (run: string) => lintText(`FROM alpine:3.20\n${run}\n`).reports.filter((r) => r.id === 'DF029').length;
const fix = (run: string) => fixAll(`FROM alpine:3.20\n${run}\n`, { path: 'Dockerfile' }, 'DF029').split('\n')[1];

describe('DF029 edge cases', () => {
  it.each([
    ['ok: --no-cache after add', 'RUN apk add --no-cache git', 0],
    ['ok: --no-cache before the applet', 'RUN apk --no-cache add git', 0],
    ['ok: the cache removed in the same RUN', 'RUN apk add git && rm -rf /var/cache/apk/*', 0],
    ['ok: a cache mount on /var/cache/apk', 'RUN --mount=type=cache,target=/var/cache/apk apk add git', 0],
    ['ok: apk del and info', 'RUN apk del .build-deps && apk info', 0],
    ['ok: a word "apk" that is not the program', 'RUN echo apk add git', 0],
    ['not ok: plain add', 'RUN apk add git', 1],
    ['not ok: -U (update the cache) still keeps it', 'RUN apk add -U git', 1],
    ['not ok: a global option with a value before add', 'RUN apk -X https://dl-cdn.alpinelinux.org/alpine/edge/testing add delve', 1],
    ['not ok: update then add --no-cache leaves the index of update', 'RUN apk update && apk add --no-cache git', 1],
    ['not ok: a cache mount elsewhere does not count', 'RUN --mount=type=cache,target=/root/.cache apk add git', 1],
    ['not ok: inside sh -c', "RUN sh -c 'apk add git'", 1],
    ['not ok: a builder stage too', 'RUN apk add gcc musl-dev', 1],
  ])('%s', (_name, run, expected) => {
    expect(count(run)).toBe(expected);
  });

  it.each([
    ['adds --no-cache right after add', 'RUN apk add -U --virtual .deps git', 'RUN apk add --no-cache -U --virtual .deps git'],
    ['drops apk update once every add has --no-cache', 'RUN apk update && apk add --no-cache git && git --version', 'RUN apk add --no-cache git && git --version'],
    ['drops apk update and fixes the adds together', 'RUN apk update && \\', 'RUN apk add --no-cache git'],
  ])('%s', (_name, run, expected) => {
    const input = run.endsWith('\\') ? `${run}\n    apk add git` : run;
    expect(fixAll(`FROM alpine:3.20\n${input}\n`, { path: 'Dockerfile' }, 'DF029')).toBe(`FROM alpine:3.20\n${expected}\n`);
  });

  it('keeps apk update when another apk command still needs its index', () => {
    expect(fix('RUN apk update && apk upgrade && apk add --no-cache git')).toBe('RUN apk update && apk upgrade && apk add --no-cache git');
  });

  // Removing `apk update` must not take what a continuation or a quote joined to it: a heredoc operator
  // (its body would become instructions) or the quote opening an `sh -c '…'` script.
  it.each([
    ['a heredoc operator joined to it by a continuation', 'RUN apk add --no-cache git && apk update \\\n    <<EOF\necho ok\nEOF'],
    ['the quote opening an sh -c script', "RUN sh -c 'apk update' && apk add --no-cache git"],
  ])('reports but does not remove apk update when that would take %s', (_name, run) => {
    const text = `FROM alpine:3.20\n${run}\n`;
    const reports = lintText(text).reports.filter((r) => r.id === 'DF029');
    expect(reports).toHaveLength(1);
    expect(reports[0].fix()).toBeUndefined();
    expect(fixAll(text, { path: 'Dockerfile' }, 'DF029')).toBe(text);
  });
});
