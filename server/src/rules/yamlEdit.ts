/** Minimal YAML text edits: they touch only the lines they change, so comments, order and quoting stay. */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ComposeModel, VolumeEntry } from '../model/types';
import { lineIndent } from './edit';

/** The offset at the end of the line holding `offset` (before its \n, \r\n, or lone \r: Compose ends a line there too). */
function lineEndOffset(model: ComposeModel, offset: number): number {
  const text = model.document.getText();
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function at(model: ComposeModel, offset: number) {
  return model.document.positionAt(offset);
}

/** Writes a scalar the way the original was quoted. */
function asScalar(value: string, like?: Node): string {
  const type = isScalar(like) ? (like as Scalar).type : undefined;
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Replaces one sequence item with several, in the item's own style (block lines or flow entries). */
export function replaceSeqItem(model: ComposeModel, seq: Node | undefined, item: Node, values: string[]): TextEdit[] {
  const [start, end] = item.range!;
  // A block map's range runs on to the next line; the item's text ends at its last character.
  const valueEnd = start + model.document.getText().slice(start, end).trimEnd().length;
  const first = asScalar(values[0], item);
  if (isSeq(seq) && seq.flow) {
    return [{ range: model.range(start, valueEnd), newText: values.map((v) => asScalar(v, item)).join(', ') }];
  }
  const line = at(model, start).line;
  const indent = lineIndent(model.document, line);
  const dash = model.document.getText().lastIndexOf('-', start);
  const itemIndent = indent + ' '.repeat(Math.max(0, at(model, dash).character - indent.length));
  const rest = values.slice(1).map((v) => `\n${itemIndent}- ${asScalar(v, item)}`).join('');
  const edits: TextEdit[] = [{ range: model.range(start, valueEnd), newText: first }];
  if (rest) {
    const end = lineEndOffset(model, valueEnd);
    edits.push({ range: model.range(end, end), newText: rest });
  }
  return edits;
}

/** Deletes one sequence item: its whole line(s) in a block sequence, the entry and a comma in a flow one. */
export function removeSeqItem(model: ComposeModel, seq: Node | undefined, item: Node): TextEdit[] {
  const text = model.document.getText();
  const [start, end] = item.range!;
  const itemEnd = start + text.slice(start, end).trimEnd().length;
  if (isSeq(seq) && seq.flow) {
    const after = /^\s*,\s*/.exec(text.slice(itemEnd));
    if (after) return [{ range: model.range(start, itemEnd + after[0].length), newText: '' }];
    const before = /,\s*$/.exec(text.slice(0, start));
    return [{ range: model.range(before ? start - before[0].length : start, itemEnd), newText: '' }];
  }
  const first = at(model, text.lastIndexOf('-', start)).line;
  const last = at(model, itemEnd).line;
  return [{ range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' }];
}

/**
 * Deletes several items of one sequence at once, with edits that do not overlap (two neighbours in a flow
 * sequence would otherwise both claim the comma between them). The other items stay as they are.
 */
export function removeSeqItems(model: ComposeModel, seq: Node | undefined, items: Node[]): TextEdit[] {
  if (!isSeq(seq) || !seq.flow) return items.flatMap((item) => removeSeqItem(model, seq, item));
  const all = seq.items as Node[];
  const removed = new Set(items);
  const lastKept = all.reduce((last, item, i) => (removed.has(item) ? last : i), -1);
  const edits: TextEdit[] = [];
  all.forEach((item, i) => {
    if (!removed.has(item)) return;
    // Before the last kept item: the entry and the separator after it. After it: the separator before it.
    if (i < lastKept) edits.push({ range: model.range(item.range![0], all[i + 1].range![0]), newText: '' });
    else edits.push({ range: model.range(i === 0 ? item.range![0] : contentEnd(model, all[i - 1]), contentEnd(model, item)), newText: '' });
  });
  return edits;
}

/** Adds named volumes under the top-level `volumes:` key, creating it at the end of the file when missing. */
export function declareVolumes(model: ComposeModel, names: string[]): TextEdit[] | undefined {
  const pair = model.volumesNode;
  const existing = isMap(pair?.value) ? pair.value.items.map((p) => String((p.key as Scalar).value)) : [];
  const missing = names.filter((n) => !existing.includes(n));
  if (missing.length === 0) return [];
  const unit = serviceIndent(model);
  const text = model.document.getText();
  if (!pair) {
    const prefix = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    const end = text.length;
    return [{ range: model.range(end, end), newText: `${prefix}\nvolumes:\n${missing.map((n) => `${unit}${n}:\n`).join('')}` }];
  }
  const value = pair.value as Node | null;
  if (isMap(value) && value.flow) {
    if (value.items.length > 0) return undefined;
    return [{ range: model.range(value.range![0], value.range![1]), newText: `{ ${missing.map((n) => `${n}: {}`).join(', ')} }` }];
  }
  const key = pair.key as Node;
  const keyLine = at(model, key.range![0]).line;
  let after: number;
  let indent = unit;
  if (isMap(value) && value.items.length > 0) {
    after = lineEndOffset(model, value.range![1] - 1 < value.range![0] ? value.range![0] : value.range![1] - 1);
    indent = lineIndent(model.document, at(model, (value.items[0].key as Node).range![0]).line);
  } else if (value === null || (isScalar(value) && value.value === null)) {
    after = lineEndOffset(model, key.range![0]);
    indent = lineIndent(model.document, keyLine) + unit;
  } else return undefined;
  // A blank line holding a tab right after: YAML would read it as the indentation of an empty key's value (an
  // error), so the names get an explicit empty map there.
  const empty = /^(?:\r\n|\r|\n)[ \t]*\t[ \t]*(?:\r|\n|$)/.test(text.slice(after)) ? ' {}' : '';
  return [{ range: model.range(after, after), newText: missing.map((n) => `\n${indent}${n}:${empty}`).join('') }];
}

/** The indentation of the services under `services:`, used as the file's indent unit. */
function serviceIndent(model: ComposeModel): string {
  const first = model.services[0];
  return first ? lineIndent(model.document, at(model, first.pair.key.range![0]).line) || '  ' : '  ';
}

/** Every `target` of a service's volumes, for fixes that must not add a mount twice. */
export function volumeTargets(volumes: VolumeEntry[]): Set<string> {
  return new Set(volumes.map((v) => v.target ?? '').filter(Boolean));
}

/** A mapping entry to write: `key: value` (value as YAML text), or a key holding a nested mapping or list. */
export type YamlEntry = { key: string; value: string } | { key: string; map: YamlEntry[] } | { key: string; list: string[] };

/** Where a node's own text ends: a block collection's range runs on over the newline that follows it. */
function contentEnd(model: ComposeModel, node: Node): number {
  const [start, end] = node.range!;
  return start + model.document.getText().slice(start, end).trimEnd().length;
}

/** Where the last entry of a collection ends (before any comment lines the collection keeps after it). */
function lastItemEnd(model: ComposeModel, collection: YAMLMap | YAMLSeq): number {
  const last = collection.items[collection.items.length - 1];
  if (!isPair(last)) return contentEnd(model, last as Node);
  const value = last.value as Node | null;
  return value?.range && value.range[1] > value.range[0] ? contentEnd(model, value) : contentEnd(model, last.key as Node);
}

function column(model: ComposeModel, offset: number): string {
  return ' '.repeat(at(model, offset).character);
}

function renderBlock(entry: YamlEntry, indent: string, unit: string): string {
  if ('value' in entry) return `${indent}${entry.key}: ${entry.value}`;
  const inner = indent + unit;
  const children = 'map' in entry ? entry.map.map((e) => `\n${renderBlock(e, inner, unit)}`) : entry.list.map((item) => `\n${inner}- ${item}`);
  return `${indent}${entry.key}:${children.join('')}`;
}

/** A plain scalar with `{`, `}`, `[`, `]` or `,` (`${X}`) is fine in a block mapping and breaks a flow one: quote it there. */
function flowValue(value: string): string {
  return /^["'[{]/.test(value) || !/[{}[\],]/.test(value) ? value : JSON.stringify(value);
}

function renderFlow(entry: YamlEntry): string {
  if ('value' in entry) return `${entry.key}: ${flowValue(entry.value)}`;
  return 'map' in entry ? `${entry.key}: { ${entry.map.map(renderFlow).join(', ')} }` : `${entry.key}: [${entry.list.map(flowValue).join(', ')}]`;
}

/** The text of a node as written, quotes included, for moving it elsewhere unchanged. */
export function nodeText(model: ComposeModel, node: Node): string {
  return model.document.getText().slice(node.range![0], contentEnd(model, node));
}

/** A value written the way another scalar is quoted (plain, `'single'` or `"double"`). */
export function scalarLike(value: string, like?: Node | null): string {
  return asScalar(value, like ?? undefined);
}

/** Replaces a scalar's value, quoted the way the original was. */
export function replaceScalar(model: ComposeModel, node: Node, value: string): TextEdit {
  return { range: model.range(node.range![0], contentEnd(model, node)), newText: asScalar(value, node) };
}

/**
 * Adds entries at the end of a mapping: on new lines after its last entry, at the column of its keys, in a
 * block mapping; before the closing brace in a flow one. Undefined when the mapping cannot take them there.
 */
export function appendMapEntries(model: ComposeModel, map: Node, entries: YamlEntry[]): TextEdit[] | undefined {
  if (!isMap(map) || !map.range) return undefined;
  if (map.flow) {
    const flow = entries.map(renderFlow).join(', ');
    if (map.items.length === 0) return [{ range: model.range(map.range[0], contentEnd(model, map)), newText: `{ ${flow} }` }];
    const end = lastItemEnd(model, map);
    return [{ range: model.range(end, end), newText: `, ${flow}` }];
  }
  if (map.items.length === 0) return undefined;
  const indent = column(model, (map.items[0].key as Node).range![0]);
  const end = lineEndOffset(model, lastItemEnd(model, map));
  return [{ range: model.range(end, end), newText: entries.map((e) => `\n${renderBlock(e, indent, serviceIndent(model))}`).join('') }];
}

/** Adds items (YAML text) at the end of a sequence, as new `- ` lines of a block one or entries of a flow one. */
export function appendSeqItems(model: ComposeModel, seq: Node, items: string[]): TextEdit[] | undefined {
  if (!isSeq(seq) || !seq.range) return undefined;
  if (seq.flow) {
    const flow = items.map(flowValue).join(', ');
    if (seq.items.length === 0) return [{ range: model.range(seq.range[0], contentEnd(model, seq)), newText: `[${flow}]` }];
    const end = lastItemEnd(model, seq);
    return [{ range: model.range(end, end), newText: `, ${flow}` }];
  }
  if (seq.items.length === 0) return undefined;
  const text = model.document.getText();
  const dash = column(model, text.lastIndexOf('-', (seq.items[0] as Node).range![0]));
  const end = lineEndOffset(model, lastItemEnd(model, seq));
  return [{ range: model.range(end, end), newText: items.map((item) => `\n${dash}- ${item}`).join('') }];
}

/**
 * Gives a key with no value (`environment:`) a block value: the entries (or `- ` items) on the lines below
 * it, one indent unit deeper. Undefined when the key already holds something, even an explicit `null`.
 */
export function fillEmptyKey(model: ComposeModel, pair: Pair, children: { map: YamlEntry[] } | { list: string[] }): TextEdit[] | undefined {
  const value = pair.value as Node | null;
  if (value && !(isScalar(value) && value.value === null && (!value.range || value.range[0] === value.range[1]))) return undefined;
  const key = pair.key as Node;
  const rendered = renderBlock({ key: '', ...children } as YamlEntry, column(model, key.range![0]), serviceIndent(model));
  const end = lineEndOffset(model, key.range![1]);
  return [{ range: model.range(end, end), newText: rendered.slice(rendered.indexOf('\n')) }];
}

/** Deletes one entry of a mapping: its whole line(s) in a block mapping, the entry and a comma in a flow one. */
export function removeMapPair(model: ComposeModel, map: Node, pair: Pair): TextEdit[] | undefined {
  if (!isMap(map)) return undefined;
  const text = model.document.getText();
  const start = (pair.key as Node).range![0];
  const value = pair.value as Node | null;
  const end = value?.range && value.range[1] > value.range[0] ? contentEnd(model, value) : contentEnd(model, pair.key as Node);
  if (map.flow) {
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) return [{ range: model.range(start, end + after[0].length), newText: '' }];
    const before = /,\s*$/.exec(text.slice(0, start));
    return [{ range: model.range(before ? start - before[0].length : start, end), newText: '' }];
  }
  const first = at(model, start);
  // `- key: value` opens a list item: deleting its line would delete the item's dash too.
  if (text.slice(start - first.character, start).trim() !== '') return undefined;
  return [{ range: { start: { line: first.line, character: 0 }, end: { line: at(model, end).line + 1, character: 0 } }, newText: '' }];
}
