/** DC012 — HTTP(S)_PROXY in `environment:` reaches the running container, not the build that downloads the modules. */
import { isMap, isPair, isScalar, isSeq, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import { listOrDict } from '../../model/compose';
import type { ComposeModel, Service } from '../../model/types';
import { lineIndent } from '../edit';
import { appendMapEntries, appendSeqItems, fillEmptyKey, nodeText, removeMapPair, removeSeqItem, type YamlEntry } from '../yamlEdit';

const PROXY = /^https?_proxy$/i;
/** Moved along with the proxies: the build needs the same exceptions. */
const NO_PROXY = /^no_proxy$/i;

interface Data {
  service: Service;
}

/** An `environment:` entry: its pair in a mapping, or its item in a list. */
interface EnvEntry {
  name: string;
  value: string;
  pair?: Pair;
  item?: Node;
}

function pairOf(map: Node | null | undefined, key: string): Pair | undefined {
  return isMap(map) ? map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && p.key.value === key) : undefined;
}

function envEntries(service: Service): EnvEntry[] {
  const env = service.get(['environment']);
  if (isMap(env)) {
    return env.items.filter((p) => isScalar(p.key)).map((p) => ({ name: String((p.key as Node & { value: unknown }).value), value: isScalar(p.value) ? String(p.value.value ?? '') : '', pair: p }));
  }
  if (isSeq(env)) {
    return env.items.filter(isScalar).map((item) => {
      const [name, ...value] = String(item.value).split('=');
      return { name, value: value.join('='), item };
    });
  }
  return [];
}

/** A value as plain YAML when it can be, quoted when it must be. */
function yamlText(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The moved entries written for the `args:` they go to: as written when the styles match, converted when not. */
function argsEntries(model: ComposeModel, moved: EnvEntry[], asMap: boolean): { map: YamlEntry[] } | { list: string[] } {
  if (asMap) return { map: moved.map((e) => ({ key: e.pair ? nodeText(model, e.pair.key as Node) : e.name, value: e.pair?.value ? nodeText(model, e.pair.value as Node) : yamlText(e.value) })) };
  return { list: moved.map((e) => (e.item ? nodeText(model, e.item) : yamlText(`${e.name}=${e.value}`))) };
}

/** `build: .` → `build:` with `context: .` and the args below it, leaving any comment on the first line. */
function expandScalarBuild(model: ComposeModel, build: Pair, children: { map: YamlEntry[] } | { list: string[] }): TextEdit[] | undefined {
  const value = build.value as Node;
  const keyStart = (build.key as Node).range![0];
  const keyLine = model.document.positionAt(keyStart).line;
  const text = model.document.getText();
  if (text.slice(keyStart - model.document.positionAt(keyStart).character, keyStart).trim() !== '') return undefined;
  const unit = lineIndent(model.document, model.document.positionAt(model.services[0].pair.key.range![0]).line) || '  ';
  const indent = lineIndent(model.document, keyLine) + unit;
  const args = 'map' in children
    ? children.map.map((e) => `\n${indent}${unit}${e.key}: ${'value' in e ? e.value : ''}`).join('')
    : children.list.map((item) => `\n${indent}${unit}- ${item}`).join('');
  // From just after `build:`, so no space is left at the end of that line.
  const start = text.indexOf(':', (build.key as Node).range![1]) + 1;
  const end = value.range![0] + nodeText(model, value).length;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  return [
    { range: model.range(start, end), newText: `\n${indent}context: ${nodeText(model, value)}` },
    { range: model.range(lineEnd, lineEnd), newText: `\n${indent}args:${args}` },
  ];
}

export default defineRule<Data>({
  id: 'DC012',
  name: 'proxy-in-environment',
  title: 'Pass the proxy to the build in build.args',
  severity: 'info',
  appliesTo: 'compose',
  check({ compose, report }) {
    for (const service of compose.services) {
      if (!service.build) continue;
      const args = listOrDict(service.get(['build', 'args']));
      if ([...args.keys()].some((name) => PROXY.test(name))) continue;
      for (const entry of envEntries(service)) {
        if (!PROXY.test(entry.name)) continue;
        report({
          range: compose.rangeOf(entry.pair ?? entry.item),
          message: `Service "${service.name}" sets ${entry.name} only under environment, which the running container gets but its build (go mod download, go build) does not`,
          data: { service },
        });
      }
    }
  },
  fix({ data }, { compose }) {
    if (!data) return undefined;
    const service = data.service;
    const body = service.pair.value;
    const entries = envEntries(service);
    const moved = entries.filter((e) => PROXY.test(e.name) || NO_PROXY.test(e.name));
    const envPair = pairOf(body, 'environment');
    const buildPair = pairOf(body, 'build');
    if (!isMap(body) || body.flow || !envPair || !buildPair || moved.length === 0) return undefined;
    const env = envPair.value as Node;
    const fromMap = isMap(env);

    // Take the entries out of environment:, or drop the key when nothing would be left in it.
    let remove: TextEdit[] | undefined;
    if (moved.length === entries.length) remove = removeMapPair(compose, body, envPair);
    else if ((isMap(env) || isSeq(env)) && env.flow) {
      // Several entries out of one flow collection: write the ones that stay, so the commas stay right.
      const kept = entries.filter((e) => !moved.includes(e)).map((e) =>
        e.pair
          ? e.pair.value ? compose.document.getText().slice((e.pair.key as Node).range![0], (e.pair.value as Node).range![0]) + nodeText(compose, e.pair.value as Node) : nodeText(compose, e.pair.key as Node)
          : nodeText(compose, e.item!),
      );
      remove = [{ range: compose.range(env.range![0], env.range![0] + nodeText(compose, env).length), newText: fromMap ? `{ ${kept.join(', ')} }` : `[${kept.join(', ')}]` }];
    } else {
      const each = moved.map((e) => (e.pair ? removeMapPair(compose, env, e.pair) : removeSeqItem(compose, env, e.item!)));
      remove = each.every((edits) => edits !== undefined) ? each.flat() as TextEdit[] : undefined;
    }
    if (!remove || remove.length === 0) return undefined;

    let add: TextEdit[] | undefined;
    const build = buildPair.value as Node | null;
    if (isScalar(build) && build.value !== null) add = expandScalarBuild(compose, buildPair, argsEntries(compose, moved, fromMap));
    else if (isMap(build)) {
      const argsPair = pairOf(build, 'args');
      const args = argsPair?.value as Node | null | undefined;
      if (!argsPair) add = appendMapEntries(compose, build as YAMLMap, [{ key: 'args', ...argsEntries(compose, moved, fromMap) } as YamlEntry]);
      else if (isMap(args)) add = appendMapEntries(compose, args, (argsEntries(compose, moved, true) as { map: YamlEntry[] }).map);
      else if (isSeq(args)) add = appendSeqItems(compose, args, (argsEntries(compose, moved, false) as { list: string[] }).list);
      else add = fillEmptyKey(compose, argsPair, argsEntries(compose, moved, fromMap));
    }
    if (!add) return undefined;
    const names = moved.map((e) => e.name).join(', ');
    return { title: `Move ${names} to build.args (the running container no longer gets ${moved.length > 1 ? 'them' : 'it'})`, edits: [...remove, ...add] };
  },
});
