import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text, { path: 'Dockerfile' }).reports.filter((r) => r.id === 'DF016');
const fix = (text: string) => fixAll(text, { path: 'Dockerfile' }, 'DF016');
const BUILD = 'FROM golang:1.22.5-alpine AS build\nRUN adduser -D app && go build -o /app .\n';

describe('DF016 edge cases', () => {
  it.each([
    ['not ok: a name on scratch', 'FROM scratch\nUSER app', 1],
    ['not ok: root by name on scratch (no passwd to resolve it)', 'FROM scratch\nUSER root', 1],
    ['not ok: a named group on scratch', 'FROM scratch\nUSER 10001:app', 1],
    ['not ok: a name distroless lacks', 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER app', 1],
    ['not ok: a name on a stage built on scratch', 'FROM scratch AS base\nCOPY --from=build /app /app\nFROM base\nUSER app', 1],
    ['not ok: a name from an ARG', 'FROM scratch\nARG APP_USER=app\nUSER ${APP_USER}', 1],
    ['not ok: only /etc/passwd copied, group named', 'FROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app:app', 1],
    ['ok: numeric on scratch', 'FROM scratch\nUSER 65532:65532', 0],
    ['ok: passwd copied file to file', 'FROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\nUSER app', 0],
    ['ok: passwd and group copied into /etc/', 'FROM scratch\nCOPY --from=build /etc/passwd /etc/group /etc/\nUSER app:app', 0],
    ['ok: passwd copied by the stage it builds on', 'FROM scratch AS base\nCOPY --from=build /etc/passwd /etc/passwd\nFROM base\nUSER app', 0],
    ['ok: a rootfs folder copied to /', 'FROM scratch\nCOPY rootfs/ /\nUSER app', 0],
    ['ok: distroless nonroot by name', 'FROM gcr.io/distroless/static-debian12\nUSER nonroot:nonroot', 0],
    ['ok: distroless nobody', 'FROM gcr.io/distroless/base-debian12\nUSER nobody', 0],
    ['ok: a name on alpine (it has passwd)', 'FROM alpine:3.20\nUSER nobody', 0],
    ['ok: an unresolved variable', 'FROM scratch\nARG APP_USER\nUSER ${APP_USER}', 0],
  ])('%s', (_name, final, count) => {
    expect(findings(`${BUILD}${final}\n`)).toHaveLength(count);
  });

  it.each([
    ['app', '65532:65532'],
    ['app:app', '65532:65532'],
    ['nobody', '65534:65534'],
    ['nonroot:nonroot', '65532:65532'],
    ['root', '0'],
    ['10001:app', '10001:65532'],
  ])('replaces USER %s with USER %s', (user, numeric) => {
    expect(fix(`${BUILD}FROM scratch\nUSER ${user}\n`)).toBe(`${BUILD}FROM scratch\nUSER ${numeric}\n`);
  });

  it('offers no fix where the name comes from a variable', () => {
    const report = lintText(`${BUILD}FROM scratch\nARG APP_USER=app\nUSER \${APP_USER}\n`, { path: 'Dockerfile' }).reports.find((r) => r.id === 'DF016')!;
    expect(report.fix()).toBeUndefined();
  });
});
