/**
 * Gathers the facts the debug setup checks judge, without VS Code: the dev compose file and its findings (asked
 * of the language server), the Dockerfile it builds, the air config it runs, launch.json, and the running
 * container through the Docker layer. checks.ts judges them; vscode.ts shows the result.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerConnection } from '../../../server/src/docker/connection';
import { findServiceContainer, publishedPort } from '../../../server/src/docker/containers';
import { parseModel } from '../../../server/src/model';
import { diskFileSystem } from '../../../server/src/model/diskFileSystem';
import type { ComposeModel } from '../../../server/src/model/types';
import { Workspace } from '../../../server/src/model/workspace';
import type { LintFinding } from '../../../server/src/protocol';
import { DEV_COMPOSE_FILES, devTarget } from '../devloop/core';
import {
  checkAir, checkCompose, checkDelveAnswers, checkDockerfile, checkLaunch, checkPort, checkPtrace, checkVersions,
  type AirFacts, type Check, type Files, type LaunchConfig,
} from './checks';
import { containerFacts } from './container';
import { portOpen, resolveAttach, type ResolvedAttach } from './core';
import { probeDelve } from './reattach';

const DELVE_PORT = 2345;

/** The language server's findings on a file (its `godock/lintFile` request): the Problems panel's, unsaved text included. */
export type LintFile = (path: string) => Promise<LintFinding[]>;

/** The dev compose file of a workspace folder: the first of Godock's names that exists. */
export function devComposeFile(folder: string): string | undefined {
  return DEV_COMPOSE_FILES.map((name) => nodePath.join(folder, name)).find((path) => fs.existsSync(path));
}

/**
 * The container checks resolveDebugConfiguration runs before attaching: port, Delve's answer, and with the
 * container (when the Docker layer finds it) the versions and ptrace. The container facts are skipped when
 * Docker does not answer: the port and Delve checks already say what is wrong.
 */
export async function containerChecks(config: ResolvedAttach, folder: string, conn: DockerConnection): Promise<Check[]> {
  const composeFile = devComposeFile(folder);
  const target = composeFile ? devTarget(fs.readFileSync(composeFile, 'utf8'), composeFile, folder, process.env) : undefined;
  const files: Files = { compose: composeFile };
  const [reachable, probe] = await Promise.all([portOpen(config.host, config.port), probeDelve(config.host, config.port, 2000)]);
  const checks = [checkPort(reachable, config, files), ...(reachable ? [checkDelveAnswers(probe, config, files)] : [])];
  const container = target ? await findServiceContainer(conn, { project: target.project, service: target.service, composeFile }).catch(() => undefined) : undefined;
  if (container?.state === 'running') {
    const facts = await containerFacts(conn, container.id).catch(() => undefined);
    if (facts) checks.push(checkVersions(facts, files), checkPtrace(facts, files));
  }
  return checks;
}

/** The whole chain for "Check Debug Setup": compose → Dockerfile → .air.toml → launch.json → the container. */
export async function chainChecks(folder: string, conn: DockerConnection, lintFile: LintFile): Promise<Check[]> {
  const composeFile = devComposeFile(folder);
  if (!composeFile) return checkCompose(undefined, []);
  const workspace = new Workspace(diskFileSystem, [folder]);
  const composeText = fs.readFileSync(composeFile, 'utf8');
  const composeModel = parseModel('compose', TextDocument.create(pathToFileURL(composeFile).toString(), 'dockercompose', 0, composeText), composeFile) as ComposeModel;
  const checks = checkCompose(composeFile, await lintFile(composeFile));

  const target = devTarget(composeText, composeFile, folder, process.env);
  const service = composeModel.services.find((s) => s.name === target?.service);
  const dockerfile = service ? workspace.dockerfileFor(composeModel, service) : undefined;
  checks.push(...checkDockerfile(dockerfile?.path, dockerfile?.path ? await lintFile(dockerfile.path) : []));
  checks.push(...checkAir(service && target?.runsAir ? airFacts(service, composeModel, target.mount, workspace) : undefined));

  const published = service?.ports.find((p) => p.target === String(DELVE_PORT))?.published;
  const delveHostPort = published ? Number(published.split('-')[0]) : undefined;
  checks.push(checkLaunch(launchFacts(folder), folder, target?.mount, delveHostPort));

  const attach = resolveAttach({ port: delveHostPort }, target?.mount);
  checks.push(...(await containerChecks(attach, folder, conn)));
  return checks;
}

/** The air config the service runs: `-c <file>` (else .air.toml) in its working_dir, found on the host through the mount. */
function airFacts(service: ComposeModel['services'][number], compose: ComposeModel, mount: { from: string; to: string } | undefined, workspace: Workspace): AirFacts {
  const words = service.command?.words ?? [];
  const c = words.indexOf('-c');
  const file = c >= 0 && words[c + 1] ? words[c + 1] : '.air.toml';
  const workdir = service.get(['working_dir']);
  const containerDir = workdir && 'value' in workdir && typeof workdir.value === 'string' ? workdir.value : mount?.to;
  const containerPath = nodePath.posix.resolve(containerDir ?? '/', file);
  const path =
    mount && (containerPath === mount.to || containerPath.startsWith(mount.to + '/'))
      ? nodePath.join(mount.from, nodePath.posix.relative(mount.to, containerPath))
      : nodePath.resolve(nodePath.dirname(compose.path ?? '.'), file);
  const air = workspace.airConfig(path);
  if (!air) return { path, lineOf: () => undefined };
  const error = air.syntaxErrors[0];
  return {
    path,
    text: air.text,
    syntaxError: error ? { message: error.message, line: error.range.start.line } : undefined,
    build: air.tables.build,
    lineOf: (key) => air.keyRange('build', key)?.start.line,
  };
}

function launchFacts(folder: string): { path: string; configs?: LaunchConfig[]; parseError?: string } {
  const path = nodePath.join(folder, '.vscode', 'launch.json');
  if (!fs.existsSync(path)) return { path, configs: [] };
  const errors: ParseError[] = [];
  const doc = parseJsonc(fs.readFileSync(path, 'utf8'), errors, { allowTrailingComma: true }) as { configurations?: LaunchConfig[] } | undefined;
  if (errors.length > 0 || typeof doc !== 'object' || doc === null) return { path, parseError: 'it is not valid JSON with comments' };
  return { path, configs: Array.isArray(doc.configurations) ? doc.configurations : [] };
}
