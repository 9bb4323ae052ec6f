/** DC014 — a key, type or port the Compose Specification does not allow makes `docker compose` refuse the whole file. */
/*! compose-spec.json: the Compose Specification JSON schema, © The Compose Specification Authors, Apache License 2.0 (see server/src/rules/compose/schema/). */
import { isIP } from 'node:net';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { defineRule, type Severity } from '../../engine/rule';
import type { ComposeModel, Range } from '../../model/types';
import { editDistance } from '../similar';
import schema from './schema/compose-spec.json';

/** Bounds the walk of a file whose aliases expand exponentially (an alias bomb): past it, nothing is checked. */
const MAX_NODES = 100_000;

let validator: ValidateFunction | undefined;

/**
 * Compiled on first use (a few milliseconds, once per process). The schema declares draft-07 by a URL Ajv does
 * not know (`https://…/draft-07/schema`), so the schema itself is not validated; `strict: false` because it
 * uses annotations Ajv's strict mode rejects (`deprecated`).
 */
function compiled(): ValidateFunction {
  return (validator ??= new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true }).compile(schema));
}

/** Where a value of the file is: its node, and the key that holds it in a mapping. */
interface Place {
  node?: Node;
  key?: Node;
}

class TooBig extends Error {}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The file as plain data, the way Compose reads it (aliases expanded, `<<` merge keys applied), with the
 * node of every value by JSON pointer, so a schema error points at the exact key or value.
 */
export function composeData(doc: Document.Parsed): { data: unknown; places: Map<string, Place>; duplicates: { pointer: string; key: Node }[] } {
  const places = new Map<string, Place>();
  const duplicates: { pointer: string; key: Node }[] = [];
  let budget = MAX_NODES;
  const walk = (node: unknown, pointer: string, key: Node | undefined, stack: Node[]): unknown => {
    if (--budget < 0) throw new TooBig();
    if (!places.has(pointer)) places.set(pointer, { node: (node ?? undefined) as Node | undefined, key });
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      return target && !stack.includes(target) ? walk(target, pointer, key, [...stack, target]) : null;
    }
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, i) => walk(item, `${pointer}/${i}`, undefined, stack));
    if (!isMap(node)) return null;
    const object: Record<string, unknown> = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        merges.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
        continue;
      }
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      if (Object.prototype.hasOwnProperty.call(object, name)) duplicates.push({ pointer, key: keyNode });
      object[name] = walk(pair.value, `${pointer}/${escape(name)}`, keyNode, stack);
    }
    // Keys written in the mapping win over merged ones; among merged mappings, the first wins.
    for (const source of merges) {
      const target = isAlias(source) ? (source.resolve(doc) as Node | undefined) : (source as Node);
      if (!isMap(target) || stack.includes(target)) continue;
      for (const pair of target.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (name === '<<' || Object.prototype.hasOwnProperty.call(object, name)) continue;
        object[name] = walk(pair.value, `${pointer}/${escape(name)}`, pair.key as Node, [...stack, target]);
      }
    }
    return object;
  };
  const data = walk(doc.contents, '', undefined, []);
  return { data, places, duplicates };
}

/** `services.api.ports[0]` for `/services/api/ports/0`. */
export function displayPath(pointer: string, data: unknown): string {
  let shown = '';
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) shown += `[${segment}]`;
    else if (/^[\w-]+$/.test(segment)) shown += shown ? `.${segment}` : segment;
    else shown += `[${JSON.stringify(segment)}]`;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return shown;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a string'} (${JSON.stringify(value)})`;
}

function orList(words: string[]): string {
  const unique = [...new Set(words)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

interface Problem {
  pointer: string;
  /** A node to point at directly (a duplicate key). */
  node?: Node;
  /** Point at the key (an unknown key, a missing one) rather than the value. */
  at: 'key' | 'value';
  /** The key of the mapping at `pointer` the problem is about (additionalProperties). */
  child?: string;
  message: string;
  severity: Severity;
}

/** Turns Ajv's errors into one readable problem per place, dropping the noise of `oneOf` branches that did not apply. */
export function problems(errors: ErrorObject[]): Problem[] {
  const branching = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const isBranchNoise = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if';
  const found: Problem[] = [];
  const typeErrors = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (isBranchNoise(e)) continue;
    if (e.keyword === 'type') {
      const path = e.instancePath;
      // A branch of `oneOf` that the value was never meant to match, when another branch says what is wrong.
      if (branching.has(path) && errors.some((o) => o.keyword !== 'type' && !isBranchNoise(o) && (o.instancePath === path || o.instancePath.startsWith(`${path}/`)))) continue;
      typeErrors.set(path, [...(typeErrors.get(path) ?? []), e]);
      continue;
    }
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String(params.additionalProperty);
        const parent = e.parentSchema as { properties?: object; patternProperties?: object } | undefined;
        const known = Object.keys(parent?.properties ?? {});
        const close = known.filter((k) => editDistance(k, name) <= Math.max(1, Math.ceil(name.length / 3))).sort((a, b) => editDistance(a, name) - editDistance(b, name))[0];
        const hint = close ? ` (did you mean "${close}"?)` : parent?.patternProperties && '^x-' in parent.patternProperties ? ' (a key of your own must start with "x-")' : '';
        found.push({ pointer: e.instancePath, child: name, at: 'key', severity: 'warning', message: `${e.instancePath ? 'unknown key' : 'unknown top-level key'} "${name}"${hint}` });
        break;
      }
      case 'required':
        found.push({ pointer: e.instancePath, at: 'key', severity: 'error', message: `missing the required key "${String(params.missingProperty)}"` });
        break;
      case 'enum':
        found.push({ pointer: e.instancePath, at: 'value', severity: 'error', message: `${typeOf(e.data)} is not allowed: use one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` });
        break;
      case 'const':
        found.push({ pointer: e.instancePath, at: 'value', severity: 'error', message: `must be ${JSON.stringify(params.allowedValue)}` });
        break;
      case 'pattern':
        found.push({ pointer: e.instancePath, at: 'value', severity: 'error', message: `${JSON.stringify(e.data)} is not allowed: it must match ${String(params.pattern)}` });
        break;
      case 'uniqueItems':
        // Ajv names the first of the two equal items `i` and the later one `j`.
        found.push({ pointer: `${e.instancePath}/${String(params.j)}`, at: 'value', severity: 'error', message: `repeats item ${Number(params.i) + 1} of the list: its items must be unique` });
        break;
      default:
        found.push({ pointer: e.instancePath, at: 'value', severity: 'error', message: e.message ?? `fails the schema's "${e.keyword}" check` });
    }
  }
  for (const [pointer, list] of typeErrors) {
    const wanted = list.flatMap((e) => [(e.params as { type: string | string[] }).type].flat()).map((t) => TYPE_WORDS[t] ?? t);
    // The schema's descriptions give examples (`Time between running the check (e.g., '1s', '1m30s')`).
    const example = /\(e\.g\.,? ([^)]*)\)/.exec(String((list[0].parentSchema as { description?: string } | undefined)?.description ?? ''))?.[1];
    found.push({ pointer, at: 'value', severity: 'error', message: `must be ${orList(wanted)}, not ${typeOf(list[0].data)}${example ? `: for example ${example}` : ''}` });
  }
  return found;
}

/**
 * Why a short-syntax port is not one (`[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, as Docker's
 * nat.ParsePortSpec reads it), or undefined when it is. The schema accepts any string here.
 */
export function portProblem(spec: string | number): string | undefined {
  if (typeof spec === 'number') return Number.isInteger(spec) && spec >= 1 && spec <= 65535 ? undefined : 'a port number is 1 to 65535';
  if (spec.includes('$')) return undefined;
  const [body, protocol, ...rest] = spec.split('/');
  if (rest.length > 0 || (protocol !== undefined && !/^(tcp|udp|sctp)$/i.test(protocol))) return 'the protocol after "/" is tcp, udp or sctp';
  const parts = body.split(':');
  const container = parts.pop()!;
  const host = parts.length > 0 ? parts.pop()! : undefined;
  const ip = parts.length > 0 ? parts.join(':').replace(/^\[(.*)\]$/, '$1') : undefined;
  const range = (text: string, min: number) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!match) return undefined;
    const [start, end] = [Number(match[1]), Number(match[2] ?? match[1])];
    return start >= min && end <= 65535 && start <= end ? end - start + 1 : undefined;
  };
  const containerSize = range(container, 1);
  if (containerSize === undefined) return `"${container}" is not a container port or range (1 to 65535)`;
  if (host !== undefined && host !== '') {
    const hostSize = range(host, 0);
    if (hostSize === undefined) return `"${host}" is not a host port or range (0 to 65535)`;
    if (containerSize > 1 && hostSize !== containerSize) return 'a host range must be as long as the container range';
  }
  if (ip !== undefined && ip !== '' && isIP(ip) === 0) return `"${ip}" is not an IP address`;
  return undefined;
}

const PORT_SYNTAX = 'write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], such as "8080", "8080:80" or "127.0.0.1:8080:80/tcp"';

interface Data {
  problem: Problem;
}

/** The range to underline: the key for problems about a key, else a scalar value, else the key holding it. */
function rangeFor(compose: ComposeModel, places: Map<string, Place>, problem: Problem): Range {
  if (problem.node) return compose.rangeOf(problem.node);
  const pointer = problem.child !== undefined ? `${problem.pointer}/${escape(problem.child)}` : problem.pointer;
  const place = places.get(pointer) ?? places.get(problem.pointer) ?? {};
  if (problem.at === 'key' && place.key) return compose.rangeOf(place.key);
  if (isScalar(place.node) && place.node.range && place.node.range[1] > place.node.range[0]) return compose.rangeOf(place.node);
  if (place.key) return compose.rangeOf(place.key);
  if (place.node?.range) {
    const start = compose.document.positionAt(place.node.range[0]);
    return { start, end: { line: start.line, character: start.character + 1 } };
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export default defineRule<Data>({
  id: 'DC014',
  name: 'compose-schema',
  title: 'Write keys and values the Compose Specification allows',
  severity: 'error',
  appliesTo: 'compose',
  check({ compose, report }) {
    // A file that is not valid YAML already has its syntax errors; one that is not compose is not checked.
    if (compose.syntaxErrors.length > 0 || !compose.isCompose) return;
    let read: ReturnType<typeof composeData>;
    try {
      read = composeData(compose.yaml);
    } catch (error) {
      if (!(error instanceof TooBig)) throw error;
      // Aliases of aliases grow exponentially ("billion laughs"): say so instead of expanding them for ever.
      const start = compose.document.positionAt(0);
      report({ range: { start, end: { line: start.line, character: 1 } }, message: `Expanding the aliases of this file gives more than ${MAX_NODES.toLocaleString('en-US')} values, so it is not checked against the Compose Specification; Compose itself refuses such alias bombs` });
      return;
    }
    const { data, places, duplicates } = read;
    const found: Problem[] = duplicates.map(({ pointer, key }) => ({
      pointer,
      node: key,
      at: 'key',
      severity: 'error',
      message: `has the key "${isScalar(key) ? String(key.value) : String(key)}" twice; Compose refuses duplicate keys`,
    }));
    const validate = compiled();
    if (!validate(data)) found.push(...problems(validate.errors ?? []));
    const services = (data as { services?: unknown }).services;
    if (services && typeof services === 'object' && !Array.isArray(services)) {
      for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
        for (const key of ['ports', 'expose'] as const) {
          const list = (service as Record<string, unknown> | null)?.[key];
          if (!Array.isArray(list)) continue;
          list.forEach((spec, i) => {
            if (typeof spec !== 'string' && typeof spec !== 'number') return;
            const why = key === 'expose' && typeof spec === 'string' && spec.includes(':') ? 'expose takes a container port or range, not a mapping' : portProblem(spec);
            if (!why) return;
            found.push({
              pointer: `/services/${escape(name)}/${key}/${i}`,
              at: 'value',
              severity: 'error',
              message: `${JSON.stringify(spec)} is not a valid ${key === 'ports' ? 'port mapping' : 'port'}: ${why}; ${key === 'ports' ? PORT_SYNTAX : 'write CONTAINER_PORT[-END][/PROTOCOL], such as "9090" or "9000-9010/udp"'}`,
            });
          });
        }
      }
    }
    const seen = new Set<string>();
    for (const problem of found) {
      const path = displayPath(problem.pointer, data);
      const message = path ? `${path}: ${problem.message}` : problem.message.replace(/^unknown top-level/, 'Unknown top-level');
      const range = rangeFor(compose, places, problem);
      const id = `${range.start.line}:${range.start.character}:${message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      report({ range, message, severity: problem.severity, data: { problem } });
    }
  },
});
