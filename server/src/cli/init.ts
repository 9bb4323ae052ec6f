/** `godock init`: the dev-container setup of the editor command, for terminals. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { FileSystem } from '../model/workspace';
import { readFacts } from '../scaffold/facts';
import { planDevcontainer, type Answers, type Topology } from '../scaffold/plan';

export interface InitOptions {
  main?: string;
  port?: string;
  topology?: string;
  dryRun?: boolean;
}

/** Where the user's Docker runs, for air's polling: Docker Desktop (macOS, Windows) and WSL2 need it. */
export function dockerHost(): Answers['host'] {
  if (process.platform !== 'linux') return 'desktop';
  try {
    return /microsoft/i.test(fs.readFileSync('/proc/version', 'utf8')) ? 'desktop' : 'linux';
  } catch {
    return 'linux';
  }
}

export function initCommand(dir: string, options: InitOptions, fileSystem: FileSystem, io: { out(s: string): void; err(s: string): void }): number {
  const root = nodePath.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    io.err(`godock: ${dir}: no such folder\n`);
    return 2;
  }
  const facts = readFacts(fileSystem, root);
  if ('problem' in facts) {
    io.err(`godock: ${facts.problem}\n`);
    return 2;
  }
  const topologies: Topology[] = ['host', 'devcontainer', 'both'];
  const topology = (options.topology ?? 'both') as Topology;
  if (!topologies.includes(topology)) {
    io.err(`godock: unknown topology "${options.topology}"; use host, devcontainer or both\n`);
    return 2;
  }
  const main = options.main ?? facts.mains[0];
  if (!facts.mains.some((m) => m.replace(/^\.\//, '') === main.replace(/^\.\//, ''))) {
    io.err(`godock: ${main} is not a main package of this module; choose one of ${facts.mains.join(', ')} with --main\n`);
    return 2;
  }
  if (!options.main && facts.mains.length > 1) io.err(`godock: several main packages (${facts.mains.join(', ')}); using ${main} (choose with --main)\n`);
  const port = options.port === undefined ? facts.ports[0] : Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.err(`godock: --port must be a port number, not "${options.port}"\n`);
    return 2;
  }
  const plan = planDevcontainer(facts, { main, port, topology, host: dockerHost() }, (p) => fileSystem.readFile(nodePath.join(root, p)));
  let conflicts = 0;
  for (const file of plan) {
    const path = nodePath.join(root, file.path);
    if (file.action === 'conflict') {
      conflicts++;
      io.out(`left alone (edited by hand): ${file.path}; the proposed version:\n`);
      io.out(createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.existing ?? '', file.content));
      continue;
    }
    io.out(`${file.action.padEnd(9)} ${file.path}\n`);
    if (options.dryRun || file.action === 'unchanged') continue;
    fs.mkdirSync(nodePath.dirname(path), { recursive: true });
    fs.writeFileSync(path, file.content);
  }
  if (options.dryRun) io.out('Dry run: nothing was written.\n');
  else if (conflicts > 0) io.out(`${conflicts} file(s) differ from what Godock would write and were left alone.\n`);
  return 0;
}
