// server/src/docker/compose.ts and the pure parts of containers.ts, without an engine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeArgs, composeInvocation, detectCompose, forgetCompose, PLUGIN, runCompose, STANDALONE, stderrTail, toolEnv } from '../../server/src/docker/compose';
import { DockerError } from '../../server/src/docker/connection';
import { composeProjectName, lineSplitter, parseEvent, publishedPort, type ServiceContainer } from '../../server/src/docker/containers';

const project = { files: ['/w/.devcontainer/compose.yaml'] };

describe('Compose argument arrays', () => {
  it.each([
    [{ action: 'up', service: 'dev' }, ['-f', '/w/.devcontainer/compose.yaml', 'up', '-d', '--build', 'dev']],
    [{ action: 'up', service: 'dev', build: false, forceRecreate: true }, ['-f', '/w/.devcontainer/compose.yaml', 'up', '-d', '--force-recreate', 'dev']],
    [{ action: 'down' }, ['-f', '/w/.devcontainer/compose.yaml', 'down']],
    [{ action: 'restart', service: 'dev' }, ['-f', '/w/.devcontainer/compose.yaml', 'restart', 'dev']],
    [{ action: 'build', service: 'dev' }, ['-f', '/w/.devcontainer/compose.yaml', 'build', 'dev']],
  ] as const)('%j', (request, args) => {
    expect(composeArgs(project, request)).toEqual(args);
  });

  it('passes -p and every -f, and a file name with spaces stays one argument', () => {
    expect(composeArgs({ files: ['/my work/compose.yaml', '/my work/compose.dev.yaml'], project: 'shop' }, { action: 'down' })).toEqual(['-f', '/my work/compose.yaml', '-f', '/my work/compose.dev.yaml', '-p', 'shop', 'down']);
  });

  it('runs the plugin as `docker compose …` and the standalone as `docker-compose …`', () => {
    expect(composeInvocation(PLUGIN, project, { action: 'down' })).toEqual({ file: 'docker', args: ['compose', '-f', '/w/.devcontainer/compose.yaml', 'down'] });
    expect(composeInvocation(STANDALONE, project, { action: 'down' })).toEqual({ file: 'docker-compose', args: ['-f', '/w/.devcontainer/compose.yaml', 'down'] });
  });

  it('asks docker-compose v1 for BuildKit (RUN --mount in the dev Dockerfile), unless the user said otherwise', () => {
    expect(toolEnv(STANDALONE, { DOCKER_HOST: 'unix:///d.sock' })).toEqual({ DOCKER_HOST: 'unix:///d.sock', DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' });
    expect(toolEnv(STANDALONE, { DOCKER_BUILDKIT: '0' }).DOCKER_BUILDKIT).toBe('0');
    expect(toolEnv(PLUGIN, {})).toEqual({});
  });

  it('keeps the error lines of the CLI output, not its progress', () => {
    const stderr = '#5 CACHED\n\x1b[31mCreating network "x_default"\x1b[0m\r\n#6 DONE\nERROR: Service \'dev\' failed to build\n';
    expect(stderrTail(stderr)).toBe('Creating network "x_default"\nERROR: Service \'dev\' failed to build');
  });

  it("turns a failing run into a DockerError with the CLI's last error line (a real process: sh)", async () => {
    const tool = { kind: 'standalone' as const, file: 'sh', prefix: [] as [] };
    // sh -f … fails the way a compose run does: non-zero, a message on stderr.
    const error = await runCompose({ files: ['/nonexistent/compose.yaml'] }, { action: 'down' }, { env: process.env, tool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerError);
    expect((error as DockerError).message).toMatch(/^docker-compose down failed: .*nonexistent/);
  });
});

describe('which Compose CLI runs', () => {
  // Stand-ins for the CLIs: the Compose plugin cannot be installed here (not in Debian 12), so small scripts on
  // PATH answer `version` the way docker (with and without the plugin) and docker-compose do.
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  function cli(scripts: Record<string, string>): Record<string, string | undefined> {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-compose-cli-'));
    dirs.push(dir);
    for (const [name, body] of Object.entries(scripts)) fs.writeFileSync(nodePath.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    forgetCompose();
    return { PATH: dir };
  }
  const DOCKER_WITH_PLUGIN = '[ "$1 $2" = "compose version" ] && echo "Docker Compose version v2.29.1" && exit 0; exit 1';
  const DOCKER_WITHOUT_PLUGIN = 'echo "docker: unknown command: docker $1" >&2; exit 1';

  it('prefers the plugin', async () => {
    expect(await detectCompose(cli({ docker: DOCKER_WITH_PLUGIN, 'docker-compose': 'exit 0' }))).toBe(PLUGIN);
  });

  it('falls back to docker-compose when the docker CLI has no compose command', async () => {
    expect(await detectCompose(cli({ docker: DOCKER_WITHOUT_PLUGIN, 'docker-compose': 'echo "docker-compose version 1.29.2"' }))).toBe(STANDALONE);
  });

  it('says how to install Compose when neither runs', async () => {
    const error = await detectCompose(cli({ docker: DOCKER_WITHOUT_PLUGIN })).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'compose-missing', message: expect.stringMatching(/^Docker Compose is not installed: neither `docker compose` nor `docker-compose` runs/) });
    forgetCompose();
  });
});

describe('compose project names and labels', () => {
  it.each([
    ['/home/me/Shop API/.devcontainer/compose.yaml', 'services: {}', {}, 'devcontainer'],
    ['/home/me/Shop API/compose.yaml', 'services: {}', {}, 'shopapi'],
    ['/home/me/shop/compose.yaml', 'name: My-Shop\nservices: {}', {}, 'my-shop'],
    ['/home/me/shop/compose.yaml', 'services: {}', { COMPOSE_PROJECT_NAME: 'ci_42' }, 'ci_42'],
    ['/home/me/_tmp/compose.yaml', 'services: [', {}, 'tmp'],
  ])('%s (%s, %j) → %s', (file, text, env, name) => {
    expect(composeProjectName(file, text, env)).toBe(name);
  });

  it('reads the published port on the host, preferring the IPv4 binding', () => {
    const container = { ports: [{ containerPort: 2345, protocol: 'tcp', hostIp: '::', hostPort: 2345 }, { containerPort: 2345, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 2345 }] } as ServiceContainer;
    expect(publishedPort(container, 2345)).toEqual({ containerPort: 2345, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 2345 });
    expect(publishedPort(container, 8080)).toBeUndefined();
  });

  it('parses the engine events Godock follows and ignores the others', () => {
    const event = (action: string, attributes: Record<string, string> = {}) => JSON.stringify({ Type: 'container', Action: action, Actor: { ID: 'abc', Attributes: attributes }, timeNano: 5 });
    expect(parseEvent(event('die', { exitCode: '2' }))).toEqual({ action: 'die', id: 'abc', exitCode: 2, timeNano: 5 });
    expect(parseEvent(event('health_status: unhealthy'))).toEqual({ action: 'health_status', id: 'abc', health: 'unhealthy', timeNano: 5 });
    expect(parseEvent(event('start'))).toMatchObject({ action: 'start' });
    expect(parseEvent(event('exec_start: sh'))).toBeUndefined();
    expect(parseEvent('not json')).toBeUndefined();
  });

  it('splits a stream into lines across chunk boundaries', () => {
    const lines: string[] = [];
    const split = lineSplitter((l) => lines.push(l));
    split.push('buil');
    split.push('ding...\r\nrun');
    split.push('ning...\n');
    split.push('tail');
    split.end();
    expect(lines).toEqual(['building...', 'running...', 'tail']);
  });
});
