/** DF028 — `ENV CGO_ENABLED 0` (no `=`) is Docker's deprecated form: one variable per line, the value is the whole rest. */
import { Env, Label, type Property } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';

interface Data {
  property: Property;
  keyword: 'ENV' | 'LABEL';
}

export default defineRule<Data>({
  id: 'DF028',
  name: 'legacy-env-format',
  title: 'Write ENV and LABEL as key=value',
  severity: 'info',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.ast.getInstructions()) {
      if (!(instruction instanceof Env) && !(instruction instanceof Label)) continue;
      const keyword = instruction instanceof Env ? 'ENV' : 'LABEL';
      for (const property of instruction.getProperties()) {
        // No value at all is a syntax error that dockerfile-utils reports.
        if (property.getAssignmentOperator() !== null || property.getValueRange() === null) continue;
        const written = dockerfile.document.getText(property.getValueRange()!);
        const value = written.split(dockerfile.escapeChar + '\n').join(' ').replace(/\s+/g, ' ');
        report({
          range: property.getRange(),
          message: `\`${keyword} ${property.getName()} ${value.length > 40 ? `${value.slice(0, 39)}…` : value}\` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)`,
          data: { property, keyword },
        });
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const { property, keyword } = data;
    const nameEnd = dockerfile.document.offsetAt(property.getNameRange().end);
    const valueRange = property.getValueRange()!;
    const valueStart = dockerfile.document.offsetAt(valueRange.start);
    const valueEnd = dockerfile.document.offsetAt(valueRange.end);
    const raw = dockerfile.document.getText().slice(valueStart, valueEnd);
    const escape = dockerfile.escapeChar;
    // Docker reads the old form's value as one word, spaces included: quote it when it has blanks.
    const joined = raw.split(escape + '\n').join('').split(escape + '\r\n').join('');
    const needsQuotes = /\s/.test(joined) && !/^"[^"]*"$|^'[^']*'$/.test(joined);
    if (needsQuotes && /["'`]/.test(joined)) return undefined;
    if (needsQuotes && joined.includes(escape)) return undefined;
    const name = property.getName();
    const shown = `${name}=${needsQuotes ? `"${joined.trim()}"` : joined.trim()}`;
    return {
      title: `Use ${keyword} ${shown.length > 60 ? `${name}=…` : shown}`,
      edits: [
        { range: dockerfile.range(nameEnd, valueStart), newText: needsQuotes ? '="' : '=' },
        ...(needsQuotes ? [{ range: dockerfile.range(valueEnd, valueEnd), newText: '"' }] : []),
      ],
      preferred: true,
    };
  },
});
