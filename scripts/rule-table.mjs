// Regenerates the rule table in README.md from the CLI's rule catalog (`godock rules --format json`).
//
//   node scripts/rule-table.mjs            print the table
//   node scripts/rule-table.mjs --write    rewrite it in README.md, between the markers
//   node scripts/rule-table.mjs --check    exit 1 when README.md's table is stale (CI)
//   --from <file.json>                     read the catalog from a file instead of the built CLI
//   --readme <path>                        another README (tests)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const START = '<!-- rules:start -->';
export const END = '<!-- rules:end -->';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const KINDS = ['dockerfile', 'compose'];

/**
 * @typedef {{ id: string, name: string, title: string, severity: 'error' | 'warning' | 'info' | 'hint',
 *   appliesTo: 'dockerfile' | 'compose', fix: boolean, security: boolean }} RuleInfo
 */

/** Checks the catalog's shape, naming the first bad entry, so a CLI change fails here and not as a broken table. */
export function parseCatalog(value, source = 'rule catalog') {
  if (!Array.isArray(value)) throw new Error(`${source}: expected a JSON array of rules`);
  const seen = new Set();
  value.forEach((rule, i) => {
    const where = `${source}: rule ${i}${rule && typeof rule.id === 'string' ? ` (${rule.id})` : ''}`;
    if (typeof rule !== 'object' || rule === null) throw new Error(`${where}: expected an object`);
    for (const key of ['id', 'name', 'title']) {
      if (typeof rule[key] !== 'string' || rule[key] === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
    }
    if (!SEVERITIES.includes(rule.severity)) throw new Error(`${where}: "severity" must be one of ${SEVERITIES.join(', ')}`);
    if (!KINDS.includes(rule.appliesTo)) throw new Error(`${where}: "appliesTo" must be one of ${KINDS.join(', ')}`);
    if (typeof rule.fix !== 'boolean') throw new Error(`${where}: "fix" must be true or false`);
    if (seen.has(rule.id)) throw new Error(`${where}: duplicate id`);
    seen.add(rule.id);
  });
  return /** @type {RuleInfo[]} */ (value);
}

const cell = (text) => String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** The Markdown table: Dockerfile rules, then compose rules, each in id order. */
export function renderRuleTable(rules) {
  const sorted = [...rules].sort((a, b) => KINDS.indexOf(a.appliesTo) - KINDS.indexOf(b.appliesTo) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const rows = sorted.map((r) => `| [${r.id}](docs/rules/${r.id}.md) | \`${cell(r.name)}\` | ${cell(r.title)} | ${r.severity} | ${r.fix ? '✓' : '—'} |`);
  return ['| ID | Name | What it checks | Default severity | Quick-fix |', '| --- | --- | --- | --- | :---: |', ...rows].join('\n');
}

/** The README with the text between the markers replaced by the table (line endings follow the file). */
export function replaceRuleTable(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0 || end < start) throw new Error(`README has no ${START} … ${END} section for the rule table`);
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const body = table.split('\n').join(eol);
  return `${readme.slice(0, start + START.length)}${eol}${body}${eol}${readme.slice(end)}`;
}

/** A README to start from when there is none; the markers are what the script needs. */
export function minimalReadme(table) {
  return `# Godock\n\nLints Dockerfiles and compose files for Go services.\n\n## Rules\n\n${START}\n${table}\n${END}\n`;
}

function catalogFromCli() {
  const bin = path.join(ROOT, 'bin', 'godock.js');
  let out;
  try {
    out = execFileSync(process.execPath, [bin, 'rules', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const detail = String(error.stderr || error.message).trim();
    throw new Error(`could not read the rule catalog from \`godock rules --format json\` (run \`npm run build\` first?)\n${detail}`);
  }
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`\`godock rules --format json\` did not print JSON:\n${out.slice(0, 500)}`);
  }
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { write: { type: 'boolean' }, check: { type: 'boolean' }, from: { type: 'string' }, readme: { type: 'string' } },
  });
  if (values.write && values.check) throw new Error('use --write or --check, not both');
  const raw = values.from ? JSON.parse(fs.readFileSync(values.from, 'utf8')) : catalogFromCli();
  const table = renderRuleTable(parseCatalog(raw, values.from ?? 'godock rules --format json'));
  const readmePath = path.resolve(values.readme ?? path.join(ROOT, 'README.md'));
  const shown = path.relative(process.cwd(), readmePath) || readmePath;

  if (!values.write && !values.check) {
    process.stdout.write(table + '\n');
    return 0;
  }
  const current = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : undefined;
  if (values.check) {
    if (current === undefined) {
      console.error(`${shown} does not exist; run \`npm run docs:rules\` to create it with the rule table.`);
      return 1;
    }
    if (replaceRuleTable(current, table) === current) return 0;
    console.error(`The rule table in ${shown} is out of date with the rule catalog. Run \`npm run docs:rules\` and commit the result.`);
    return 1;
  }
  const next = current === undefined ? minimalReadme(table) : replaceRuleTable(current, table);
  if (next !== current) fs.writeFileSync(readmePath, next);
  console.log(current === undefined ? `Created ${shown} with the rule table.` : next === current ? `${shown} is up to date.` : `Updated the rule table in ${shown}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`rule-table: ${error.message}`);
    process.exitCode = 2;
  }
}
