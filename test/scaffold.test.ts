/**
 * "Set Up Go Dev Container" on six real-looking projects: every file parses, lints clean, agrees with the
 * others (mount ↔ substitutePath, loopback ports), a second run changes nothing and hand-written files stay.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readFacts } from '../server/src/scaffold/facts';
import { AIR_BUILD_KEYS, AIR_TOP_LEVEL } from '../server/src/model/air';
import { mountTarget, planDevcontainer } from '../server/src/scaffold/plan';
import { toolVersions } from '../server/src/scaffold/versions';
import { validateDevcontainer } from './helpers/devcontainerSchema';
import { lintText, memoryFileSystem, ROOT } from './helpers/lint';
import { mainGo, PROJECTS, setUp, written } from './helpers/scaffoldProjects';

describe.each(Object.entries(PROJECTS))('dev container setup: %s', (_name, project) => {
  const { facts, answers, files: plan } = setUp(project);
  const after = written(project, plan);
  const file = (suffix: string) => plan.find((f) => f.path.endsWith(suffix))!;

  it('writes every file, and each one parses', () => {
    expect(plan.filter((f) => f.action === 'conflict')).toEqual([]);
    expect(parseDocument(file('compose.yaml').content).errors).toEqual([]);
    // Keys air does not read are ignored by it without a word: every key must be one of air's own.
    const air = parseToml(file('.air.toml').content) as { build: Record<string, unknown> };
    expect(Object.keys(air).filter((key) => !AIR_TOP_LEVEL.includes(key))).toEqual([]);
    expect(Object.keys(air.build).filter((key) => !AIR_BUILD_KEYS.includes(key))).toEqual([]);
    for (const json of ['devcontainer.json', 'launch.json']) {
      const errors: ParseError[] = [];
      parseJsonc(file(json).content, errors, { allowTrailingComma: true });
      expect(errors).toEqual([]);
    }
  });

  it('writes a devcontainer.json the Dev Containers schema accepts, in compose mode', () => {
    const config = parseJsonc(file('devcontainer.json').content);
    expect(validateDevcontainer(config)).toEqual([]);
    expect(config).toMatchObject({ service: 'dev', workspaceFolder: mountTarget(facts), forwardPorts: [answers.port, 2345] });
    expect(config).not.toHaveProperty('runArgs');
  });

  it('lints clean with godock', () => {
    const dockerfile = lintText(after['.devcontainer/Dockerfile'], { path: '.devcontainer/Dockerfile', files: after });
    const compose = lintText(after['.devcontainer/compose.yaml'], { path: '.devcontainer/compose.yaml', files: after });
    const loud = [...dockerfile.reports, ...compose.reports].filter((r) => r.source === 'godock' && r.severity !== 'hint');
    expect(loud.map((r) => `${r.id} ${r.message}`)).toEqual([]);
  });

  it('maps the debugger paths to the compose mount and publishes ports on loopback only', () => {
    const compose = parseDocument(file('compose.yaml').content).toJS();
    const service = compose.services.dev;
    expect(service.volumes[0]).toBe(`..:${mountTarget(facts)}:cached`);
    // The written launch.json, not the planner's own list: each mapping goes from the workspace to the mount target.
    const mount = service.volumes[0].split(':')[1];
    const mapped = parseJsonc(file('launch.json').content).configurations.filter((c: { substitutePath?: unknown }) => c.substitutePath);
    expect(mapped.map((c: { type: string }) => c.type)).toEqual(['godock', 'go']);
    for (const config of mapped) expect(config.substitutePath).toEqual([{ from: '${workspaceFolder}', to: mount }]);
    expect(service.ports).toEqual([`127.0.0.1:${answers.port}:${answers.port}`, '127.0.0.1:2345:2345']);
    expect(JSON.stringify(compose)).not.toMatch(/privileged|docker\.sock/);
  });

  it('pins Delve and air for the Go of go.mod, and runs the program under Delve', () => {
    const { delve, air } = toolVersions(facts.goVersion);
    expect(file('Dockerfile').content).toContain(`FROM golang:${facts.goVersion}-bookworm\nARG DLV_VERSION=${delve}\nARG AIR_VERSION=${air}`);
    const toml = parseToml(file('.air.toml').content) as { build: { cmd: string; full_bin: string } };
    expect(toml.build.cmd).toBe(`go build -gcflags='all=-N -l' -o ./tmp/main ${answers.main}`);
    expect(toml.build.full_bin).toMatch(/^exec dlv exec --headless --listen=:2345 --api-version=2 --accept-multiclient --continue/);
  });

  it('changes nothing on a second run', () => {
    const again = planDevcontainer(facts, answers, (p) => after[p]);
    expect(again.filter((f) => f.action !== 'unchanged').map((f) => f.path)).toEqual([]);
  });
});

describe('dev container setup: what it infers and keeps', () => {
  it('finds the module, main packages, ports and cgo', () => {
    expect(setUp(PROJECTS['module in a subfolder']).facts).toMatchObject({ moduleDir: 'services/orders', ports: [7000], mains: ['.'] });
    expect(setUp(PROJECTS['cmd with two binaries']).facts).toMatchObject({ mains: ['./cmd/api', './cmd/worker'], ports: [9000], goVersion: '1.24' });
    expect(setUp(PROJECTS['cgo with go-sqlite3']).facts.cgo).toBe(true);
    expect(readFacts(memoryFileSystem({ 'main.go': mainGo('80') }), ROOT)).toMatchObject({ problem: expect.stringContaining('No go.mod') });
  });

  it('runs the dev service beside the services of an existing compose file', () => {
    const { files } = setUp(PROJECTS['existing compose with a database']);
    const json = parseJsonc(files.find((f) => f.path.endsWith('devcontainer.json'))!.content);
    expect(json.dockerComposeFile).toEqual(['../compose.yaml', 'compose.yaml']);
  });

  it('merges launch.json keeping the user\'s comments and configurations', () => {
    const { files } = setUp(PROJECTS['existing launch.json with comments']);
    const launch = files.find((f) => f.path === '.vscode/launch.json')!;
    expect(launch.action).toBe('update');
    expect(launch.content).toContain('// My own configurations');
    expect(launch.content).toContain('"name": "Launch tests", // keep me');
    expect(parseJsonc(launch.content).configurations.map((c: { name: string }) => c.name)).toEqual([
      'Launch tests',
      'Godock: Attach to the dev container',
      'Go: Attach to Delve in the dev container',
      'Godock: Attach (VS Code in the dev container)',
    ]);
  });

  it('never overwrites a hand-edited file: it proposes the new one instead', () => {
    const project = PROJECTS['root main'];
    const { facts, answers, files } = setUp(project);
    const edited: Record<string, string> = { ...written(project, files), '.air.toml': '# mine\nroot = "."\n' };
    const again = planDevcontainer(facts, answers, (p) => edited[p]);
    expect(again.find((f) => f.path === '.air.toml')).toMatchObject({ action: 'conflict', existing: '# mine\nroot = "."\n' });
  });

  it('polls for changes on Docker Desktop and WSL2, and follows the chosen topology', () => {
    const { files } = setUp(PROJECTS['root main'], { host: 'desktop', topology: 'host' });
    expect(files.find((f) => f.path === '.air.toml')!.content).toContain('poll = true');
    const names = parseJsonc(files.find((f) => f.path === '.vscode/launch.json')!.content).configurations.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Godock: Attach to the dev container', 'Go: Attach to Delve in the dev container']);
  });

  it('keeps the Go table honest: every supported minor gets a Delve that builds with it', () => {
    for (const go of ['1.22', '1.23.4', '1.24', '1.25.1', '1.26']) expect(toolVersions(go).delve).toMatch(/^v1\.2[5-7]\.\d+$/);
  });
});

describe('the devcontainer.json schema the generated files are checked against', () => {
  const generated = parseJsonc(setUp(PROJECTS['root main']).files.find((f) => f.path.endsWith('devcontainer.json'))!.content);
  const problems = (change: Record<string, unknown>) => validateDevcontainer({ ...generated, ...change });

  it('accepts the other shapes the reference documents', () => {
    expect(validateDevcontainer({ image: 'golang:1.24-bookworm', runArgs: ['--cap-add=SYS_PTRACE'], forwardPorts: [8080, 'db:5432'] })).toEqual([]);
    expect(validateDevcontainer({ build: { dockerfile: 'Dockerfile', context: '..', args: { GO: '1.24' } }, appPort: [8080], workspaceMount: 'source=${localWorkspaceFolder},target=/w,type=bind', workspaceFolder: '/w' })).toEqual([]);
    expect(problems({ postCreateCommand: { modules: 'go mod download', tools: ['go', 'install', 'golang.org/x/tools/gopls@latest'] }, waitFor: 'postCreateCommand' })).toEqual([]);
    expect(problems({ hostRequirements: { cpus: 2, memory: '4gb', gpu: 'optional' }, mounts: [{ type: 'volume', source: 'gomod', target: '/go/pkg/mod' }], capAdd: ['SYS_PTRACE'] })).toEqual([]);
  });

  it('rejects runArgs, image and build next to dockerComposeFile, naming the key', () => {
    expect(problems({ runArgs: ['--cap-add=SYS_PTRACE'] })).toEqual(['runArgs: not allowed together with dockerComposeFile (the compose file decides it)']);
    expect(problems({ image: 'golang:1.24' })).toEqual(['image: not allowed together with dockerComposeFile (the compose file decides it)']);
    expect(problems({ build: { dockerfile: 'Dockerfile' } })).toContain('build: not allowed together with dockerComposeFile (the compose file decides it)');
    expect(validateDevcontainer({ ...generated, service: undefined })).toEqual(['service: required with dockerComposeFile']);
  });

  it('rejects a forwarded port written like a compose publish, naming the key', () => {
    for (const bad of ['127.0.0.1:8080:8080', '8080/tcp', ':8080']) {
      const found = problems({ forwardPorts: [8080, bad] });
      expect(found.length, bad).toBeGreaterThan(0);
      expect(found.every((p) => p.startsWith('forwardPorts.1: ')), found.join('\n')).toBe(true);
    }
    expect(problems({ forwardPorts: [70000] })).toContain('forwardPorts.0: must be <= 65535');
  });

  it('rejects a misspelled key, at the top and inside, naming it', () => {
    expect(problems({ forwardedPorts: [8080] })).toEqual(['forwardedPorts: not a devcontainer.json property here']);
    expect(problems({ postCreateComand: 'go mod download' })).toEqual(['postCreateComand: not a devcontainer.json property here']);
    expect(problems({ hostRequirements: { memory: '4GB' } })).toEqual(['hostRequirements.memory: must match pattern "^[0-9]+([tgmk]b)$"']);
    expect(problems({ shutdownAction: 'stop' })).toEqual(['shutdownAction: must be equal to one of the allowed values ("none", "stopContainer", "stopCompose")']);
    expect(problems({ customizations: { vscode: { extensions: ['golang go'] } } })[0]).toMatch(/^customizations\.vscode\.extensions\.0: must match pattern/);
  });

  it('rejects a configuration that names no image, Dockerfile or compose file', () => {
    expect(validateDevcontainer({ name: 'shop', forwardPorts: [8080] })).toContain('(root): must match a schema in anyOf');
  });
});
