/**
 * The Dev Containers CLI (`@devcontainers/cli read-configuration`, what VS Code's Dev Containers extension
 * runs) reads the devcontainer.json generated for each of the six scaffold projects. It asks the engine for an
 * existing container first, so it runs here, against the private dockerd, and not in the unit tests.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { mountTarget } from '../../server/src/scaffold/plan';
import { PROJECTS, setUp, written } from '../helpers/scaffoldProjects';
import { dockerCli, requireDocker } from './harness';

const docker = await requireDocker();
const CLI = require.resolve('@devcontainers/cli/devcontainer.js');
const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-devcontainer-config-'));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(!docker.ok)('the Dev Containers CLI reads the generated devcontainer.json', () => {
  it.each(Object.entries(PROJECTS))('%s', async (name, project) => {
    const { facts, files } = setUp(project);
    // The folder is named like the in-memory project root, so the mount target is the same.
    const root = nodePath.join(work, name.replace(/\W+/g, '-'), 'project');
    for (const [path, content] of Object.entries(written(project, files))) {
      fs.mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
      fs.writeFileSync(nodePath.join(root, path), content);
    }
    const { env } = (await dockerCli())!;
    const out = execFileSync(process.execPath, [CLI, 'read-configuration', '--workspace-folder', root], { env, encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
    const read = JSON.parse(out);
    const generated = parseJsonc(fs.readFileSync(nodePath.join(root, '.devcontainer/devcontainer.json'), 'utf8'));
    expect(read.configuration).toMatchObject(generated);
    expect(read.workspace.workspaceFolder).toBe(mountTarget(facts));
  }, 120_000);
});
