/**
 * Six real-looking Go projects for "Set Up Go Dev Container", and the planner run on them as the command runs
 * it (the inferred main package and port, both topologies), shared by the unit and Docker tests.
 */
import { readFacts, type ProjectFacts } from '../../server/src/scaffold/facts';
import { planDevcontainer, type Answers, type PlannedFile } from '../../server/src/scaffold/plan';
import { memoryFileSystem, ROOT } from './lint';

const MAIN = (port: string) => `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":${port}", nil) }\n`;
const MOD = (go = '1.22.5') => `module example.com/shop\n\ngo ${go}\n`;

export { MAIN as mainGo };

export const PROJECTS: Record<string, Record<string, string>> = {
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

/** The planner on a project held in memory, with the defaults the command offers unless `answers` says otherwise. */
export function setUp(files: Record<string, string>, answers: Partial<Answers> = {}) {
  const facts = readFacts(memoryFileSystem(files), ROOT) as ProjectFacts;
  const full: Answers = { main: facts.mains[0], port: facts.ports[0], topology: 'both', host: 'linux', ...answers };
  return { facts, answers: full, files: planDevcontainer(facts, full, (p) => files[p]) };
}

/** The project after the plan was written: created and merged files replace the originals. */
export const written = (files: Record<string, string>, plan: PlannedFile[]): Record<string, string> => ({
  ...files,
  ...Object.fromEntries(plan.filter((f) => f.action === 'create' || f.action === 'update').map((f) => [f.path, f.content])),
});
