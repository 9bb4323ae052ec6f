/**
 * Which Dockerfile line made which entry of an image's history (and so which layer). Pure: the parsed
 * Dockerfile, the target stage and the config's history in, the attribution out.
 *
 * The history of a built stage is its base image's history followed by one entry per instruction of the
 * stages it is built on (`FROM build AS test` puts `build`'s instructions first) and of the stage itself.
 * Entries with `empty_layer` (ENV, EXPOSE, CMD …) have no layer; the others take the layers in order.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Stage } from '../model/types';
import type { HistoryEntry } from './archive';

export interface ChainInstruction {
  stage: Stage;
  instruction: Instruction;
  keyword: string;
  /** 0-based line where the instruction starts. */
  line: number;
}

export interface Attribution {
  /** Index in the history. */
  history: number;
  createdBy: string;
  /** Index in the layer list; undefined for an entry without a layer. */
  layer?: number;
  /** The instruction that made it; undefined for the base image's own history. */
  instruction?: ChainInstruction;
}

/** The stage to analyze: the one named by --target, else the last one. */
export function targetStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target === undefined) return model.finalStage;
  return model.stages.find((s) => s.name === target.toLowerCase());
}

/** The stages a target is built on, from the one on a real image (or scratch) to the target itself. */
export function stageChain(target: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = target; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain;
}

/** The instructions whose history entries end the image's history, in order. */
export function chainInstructions(target: Stage): ChainInstruction[] {
  return stageChain(target).flatMap((stage) =>
    stage.instructions.map((instruction) => ({
      stage,
      instruction,
      keyword: instruction.getKeyword().toUpperCase(),
      line: instruction.getRange().start.line,
    })),
  );
}

/**
 * The instruction keyword of a history entry's created_by, in the formats engines write:
 * BuildKit `RUN /bin/sh -c go build … # buildkit`, `COPY . . # buildkit`, `WORKDIR /app`, `ENV A=b`;
 * the classic builder `/bin/sh -c #(nop)  ENV A=b`, `/bin/sh -c go build …`, `|1 A=b /bin/sh -c …` (a RUN).
 */
export function historyKeyword(createdBy: string | undefined): string | undefined {
  const text = (createdBy ?? '').trim();
  if (!text) return undefined;
  const nop = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(text);
  if (nop) return /^([A-Za-z]+)/.exec(nop[1])?.[1]?.toUpperCase();
  if (/^(\|\d+ .*)?\/bin\/sh -c /s.test(text) || /^\|\d+ /.test(text)) return 'RUN';
  const word = /^([A-Z]+)\b/.exec(text)?.[1];
  return word;
}

/**
 * Pairs history entries with instructions from the end. An instruction with no entry of its keyword (an
 * engine that records none for it) is passed over; what is left at the start is the base image's history.
 */
export function attributeHistory(instructions: ChainInstruction[], history: HistoryEntry[], layerCount: number): Attribution[] {
  const out: Attribution[] = history.map((entry, i) => ({ history: i, createdBy: entry.created_by ?? '' }));
  let j = instructions.length - 1;
  for (let i = history.length - 1; i >= 0 && j >= 0; i--) {
    const keyword = historyKeyword(history[i].created_by);
    while (j >= 0 && instructions[j].keyword !== keyword) j--;
    if (j < 0) break;
    out[i].instruction = instructions[j--];
  }
  // Layers go to the entries that have one, in order; if the counts differ (an engine that drops empty
  // layers differently), the last ones are paired, as the instructions were.
  const withLayer = out.filter((_, i) => !history[i].empty_layer);
  const shift = layerCount - withLayer.length;
  withLayer.forEach((a, k) => {
    const layer = k + shift;
    if (layer >= 0 && layer < layerCount) a.layer = layer;
  });
  return out;
}
