/**
 * Every rule is checked the same way from its fixture folder `test/rules/<ID>-<name>/`: the valid file gives
 * no finding of the rule, the invalid file gives exactly `invalid.diagnostics.txt`, fixing it gives
 * `invalid.fixed.*`, and re-linting the fixed file finds nothing fixable left. Other files in the folder
 * (go.mod, .dockerignore, …) are the project around them.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe as group, expect, it } from 'vitest';
import { rules } from '../server/src/rules';
import { describe, fixAll, lintText } from './helpers/lint';

const RULES_DIR = nodePath.join(__dirname, 'rules');

function fixture(rule: { id: string; name: string }) {
  const dir = nodePath.join(RULES_DIR, `${rule.id}-${rule.name}`);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const find = (prefix: string) => names.find((n) => n.startsWith(prefix) && !n.endsWith('.txt') && !n.includes('.fixed.'));
  const files: Record<string, string> = {};
  for (const name of names) if (!/^(in)?valid\./.test(name) && fs.statSync(nodePath.join(dir, name)).isFile()) files[name] = fs.readFileSync(nodePath.join(dir, name), 'utf8');
  return { dir, valid: find('valid.'), invalid: find('invalid.'), files };
}

group.each(rules.map((r) => [r.id, r]))('%s', (_id, rule) => {
  const { dir, valid, invalid, files } = fixture(rule);
  const read = (name: string) => fs.readFileSync(nodePath.join(dir, name), 'utf8');

  it('has valid and invalid fixtures', () => {
    expect(valid, `${dir}/valid.*`).toBeDefined();
    expect(invalid, `${dir}/invalid.*`).toBeDefined();
  });
  if (!valid || !invalid) return;

  // Other rules may speak about a rule's fixtures; the false-positive set is where the whole catalog stays quiet.
  it('finds nothing in the valid fixture', () => {
    expect(describe(lintText(read(valid), { path: valid, files }), rule.id)).toBe('');
  });

  it('reports the invalid fixture as expected', async () => {
    const found = describe(lintText(read(invalid), { path: invalid, files }), rule.id);
    expect(found).not.toBe('');
    await expect(found + '\n').toMatchFileSnapshot(nodePath.join(dir, 'invalid.diagnostics.txt'));
  });

  if (!rule.fix) return;
  const fixedName = invalid.replace(/^invalid\./, 'invalid.fixed.');

  it('fixes the invalid fixture', async () => {
    await expect(fixAll(read(invalid), { path: invalid, files }, rule.id)).toMatchFileSnapshot(nodePath.join(dir, fixedName));
  });

  it('finds nothing fixable after the fix, and changes nothing on a second fix', () => {
    const before = lintText(read(invalid), { path: invalid, files }).reports.filter((r) => r.id === rule.id);
    const unfixable = before.filter((r) => !r.fix()).map((r) => r.message);
    const fixed = fixAll(read(invalid), { path: invalid, files }, rule.id);
    const after = lintText(fixed, { path: invalid, files }).reports.filter((r) => r.id === rule.id);
    expect(after.map((r) => r.message)).toEqual(unfixable);
    expect(fixAll(fixed, { path: invalid, files }, rule.id)).toBe(fixed);
  });
});
