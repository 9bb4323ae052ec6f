import { describe, expect, it } from 'vitest';
import { lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF017');
const BUILD = 'FROM golang:1.22.5 AS build\nRUN go build -o /app .\n';

describe('DF017 edge cases', () => {
  it.each([
    ['not ok: 80 on distroless :nonroot', 'FROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 80', 1],
    ['not ok: 443/tcp as USER 65532', 'FROM scratch\nUSER 65532:65532\nEXPOSE 443/tcp', 1],
    ['not ok: 53/udp as a named user', 'FROM alpine:3.20\nUSER app\nEXPOSE 53/udp', 1],
    ['not ok: a port from an ARG', 'FROM scratch\nARG PORT=80\nUSER 65532\nEXPOSE ${PORT}', 1],
    ['not ok: EXPOSE in the stage the final one builds on', 'FROM alpine:3.20 AS base\nEXPOSE 80\nFROM base\nUSER 10001', 1],
    ['ok: 8080 as non-root', 'FROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 8080', 0],
    ['ok: 80 as root (DF015 is about root)', 'FROM alpine:3.20\nEXPOSE 80', 0],
    ['ok: 80 with USER root last', 'FROM alpine:3.20\nUSER app\nUSER root\nEXPOSE 80', 0],
    ['ok: an unresolved port', 'FROM scratch\nARG PORT\nUSER 65532\nEXPOSE ${PORT}', 0],
    ['ok: an unknown user', 'FROM scratch\nARG UID\nUSER ${UID}\nEXPOSE 80', 0],
  ])('%s', (_name, final, count) => {
    expect(findings(`${BUILD}${final}\n`)).toHaveLength(count);
  });

  it('is info, with no fix: on Docker 20.10+ the bind works', () => {
    const [report] = findings(`${BUILD}FROM gcr.io/distroless/static-debian12:nonroot\nEXPOSE 80\n`);
    expect(report.severity).toBe('info');
    expect(report.fix()).toBeUndefined();
  });
});
