/**
 * BuildKit's progress through the Engine API: JSON lines whose `aux` is a base64 moby.buildkit.v1.StatusResponse
 * (protobuf). A small decoder of the fields used here (dockerode's own turns log bytes into base64 text).
 */

type Fields = Map<number, (Buffer | number)[]>;

function protoFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[i++];
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80 || i >= buf.length) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    let value: Buffer | number;
    switch (key & 7) {
      case 0: value = varint(); break;
      case 1: value = buf.subarray(i, i + 8); i += 8; break;
      case 2: { const n = varint(); value = buf.subarray(i, i + n); i += n; break; }
      case 5: value = buf.subarray(i, i + 4); i += 4; break;
      default: return fields; // groups are not used by BuildKit
    }
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const str = (f: Fields, n: number): string => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : '';
};
const bufs = (f: Fields, n: number): Buffer[] => (f.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));

/** One BuildKit vertex: `[build 4/6] RUN go build …`, numbered in the order first seen (as `--progress=plain`). */
export interface BuildStep {
  n: number;
  name: string;
  done: boolean;
  cached: boolean;
  error?: string;
}

/** Turns BuildKit status messages into `docker build --progress=plain`-like lines and keeps the steps. */
export class BuildKitProgress {
  private readonly byDigest = new Map<string, BuildStep & { partial: string; started: boolean }>();

  /** Steps in the order first seen. */
  get steps(): BuildStep[] {
    return [...this.byDigest.values()];
  }

  /** The step BuildKit reported an error on, if any. */
  get failed(): BuildStep | undefined {
    return this.steps.find((s) => s.error !== undefined);
  }

  private step(digest: string) {
    let s = this.byDigest.get(digest);
    if (!s) {
      s = { n: this.byDigest.size + 1, name: '', done: false, cached: false, partial: '', started: false };
      this.byDigest.set(digest, s);
    }
    return s;
  }

  decode(aux: string): string[] {
    const lines: string[] = [];
    const status = protoFields(Buffer.from(aux, 'base64'));
    for (const v of bufs(status, 1)) {
      const vertex = protoFields(v);
      const s = this.step(str(vertex, 1));
      const name = str(vertex, 3);
      if (name) s.name = name;
      if (!s.started && name) {
        s.started = true;
        lines.push(`#${s.n} ${name}`);
      }
      const error = str(vertex, 7);
      if (error && s.error === undefined) {
        s.error = error;
        lines.push(`#${s.n} ERROR: ${error}`);
      }
      if (vertex.has(6) && !s.done) {
        s.done = true;
        s.cached = vertex.get(4)?.[0] === 1;
        if (s.partial) {
          lines.push(`#${s.n} ${s.partial}`);
          s.partial = '';
        }
        lines.push(`#${s.n} ${s.cached ? 'CACHED' : 'DONE'}`);
      }
    }
    for (const l of bufs(status, 3)) {
      const log = protoFields(l);
      const s = this.step(str(log, 1));
      const text = s.partial + Buffer.concat(bufs(log, 4)).toString('utf8');
      const parts = text.split('\n');
      s.partial = parts.pop() ?? '';
      for (const part of parts) lines.push(`#${s.n} ${part.replace(/\r$/, '')}`);
    }
    for (const w of bufs(status, 4)) {
      const warning = protoFields(w);
      lines.push(`#${this.step(str(warning, 1)).n} WARNING: ${Buffer.concat(bufs(warning, 3)).toString('utf8')}`);
    }
    return lines;
  }
}

/**
 * Where a BuildKit step comes from: `[build 4/6] RUN …` is the 4th line of stage `build` (FROM is 1),
 * `[2/3] COPY …` the 2nd of the only stage, `[stage-1 2/3]` of the second unnamed one.
 */
export function parseStepName(name: string): { stage?: string; index: number; total: number } | undefined {
  const m = /^\[(?:(\S+) )?(\d+)\/(\d+)\]/.exec(name.trim());
  if (!m) return undefined;
  return { stage: m[1], index: Number(m[2]), total: Number(m[3]) };
}
