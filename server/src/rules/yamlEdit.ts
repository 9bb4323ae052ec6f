/** Minimal YAML text edits: they touch only the lines they change, so comments, order and quoting stay. */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ComposeModel, VolumeEntry } from '../model/types';
import { lineIndent } from './edit';

/** The offset at the end of the line holding `offset` (before its newline). */
function lineEndOffset(model: ComposeModel, offset: number): number {
  const text = model.document.getText();
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
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
  return [{ range: model.range(after, after), newText: missing.map((n) => `\n${indent}${n}:`).join('') }];
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
