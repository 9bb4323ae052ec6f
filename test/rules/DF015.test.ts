import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string, path = 'Dockerfile') => lintText(text, { path }).reports.filter((r) => r.id === 'DF015');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF015');
const BUILD = 'FROM golang:1.22.5 AS build\nRUN go build -o /app .\n';

describe('DF015 edge cases', () => {
  it.each([
    ['not ok: scratch without USER', 'FROM scratch\nCOPY --from=build /app /app', 1],
    ['not ok: distroless :latest without USER', 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app', 1],
    ['not ok: alpine without USER', 'FROM alpine:3.20\nCOPY --from=build /app /app', 1],
    ['not ok: USER root last', 'FROM alpine:3.20\nUSER app\nUSER root', 1],
    ['not ok: USER 0:0', 'FROM debian:bookworm-slim\nUSER 0:0', 1],
    ['not ok: USER from an ARG that says root', 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}', 1],
    ['ok: distroless :nonroot', 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app', 0],
    ['ok: distroless :debug-nonroot', 'FROM gcr.io/distroless/base-debian12:debug-nonroot', 0],
    ['ok: Chainguard static', 'FROM cgr.dev/chainguard/static:latest', 0],
    ['ok: a numeric USER', 'FROM scratch\nUSER 65532:65532', 0],
    ['ok: a named USER', 'FROM alpine:3.20\nRUN adduser -D app\nUSER app', 0],
    ['ok: root for a step, then a user again', 'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER 10001', 0],
    ['ok: USER inherited from the stage it builds on', 'FROM alpine:3.20 AS base\nUSER 10001\nFROM base\nCOPY --from=build /app /app', 0],
    ['ok: an image whose default user is unknown', 'FROM registry.corp.example.com/base/runtime:3\nCOPY --from=build /app /app', 0],
    ['ok: an unresolved USER variable', 'FROM alpine:3.20\nARG UID\nUSER ${UID}', 0],
    ['ok: a golang final stage (DF003 asks for a runtime stage first)', 'FROM golang:1.22.5\nRUN go build -o /app .', 0],
    ['ok: an unresolved base image', 'ARG BASE\nFROM ${BASE}', 0],
  ])('%s', (_name, final, count) => {
    expect(findings(`${BUILD}${final}\n`)).toHaveLength(count);
  });

  it('skips dev images', () => {
    expect(findings(`${BUILD}FROM alpine:3.20\n`, 'Dockerfile.dev')).toHaveLength(0);
    expect(findings(`${BUILD}FROM alpine:3.20\n`, '.devcontainer/Dockerfile')).toHaveLength(0);
  });

  it('inserts USER after the last step that needs root, before ENTRYPOINT', () => {
    expect(fix(`${BUILD}FROM alpine:3.20\nCOPY --from=build /app /app\nUSER root\nRUN chown 65532 /data\nEXPOSE 8080\nENTRYPOINT ["/app"]\nCMD ["serve"]\n`)).toBe(
      `${BUILD}FROM alpine:3.20\nCOPY --from=build /app /app\nUSER root\nRUN chown 65532 /data\nEXPOSE 8080\nUSER 65532:65532\nENTRYPOINT ["/app"]\nCMD ["serve"]\n`,
    );
  });

  it('appends USER to a stage without CMD or ENTRYPOINT, even at the end of the file', () => {
    expect(fix(`${BUILD}FROM scratch\nCOPY --from=build /app /app`)).toBe(`${BUILD}FROM scratch\nCOPY --from=build /app /app\nUSER 65532:65532`);
    expect(fix(`${BUILD}FROM scratch\n`)).toBe(`${BUILD}FROM scratch\nUSER 65532:65532\n`);
  });

  it('offers no fix when the last line continues past comment and blank lines to the end (USER would join the RUN)', () => {
    const text = 'FROM ubuntu:24.04\nRUN apt-get update && \\\n  apt-get install -y curl \\\n# the end\n\n';
    const [finding] = findings(text);
    expect(finding.fix()).toBeUndefined();
    expect(findings('FROM ubuntu:24.04\nRUN true\n# the end \\\n')[0].fix()).toBeDefined();
  });

  it('offers no fix when the file ends inside a heredoc of any instruction that takes one (ADD and ONBUILD too)', () => {
    for (const keyword of ['RUN', 'COPY', 'ADD', 'ONBUILD RUN']) {
      const [finding] = findings(`FROM alpine:3.20\n${keyword} <<EOF /etc/motd\nhello\n`);
      expect(finding.fix(), keyword).toBeUndefined();
    }
  });
});
