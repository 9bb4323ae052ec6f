/**
 * Correct, production-grade Go Dockerfiles (distroless, scratch with certs, deliberate cgo on alpine with
 * musl-dev, vendored modules, Makefile- and script-driven builds, cross-platform, a dev container…): the
 * whole catalog must report nothing above info on them. A rule that fires here is wrong, not the file.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, readProject } from './helpers/lint';

const DIR = nodePath.join(__dirname, 'false-positives');

const projects = fs.readdirSync(DIR).sort();

describe('false-positive set', () => {
  it('holds at least 15 projects', () => {
    expect(projects.length).toBeGreaterThanOrEqual(15);
  });

  it.each(projects)('%s reports nothing above info', (project) => {
    const files = readProject(nodePath.join(DIR, project));
    const path = Object.keys(files).find((f) => /(^|\/)Dockerfile$/.test(f))!;
    const loud = lintText(files[path], { path, files })
      .reports.filter((r) => r.source === 'godock' && (r.severity === 'error' || r.severity === 'warning'))
      .map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.id} ${r.message}`);
    expect(loud).toEqual([]);
  });
});
