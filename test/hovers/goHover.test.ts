import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { goHover } from '../../server/src/hovers/goHover';
import { parseDockerfile } from '../../server/src/model/dockerfile';

const TEXT = `FROM golang:1.22.5-bookworm AS build
ARG TARGETARCH
ENV CGO_ENABLED=0 GOFLAGS=-mod=vendor
RUN GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/app . \\
    && go env -w GOPROXY=direct
`;
const model = parseDockerfile(TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, TEXT), '/p/Dockerfile');
const at = (needle: string, delta = 1) => {
  const offset = TEXT.indexOf(needle) + delta;
  return goHover(model, model.document.positionAt(offset));
};
const text = (h: ReturnType<typeof at>) => (h?.contents as { value: string } | undefined)?.value ?? '';

describe('Go hovers in Dockerfiles', () => {
  it.each([
    ['an ENV name', 'CGO_ENABLED=0', /\*\*CGO_ENABLED\*\*[\s\S]*static binary/],
    ['a second ENV name', 'GOFLAGS', /\*\*GOFLAGS\*\*/],
    ['a command prefix', 'GOARCH=$TARGETARCH', /\*\*GOARCH\*\*[\s\S]*TARGETARCH/],
    ['a go build flag', '-trimpath', /\*\*go build -trimpath\*\*/],
    ['-ldflags', '-ldflags', /-s -w/],
    ['a go env -w pair', 'GOPROXY=direct', /\*\*GOPROXY\*\*/],
  ])('explains %s', (_name, needle, expected) => {
    expect(text(at(needle))).toMatch(expected);
  });

  it('gives the range of the hovered word', () => {
    expect(at('-trimpath')?.range).toEqual({ start: { line: 3, character: 32 }, end: { line: 3, character: 41 } });
  });

  it('says nothing elsewhere, leaving the Dockerfile hovers to dockerfile-language-service', () => {
    expect(at('FROM', 0)).toBeUndefined();
    expect(at('/out/app')).toBeUndefined();
  });
});
