/**
 * Every Dockerfile, compose file and air config in the repository's fixtures (test/rules, the false-positive
 * sets, examples), each with the project folder it lives in, and small mutations of them: lines deleted,
 * duplicated, swapped or cut, characters inserted or replaced, line ends and a BOM changed.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { documentKind } from '../../server/src/model';
import { readProject } from '../helpers/lint';
import { unicode } from './dockerfileGen';
import type { FuzzCase } from './properties';

const REPO = nodePath.join(__dirname, '../..');
const FIXTURE_ROOTS = ['test/rules', 'test/false-positives', 'test/false-positives-compose', 'examples'];

/** The folders holding a lintable file, each read once as a project. */
export function fixtureCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const visit = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && documentKind(e.name))) {
      const files = readProject(dir);
      for (const [path, text] of Object.entries(files)) {
        if (!path.includes('/') && documentKind(path) && !text.includes('\0')) cases.push({ path, text, files: omit(files, path) });
      }
    }
    for (const e of entries) if (e.isDirectory() && e.name !== 'vendor' && e.name !== '.git') visit(nodePath.join(dir, e.name));
  };
  for (const root of FIXTURE_ROOTS) visit(nodePath.join(REPO, root));
  return cases;
}

function omit(files: Record<string, string>, path: string): Record<string, string> {
  const rest = { ...files };
  delete rest[path];
  return rest;
}

type Mutation = (text: string) => string;

const lineMutation = (f: (lines: string[], i: number, j: number) => string[]) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (text) => {
    const lines = text.split('\n');
    return f(lines, a % lines.length, b % lines.length).join('\n');
  });
const charMutation = (insert: fc.Arbitrary<string>, remove: fc.Arbitrary<number>) =>
  fc.tuple(fc.nat(), insert, remove).map(([at, s, n]): Mutation => (text) => {
    const i = text.length === 0 ? 0 : at % text.length;
    return text.slice(0, i) + s + text.slice(i + n);
  });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  lineMutation((l, i) => l.filter((_, k) => k !== i)),
  lineMutation((l, i) => [...l.slice(0, i + 1), l[i], ...l.slice(i + 1)]),
  lineMutation((l, i, j) => l.map((x, k) => (k === i ? l[j] : k === j ? l[i] : x))),
  lineMutation((l, i) => l.slice(0, i)),
  lineMutation((l, i, j) => [...l.slice(0, i), l[i].slice(0, j % (l[i].length + 1)), ...l.slice(i + 1)]),
  charMutation(fc.constantFrom('\\', '\\\n', '\n', '\r\n', '"', "'", '$', '${', '#', ' ', '\t', ':', '- ', '&a ', '*a', '<<EOF\n', '[', '{', '=', '\0'), fc.constantFrom(0, 0, 1, 2)),
  charMutation(fc.oneof(unicode, fc.string({ maxLength: 4 })), fc.nat({ max: 3 })),
  fc.constant<Mutation>((t) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant<Mutation>((t) => '\ufeff' + t),
  fc.constant<Mutation>((t) => t.replace(/\n/g, ' \t\n')),
);

export const mutatedFixtureCase = (cases: FuzzCase[]): fc.Arbitrary<FuzzCase> =>
  fc.tuple(fc.constantFrom(...cases), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([c, ms]) => ({ ...c, text: ms.reduce((t, m) => m(t), c.text) }));
