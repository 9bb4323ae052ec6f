/** The README stays true: its rule table matches the catalog and every file it links to exists. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog, renderRuleTable, replaceRuleTable } from '../scripts/rule-table.mjs';

const ROOT = nodePath.join(__dirname, '..');
const readme = fs.readFileSync(nodePath.join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('has the rule table of the current catalog (regenerate with `npm run docs:rules`)', () => {
    const catalog = spawnSync(process.execPath, [nodePath.join(ROOT, 'bin/godock.js'), 'rules', '--format', 'json'], { encoding: 'utf8' });
    const table = renderRuleTable(parseCatalog(JSON.parse(catalog.stdout)));
    expect(replaceRuleTable(readme, table)).toBe(readme);
  });

  it('links only to files that exist (pictures in media/, rule pages, examples)', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(fs.existsSync(nodePath.join(ROOT, link)), link).toBe(true);
  });

  it('gives the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npx godock lint examples/');
    expect(readme).toContain('npm test');
  });
});
