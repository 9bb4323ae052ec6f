import { describe, expect, it } from 'vitest';
import { satisfies } from '../../server/src/rules/dockerfile/DF002-golang-older-than-go-mod';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const goMod = (lines: string) => `module example.com/app\n\n${lines}\n`;
const stage = (from: string, run = 'RUN go build -o /out/app .') => `FROM ${from} AS build\nWORKDIR /src\nCOPY . .\n${run}\n`;
const findings = (text: string, mod = goMod('go 1.22.5')) => lintText(text, { files: { 'go.mod': mod } }).reports.filter((r) => r.id === 'DF002');
const fix = (text: string, mod = goMod('go 1.22.5')) => fixAll(text, { files: { 'go.mod': mod } }, 'DF002');

describe('DF002 edge cases', () => {
  it.each([
    ['not ok: a minor below go.mod', 'golang:1.21', 1],
    ['not ok: a patch below go.mod', 'golang:1.22.0-bookworm', 1],
    ['not ok: through a registry prefix', 'docker.io/library/golang:1.21-alpine', 1],
    ['not ok: a release candidate of an older minor', 'golang:1.22rc2', 1],
    ['ok: the 1.22 tag is the newest 1.22 patch, at least 1.22.5', 'golang:1.22', 0],
    ['ok: the same patch', 'golang:1.22.5-alpine3.20', 0],
    ['ok: a newer minor', 'golang:1.23', 0],
    ['ok: no minor version (DF001 reports it)', 'golang:1-alpine', 0],
    ['ok: latest (DF001 reports it)', 'golang:latest', 0],
    ['ok: another image', 'example.com/golang-ci:1.0', 0],
    ['ok: a stage as base', 'build', 0],
  ])('%s', (_name, from, count) => {
    expect(findings(stage(from))).toHaveLength(count);
  });

  it.each([
    ['1.22', '1.22.5', true],
    ['1.22.5', '1.22.5', true],
    ['1.22.4', '1.22.5', false],
    ['1.21.13', '1.22', false],
    ['1.22rc1', '1.22', true],
    ['1.22rc1', '1.22.0', false],
    ['1.23', '1.22.5', true],
    ['1.9', '1.10', false],
  ])('golang:%s satisfies go %s: %s', (tag, required, ok) => {
    expect(satisfies(tag, required)).toBe(ok);
  });

  it('stays quiet when no go command reads the module', () => {
    expect(findings(stage('golang:1.21', 'RUN go version && go env GOPATH'))).toHaveLength(0);
    expect(findings(stage('golang:1.21', 'RUN go install golang.org/x/tools/cmd/stringer@v0.24.0'))).toHaveLength(0);
  });

  it('judges a stage by the go commands of the stages built on it', () => {
    const text = 'FROM golang:1.21 AS base\nWORKDIR /src\n\nFROM base AS build\nCOPY . .\nRUN go build .\n';
    expect(findings(text).map((f) => f.range.start.line)).toEqual([0]);
  });

  it('says less when GOTOOLCHAIN pins a version, and names the download with GOTOOLCHAIN=auto', () => {
    expect(findings(stage('golang:1.21', 'RUN GOTOOLCHAIN=go1.22.5 go build .'))).toHaveLength(0);
    expect(findings(stage('golang:1.21', 'RUN GOTOOLCHAIN=go1.22.5+auto go build .'))[0].message).toContain('downloads go1.22.5');
  });

  it('compares with the toolchain line when it is newer', () => {
    const mod = goMod('go 1.22.0\n\ntoolchain go1.23.4');
    const [finding] = findings(stage('golang:1.22.2-bookworm'), mod);
    expect(finding.message).toContain('older than `toolchain go1.23.4`');
    expect(fix(stage('golang:1.22.2-bookworm'), mod)).toBe(stage('golang:1.23.4-bookworm'));
  });

  it('reads nothing without go.mod', () => {
    expect(findings(stage('golang:1.10'), '')).toHaveLength(0);
    expect(lintText(stage('golang:1.10')).reports.filter((r) => r.id === 'DF002')).toHaveLength(0);
  });

  it.each([
    ['golang:1.21', 'golang:1.22'],
    ['golang:1.21.3-alpine3.19', 'golang:1.22.5-alpine3.19'],
    ['docker.io/library/golang:1.20-bookworm', 'docker.io/library/golang:1.22-bookworm'],
    ['golang:${GO_VERSION:-1.21}-alpine', 'golang:${GO_VERSION:-1.22}-alpine'],
  ])('fixes %s to %s', (from, fixed) => {
    expect(fix(stage(from))).toBe(stage(fixed));
  });

  it('raises the global ARG default that the tag comes from, quoted or not', () => {
    const text = (v: string) => `ARG GO_VERSION="${v}"\nARG GO_IMAGE=golang:${v}-alpine\n\n${stage('golang:${GO_VERSION}-bookworm')}\n${stage('${GO_IMAGE}').replace('AS build', 'AS test')}`;
    const fixed = fix(text('1.21.6'));
    expect(fixed).toBe(text('1.22.5'));
    expect(findings(text('1.21.6'))[0].fix()?.title).toBe('Set ARG GO_VERSION=1.22.5 (go.mod)');
  });

  it('offers no fix for a digest-pinned image (the digest, not the tag, picks the image)', () => {
    const [finding] = findings(stage('golang:1.21@sha256:0b6f2a6f8a1f4ce5bd1b2b5d0d8d6c7e1c4c4b1e9d4a6c0f8e2c3b7a9d5e1f2a'));
    expect(finding.message).toContain('golang:1.21@sha256:0b6f2a6f8a1f…');
    expect(finding.fix()).toBeUndefined();
  });

  it('edits only the version', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM   golang:1.21-alpine3.19   AS   build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n';
    expect(expectMinimalFix(text, { files: { 'go.mod': goMod('go 1.22.5') } }, 'DF002')).toBe(text.replace('golang:1.21-', 'golang:1.22-'));
  });
});
