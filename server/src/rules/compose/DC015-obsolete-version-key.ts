/** DC015 — the top-level `version:` key is obsolete: Compose v2 ignores it and warns on every command. */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { defineRule } from '../../engine/rule';

interface Data {
  pair: Pair;
}

export default defineRule<Data>({
  id: 'DC015',
  name: 'obsolete-version-key',
  title: 'Remove the obsolete `version:` key',
  severity: 'info',
  appliesTo: 'compose',
  check({ compose, report }) {
    const root = compose.yaml.contents;
    if (!isMap(root)) return;
    for (const pair of root.items) {
      if (!isScalar(pair.key) || pair.key.value !== 'version') continue;
      const value = isScalar(pair.value) && pair.value.value !== null ? ` "${String(pair.value.value)}"` : '';
      report({
        range: compose.rangeOf(pair as Pair<Node, Node>),
        message: `The top-level version${value} is obsolete: Compose v2 ignores it and prints a warning on every command`,
        data: { pair },
      });
    }
  },
  fix({ data }, { compose }) {
    // In a flow mapping (`{version: "3", services: …}`) the key shares its line with the rest.
    if (!data || (isMap(compose.yaml.contents) && compose.yaml.contents.flow)) return undefined;
    const text = compose.document.getText();
    const key = data.pair.key as Node;
    const value = data.pair.value as Node | null;
    const startLine = compose.document.positionAt(key.range![0]).line;
    const endOffset = value?.range ? value.range[1] : key.range![1];
    let endLine = compose.document.positionAt(endOffset).line;
    // A value range that ends at a line start (block scalars) belongs to the line before.
    if (endLine > startLine && compose.document.positionAt(endOffset).character === 0) endLine--;
    const lines = text.split('\n');
    // Alone at the top (only comments above it), the blank line that set it apart goes too.
    const aloneAtTop = lines.slice(0, startLine).every((l) => /^\s*(#.*)?$/.test(l));
    if (aloneAtTop && endLine + 1 < lines.length - 1 && lines[endLine + 1].trim() === '') endLine++;
    return {
      title: 'Remove the obsolete `version:` line',
      edits: [{ range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: '' }],
      preferred: true,
    };
  },
});
