import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const BUILD = 'FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';
const findings = (text: string, path = 'Dockerfile') => lintText(BUILD + text, { path }).reports.filter((r) => r.id === 'DF020');

describe('DF020 edge cases', () => {
  it.each([
    ['not ok: scratch has no shell', 'FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT /app', 'error', 'ENTRYPOINT ["/app"]'],
    ['not ok: distroless has no shell', 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nCMD /app --port 8080', 'error', 'CMD ["/app", "--port", "8080"]'],
    ['not ok: exec does not help without a shell', 'FROM scratch\nCOPY --from=build /out/app /app\nCMD exec /app', 'error', 'CMD ["/app"]'],
    ['not ok: single quotes are not JSON', "FROM scratch\nCOPY --from=build /out/app /app\nCMD ['/app', '--port', '8080']", 'error', 'CMD ["/app", "--port", "8080"]'],
    ['not ok: dash keeps PID 1', 'FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD /app --port 8080', 'warning', 'CMD ["/app", "--port", "8080"]'],
    ['not ok: the golang image runs dash too', 'FROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD "/app" --name "orders api"', 'warning', 'CMD ["/app", "--name", "orders api"]'],
    ['not ok: a shell-form CMD becomes arguments of an exec-form ENTRYPOINT', 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\nCMD serve --port 8080', 'warning', 'CMD ["serve", "--port", "8080"]'],
    ['not ok: inherited from the stage the final one builds on', 'FROM debian:bookworm-slim AS runtime\nCMD /app\n\nFROM runtime\nCOPY --from=build /out/app /app', 'warning', 'CMD ["/app"]'],
  ])('%s', (_name, text, severity, fixedLine) => {
    const [finding, ...rest] = findings(text);
    expect(rest).toEqual([]);
    expect(finding.severity).toBe(severity);
    expect(fixAll(BUILD + text, { path: 'Dockerfile' }, 'DF020').split('\n')).toContain(fixedLine);
  });

  it.each([
    ['ok: alpine (BusyBox sh replaces itself with the last command)', 'FROM alpine:3.20\nCOPY --from=build /out/app /app\nCMD /app --port 8080'],
    ['ok: distroless debug has BusyBox', 'FROM gcr.io/distroless/static-debian12:debug\nCOPY --from=build /out/app /app\nCMD /app'],
    ['ok: exec replaces dash', 'FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD APP_ENV=prod exec /app'],
    ['ok: exec on the last command of a list', 'FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD /app migrate && exec /app serve'],
    ['ok: an image whose shell is unknown', 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nCOPY --from=build /out/app /app\nCMD /app'],
    ['ok: a SHELL instruction', 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nCOPY --from=build /out/app /app\nCMD /app'],
    ['ok: overridden by a later exec-form CMD', 'FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD /app\nCMD ["/app", "--port", "8080"]'],
    ['ok: an ENTRYPOINT resets the CMD of the stage it builds on', 'FROM debian:bookworm-slim AS runtime\nCMD /app\n\nFROM runtime\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]'],
    ['ok: exec form over continuation lines', 'FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app", \\\n  "--port", "8080"]'],
  ])('%s', (_name, text) => {
    expect(findings(text)).toEqual([]);
  });

  it('skips dev images', () => {
    expect(findings('FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD /app', 'Dockerfile.dev')).toEqual([]);
  });

  it.each([
    ['a variable', 'CMD /app --port $PORT'],
    ['a pipe', 'CMD /app 2>&1 | tee /var/log/app.log'],
    ['a list', 'CMD /app migrate && /app serve'],
    ['a glob', 'CMD /app --config /etc/app/*.yaml'],
  ])('reports but does not fix a command that needs the shell: %s', (_name, cmd) => {
    const [finding] = findings(`FROM debian:bookworm-slim\nCOPY --from=build /out/app /app\n${cmd}`);
    expect(finding.fix()).toBeUndefined();
  });

  it('reports a shell-form ENTRYPOINT that ignores CMD, with a fix that is not preferred', () => {
    const [finding] = findings('FROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT /app\nCMD ["--port", "8080"]');
    expect(finding.message).toBe('ENTRYPOINT in shell form ignores CMD and the arguments of `docker run`');
    expect(finding.fix()).toMatchObject({ title: 'Use ENTRYPOINT ["/app"] (CMD becomes its arguments)', preferred: false });
  });
});
