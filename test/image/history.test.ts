/** Which Dockerfile line made which history entry and layer: BuildKit and classic formats, empty layers, stage chains. */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { HistoryEntry } from '../../server/src/image/archive';
import { attributeHistory, chainInstructions, historyKeyword, targetStage } from '../../server/src/image/history';
import { parseDockerfile } from '../../server/src/model/dockerfile';

const parse = (text: string) => parseDockerfile(TextDocument.create('file:///p/Dockerfile', 'dockerfile', 1, text));

/** The history of the golang stand-in (two layers), as the image config has it. */
const GOLANG_BASE: HistoryEntry[] = [{ comment: 'Imported from -' }, { created_by: 'true' }];

describe('historyKeyword', () => {
  it.each([
    ['RUN /bin/sh -c go build -o app . && echo built # buildkit', 'RUN'],
    ['RUN |1 GO_VERSION=1.22 /bin/sh -c go build . # buildkit', 'RUN'],
    ['COPY . . # buildkit', 'COPY'],
    ['COPY /out/app /app # buildkit', 'COPY'],
    ['WORKDIR /app', 'WORKDIR'],
    ['EXPOSE map[8080/tcp:{}]', 'EXPOSE'],
    ['CMD ["./app"]', 'CMD'],
    ['/bin/sh -c #(nop)  ENV GOPATH=/go', 'ENV'],
    ['/bin/sh -c #(nop) COPY file:abc in /app ', 'COPY'],
    ['/bin/sh -c go build -o app .', 'RUN'],
    ['|2 A=b C=d /bin/sh -c make', 'RUN'],
    ['true', undefined],
    ['', undefined],
  ])('%s → %s', (createdBy, keyword) => {
    expect(historyKeyword(createdBy)).toBe(keyword);
  });
});

describe('attributeHistory', () => {
  it('single stage, BuildKit: base entries stay the base image; EXPOSE and CMD have no layer', () => {
    const model = parse('FROM golang:1.22-bookworm\nRUN go env -w GOFLAGS=-mod=mod\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nEXPOSE 8080\nCMD ["./app"]\n');
    const history: HistoryEntry[] = [
      ...GOLANG_BASE,
      { created_by: 'RUN /bin/sh -c go env -w GOFLAGS=-mod=mod # buildkit' },
      { created_by: 'WORKDIR /app' },
      { created_by: 'COPY . . # buildkit' },
      { created_by: 'RUN /bin/sh -c go build -o app . # buildkit' },
      { created_by: 'EXPOSE map[8080/tcp:{}]', empty_layer: true },
      { created_by: 'CMD ["./app"]', empty_layer: true },
    ];
    const out = attributeHistory(chainInstructions(model.finalStage!), history, 6);
    expect(out.map((a) => [a.instruction?.line, a.layer])).toEqual([
      [undefined, 0],
      [undefined, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, undefined],
      [6, undefined],
    ]);
  });

  it('multi-stage: only the target stage’s lines, and a stage built FROM another stage takes that stage’s lines first', () => {
    const text = [
      'FROM golang:1.22 AS build', //            0
      'RUN go build -o /out/app .', //           1
      'FROM debian:bookworm-slim AS base', //    2
      'RUN useradd app', //                      3
      'FROM base AS final', //                   4
      'COPY --from=build /out/app /app', //      5
      'USER app', //                             6
      '',
    ].join('\n');
    const model = parse(text);
    const history: HistoryEntry[] = [
      { created_by: '' },
      { created_by: 'RUN /bin/sh -c useradd app # buildkit' },
      { created_by: 'COPY /out/app /app # buildkit' },
      { created_by: 'USER app', empty_layer: true },
    ];
    const out = attributeHistory(chainInstructions(model.finalStage!), history, 3);
    expect(out.map((a) => [a.instruction?.line, a.layer])).toEqual([
      [undefined, 0],
      [3, 1],
      [5, 2],
      [6, undefined],
    ]);
    // --target base: the build stage's RUN is not part of it.
    const base = attributeHistory(chainInstructions(targetStage(model, 'base')!), history.slice(0, 2), 2);
    expect(base.map((a) => a.instruction?.line)).toEqual([undefined, 3]);
  });

  it('the classic builder’s #(nop) entries and RUN lines pair the same way', () => {
    const model = parse('FROM alpine:3.20\nENV A=b\nRUN echo hi > /x\n');
    const history: HistoryEntry[] = [
      { created_by: '/bin/sh -c #(nop) ADD file:123 in / ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', empty_layer: true },
      { created_by: '/bin/sh -c #(nop)  ENV A=b', empty_layer: true },
      { created_by: '/bin/sh -c echo hi > /x' },
    ];
    const out = attributeHistory(chainInstructions(model.finalStage!), history, 2);
    expect(out.map((a) => [a.instruction?.line, a.layer])).toEqual([
      [undefined, 0],
      [undefined, undefined],
      [1, undefined],
      [2, 1],
    ]);
  });

  it('when the engine lists fewer layers than non-empty entries, the last ones are paired', () => {
    const model = parse('FROM scratch\nCOPY a /a\nCOPY b /b\n');
    const history: HistoryEntry[] = [{ created_by: 'COPY a /a # buildkit' }, { created_by: 'COPY b /b # buildkit' }];
    const out = attributeHistory(chainInstructions(model.finalStage!), history, 1);
    expect(out.map((a) => a.layer)).toEqual([undefined, 0]);
  });
});

describe('targetStage', () => {
  it('is the last stage by default, the named one (any case) with --target, undefined for an unknown name', () => {
    const model = parse('FROM golang AS Build\nFROM scratch\n');
    expect(targetStage(model)?.index).toBe(1);
    expect(targetStage(model, 'BUILD')?.index).toBe(0);
    expect(targetStage(model, 'nope')).toBeUndefined();
  });
});
