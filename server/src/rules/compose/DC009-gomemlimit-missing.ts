/** DC009 — a Go service with a memory limit and no GOMEMLIMIT below it grows its heap until the kernel OOM-kills it. */
import * as nodePath from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, type ComposeContext } from '../../engine/rule';
import type { Service } from '../../model/types';
import { builtStage, isGoService } from '../goService';
import { appendMapEntries, appendSeqItems, fillEmptyKey, replaceScalar, scalarLike } from '../yamlEdit';

const MiB = 1024 * 1024;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB, t: 1024 * 1024 * MiB, p: 1024 * 1024 * 1024 * MiB };

/** A compose memory size in bytes (`512m`, `1.5GB`, `2g`, `1024kb`, `536870912`), 1024-based as Docker reads it. */
export function parseComposeMemory(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([kmgtp])i?b?|(b))?$/i.exec(value.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? match[3] ?? '').toLowerCase()]);
}

/** A GOMEMLIMIT in bytes as the Go runtime reads it (`460MiB`, `1GiB`, `1048576`, `512B`); `off` is no limit. */
export function parseGoMemLimit(value: string): number | undefined {
  if (value === 'off') return Infinity;
  const match = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(value);
  if (!match) return undefined;
  const units: Record<string, number> = { '': 1, B: 1, KiB: 1024, MiB, GiB: 1024 * MiB, TiB: 1024 * 1024 * MiB };
  return Number(match[1]) * units[match[2] ?? ''];
}

/** 90% of the limit, in whole MiB rounded down: the soft limit stays under the hard one. */
export function gomemlimitFor(limitBytes: number): string | undefined {
  const mib = Math.floor((limitBytes * 0.9) / MiB);
  return mib >= 1 ? `${mib}MiB` : undefined;
}

interface Limit {
  bytes: number;
  text: string;
  key: string;
  node: Node;
}

interface Data {
  service: Service;
  limit: Limit;
}

/** The service's memory limit: the smaller of `mem_limit` and `deploy.resources.limits.memory`. */
function memoryLimit(service: Service): Limit | undefined {
  const candidates: Limit[] = [];
  for (const [key, node] of [['mem_limit', service.memLimit?.node], ['deploy.resources.limits.memory', service.get(['deploy', 'resources', 'limits', 'memory'])]] as const) {
    if (!isScalar(node) || node.value === null) continue;
    const text = String(node.value);
    const bytes = parseComposeMemory(text);
    if (bytes && bytes > 0) candidates.push({ bytes, text, key, node });
  }
  return candidates.sort((a, b) => a.bytes - b.bytes)[0];
}

/** GOMEMLIMIT from an env_file, or null when a file cannot be read (the value is then unknown). */
function fromEnvFiles({ compose, workspace }: ComposeContext, service: Service): { value: string; file: string } | undefined | null {
  const node = service.get(['env_file']);
  if (!node || !compose.path) return undefined;
  const entries = isSeq(node) ? node.items : [node];
  for (const entry of entries) {
    const path = isScalar(entry) ? String(entry.value) : isMap(entry) ? String(entry.get('path') ?? '') : '';
    const required = !(isMap(entry) && entry.get('required') === false);
    const absolute = nodePath.resolve(nodePath.dirname(compose.path), path);
    const text = workspace.isInside(absolute) ? workspace.context(nodePath.dirname(absolute))?.file(nodePath.basename(absolute)) : undefined;
    if (text === undefined) {
      if (required) return null;
      continue;
    }
    for (const line of text.split('\n')) {
      const match = /^\s*(?:export\s+)?GOMEMLIMIT\s*=\s*(['"]?)(.*?)\1\s*$/.exec(line);
      if (match) return { value: match[2], file: path };
    }
  }
  return undefined;
}

function pairOf(map: Node | null | undefined, key: string): Pair | undefined {
  return isMap(map) ? map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && p.key.value === key) : undefined;
}

/** Whether a value is written in the service's own body rather than merged in with `<<: *anchor`. */
function ownedBy(service: Service, node: Node): boolean {
  const body = service.pair.value?.range;
  return !!body && !!node.range && node.range[0] >= body[0] && node.range[1] <= body[2];
}

/** Sets GOMEMLIMIT in the service's `environment:`, in its style (mapping or `NAME=value` list), creating it if needed. */
function setGoMemLimit(ctx: ComposeContext, service: Service, value: string): TextEdit[] | undefined {
  const { compose } = ctx;
  const existing = service.environment.get('GOMEMLIMIT');
  if (existing) {
    // Replacing a merged value would change every service that shares the anchor.
    if (!ownedBy(service, existing.node)) return undefined;
    if (isScalar(existing.node) && String(existing.node.value).startsWith('GOMEMLIMIT=')) return [replaceScalar(compose, existing.node, `GOMEMLIMIT=${value}`)];
    return isScalar(existing.node) && existing.node.value !== null ? [replaceScalar(compose, existing.node, value)] : undefined;
  }
  const body = service.pair.value;
  const pair = pairOf(body, 'environment');
  // An `environment:` of its own would replace the one it merges in (`<<: *defaults`), not add to it.
  if (!pair && service.environment.size > 0) return undefined;
  if (!pair) return appendMapEntries(compose, body as YAMLMap, [{ key: 'environment', map: [{ key: 'GOMEMLIMIT', value }] }]);
  const env = pair.value as Node | null;
  if (isMap(env)) return appendMapEntries(compose, env, [{ key: 'GOMEMLIMIT', value: scalarLike(value, env.items[0]?.value as Node) }]);
  if (isSeq(env)) return appendSeqItems(compose, env, [scalarLike(`GOMEMLIMIT=${value}`, env.items[0] as Node)]);
  return fillEmptyKey(compose, pair, { map: [{ key: 'GOMEMLIMIT', value }] });
}

export default defineRule<Data>({
  id: 'DC009',
  name: 'gomemlimit-missing',
  title: 'Set GOMEMLIMIT to 90% of the memory limit',
  severity: 'warning',
  appliesTo: 'compose',
  check(ctx) {
    const { compose, workspace, report } = ctx;
    for (const service of compose.services) {
      const limit = memoryLimit(service);
      if (!limit || !isGoService(ctx, service)) continue;
      const of = `its memory limit of ${limit.text} (${limit.key})`;
      const consequence = 'the Go heap grows until the kernel OOM-kills the container';
      // environment: wins over env_file, which wins over the image's ENV.
      const inCompose = service.environment.get('GOMEMLIMIT');
      let set: { value: string; from: string; node?: Node } | undefined | null =
        inCompose && (ownedBy(service, inCompose.node) ? { value: inCompose.value, from: '', node: inCompose.node } : { value: inCompose.value, from: ' from a merged mapping (<<)' });
      if (!set) {
        const envFile = fromEnvFiles(ctx, service);
        set = envFile && { value: envFile.value, from: ` from ${envFile.file}` };
        if (envFile === null) continue;
      }
      if (!set) {
        const dockerfile = workspace.dockerfileFor(compose, service);
        const stage = dockerfile && builtStage(dockerfile, service);
        const value = stage?.envAt(Number.MAX_SAFE_INTEGER).get('GOMEMLIMIT');
        if (value !== undefined) set = { value, from: ' from its Dockerfile' };
      }
      if (!set) {
        report({
          range: compose.rangeOf(limit.node),
          message: `Service "${service.name}" has a memory limit of ${limit.text} (${limit.key}) and no GOMEMLIMIT: ${consequence}`,
          data: { service, limit },
        });
        continue;
      }
      const bytes = parseGoMemLimit(set.value);
      // A value Go cannot read (or a variable) makes the runtime stop at start-up or is known only then.
      if (bytes === undefined || bytes < limit.bytes) continue;
      report({
        range: compose.rangeOf(set.node ?? limit.node),
        message: `Service "${service.name}" sets GOMEMLIMIT=${set.value}${set.from}, at or above ${of}: ${consequence}`,
        data: { service, limit },
      });
    }
  },
  fix({ data }, ctx) {
    const value = data && gomemlimitFor(data.limit.bytes);
    const edits = value && setGoMemLimit(ctx, data.service, value);
    if (!edits) return undefined;
    return { title: `Set GOMEMLIMIT=${value} (90% of ${data.limit.text})`, edits, preferred: true };
  },
});
