/** The output formats of `godock lint`: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, rulesDocsDir } from '../engine/docs';
import type { Rule, Severity } from '../engine/rule';
import { rules } from '../rules';
import type { Finding } from './lintFiles';

/** A linted file as printed: its path relative to the current folder. */
export interface FileResult {
  path: string;
  text: string;
  reports: Finding[];
}

import { version as VERSION } from '../../../package.json';

const position = (p: { line: number; character: number }) => ({ line: p.line + 1, column: p.character + 1 });
const ruleById = new Map(rules.map((r) => [r.id, r]));

export function formatText(results: FileResult[], color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const tone: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };
  const out: string[] = [];
  for (const { path, text, reports } of results) {
    const lines = text.split('\n');
    for (const r of reports) {
      const { line, column } = position(r.range.start);
      out.push(`${path}:${line}:${column} ${paint(tone[r.severity], r.severity)} ${paint(1, r.id)} ${r.message}`);
      // A code frame: the line, and a caret under the reported columns.
      const source = (lines[r.range.start.line] ?? '').replace(/\r$/, '');
      const width = r.range.end.line === r.range.start.line ? Math.max(1, r.range.end.character - r.range.start.character) : Math.max(1, source.length - r.range.start.character);
      out.push(`  ${String(line).padStart(4)} | ${source}`);
      out.push(`       | ${' '.repeat(r.range.start.character)}${paint(tone[r.severity], '^'.repeat(width))}`);
    }
  }
  const all = results.flatMap((r) => r.reports);
  const count = (s: Severity) => all.filter((r) => r.severity === s).length;
  const fixable = all.filter((r) => r.fix?.preferred).length;
  out.push(
    all.length === 0
      ? `No problems in ${results.length} file${results.length === 1 ? '' : 's'}.`
      : `${all.length} problem${all.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} infos) in ${results.length} file${results.length === 1 ? "" : "s"}` +
          (fixable ? `; ${fixable} fixable with --fix` : ''),
  );
  return out.join('\n') + '\n';
}

export function formatJson(results: FileResult[]): string {
  return JSON.stringify(
    {
      version: VERSION,
      files: results.map(({ path, reports }) => ({
        path,
        findings: reports.map((r) => ({
          id: r.id,
          name: r.rule && ruleById.get(r.rule)?.name,
          source: r.source,
          severity: r.severity,
          message: r.message,
          range: { start: position(r.range.start), end: position(r.range.end) },
          fixable: r.fix !== undefined,
          fix: r.fix,
          docs: r.rule ? docsUrl(r.rule) : undefined,
        })),
      })),
    },
    null,
    2,
  ) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub code scanning sorts security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

export function formatSarif(results: FileResult[], cwd: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const descriptor = (rule: Rule) => {
    const docs = readDocs(rule.id);
    return {
      id: rule.id,
      name: rule.name,
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.title },
      ...(docs ? { help: { text: docs, markdown: docs } } : {}),
      defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
      properties: {
        tags: [rule.appliesTo, ...(rule.security ? ['security'] : [])],
        ...(rule.security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
      },
    };
  };
  const root = pathToFileURL(cwd.endsWith(nodePath.sep) ? cwd : cwd + nodePath.sep).toString();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Godock', semanticVersion: VERSION, version: VERSION, rules: rules.map(descriptor) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: root } },
        results: results.flatMap(({ path, reports }) =>
          reports.filter((r) => r.source === 'godock' && r.rule).map((r) => ({
            ruleId: r.id,
            ruleIndex: ruleIndex.get(r.id),
            level: SARIF_LEVEL[r.severity],
            message: { text: r.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: nodePath.relative(cwd, path).split(nodePath.sep).join('/'), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: r.range.start.line + 1,
                    startColumn: r.range.start.character + 1,
                    endLine: r.range.end.line + 1,
                    endColumn: r.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function readDocs(id: string): string | undefined {
  try {
    return fs.readFileSync(nodePath.join(rulesDocsDir(), `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

export function formatRules(format: 'text' | 'json'): string {
  const catalog = rules.map((r) => ({ id: r.id, name: r.name, title: r.title, severity: r.severity, appliesTo: r.appliesTo, fix: r.fix !== undefined, security: r.security ?? false }));
  if (format === 'json') return JSON.stringify(catalog, null, 2) + '\n';
  return catalog.map((r) => `${r.id}  ${r.name.padEnd(28)} ${r.severity.padEnd(8)} ${r.fix ? 'fix' : '   '}  ${r.title}`).join('\n') + '\n';
}
