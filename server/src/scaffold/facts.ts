/** What the dev-container setup reads from a workspace: go.mod, the main packages, ports, cgo, existing files. */
import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../model/dockerfile';
import { parseGoMod, requiredGoVersion } from '../model/goProject';
import type { FileSystem } from '../model/workspace';
import { Workspace } from '../model/workspace';
import { moduleNeedsCgo } from '../rules/goLinking';

export interface ProjectFacts {
  /** The workspace folder (absolute). */
  root: string;
  /** The folder of go.mod relative to the root, `''` when it is the root. */
  moduleDir: string;
  /** The project's name: the workspace folder's name, usable in paths and compose names. */
  name: string;
  module?: string;
  goVersion: string;
  /** Main packages relative to the module: `.`, `./cmd/api`. */
  mains: string[];
  /** Ports the program listens on, most likely first. */
  ports: number[];
  cgo: boolean;
  /** A compose file at the root whose services (a database…) the dev service should run beside. */
  rootCompose?: string;
}

const SKIP = new Set(['.git', 'node_modules', 'vendor', 'testdata', 'tmp', '.devcontainer']);

export function readFacts(fs: FileSystem, root: string): ProjectFacts | { problem: string } {
  const moduleDir = findModule(fs, root);
  if (moduleDir === undefined) return { problem: `No go.mod in ${root} or the folders below it: Godock sets up Go modules. Run \`go mod init\` first.` };
  const dir = nodePath.join(root, moduleDir);
  const goMod = parseGoMod(fs.readFile(nodePath.join(dir, 'go.mod')) ?? '');
  const workspace = new Workspace(fs, [root]);
  const context = workspace.context(dir)!;
  const mains = context.mainPackages().map((m) => (m === '.' ? '.' : `./${m}`)).sort((a, b) => a.length - b.length || a.localeCompare(b));
  const sources = context.goSources().map((s) => fs.readFile(nodePath.join(dir, s.path)) ?? '');
  const dockerfileText = fs.readFile(nodePath.join(dir, 'Dockerfile'));
  const dockerfile = dockerfileText === undefined ? undefined : parseDockerfile(TextDocument.create('file:///Dockerfile', 'dockerfile', 0, dockerfileText));
  const exposed = dockerfile?.finalStage?.instructions.find((i) => i.getKeyword() === 'EXPOSE')?.getArguments()[0]?.getValue().split('/')[0];
  const rootCompose = fs.readDir(root).find((e) => !e.directory && /^(docker-)?compose\.ya?ml$/.test(e.name))?.name;
  return {
    root,
    moduleDir,
    name: nodePath.basename(root).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'app',
    module: goMod.module,
    goVersion: requiredGoVersion(goMod) ?? '1.22',
    mains: mains.length > 0 ? mains : ['.'],
    ports: listeningPorts(sources, exposed),
    cgo: moduleNeedsCgo(context),
    rootCompose,
  };
}

/** go.mod at the root, else in the shallowest folder below it (a module in a subfolder of the workspace). */
function findModule(fs: FileSystem, root: string): string | undefined {
  let level = [''];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const found = level.find((dir) => fs.readFile(nodePath.join(root, dir, 'go.mod')) !== undefined);
    if (found !== undefined) return found;
    level = level.flatMap((dir) =>
      fs.readDir(nodePath.join(root, dir)).filter((e) => e.directory && !SKIP.has(e.name) && !e.name.startsWith('.')).map((e) => (dir ? `${dir}/${e.name}` : e.name)),
    );
  }
  return undefined;
}

/** Ports from `ListenAndServe(":8080"`, `net.Listen("tcp", ":9000")`, a `PORT` default, or EXPOSE. */
function listeningPorts(sources: string[], exposed: string | undefined): number[] {
  const ports: number[] = [];
  const add = (p: string | undefined) => {
    const n = Number(p);
    if (n > 0 && n < 65536 && !ports.includes(n)) ports.push(n);
  };
  for (const source of sources) {
    for (const m of source.matchAll(/(?:ListenAndServe(?:TLS)?|Listen)\(\s*(?:"tcp[46]?",\s*)?"[^":]*:(\d+)"/g)) add(m[1]);
    for (const m of source.matchAll(/Getenv\("PORT"\)[\s\S]{0,120}?"(\d{2,5})"/g)) add(m[1]);
    for (const m of source.matchAll(/"(?:0\.0\.0\.0)?:(\d{2,5})"/g)) add(m[1]);
  }
  add(exposed);
  return ports.length > 0 ? ports : [8080];
}
