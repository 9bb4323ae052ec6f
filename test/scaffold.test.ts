/**
 * "Set Up Go Dev Container" on six real-looking projects: every file parses, lints clean, agrees with the
 * others (mount ↔ substitutePath, loopback ports), a second run changes nothing and hand-written files stay.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readFacts, type ProjectFacts } from '../server/src/scaffold/facts';
import { launchConfigurations, mountTarget, planDevcontainer, type Answers, type PlannedFile } from '../server/src/scaffold/plan';
import { toolVersions } from '../server/src/scaffold/versions';
import { lintText, memoryFileSystem, ROOT } from './helpers/lint';

const MAIN = (port: string) => `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":${port}", nil) }\n`;
const MOD = (go = '1.22.5') => `module example.com/shop\n\ngo ${go}\n`;

const PROJECTS: Record<string, Record<string, string>> = {
  'root main': { 'go.mod': MOD(), 'main.go': MAIN('8080') },
  'cmd with two binaries': { 'go.mod': MOD('1.24'), 'cmd/api/main.go': MAIN('9000'), 'cmd/worker/main.go': 'package main\n\nfunc main() {}\n' },
  'cgo with go-sqlite3': {
    'go.mod': `${MOD('1.23.4')}\nrequire github.com/mattn/go-sqlite3 v1.14.22\n`,
    'go.sum': 'github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n',
    'main.go': 'package main\n\nimport (\n\t"database/sql"\n\t"net/http"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nfunc main() { sql.Open("sqlite3", "x"); http.ListenAndServe(":8081", nil) }\n',
  },
  'existing compose with a database': {
    'go.mod': MOD(),
    'main.go': MAIN('8080'),
    'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n',
  },
  'existing launch.json with comments': {
    'go.mod': MOD(),
    'main.go': MAIN('8080'),
    '.vscode/launch.json': '{\n  // My own configurations\n  "version": "0.2.0",\n  "configurations": [\n    {\n      "name": "Launch tests", // keep me\n      "type": "go",\n      "request": "launch",\n      "mode": "test",\n      "program": "${workspaceFolder}",\n    },\n  ],\n}\n',
  },
  'module in a subfolder': { 'services/orders/go.mod': MOD(), 'services/orders/main.go': MAIN('7000'), 'README.md': '# monorepo\n' },
};

function setUp(files: Record<string, string>, answers: Partial<Answers> = {}) {
  const facts = readFacts(memoryFileSystem(files), ROOT) as ProjectFacts;
  const full: Answers = { main: facts.mains[0], port: facts.ports[0], topology: 'both', host: 'linux', ...answers };
  return { facts, answers: full, files: planDevcontainer(facts, full, (p) => files[p]) };
}

const written = (files: Record<string, string>, plan: PlannedFile[]) => ({
  ...files,
  ...Object.fromEntries(plan.filter((f) => f.action === 'create' || f.action === 'update').map((f) => [f.path, f.content])),
});

describe.each(Object.entries(PROJECTS))('dev container setup: %s', (_name, project) => {
  const { facts, answers, files: plan } = setUp(project);
  const after = written(project, plan);
  const file = (suffix: string) => plan.find((f) => f.path.endsWith(suffix))!;

  it('writes every file, and each one parses', () => {
    expect(plan.filter((f) => f.action === 'conflict')).toEqual([]);
    expect(parseDocument(file('compose.yaml').content).errors).toEqual([]);
    expect(() => parseToml(file('.air.toml').content)).not.toThrow();
    for (const json of ['devcontainer.json', 'launch.json']) {
      const errors: ParseError[] = [];
      parseJsonc(file(json).content, errors, { allowTrailingComma: true });
      expect(errors).toEqual([]);
    }
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
    const [hostConfig] = launchConfigurations(facts, answers);
    expect(hostConfig.substitutePath).toEqual([{ from: '${workspaceFolder}', to: mountTarget(facts) }]);
    expect(service.ports).toEqual([`127.0.0.1:${answers.port}:${answers.port}`, '127.0.0.1:2345:2345']);
    expect(JSON.stringify(compose)).not.toMatch(/privileged|docker\.sock/);
  });

  it('pins Delve and air for the Go of go.mod, and runs the program under Delve', () => {
    const { delve, air } = toolVersions(facts.goVersion);
    expect(file('Dockerfile').content).toContain(`FROM golang:${facts.goVersion}-bookworm\nARG DLV_VERSION=${delve}\nARG AIR_VERSION=${air}`);
    const toml = parseToml(file('.air.toml').content) as { build: { cmd: string; full_bin: string } };
    expect(toml.build.cmd).toBe(`go build -gcflags='all=-N -l' -o ./tmp/main ${answers.main}`);
    expect(toml.build.full_bin).toMatch(/^dlv exec --headless --listen=:2345 --api-version=2 --accept-multiclient --continue/);
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
    expect(readFacts(memoryFileSystem({ 'main.go': MAIN('80') }), ROOT)).toMatchObject({ problem: expect.stringContaining('No go.mod') });
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
