/**
 * The dev container `godock init` writes, run for real: the dev image builds (Delve and air installed with
 * `go install` from the Go module proxy at build time, pinned by Godock's table for the Go of go.mod),
 * `docker-compose up` starts the service, air builds the program under Delve, the app answers and Delve
 * accepts a DAP client, both on 127.0.0.1 only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachArguments, resolveAttach, waitForPort } from '../../client/src/debug/core';
import { DapClient } from '../../client/src/debug/dap';
import { goVersion } from '../helpers/tools';
import { dockerCli, dockerClient, freePort, requireDocker, waitForHttp } from './harness';

const docker = await requireDocker();
const BIN = nodePath.join(__dirname, '../../bin/godock.js');
const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-devcontainer-'));
const project = `godock-dev-${process.pid}`;
let compose: ((...args: string[]) => string) | undefined;

afterAll(() => {
  try {
    compose?.('down', '-v', '--rmi', 'local');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe.skipIf(!docker.ok)('the generated dev container on the real engine', () => {
  it('builds, starts air and Delve, answers on loopback, and Delve accepts a debugger', async () => {
    const port = await freePort();
    // The stand-in golang images carry the machine's Go: the project asks for that Go, so the pinned Delve fits.
    const go = goVersion().split('.').slice(0, 2).join('.');
    fs.writeFileSync(nodePath.join(work, 'go.mod'), `module example.com/devloop\n\ngo ${go}\n`);
    fs.writeFileSync(
      nodePath.join(work, 'main.go'),
      `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "dev loop") })\n\thttp.ListenAndServe(":${port}", nil)\n}\n`,
    );
    const init = spawnSync(process.execPath, [BIN, 'init', '--topology', 'host'], { cwd: work, encoding: 'utf8' });
    expect(init.status).toBe(0);

    const cli = (await dockerCli())!;
    const env = { ...cli.env, DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' };
    // The Dev Containers CLI reads the configuration as VS Code's Dev Containers extension would.
    const read = execFileSync(process.execPath, [require.resolve('@devcontainers/cli/devcontainer.js'), 'read-configuration', '--workspace-folder', work], { env, encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(read).configuration).toMatchObject({ service: 'dev', dockerComposeFile: ['compose.yaml'], forwardPorts: [port, 2345] });
    compose = (...args: string[]) =>
      execFileSync('docker-compose', ['-f', nodePath.join(work, '.devcontainer/compose.yaml'), '-p', project, ...args], { env, encoding: 'utf8', stdio: 'pipe', timeout: 600_000 });
    compose('up', '-d', '--build');

    const response = await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 180_000 });
    expect(response.body).toBe('dev loop\n');
    expect(await waitForPort('127.0.0.1', 2345, { timeoutMs: 60_000 })).toBe(true);

    const [container] = await dockerClient().listContainers({ filters: { label: [`com.docker.compose.project=${project}`] } });
    expect(container.Ports.filter((p) => p.PublicPort).map((p) => p.IP)).toEqual(container.Ports.filter((p) => p.PublicPort).map(() => '127.0.0.1'));

    const client = await DapClient.connect('127.0.0.1', 2345);
    await client.request('initialize', { adapterID: 'godock', pathFormat: 'path' });
    await client.request('attach', attachArguments(resolveAttach({}, { from: work, to: `/workspaces/${nodePath.basename(work).toLowerCase()}` })));
    await client.request('configurationDone');
    await client.request('disconnect', { terminateDebuggee: false });
    client.close();
    expect((await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000 })).body).toBe('dev loop\n');
  }, 15 * 60_000);
});
