import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const BUILD = 'FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\n';
const messages = (text: string) => lintText(BUILD + text).reports.filter((r) => r.id === 'DF021').map((r) => r.message);
const unhealthy = (image: string, needs: string) => `HEALTHCHECK needs ${needs}, which ${image} does not have: the check always fails and the container is reported unhealthy`;

describe('DF021 edge cases', () => {
  it.each([
    ['not ok: curl in exec form on scratch', 'FROM scratch\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/healthz"]', [unhealthy('scratch', '`curl`')]],
    ['not ok: wget by full path on distroless', 'FROM gcr.io/distroless/base-debian12\nHEALTHCHECK CMD ["/usr/bin/wget", "-qO-", "http://localhost:8080/"]', [unhealthy('gcr.io/distroless/base-debian12', '`wget`')]],
    ['not ok: the binary itself, but in shell form', 'FROM scratch\nCOPY --from=build /out/app /app\nHEALTHCHECK --interval=10s CMD /app healthcheck', [unhealthy('scratch', '`/bin/sh`')]],
    ['not ok: a shell in exec form', 'FROM gcr.io/distroless/static-debian12:nonroot\nHEALTHCHECK CMD ["sh", "-c", "wget -q localhost:8080 || exit 1"]', [unhealthy('gcr.io/distroless/static-debian12:nonroot', '`sh`')]],
    ['not ok: inherited from the stage the final one builds on', 'FROM scratch AS runtime\nHEALTHCHECK CMD curl -f localhost\n\nFROM runtime\nCOPY --from=build /out/app /app', [unhealthy('scratch', '`/bin/sh` and `curl`')]],
    ['ok: the binary in exec form', 'FROM scratch\nCOPY --from=build /out/app /app\nHEALTHCHECK CMD ["/app", "healthcheck"]', []],
    ['ok: a static curl copied in', 'FROM scratch\nCOPY --from=curlimages/curl:8.8.0 /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/"]', []],
    ['ok: distroless debug has BusyBox wget and sh', 'FROM gcr.io/distroless/static-debian12:debug\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1', []],
    ['ok: alpine has BusyBox wget', 'FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1', []],
    ['ok: HEALTHCHECK NONE', 'FROM scratch\nHEALTHCHECK NONE', []],
    ['ok: a later HEALTHCHECK replaces it', 'FROM scratch\nHEALTHCHECK CMD curl -f localhost\nHEALTHCHECK CMD ["/app", "healthcheck"]', []],
    ['ok: a check in a builder stage', 'FROM debian:bookworm-slim AS e2e\nHEALTHCHECK CMD curl -f localhost\n\nFROM scratch\nCOPY --from=build /out/app /app', []],
  ])('%s', (_name, text, expected) => {
    expect(messages(text)).toEqual(expected);
  });

  it('rewrites a shell-form check of the binary to exec form, and offers nothing for curl', () => {
    const text = BUILD + 'FROM scratch\nCOPY --from=build /out/app /app\nHEALTHCHECK --interval=10s \\\n  CMD /app healthcheck --timeout 2s\n';
    expect(fixAll(text, { path: 'Dockerfile' }, 'DF021')).toBe(BUILD + 'FROM scratch\nCOPY --from=build /out/app /app\nHEALTHCHECK --interval=10s \\\n  CMD ["/app", "healthcheck", "--timeout", "2s"]\n');
    const curl = lintText(BUILD + 'FROM scratch\nHEALTHCHECK CMD curl -f localhost').reports.find((r) => r.id === 'DF021')!;
    expect(curl.fix()).toBeUndefined();
  });
});
