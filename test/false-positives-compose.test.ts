/**
 * Correct compose files of Go services (production services with limits and GOMEMLIMIT, dev services with
 * cache volumes, ptrace and a loopback-published 2345, a database beside the app…), each with the
 * Dockerfile, .air.toml and go.mod it reads: the whole catalog must report nothing above info on them.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, readProject } from './helpers/lint';

const DIR = nodePath.join(__dirname, 'false-positives-compose');
const projects = fs.readdirSync(DIR).sort();

describe('false-positive set: compose files', () => {
  it('holds at least 10 projects', () => {
    expect(projects.length).toBeGreaterThanOrEqual(10);
  });

  it.each(projects)('%s reports nothing above info', (project) => {
    const files = readProject(nodePath.join(DIR, project));
    const loud = ['compose.yaml', ...Object.keys(files).filter((f) => /Dockerfile/.test(f))].flatMap((path) =>
      lintText(files[path], { path, files })
        .reports.filter((r) => r.severity === 'error' || r.severity === 'warning')
        .map((r) => `${path}:${r.range.start.line + 1} ${r.id} ${r.message}`),
    );
    expect(loud).toEqual([]);
  });
});
