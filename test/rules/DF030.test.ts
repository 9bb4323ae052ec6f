import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const findings = (text: string) => lintText(text).reports.filter((r) => r.id === 'DF030');

describe('DF030 edge cases', () => {
  it.each([
    ['not ok: no tag', 'FROM alpine', 1],
    ['not ok: latest', 'FROM ubuntu:latest', 1],
    ['not ok: a registry with a port and no tag', 'FROM registry.example.com:5000/base/runtime', 1],
    ['not ok: Docker Hub spelled out', 'FROM docker.io/library/debian', 1],
    ['not ok: through an ARG default', 'ARG BASE=alpine:latest\nFROM ${BASE}', 1],
    ['not ok: distroless without its Debian release, even with a tag', 'FROM gcr.io/distroless/static:nonroot', 1],
    ['not ok: a builder stage counts too', 'FROM alpine AS certs\nFROM scratch', 1],
    ['ok: a tag', 'FROM alpine:3.20', 0],
    ['ok: a registry with a port and a tag', 'FROM registry.example.com:5000/base/runtime:2.1', 0],
    ['ok: a digest', 'FROM alpine@sha256:4a1c1a6bcd8c2c9b4d4e9e0b3a8f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3', 0],
    ['ok: latest pinned by digest', 'FROM alpine:latest@sha256:4a1c1a6bcd8c2c9b4d4e9e0b3a8f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3', 0],
    ['ok: distroless with its Debian release, any tag', 'FROM gcr.io/distroless/static-debian12\nFROM gcr.io/distroless/base-debian13:latest', 0],
    ['ok: scratch', 'FROM scratch', 0],
    ['ok: golang is DF001', 'FROM golang:latest', 0],
    ['ok: an earlier stage', 'FROM alpine:3.20 AS base\nFROM base', 0],
    ['ok: an ARG without a default (set with --build-arg)', 'ARG BASE\nFROM ${BASE}', 0],
    ['ok: an ARG tag without a default', 'ARG ALPINE_VERSION\nFROM alpine:${ALPINE_VERSION}', 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it.each([
    ['adds the release and keeps the tag', 'FROM gcr.io/distroless/static:nonroot', 'FROM gcr.io/distroless/static-debian13:nonroot', true],
    ['keeps a mirror registry and the platform flag', 'FROM --platform=$TARGETPLATFORM mirror.example.com/distroless/base AS runtime', 'FROM --platform=$TARGETPLATFORM mirror.example.com/distroless/base-debian13 AS runtime', false],
    ['cc', 'FROM gcr.io/distroless/cc:debug', 'FROM gcr.io/distroless/cc-debian13:debug', false],
  ])('distroless fix: %s', (_name, before, after, preferred) => {
    expect(findings(before)[0].fix()).toMatchObject({ preferred });
    expect(fixAll(before, { path: 'Dockerfile' }, 'DF030')).toBe(after);
  });

  it('offers no fix for other images, whose next version only their maintainers know', () => {
    expect(findings('FROM alpine')[0].fix()).toBeUndefined();
    expect(findings('FROM gcr.io/distroless/java17')[0].fix()).toBeUndefined();
  });
});
