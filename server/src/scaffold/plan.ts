/**
 * "Set Up Go Dev Container" as a pure planner: project facts and the user's answers in, the files out.
 * Existing files are never clobbered: JSON files are merged with comment-keeping edits, others are proposed.
 */
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { toolVersions } from './versions';
import type { ProjectFacts } from './facts';

export type Topology = 'host' | 'devcontainer' | 'both';

export interface Answers {
  /** The main package to run (`.`, `./cmd/api`). */
  main: string;
  port: number;
  topology: Topology;
  /** Where the user's Docker runs: file events do not cross bind mounts on Docker Desktop and WSL2. */
  host: 'linux' | 'desktop';
}

export interface PlannedFile {
  /** Relative to the workspace root, with `/`. */
  path: string;
  /** create: new file · update: merged into the existing file · unchanged · conflict: a hand-written file differs. */
  action: 'create' | 'update' | 'unchanged' | 'conflict';
  content: string;
  existing?: string;
}

export const DELVE_PORT = 2345;
export const DEV_SERVICE = 'dev';

/** Where the workspace is mounted in the dev container. */
export function mountTarget(facts: ProjectFacts): string {
  return `/workspaces/${facts.name}`;
}

export function planDevcontainer(facts: ProjectFacts, answers: Answers, existing: (path: string) => string | undefined): PlannedFile[] {
  const moduleDir = facts.moduleDir ? `${facts.moduleDir}/` : '';
  const wanted: [string, string][] = [
    ['.devcontainer/Dockerfile', devDockerfile(facts, answers)],
    ['.devcontainer/compose.yaml', devCompose(facts, answers)],
    [`${moduleDir}.air.toml`, airToml(answers)],
  ];
  const files = wanted.map(([path, content]) => textFile(path, content, existing(path)));
  files.push(jsonFile('.devcontainer/devcontainer.json', existing('.devcontainer/devcontainer.json'), devcontainerEdits(facts, answers)));
  files.push(jsonFile('.vscode/launch.json', existing('.vscode/launch.json'), launchEdits(facts, answers)));
  files.push(dockerignore(existing('.dockerignore')));
  return files;
}

function textFile(path: string, content: string, current: string | undefined): PlannedFile {
  if (current === undefined) return { path, action: 'create', content };
  return { path, action: current === content ? 'unchanged' : 'conflict', content, existing: current };
}

function devDockerfile(facts: ProjectFacts, answers: Answers): string {
  const { delve, air } = toolVersions(facts.goVersion);
  const workdir = [mountTarget(facts), facts.moduleDir].filter(Boolean).join('/');
  const modFiles = facts.moduleDir ? `${facts.moduleDir}/go.mod` : 'go.mod';
  return `# Development image for ${facts.name}, written by Godock: Go ${facts.goVersion} with Delve and air
# pinned to the newest releases that build with and debug this Go (the table in Godock's scaffold/versions.ts).
FROM golang:${facts.goVersion}-bookworm
ARG DLV_VERSION=${delve}
ARG AIR_VERSION=${air}
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\
    go install github.com/go-delve/delve/cmd/dlv@\${DLV_VERSION} \\
    && go install github.com/air-verse/air@\${AIR_VERSION}
WORKDIR ${workdir}
COPY ${modFiles} ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
EXPOSE ${answers.port} ${DELVE_PORT}
CMD ["air", "-c", ".air.toml"]
`;
}

function devCompose(facts: ProjectFacts, answers: Answers): string {
  const target = mountTarget(facts);
  const workdir = [target, facts.moduleDir].filter(Boolean).join('/');
  return `# The Go dev service of ${facts.name}, written by Godock: air rebuilds on save, Delve listens on ${DELVE_PORT}.
services:
  ${DEV_SERVICE}:
    build:
      context: ..
      dockerfile: .devcontainer/Dockerfile
    working_dir: ${workdir}
    command: air -c .air.toml
    # An init process reaps what air's rebuilds leave behind (air as PID 1 does not).
    init: true
    volumes:
      - ..:${target}:cached
      - gomod:/go/pkg/mod
      - gobuild:/root/.cache/go-build
    ports:
      - "127.0.0.1:${answers.port}:${answers.port}"
      # Delve has no authentication: anyone who reaches this port can run code in the container.
      - "127.0.0.1:${DELVE_PORT}:${DELVE_PORT}"
    cap_add:
      - SYS_PTRACE
    security_opt:
      - seccomp:unconfined

volumes:
  gomod:
  gobuild:
`;
}

function airToml(answers: Answers): string {
  const main = answers.main === '.' ? '.' : answers.main;
  return `# Written by Godock: rebuild on save without optimisations, and run the program under a headless Delve
# that the debugger attaches to on port ${DELVE_PORT} (it keeps serving across attaches and rebuilds).
root = "."
tmp_dir = "tmp"

[build]
cmd = "go build -gcflags='all=-N -l' -o ./tmp/main ${main}"
full_bin = "exec dlv exec --headless --listen=:${DELVE_PORT} --api-version=2 --accept-multiclient --continue ./tmp/main"
include_ext = ["go", "tpl", "tmpl", "html"]
exclude_dir = ["tmp", "vendor", "testdata", "node_modules"]
delay = 500
# File events do not cross bind mounts on Docker Desktop (macOS, Windows) and WSL2: poll there.
poll = ${answers.host === 'desktop'}
poll_interval = 500
stop_on_error = true
# On a rebuild, Ctrl-C to Delve (\`exec\` makes it the process air waits for): Delve stops the program and
# exits, so the new one finds its ports free. A plain kill misses the program (Delve starts it from another
# thread, in its own process group) and the new one exits with "address already in use".
send_interrupt = true
kill_delay = 3000
`;
}

type JsonEdit = { path: (string | number)[]; value: unknown; insert?: boolean };

function jsonFile(path: string, current: string | undefined, edits: (doc: unknown) => JsonEdit[]): PlannedFile {
  const errors: ParseError[] = [];
  const base = current ?? '{}';
  const doc = parse(base, errors, { allowTrailingComma: true });
  if (current !== undefined && (errors.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc))) {
    return { path, action: 'conflict', content: base, existing: current };
  }
  let text = base;
  for (const edit of edits(doc)) {
    text = applyEdits(text, modify(text, edit.path, edit.value, { isArrayInsertion: edit.insert, formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  }
  if (current === undefined) return { path, action: 'create', content: text.endsWith('\n') ? text : text + '\n' };
  return { path, action: text === current ? 'unchanged' : 'update', content: text, existing: current };
}

function devcontainerEdits(facts: ProjectFacts, answers: Answers) {
  return (doc: unknown): JsonEdit[] => {
    const current = doc as Record<string, unknown>;
    const wanted: Record<string, unknown> = {
      name: facts.name,
      dockerComposeFile: facts.rootCompose ? [`../${facts.rootCompose}`, 'compose.yaml'] : ['compose.yaml'],
      service: DEV_SERVICE,
      workspaceFolder: mountTarget(facts),
      forwardPorts: [answers.port, DELVE_PORT],
      postCreateCommand: facts.moduleDir ? `cd ${facts.moduleDir} && go mod download` : 'go mod download',
    };
    const edits: JsonEdit[] = Object.entries(wanted)
      .filter(([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value))
      .map(([key, value]) => ({ path: [key], value }));
    const extensions = ((current.customizations as { vscode?: { extensions?: unknown } } | undefined)?.vscode?.extensions ?? []) as unknown[];
    const missing = ['golang.go', 'godock.godock'].filter((e) => !extensions.includes(e));
    if (missing.length > 0) edits.push({ path: ['customizations', 'vscode', 'extensions'], value: [...extensions, ...missing] });
    return edits;
  };
}

/** The attach configurations for the chosen topology: Godock's own debug type, and the same for vscode-go. */
export function launchConfigurations(facts: ProjectFacts, answers: Answers): Record<string, unknown>[] {
  const mapping = [{ from: '${workspaceFolder}', to: mountTarget(facts) }];
  const host = { host: '127.0.0.1', port: DELVE_PORT };
  const configs: Record<string, unknown>[] = [];
  if (answers.topology !== 'devcontainer') {
    configs.push({ name: 'Godock: Attach to the dev container', type: 'godock', request: 'attach', ...host, substitutePath: mapping, autoReattach: true });
    configs.push({ name: 'Go: Attach to Delve in the dev container', type: 'go', request: 'attach', mode: 'remote', debugAdapter: 'dlv-dap', ...host, substitutePath: mapping });
  }
  if (answers.topology !== 'host') {
    configs.push({ name: 'Godock: Attach (VS Code in the dev container)', type: 'godock', request: 'attach', ...host, autoReattach: true });
  }
  return configs;
}

function launchEdits(facts: ProjectFacts, answers: Answers) {
  return (doc: unknown): JsonEdit[] => {
    const current = doc as { version?: unknown; configurations?: { name?: string }[] };
    const edits: JsonEdit[] = [];
    if (current.version === undefined) edits.push({ path: ['version'], value: '0.2.0' });
    const existing = Array.isArray(current.configurations) ? current.configurations : undefined;
    if (!existing) edits.push({ path: ['configurations'], value: [] });
    for (const config of launchConfigurations(facts, answers)) {
      const index = existing?.findIndex((c) => c?.name === config.name) ?? -1;
      if (index < 0) edits.push({ path: ['configurations', -1], value: config, insert: true });
      else if (JSON.stringify(existing![index]) !== JSON.stringify(config)) edits.push({ path: ['configurations', index], value: config });
    }
    return edits;
  };
}

function dockerignore(current: string | undefined): PlannedFile {
  const path = '.dockerignore';
  const lines = (current ?? '').split('\n').map((l) => l.trim());
  const missing = ['.git', 'tmp/'].filter((entry) => !lines.includes(entry) && !lines.includes(entry.replace(/\/$/, '')) && !lines.includes(`/${entry}`));
  if (missing.length === 0) return { path, action: 'unchanged', content: current!, existing: current };
  const prefix = current === undefined || current === '' || current.endsWith('\n') ? current ?? '' : current + '\n';
  return { path, action: current === undefined ? 'create' : 'update', content: prefix + missing.join('\n') + '\n', existing: current };
}
