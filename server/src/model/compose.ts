import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CommandValue, ComposeModel, PortEntry, Service, ValueAt, VolumeEntry } from './types';

/** Parses a compose file once, keeping the range of every key and value. */
export function parseCompose(document: TextDocument, path?: string): ComposeModel {
  const text = yamlLineBreaks(document.getText());
  const lineCounter = new LineCounter();
  // Aliases are expanded by rules only through `yaml`'s own resolution, capped against alias bombs.
  const yaml = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false, prettyErrors: false });
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const rangeOf = (node: Node | Pair | null | undefined) => {
    const r = isPair(node) ? [(node.key as Node)?.range?.[0] ?? 0, (node.value as Node)?.range?.[1] ?? (node.key as Node)?.range?.[1] ?? 0] : node?.range;
    return r ? range(r[0], r[1]) : range(0, 0);
  };
  const syntaxErrors = yaml.errors.map((e) => ({ message: readableError(e.message.split('\n')[0]), range: range(e.pos[0], Math.max(e.pos[1], e.pos[0])) }));
  const root = isMap(yaml.contents) ? yaml.contents : undefined;
  const servicesNode = root?.get('services', true);
  const services = isMap(servicesNode) ? servicesNode.items.filter((p): p is Pair<Scalar, Node> => isScalar(p.key)).map((p) => parseService(p, yaml)) : [];
  const volumesNode = root?.items.find((p) => isScalar(p.key) && p.key.value === 'volumes');
  const comments = text.split('\n').flatMap((line, i) => {
    const trimmed = line.trimStart();
    return trimmed.startsWith('#') ? [{ line: i, text: trimmed.slice(1).trim() }] : [];
  });
  return {
    kind: 'compose',
    uri: document.uri,
    path,
    document,
    comments,
    yaml,
    lineCounter,
    syntaxErrors,
    isCompose: servicesNode !== undefined,
    services,
    volumesNode,
    range,
    rangeOf,
  };
}

/**
 * The text with each lone carriage return made a line feed, offsets unchanged. YAML (and Compose's reader, like
 * the editor) ends a line at a lone \r too; `yaml` does not, and would read `target: debug\r` at the end of a
 * CRLF file cut after its \r as the value "debug\r", or the line after a lone \r as part of a key.
 */
function yamlLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Merge keys nest at most this deep; deeper (or cyclic) chains are not followed. */
const MAX_MERGE_DEPTH = 8;

/** The YAML parser's message, except where it names its own limit rather than the user's mistake. */
function readableError(message: string): string {
  if (message.startsWith('Maximum call stack size exceeded')) return `Nested too deeply to read: ${message.replace('Maximum call stack size exceeded ', '')}; a compose file needs a few levels, not thousands`;
  return message;
}

function parseService(pair: Pair<Scalar, Node>, yaml: Document): Service {
  // An alias resolves to its anchored node (one step: nothing is expanded, so alias bombs cost nothing here).
  const deref = (node: unknown): Node | undefined => (isAlias(node) ? (node.resolve(yaml) as Node | undefined) : (node as Node | undefined) ?? undefined);
  /** A key of a mapping, or of the mappings it merges in with `<<: *anchor` (its own keys win). */
  const lookup = (map: YAMLMap | undefined, path: string[], depth = 0): Node | undefined => {
    if (!map || depth > MAX_MERGE_DEPTH) return undefined;
    const [key, ...rest] = path;
    const own = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    let node = own ? deref(own.value) : undefined;
    if (!own) {
      for (const merge of map.items.filter((p) => isScalar(p.key) && p.key.value === '<<')) {
        const value = deref(merge.value);
        for (const source of isSeq(value) ? value.items.map(deref) : [value]) {
          node = isMap(source) ? lookup(source, [key], depth + 1) : undefined;
          if (node) break;
        }
        if (node) break;
      }
    }
    return rest.length === 0 ? node : isMap(node) ? lookup(node, rest, depth + 1) : undefined;
  };
  const service = deref(pair.value);
  const body = isMap(service) ? service : undefined;
  const get = (path: string[]): Node | undefined => lookup(body, path);
  const scalar = (path: string[]): ValueAt | undefined => {
    const node = get(path);
    return isScalar(node) && node.value !== null ? { value: String(node.value), node } : undefined;
  };
  const list = (path: string[]): ValueAt[] => {
    const node = get(path);
    return isSeq(node) ? node.items.filter(isScalar).map((n) => ({ value: String(n.value), node: n })) : [];
  };
  const buildNode = get(['build']);
  let build: Service['build'];
  if (isScalar(buildNode)) build = { context: String(buildNode.value ?? '.'), dockerfile: 'Dockerfile', inline: false };
  else if (isMap(buildNode)) {
    build = {
      context: String(scalar(['build', 'context'])?.value ?? '.'),
      dockerfile: String(scalar(['build', 'dockerfile'])?.value ?? 'Dockerfile'),
      target: scalar(['build', 'target']),
      inline: buildNode.has('dockerfile_inline'),
    };
  }
  const volumesPair = body?.items.find((p) => isScalar(p.key) && p.key.value === 'volumes');
  return {
    name: String(pair.key.value),
    pair,
    image: scalar(['image']),
    build,
    ports: ports(get(['ports'])),
    volumes: volumes(get(['volumes'])),
    volumesPair,
    environment: environment(get(['environment'])),
    command: commandValue(get(['command'])),
    entrypoint: commandValue(get(['entrypoint'])),
    capAdd: list(['cap_add']),
    securityOpt: list(['security_opt']),
    privileged: scalar(['privileged']),
    memLimit: scalar(['mem_limit']),
    get,
  };
}

function ports(node: Node | undefined): PortEntry[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item): PortEntry[] => {
    if (isScalar(item)) {
      // [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; an IPv6 host is in brackets.
      const [spec, protocol] = String(item.value).split('/');
      // `:` inside `${VAR:-2345}` or an IPv6 `[::1]` is not a separator.
      const parts = spec.split(/:(?![^{]*\})(?![^[]*\])/);
      if (parts.length > 3) return [{ target: spec, protocol, node: item }];
      const [target, published, hostIp] = parts.reverse();
      return [{ hostIp, published, target, protocol, node: item }];
    }
    if (isMap(item)) {
      const value = (key: string) => (item.has(key) ? String(item.get(key)) : undefined);
      return [{ hostIp: value('host_ip'), published: value('published'), target: value('target') ?? '', protocol: value('protocol'), node: item }];
    }
    return [];
  });
}

function volumes(node: Node | undefined): VolumeEntry[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item): VolumeEntry[] => {
    if (isScalar(item)) {
      // `:` inside `${VAR:-default}` is not a separator.
      const parts = String(item.value).split(/:(?![^{]*\})/);
      if (parts.length === 1) return [{ type: 'volume', target: parts[0], node: item, long: false }];
      const [source, target] = parts;
      const bind = /^[.~/$]/.test(source) || /^[A-Za-z]:[\\/]/.test(source);
      return [{ type: bind ? 'bind' : 'volume', source, target, node: item, long: false }];
    }
    if (isMap(item)) {
      const map = item as YAMLMap;
      const type = String(map.get('type') ?? 'unknown');
      return [{
        type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'unknown',
        source: map.has('source') ? String(map.get('source')) : undefined,
        target: map.has('target') ? String(map.get('target')) : undefined,
        node: item,
        long: true,
      }];
    }
    return [];
  });
}

function environment(node: Node | undefined): Map<string, ValueAt> {
  const env = new Map<string, ValueAt>();
  if (isMap(node)) {
    for (const p of node.items) {
      if (isScalar(p.key)) env.set(String(p.key.value), { value: isScalar(p.value) ? String(p.value.value ?? '') : '', node: (p.value as Node) ?? p.key });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isScalar(item)) continue;
      const [name, ...value] = String(item.value).split('=');
      env.set(name, { value: value.join('='), node: item });
    }
  }
  return env;
}

function commandValue(node: Node | undefined): CommandValue | undefined {
  if (isScalar(node) && node.value !== null) return { words: String(node.value).split(/\s+/).filter(Boolean), node };
  if (isSeq(node)) return { words: node.items.map((n) => (isScalar(n) ? String(n.value) : '')), node };
  return undefined;
}

/**
 * A `list_or_dict` value (`environment:`, `build.args:`, `labels:`): a mapping or a list of `NAME=value`,
 * each name with its value and the node that holds it.
 */
export function listOrDict(node: Node | undefined): Map<string, ValueAt> {
  return environment(node);
}
