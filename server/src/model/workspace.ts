import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { parseAir, type AirConfig } from './air';
import { makeTargetCommands, scriptCommands, type ScriptCommands } from './buildScripts';
import { parseCompose } from './compose';
import { parseDockerfile } from './dockerfile';
import { parseGoCommand, type GoCommand } from './goCommand';
import { parseGoMod, parseGoSource, type GoMod, type GoSource } from './goProject';
import { RecentMap } from './recentMap';
import type { ShellCommand } from './shell';
import type { ComposeModel, DockerfileModel, RunModel, Service } from './types';

/** How the workspace reads files: from disk in the CLI, from open editors first in the server. */
export interface FileSystem {
  readFile(path: string): string | undefined;
  readDir(path: string): { name: string; directory: boolean }[];
}

/** Folders never read for Go sources: they are not part of the module's own code. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor', 'testdata', 'tmp']);
/** Bounds the Go source scan of a huge context (a monorepo opened by mistake). */
const MAX_GO_FILES = 2000;
const goCommandsCache = new WeakMap<RunModel, { workspace: Workspace; changes: number; value: (GoCommand & { script?: string })[] }>();
/** How many build contexts, and parsed files of each kind, a workspace keeps. */
const RECENT_PROJECTS = 32;

/** The build context of a Dockerfile: the folder `docker build` sends, and what it holds about Go. */
export interface BuildContext {
  dir: string;
  goMod?: GoMod;
  /** `.dockerignore` patterns, or undefined when there is no `.dockerignore`. */
  dockerignore?: string[];
  /** The Go files of the module (package clause and imports). */
  goSources(): GoSource[];
  /** Folders (relative, `.` for the root) holding `package main`. */
  mainPackages(): string[];
  /** True when a Go file of the module imports "C". */
  usesCgo(): boolean;
  /** A file of the context by relative path (`go.sum`, `vendor/modules.txt`, `Makefile`), or undefined. */
  file(relative: string): string | undefined;
  /** The entries of a folder of the context (`''` for its root). */
  listDir(relative: string): { name: string; directory: boolean }[];
  /** True when the context holds a `.git` folder (it is sent with the context unless ignored). */
  hasGit(): boolean;
  /**
   * The go commands a RUN runs: its own, and those of a Makefile target or shell script it calls
   * (`make build`, `./build.sh`), read from the context. Script commands carry `script` (the file).
   */
  goCommandsOf(run: RunModel): (GoCommand & { script?: string })[];
}

/** `make [target]`, `./build.sh`, `sh scripts/build.sh`: the file (and target) a command runs. */
function scriptOf(command: ShellCommand): { file: string; target?: string } | undefined {
  const [program, ...args] = command.argv.map((w) => w.value);
  if (program === 'make' || program === 'gmake') {
    const positional = args.filter((a) => !a.startsWith('-') && !a.includes('='));
    const f = args.indexOf('-f');
    return { file: f >= 0 && args[f + 1] ? args[f + 1] : 'Makefile', target: positional.find((a) => a !== args[f + 1]) };
  }
  if (/^(ba)?sh$/.test(program ?? '') && args[0] && !args[0].startsWith('-')) return { file: args[0] };
  if (program && /^\.{0,2}\/.*\.sh$|^[\w./-]+\.sh$/.test(program)) return { file: program };
  return undefined;
}

/**
 * The files around the documents: build contexts (go.mod, .dockerignore, Go sources) and the Dockerfile a
 * compose service builds. Everything is cached by path and dropped on `invalidate` when a file changes.
 */
export class Workspace {
  // Parsed files and build contexts of the projects worked on lately: a workspace of hundreds of projects
  // does not keep every syntax tree it ever read (a file's text is kept, so parsing again reads nothing).
  private readonly contexts = new RecentMap<string, BuildContext>(RECENT_PROJECTS);
  private readonly dockerfiles = new RecentMap<string, DockerfileModel | null>(RECENT_PROJECTS);
  private readonly composeFiles = new RecentMap<string, ComposeModel | null>(RECENT_PROJECTS);
  private readonly airConfigs = new RecentMap<string, AirConfig | null>(RECENT_PROJECTS);
  /** Every file and folder listing read, by path (null: missing), so an edit re-reads nothing from disk. */
  private readonly files = new Map<string, string | null>();
  private readonly listings = new Map<string, { name: string; directory: boolean }[]>();
  private readonly fs: FileSystem;
  /** Counts the changes to what was read (invalidate, adopt): results derived from the workspace are valid for one. */
  private changes = 0;

  constructor(
    disk: FileSystem,
    /** Workspace folders: files outside them are never read. */
    readonly roots: string[],
  ) {
    // Every read goes through here: a `make -f ../../x`, a script path or a context with `..` stays inside.
    const outside = (path: string) => !this.isInside(nodePath.resolve(path));
    this.fs = {
      readFile: (path) => {
        if (outside(path)) return undefined;
        if (!this.files.has(path)) this.files.set(path, disk.readFile(path) ?? null);
        return this.files.get(path) ?? undefined;
      },
      readDir: (path) => {
        if (outside(path)) return [];
        let entries = this.listings.get(path);
        if (!entries) this.listings.set(path, (entries = disk.readDir(path)));
        return entries;
      },
    };
  }

  /**
   * Forgets what was read from a changed, created or deleted file or folder (a go.mod edit, a new
   * .dockerignore, a Go source, a removed vendor folder), and the listing of the folder holding it.
   */
  invalidate(path: string): void {
    this.changes++;
    const inside = (p: string) => p === path || p.startsWith(path + nodePath.sep);
    for (const cache of [this.files, this.listings, this.dockerfiles, this.composeFiles, this.airConfigs]) {
      for (const key of cache.keys()) if (inside(key)) cache.delete(key);
    }
    this.listings.delete(nodePath.dirname(path));
    for (const dir of this.contexts.keys()) {
      if (inside(dir) || path.startsWith(dir + nodePath.sep)) this.contexts.delete(dir);
    }
  }

  /**
   * A document parsed elsewhere (a file `godock lint` checks), kept as what the workspace reads at its path:
   * the Dockerfile a compose service builds, or the compose file next to a Dockerfile, is not parsed again.
   */
  adopt<T extends DockerfileModel | ComposeModel | AirConfig>(model: T): T {
    if (model.path) {
      this.changes++;
      if (model.kind === 'dockerfile') this.dockerfiles.set(model.path, model);
      else if (model.kind === 'compose') this.composeFiles.set(model.path, model);
      else this.airConfigs.set(model.path, model);
    }
    return model;
  }

  /**
   * The model the workspace already parsed at a path, when it was parsed from this same text (the CLI lints a
   * Dockerfile a compose service read before it: one parse, not two).
   */
  parsedAt(kind: 'dockerfile' | 'compose', path: string, text: string): DockerfileModel | ComposeModel | undefined {
    const model = (kind === 'dockerfile' ? this.dockerfiles : this.composeFiles).get(path);
    return model && model.document.getText() === text ? model : undefined;
  }

  /** A value computed from the workspace, kept per key until what the workspace read changes. */
  memo<K extends object, V>(cache: WeakMap<K, { workspace: Workspace; changes: number; value: V }>, key: K, compute: () => V): V {
    const hit = cache.get(key);
    if (hit && hit.workspace === this && hit.changes === this.changes) return hit.value;
    const value = compute();
    cache.set(key, { workspace: this, changes: this.changes, value });
    return value;
  }

  isInside(path: string): boolean {
    return this.roots.some((root) => path === root || path.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep));
  }

  /** True for a folder of the workspace (a workspace folder itself included). */
  isFolder(path: string): boolean {
    if (this.roots.includes(path)) return true;
    return this.fs.readDir(nodePath.dirname(path)).some((entry) => entry.name === nodePath.basename(path) && entry.directory);
  }

  /**
   * The build context of a Dockerfile: its folder, or the nearest folder above it (inside the workspace)
   * that holds go.mod, since `docker/Dockerfile` built with the repository root as context is common.
   */
  contextFor(dockerfile: DockerfileModel): BuildContext | undefined {
    if (!dockerfile.path) return undefined;
    let dir = nodePath.dirname(dockerfile.path);
    for (let candidate = dir; this.isInside(candidate); candidate = nodePath.dirname(candidate)) {
      if (this.fs.readFile(nodePath.join(candidate, 'go.mod')) !== undefined) {
        dir = candidate;
        break;
      }
      if (candidate === nodePath.dirname(candidate)) break;
    }
    return this.context(dir);
  }

  context(dir: string): BuildContext | undefined {
    if (!this.isInside(dir)) return undefined;
    const cached = this.contexts.get(dir);
    if (cached) return cached;
    const goModText = this.fs.readFile(nodePath.join(dir, 'go.mod'));
    const ignoreText = this.fs.readFile(nodePath.join(dir, '.dockerignore'));
    let sources: GoSource[] | undefined;
    const goSources = () => (sources ??= this.scanGoSources(dir));
    const context: BuildContext = {
      dir,
      goMod: goModText === undefined ? undefined : parseGoMod(goModText),
      dockerignore: ignoreText?.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
      goSources,
      mainPackages: () => [...new Set(goSources().filter((s) => s.packageName === 'main').map((s) => nodePath.posix.dirname(s.path)))],
      usesCgo: () => goSources().some((s) => s.imports.includes('C')),
      file: (relative) => this.fs.readFile(nodePath.join(dir, relative)),
      listDir: (relative) => this.fs.readDir(nodePath.join(dir, relative)),
      hasGit: () => this.fs.readDir(dir).some((e) => e.name === '.git'),
      // Every rule about go commands asks, for every RUN: worked out once per RUN and workspace state.
      goCommandsOf: (run) => this.memo(goCommandsCache, run, () => this.goCommandsOf(dir, run)).slice(),
    };
    this.contexts.set(dir, context);
    return context;
  }

  /** The go commands a RUN runs: its own, and those of the Makefile targets and scripts it calls. */
  private goCommandsOf(dir: string, run: RunModel): (GoCommand & { script?: string })[] {
    const found: (GoCommand & { script?: string })[] = [...run.go];
    for (const command of run.commands) {
      const script = scriptOf(command);
      const text = script && this.fs.readFile(nodePath.join(dir, script.file.replace(/^\.\//, '')));
      if (!script || text === undefined) continue;
      const parsed: ScriptCommands | undefined = /makefile$|\.mk$/i.test(script.file) || command.argv[0].value.endsWith('make')
        ? makeTargetCommands(text, script.target)
        : scriptCommands(text);
      const env = run.stage.envAt(run.instruction.getRange().start.line);
      for (const a of command.assignments) env.set(a.name, a.value);
      for (const inner of parsed?.commands ?? []) {
        const go = parseGoCommand(inner, env);
        if (go) found.push({ ...go, script: script.file });
      }
    }
    return found;
  }


  /** The air config at a path (`.air.toml`), parsed; undefined when it cannot be read. */
  airConfig(path: string): AirConfig | undefined {
    if (!this.isInside(path)) return undefined;
    if (!this.airConfigs.has(path)) {
      const text = this.fs.readFile(path);
      this.airConfigs.set(path, text === undefined ? null : parseAir(TextDocument.create(pathToFileURL(path).toString(), 'toml', 0, text), path));
    }
    return this.airConfigs.get(path) ?? undefined;
  }

  /** The Dockerfile a compose service builds, parsed; undefined when it has none or it cannot be read. */
  dockerfileFor(compose: ComposeModel, service: Service): DockerfileModel | undefined {
    if (!compose.path || !service.build || service.build.inline) return undefined;
    const contextDir = nodePath.resolve(nodePath.dirname(compose.path), service.build.context);
    const path = nodePath.resolve(contextDir, service.build.dockerfile);
    if (!this.isInside(path)) return undefined;
    if (!this.dockerfiles.has(path)) {
      const text = this.fs.readFile(path);
      const document = text === undefined ? undefined : TextDocument.create(pathToFileURL(path).toString(), 'dockerfile', 0, text);
      this.dockerfiles.set(path, document ? parseDockerfile(document, path) : null);
    }
    return this.dockerfiles.get(path) ?? undefined;
  }

  /**
   * The compose services that build a Dockerfile, from the compose files in its folder and the folders
   * above it up to the workspace root (where compose files live in practice; the workspace is not crawled).
   */
  servicesBuilding(dockerfile: DockerfileModel): { compose: ComposeModel; service: Service }[] {
    if (!dockerfile.path) return [];
    const found: { compose: ComposeModel; service: Service }[] = [];
    for (let dir = nodePath.dirname(dockerfile.path); this.isInside(dir); dir = nodePath.dirname(dir)) {
      for (const entry of this.fs.readDir(dir)) {
        if (entry.directory || !/^(docker-)?compose.*\.ya?ml$|\.compose\.ya?ml$/i.test(entry.name)) continue;
        const compose = this.composeFile(nodePath.join(dir, entry.name));
        for (const service of compose?.services ?? []) {
          if (this.dockerfileFor(compose!, service)?.path === dockerfile.path) found.push({ compose: compose!, service });
        }
      }
      if (dir === nodePath.dirname(dir)) break;
    }
    return found;
  }

  private composeFile(path: string): ComposeModel | undefined {
    if (!this.composeFiles.has(path)) {
      const text = this.fs.readFile(path);
      this.composeFiles.set(path, text === undefined ? null : parseCompose(TextDocument.create(pathToFileURL(path).toString(), 'yaml', 0, text), path));
    }
    return this.composeFiles.get(path) ?? undefined;
  }

  private scanGoSources(dir: string): GoSource[] {
    const found: GoSource[] = [];
    const walk = (relative: string) => {
      for (const entry of this.fs.readDir(nodePath.join(dir, relative))) {
        if (found.length >= MAX_GO_FILES) return;
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.directory) {
          if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(child);
        } else if (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
          const source = parseGoSource(child, this.fs.readFile(nodePath.join(dir, child)) ?? '');
          if (source) found.push(source);
        }
      }
    };
    walk('');
    return found;
  }
}
