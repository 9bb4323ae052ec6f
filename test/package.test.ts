import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/src/engine/config';

const root = nodePath.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(nodePath.join(root, 'package.json'), 'utf8'));
const BUNDLES = ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js'];
const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];
const MAX_VSIX_BYTES = 3 * 1024 * 1024;

/** Entry names of a zip file, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory record');
  const names: string[] = [];
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry at ${offset}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return names;
}

/** The vsce command of `npm run package`, writing to `out` instead: the test packages exactly as the script does. */
function vsceArgs(out: string): string[] {
  const command = (pkg.scripts.package as string).split('&&').map((part) => part.trim()).find((part) => part.startsWith('vsce '));
  if (!command) throw new Error('the package script runs no `vsce` command');
  const args = command.split(/\s+/).slice(1);
  const outIndex = args.findIndex((arg) => arg === '--out' || arg === '-o');
  if (outIndex < 0) throw new Error('the package script names no --out file');
  args.splice(outIndex, 2, '--out', out);
  return args;
}

type StepMedia = { image?: string | Record<string, string>; markdown?: string; svg?: string };

/** The files the walkthrough steps show: an image (one, or one per theme), a Markdown page or an SVG. */
function walkthroughMedia(): string[] {
  const steps = (pkg.contributes.walkthroughs ?? []).flatMap((w: { steps: { media: StepMedia }[] }) => w.steps);
  return steps.flatMap(({ media }: { media: StepMedia }) => [
    ...(typeof media.image === 'string' ? [media.image] : Object.values(media.image ?? {})),
    ...(media.markdown ? [media.markdown] : []),
    ...(media.svg ? [media.svg] : []),
  ]);
}

describe('the VSIX', () => {
  let dir: string;
  let vsix: string;
  let entries: string[];

  beforeAll(() => {
    // `npm test` builds first; build here too when run alone on a fresh checkout.
    if (BUNDLES.some((bundle) => !existsSync(nodePath.join(root, bundle)))) {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    }
    dir = mkdtempSync(nodePath.join(tmpdir(), 'godock-vsix-'));
    vsix = nodePath.join(dir, `godock-${pkg.version}.vsix`);
    // stdin is empty so that a vsce prompt (a missing repository, say) fails instead of waiting.
    execFileSync(process.execPath, [nodePath.join(root, 'node_modules/@vscode/vsce/vsce'), ...vsceArgs(vsix)], {
      cwd: root,
      input: '',
      stdio: 'pipe',
    });
    entries = zipEntries(readFileSync(vsix)).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the bundles, the manifest, the readme, the license, the media and the grammars', () => {
    for (const file of [...BUNDLES, 'package.json', 'media/icon.png', 'syntaxes/godock-injection.tmLanguage.json']) {
      expect(entries, `${file} is missing from the VSIX`).toContain(file);
    }
    // vsce stores README.md as readme.md, and a LICENSE without extension as LICENSE.txt.
    expect(entries.some((name) => /^readme\.md$/i.test(name)), 'README.md is missing from the VSIX').toBe(true);
    expect(entries.some((name) => /^license(\.txt)?$/i.test(name)), 'LICENSE is missing from the VSIX').toBe(true);
  });

  it('holds every rule page, since diagnostics link to them as files', () => {
    const pages = readdirSync(nodePath.join(root, 'docs/rules')).filter((name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(0);
    expect(entries).toEqual(expect.arrayContaining(pages.map((name) => `docs/rules/${name}`)));
  });

  it('holds every file the manifest points at', () => {
    const referenced = [pkg.main, pkg.icon, ...pkg.contributes.grammars.map((g: { path: string }) => g.path)];
    for (const path of referenced) expect(entries).toContain(nodePath.posix.normalize(path));
  });

  it('holds every picture and page of the walkthroughs', () => {
    const media = walkthroughMedia();
    expect(media.length).toBeGreaterThan(0);
    for (const path of media) expect(entries, `${path} (a walkthrough step's media) is missing from the VSIX`).toContain(nodePath.posix.normalize(path));
  });

  it('holds no dependencies, sources or tests', () => {
    expect(entries.filter((name) => name.split('/').includes('node_modules'))).toEqual([]);
    expect(entries.filter((name) => /\.[mc]?ts$/.test(name))).toEqual([]);
    expect(entries.filter((name) => /^(test|client\/src|server\/src|scripts|examples)\//.test(name))).toEqual([]);
  });

  it('stays under 3 MB', () => {
    expect(statSync(vsix).size).toBeLessThan(MAX_VSIX_BYTES);
  });
});

describe('the manifest', () => {
  it('registers every contributed command in the command table, and contributes every command there', () => {
    const source = readFileSync(nodePath.join(root, 'client/src/commands.ts'), 'utf8');
    const table = [...source.matchAll(/^\s*'(godock\.[\w.]+)':/gm)].map((m) => m[1]);
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command);
    expect(table.length).toBeGreaterThan(0);
    expect([...table].sort()).toEqual([...contributed].sort());
    for (const command of pkg.contributes.commands) expect(command.category).toBe('Godock');
  });

  it('links each walkthrough step to a command that exists, and completes it when that command runs', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command);
    const steps = pkg.contributes.walkthroughs.flatMap((w: { steps: unknown[] }) => w.steps) as { id: string; description: string; completionEvents: string[] }[];
    for (const step of steps) {
      const linked = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      expect(linked, step.id).toHaveLength(1);
      // Godock's own commands must be contributed; VS Code's (workbench.action.debug.start) are always there.
      for (const command of linked.filter((c) => c.startsWith('godock.'))) expect(contributed, `${step.id} links ${command}`).toContain(command);
      expect(step.completionEvents, step.id).toEqual([`onCommand:${linked[0]}`]);
    }
  });

  it('lets godock.rules set each rule to exactly the five levels the engine reads', () => {
    const schema = pkg.contributes.configuration.properties['godock.rules'];
    expect([...schema.additionalProperties.enum].sort()).toEqual([...LEVELS].sort());
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const level of LEVELS) {
      expect(validate({ DF004: level }), level).toBe(true);
      expect(parseConfig({ rules: { DF004: level } }, 'test').rules.DF004).toBe(level);
    }
    for (const bad of ['warn', 'none', 'Error', '', 1, null, true]) {
      expect(validate({ DF004: bad }), String(bad)).toBe(false);
      expect(() => parseConfig({ rules: { DF004: bad } }, 'test')).toThrow();
    }
  });
});
