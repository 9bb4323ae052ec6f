import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const FILES = {
  'go.mod': 'module example.com/shop\n\ngo 1.22.5\n',
  'cmd/api/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/shop/internal/clock"\n)\n\nfunc main() { fmt.Println(clock.Cutoff()) }\n',
  'cmd/worker/main.go': 'package main\n\nimport "time"\n\n// time.LoadLocation is not needed here.\nfunc main() { time.Sleep(time.Second) }\n',
  'internal/clock/clock.go': 'package clock\n\nimport "time"\n\nfunc Cutoff() time.Time {\n\tloc, _ := time.LoadLocation("Europe/Berlin")\n\treturn time.Now().In(loc)\n}\n',
  Makefile: 'build:\n\tgo build -o bin/api ./cmd/api\n',
};

const BUILDER = 'FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\n';
const dockerfile = (build: string, runtime = 'FROM scratch\nCOPY --from=build /out/app /app') => `${BUILDER}${build}\n\n${runtime}\nENTRYPOINT ["/app"]\n`;
const lint = (text: string, files: Record<string, string> = FILES) => lintText(text, { files: { ...files } }).reports.filter((r) => r.id === 'DF019');

describe('DF019 edge cases', () => {
  it.each([
    ['not ok: a package the binary imports calls LoadLocation', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), 1],
    ['ok: the other binary does not link it', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/worker'), 0],
    ['not ok: a ./... pattern that builds it', dockerfile('RUN CGO_ENABLED=0 go build -o /out/ ./cmd/...', 'FROM scratch\nCOPY --from=build /out/api /app'), 1],
    ['not ok: the module path as package', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app example.com/shop/cmd/api'), 1],
    ['not ok: alpine without tzdata', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /out/app /app'), 1],
    ['ok: alpine with tzdata', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata\nCOPY --from=build /out/app /app'), 0],
    ['ok: distroless has tzdata', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app'), 0],
    ['ok: debian has tzdata', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM debian:bookworm-slim\nCOPY --from=build /out/app /app'), 0],
    ['ok: the zone files copied in', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM scratch\nCOPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\nCOPY --from=build /out/app /app'), 0],
    ['ok: Go\'s zoneinfo.zip with ZONEINFO', dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api', 'FROM scratch\nCOPY --from=build /usr/local/go/lib/time/zoneinfo.zip /\nENV ZONEINFO=/zoneinfo.zip\nCOPY --from=build /out/app /app'), 0],
    ['ok: -tags timetzdata among others', dockerfile('RUN CGO_ENABLED=0 go build -tags=netgo,timetzdata -o /out/app ./cmd/api'), 0],
    ['ok: timetzdata through a build argument', dockerfile('ARG TAGS=netgo,timetzdata\nRUN CGO_ENABLED=0 go build -tags "$TAGS" -o /out/app ./cmd/api'), 0],
    ['ok: timetzdata in GOFLAGS', dockerfile('ENV GOFLAGS=-tags=timetzdata\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), 0],
    ['ok: a binary built outside Docker', `${BUILDER}\nFROM scratch\nCOPY bin/api /app\nENTRYPOINT ["/app"]\n`, 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('counts import _ "time/tzdata" in any linked package', () => {
    const files = { ...FILES, 'cmd/api/tz.go': 'package main\n\nimport _ "time/tzdata"\n' };
    expect(lint(dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), files)).toEqual([]);
  });

  it('ignores LoadLocation of UTC and Local, which need no database', () => {
    const files = { ...FILES, 'internal/clock/clock.go': 'package clock\n\nimport "time"\n\nfunc Cutoff() time.Time {\n\tutc, _ := time.LoadLocation("UTC")\n\tlocal, _ := time.LoadLocation(`Local`)\n\treturn time.Now().In(utc).In(local)\n}\n' };
    expect(lint(dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), files)).toEqual([]);
    const named = { ...FILES, 'internal/clock/clock.go': 'package clock\n\nimport "time"\n\nfunc In(zone string) (*time.Location, error) { return time.LoadLocation(zone) }\n' };
    expect(lint(dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/api'), named)).toHaveLength(1);
  });

  it('ignores LoadLocation in comments', () => {
    expect(lint(dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/worker'))).toEqual([]);
  });

  it('reports a TZ the image cannot load even without LoadLocation', () => {
    const [finding] = lint(dockerfile('RUN CGO_ENABLED=0 go build -o /out/app ./cmd/worker', 'FROM scratch\nENV TZ=Europe/Berlin\nCOPY --from=build /out/app /app'));
    expect(finding.message).toBe('The binary of this go build runs on scratch, which has no time zone database: ENV TZ=Europe/Berlin silently falls back to UTC');
  });

  it('says nothing when the package cannot be told (several main packages, another WORKDIR)', () => {
    expect(lint(dockerfile('WORKDIR /src/cmd/api\nRUN CGO_ENABLED=0 go build -o /out/app .'))).toEqual([]);
  });

  it.each([
    ['inserts -tags after build', 'RUN CGO_ENABLED=0 go build -trimpath -o /out/app ./cmd/api', 'RUN CGO_ENABLED=0 go build -tags timetzdata -trimpath -o /out/app ./cmd/api'],
    ['merges with a comma', 'RUN go build -tags netgo -o /out/app ./cmd/api', 'RUN go build -tags netgo,timetzdata -o /out/app ./cmd/api'],
    ['merges into -tags=', 'RUN go build --tags=netgo,osusergo -o /out/app ./cmd/api', 'RUN go build --tags=netgo,osusergo,timetzdata -o /out/app ./cmd/api'],
    ['keeps the old space-separated form', 'RUN go build -tags "netgo osusergo" -o /out/app ./cmd/api', 'RUN go build -tags "netgo osusergo timetzdata" -o /out/app ./cmd/api'],
  ])('fix: %s', (_name, before, after) => {
    expect(fixAll(dockerfile(before), { files: { ...FILES } }, 'DF019')).toBe(dockerfile(after));
  });

  it.each([
    ['a build in a Makefile', 'RUN make build', 'FROM scratch\nCOPY --from=build /src/bin/api /app'],
    ['tags from GOFLAGS, which a -tags flag would replace', 'ENV GOFLAGS=-tags=netgo\nRUN go build -o /out/app ./cmd/api', undefined],
    ['tags from a variable', 'ARG TAGS=netgo\nRUN go build -tags "$TAGS" -o /out/app ./cmd/api', undefined],
  ])('reports without a fix: %s', (_name, build, runtime) => {
    const [finding] = lint(dockerfile(build, runtime));
    expect(finding.fix()).toBeUndefined();
  });
});

describe('DF019 messages', () => {
  it('points at the RUN of a Makefile build and names the Makefile', () => {
    const [finding] = lint(dockerfile('RUN make build', 'FROM scratch\nCOPY --from=build /src/bin/api /app'));
    expect(finding.message).toBe('The binary built by Makefile runs on scratch, which has no time zone database: time.LoadLocation (internal/clock/clock.go) fails with "unknown time zone"');
    expect(finding.range.start).toEqual({ line: 3, character: 0 });
  });
});
