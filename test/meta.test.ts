/** The catalog stays whole: every rule has a unique id, its fixture folder and its docs page. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../server/src/rules';

const ROOT = nodePath.join(__dirname, '..');

describe('rule catalog', () => {
  it('has unique ids and names in the DF/DC scheme', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(rule.appliesTo === 'dockerfile' ? /^DF\d{3}$/ : /^DC\d{3}$/);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it.each(rules.map((r) => [r.id, r]))('%s has a rule file, a fixture folder and a docs page', (_id, rule) => {
    const folder = rule.appliesTo === 'dockerfile' ? 'dockerfile' : 'compose';
    expect(fs.existsSync(nodePath.join(ROOT, 'server/src/rules', folder, `${rule.id}-${rule.name}.ts`))).toBe(true);
    expect(fs.existsSync(nodePath.join(ROOT, 'test/rules', `${rule.id}-${rule.name}`))).toBe(true);
    const docs = fs.readFileSync(nodePath.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    expect(docs).toMatch(new RegExp(`^# ${rule.id} ${rule.name}`));
    for (const section of ['## What it does', '## Why', '## Example', '## Fix']) expect(docs).toContain(section);
  });
});
