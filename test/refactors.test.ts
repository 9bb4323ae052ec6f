/**
 * "Convert to multi-stage build" on the single-stage projects of test/refactors/convert-to-multi-stage/:
 * the plan (decisions) and the edits (text) are checked apart; `after.Dockerfile` is the expected result.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConvertOptions } from '../server/src/refactors/convertToMultiStage';
import { conversionFix } from '../server/src/refactors';
import type { DockerfileContext } from '../server/src/engine/rule';
import { convertText } from './helpers/convert';
import { lintText, readProject } from './helpers/lint';

const DIR = nodePath.join(__dirname, 'refactors/convert-to-multi-stage');

const OPTIONS: Record<string, ConvertOptions> = { 'cmd-two-binaries': { main: './cmd/api' } };
const cases = fs.readdirSync(DIR).sort();

describe('convert to multi-stage: the projects', () => {
  it.each(cases)('%s', async (name) => {
    const files = readProject(nodePath.join(DIR, name));
    const before = files['before.Dockerfile'];
    const result = convertText(before, files, OPTIONS[name]);
    expect(result.reason).toBeUndefined();
    await expect(result.text).toMatchFileSnapshot(nodePath.join(DIR, name, 'after.Dockerfile'));
    // The result is a two-stage build that the release rules accept, and it cannot be converted again.
    const after = lintText(result.text!, { path: 'Dockerfile', files });
    expect(after.model.kind === 'dockerfile' && after.model.stages.length).toBe(2);
    expect(after.reports.filter((r) => ['DF003', 'DF007', 'DF009', 'DF015', 'DF020'].includes(r.id)).map((r) => r.message)).toEqual([]);
    expect(convertText(result.text!, files).reason).toBe('The Dockerfile is already a multi-stage build.');
    // Nothing the user wrote before FROM is lost.
    const head = before.slice(0, before.search(/^FROM/m));
    expect(result.text!.startsWith(head)).toBe(true);
  });
});

describe('convert to multi-stage: the plan', () => {
  const api = { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n' };

  it('pins an unpinned golang image from go.mod and builds a static binary for distroless', () => {
    const { plan } = convertText('FROM golang:latest\nWORKDIR /app\nCOPY . .\nRUN go build -o api .\nCMD ["./api", "-v"]\n', api);
    expect(plan).toMatchObject({
      builderImage: 'golang:1.22.5-bookworm',
      binary: 'api',
      runtimeImage: 'gcr.io/distroless/static-debian12:nonroot',
      buildCommand: 'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api .',
      cmdArgs: ['-v'],
    });
  });

  it('keeps cgo and picks a glibc runtime when the module imports "C"', () => {
    const { plan } = convertText('FROM golang:1.22\nCOPY . .\nRUN go build -o /x .\nCMD ["/x"]\n', { ...api, 'main.go': 'package main\n\n// int one() { return 1; }\nimport "C"\n\nfunc main() { _ = C.one() }\n' });
    expect(plan?.runtimeImage).toBe('gcr.io/distroless/base-debian12:nonroot');
    expect(plan?.buildCommand.startsWith('CGO_ENABLED=0')).toBe(false);
  });

  it('adds CA certificates and a numeric user for scratch', () => {
    const { text } = convertText('FROM golang:1.22\nCOPY . .\nRUN go build -o /x .\nCMD ["/x"]\n', api, { runtime: 'scratch' });
    expect(text).toContain('FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    expect(text).toContain('USER 65532:65532\nENTRYPOINT ["/x"]');
  });

  it('carries ENV and LABEL that span lines into the runtime stage as written, and Docker still parses them', () => {
    const before = [
      'FROM golang:1.22',
      'ENV GOFLAGS=-mod=mod BUILD_TAGS="netgo \\',
      '    osusergo"',
      'ENV APP_MODE="a  b \\',
      '    c"',
      'LABEL org.opencontainers.image.title="orders \\',
      '      api" \\',
      '      org.opencontainers.image.vendor=shop',
      'COPY . .',
      'RUN go build -tags "$BUILD_TAGS" -o /x .',
      'CMD ["/x"]',
      '',
    ].join('\n');
    const { text } = convertText(before, api);
    const runtime = text!.slice(text!.lastIndexOf('FROM '));
    expect(runtime).toContain('\nENV BUILD_TAGS="netgo \\\n    osusergo"\n');
    expect(runtime).toContain('\nENV APP_MODE="a  b \\\n    c"\n');
    expect(runtime).toContain('\nLABEL org.opencontainers.image.title="orders \\\n      api" \\\n      org.opencontainers.image.vendor=shop\n');
    const syntaxErrors = lintText(text!, { path: 'Dockerfile', files: api }).reports.filter((r) => r.source === 'dockerfile-utils' && r.severity === 'error');
    expect(syntaxErrors.map((r) => r.message)).toEqual([]);
  });

  it('is not offered when its result would have a syntax error the file does not have', () => {
    // Found by `npm run fuzz`: an ENV's quoted value runs on (a continuation with blanks after it) into the FROM of
    // the runtime stage, and a stray line holds the end of another value.
    const text = "﻿# syntax=docker/dockerfile:1 \t \t\nARG GO_VERSION=1.22.5 \t \t\n \t \t\nFROM golang:${GO_VERSION}-bookworm AS build \t \t\nENV CGO_ENABLED=0 \t \t\nENV GOFLAGS=\"-mod=mod -trimpath\" \t \t\nENV GOPRIVATE=\"git.example.com/*\" \t \t\nENV PATH=/go/bin:$PATH \t \t\n \t \t\n    osusergo\" \t \t\nWORKDIR /src \t \t\nCOPY go.mod ./ \t \t\nRUN --mount=type=cache,target=/go/pkg/mod go mod download \t \t\nCOPY . . \t \t\nRUN --mount=type=cache,target=/go/pkg/mod \\ \t \t\n    --mount=type=cache,target=/root/.cache/go-build \\ \t \t\n    go build -tags \"$BUILD_TAGS\" -ldflags=\"-s -w\" -o /out/orders . \t \t\nENV BUILD_TAGS=\"netgo \\ \t \t\nFROM gcr.io/distroless/static-debian12:nonroot \t \t\nLABEL org.opencontainers.image.source=https://git.example.com/shop/orders \t \t\nENV GODEBUG=http2client=0,tlsrsakex=1 \t \t\nCOPY --from=build /out/orders /orders \t \t\nENTRYPOINT [\"/orders\"] \t \t\n";
    const analysis = lintText(text, { path: 'Dockerfile', files: api });
    expect(analysis.reports.some((r) => r.id === 'DF003')).toBe(true);
    const fix = conversionFix(analysis.ctx as DockerfileContext);
    expect('reason' in fix && fix.reason).toMatch(/cannot convert this file safely/);
  });

  it('does not copy an ENV without a value (which Docker refuses) into the runtime stage', () => {
    const { text } = convertText('FROM golang:1.22\nENV CG\nENV MODE=prod\nCOPY . .\nRUN go build -o /x .\nCMD ["/x"]\n', api);
    const runtime = text!.slice(text!.lastIndexOf('FROM '));
    expect(runtime).toContain('\nENV MODE=prod\n');
    expect(runtime).not.toContain('ENV CG');
  });

  it.each([
    ['a multi-stage file', 'FROM golang:1.22 AS build\nRUN go build -o /x .\nFROM scratch\nCOPY --from=build /x /x\n', /already a multi-stage build/],
    ['a file that does not build Go', 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', /does not build Go/],
    ['several main packages and no choice', 'FROM golang:1.22\nCOPY . .\nRUN go build -o /a ./cmd/a && go build -o /b ./cmd/b\n', /builds 2 programs .*choose one with --main/],
  ])('is not offered on %s, and says why', (_name, text, reason) => {
    expect(convertText(text, { 'go.mod': api['go.mod'] }).reason).toMatch(reason);
  });
});
