/** DC013 — air on a bind-mounted source without `poll = true` never rebuilds on Docker Desktop: file events do not cross the mount. */
import * as nodePath from 'node:path';
import type { JSONInstruction } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, type ComposeContext, type FileChange } from '../../engine/rule';
import { splitReference } from '../../model/dockerfile';
import type { Node } from 'yaml';
import type { Service, VolumeEntry } from '../../model/types';
import { builtStage } from '../goService';
import { workdirAt } from '../judge';
import { command as imageCommand } from '../runtime';

const AIR_IMAGES = new Set(['cosmtrek/air', 'air-verse/air']);

/** How air runs in a service: its arguments, and the node to point at. */
interface AirRun {
  args: string[];
  node: Node;
}

interface Data {
  /** The config file on the host, and its text (undefined when it does not exist). */
  path: string;
  text?: string;
  poll?: PollLine;
}

/** Where `[build]` and its `poll` are in an air config. */
interface PollLine {
  /** The line of `[build]`, if the file has one. */
  header?: number;
  /** The line of `poll = …` under it, and the value's columns. */
  line?: number;
  value?: { start: number; end: number; text: string };
}

function wordsOf(instruction: JSONInstruction): string[] {
  return instruction.getOpeningBracket() !== null ? instruction.getJSONStrings().map((s) => s.getJSONValue()) : instruction.getArguments().map((a) => a.getValue());
}

const isAir = (word: string | undefined) => word !== undefined && nodePath.posix.basename(word) === 'air';

/** The air a service runs: from its command or entrypoint, else the air image's, else its Dockerfile stage's. */
function airRun({ compose, workspace }: ComposeContext, service: Service): AirRun | undefined {
  const { command, entrypoint } = service;
  if (entrypoint) return isAir(entrypoint.words[0]) ? { args: [...entrypoint.words.slice(1), ...(command?.words ?? [])], node: entrypoint.node } : undefined;
  if (command && isAir(command.words[0])) return { args: command.words.slice(1), node: command.node };
  if (service.image && !service.build && AIR_IMAGES.has(splitReference(service.image.value).repository)) {
    return { args: command?.words ?? [], node: command?.node ?? service.image.node };
  }
  const dockerfile = workspace.dockerfileFor(compose, service);
  const stage = dockerfile && builtStage(dockerfile, service);
  if (!stage) return undefined;
  const image = imageCommand(stage);
  const words = image.entrypoint ? wordsOf(image.entrypoint) : [];
  const cmd = command?.words ?? (image.cmd ? wordsOf(image.cmd) : []);
  const all = image.entrypoint ? [...words, ...cmd] : cmd;
  return isAir(all[0]) ? { args: all.slice(1), node: command?.node ?? service.pair.key } : undefined;
}

/** The folder the container runs in: `working_dir`, else the WORKDIR of the stage it builds. */
function workingDir({ compose, workspace }: ComposeContext, service: Service): string | undefined {
  const written = service.get(['working_dir']);
  if (written && 'value' in written && typeof written.value === 'string') return written.value;
  const dockerfile = workspace.dockerfileFor(compose, service);
  const stage = dockerfile && builtStage(dockerfile, service);
  return stage ? workdirAt(stage, Number.MAX_SAFE_INTEGER) : undefined;
}

/** A bind mount of a host folder (`./src:/src`, `.:/app`, `/home/me/api:/app`), not a named volume. */
function hostMounts(service: Service): VolumeEntry[] {
  return service.volumes.filter((v) => v.type === 'bind' && v.source && v.target && !v.source.includes('$') && !v.source.startsWith('~'));
}

/** The host file behind a container path, through the bind mount that covers it (the deepest one). */
function hostPath(composeDir: string, mounts: VolumeEntry[], containerPath: string): string | undefined {
  const covering = mounts
    .filter((m) => containerPath === m.target || containerPath.startsWith(m.target!.replace(/\/$/, '') + '/'))
    .sort((a, b) => b.target!.length - a.target!.length)[0];
  if (!covering) return undefined;
  return nodePath.resolve(composeDir, covering.source!, nodePath.posix.relative(covering.target!, containerPath));
}

/** `[build]` and `poll = …` in an air config, read line by line (tables, `key = value`, `build.poll` dotted keys). */
export function findPoll(text: string): PollLine {
  const found: PollLine = {};
  let table = '';
  text.split('\n').forEach((raw, line) => {
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(raw);
    if (header) {
      table = header[1].replace(/["']/g, '');
      if (table === 'build' && found.header === undefined) found.header = line;
      return;
    }
    const key = table === 'build' ? /^(\s*poll\s*=\s*)(\S+?)(\s*(#.*)?)$/.exec(raw) : table === '' ? /^(\s*build\s*\.\s*poll\s*=\s*)(\S+?)(\s*(#.*)?)$/.exec(raw) : null;
    if (key && found.line === undefined) {
      found.line = line;
      found.value = { start: key[1].length, end: key[1].length + key[2].length, text: key[2] };
    }
  });
  return found;
}

/** The `--build.poll` flag air also takes on its command line (`--build.poll true`, `--build.poll=true`). */
function pollFlag(args: string[]): string | undefined {
  const i = args.findIndex((a) => a === '--build.poll' || a.startsWith('--build.poll='));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
}

export default defineRule<Data>({
  id: 'DC013',
  name: 'air-without-poll',
  title: 'Set poll = true in .air.toml for a bind-mounted source',
  severity: 'info',
  appliesTo: 'compose',
  check(ctx) {
    const { compose, workspace, report } = ctx;
    if (!compose.path) return;
    const composeDir = nodePath.dirname(compose.path);
    for (const service of compose.services) {
      const mounts = hostMounts(service);
      const air = mounts.length > 0 ? airRun(ctx, service) : undefined;
      if (!air) continue;
      const flag = pollFlag(air.args);
      if (flag === 'true') continue;
      const c = air.args.indexOf('-c');
      const config = c >= 0 && air.args[c + 1] ? air.args[c + 1] : '.air.toml';
      const workdir = workingDir(ctx, service);
      const containerPath = nodePath.posix.isAbsolute(config) ? config : workdir ? nodePath.posix.resolve(workdir, config) : undefined;
      // Without a known folder, air reads the config from the mounted source it was started in.
      const path = containerPath ? hostPath(composeDir, mounts, containerPath) : nodePath.resolve(composeDir, mounts[0].source!, config);
      // `-c .` names a folder: air cannot read it as a config at all, and no file can be written there.
      if (!path || !workspace.isInside(path) || workspace.isFolder(path)) continue;
      const text = workspace.context(nodePath.dirname(path))?.file(nodePath.basename(path));
      const poll = text === undefined ? undefined : findPoll(text);
      if (flag === undefined && poll?.value?.text === 'true') continue;
      const shown = nodePath.relative(composeDir, path) || nodePath.basename(path);
      const why = flag !== undefined ? `--build.poll ${flag}` : text === undefined ? `no ${shown} (air's default is poll = false)` : poll?.value ? `poll = ${poll.value.text} in ${shown}` : `no poll = true in ${shown}`;
      // `poll = false` written out is a choice made for a host where events do cross the mount (Linux, as
      // Godock's own dev-container setup writes it when told so): still shown, as a hint. Left to air's
      // default, nobody chose: info.
      const chosen = flag === 'false' || poll?.value?.text === 'false';
      report({
        range: compose.rangeOf(air.node),
        message: `Service "${service.name}" runs air on a bind-mounted source with ${why}: on Docker Desktop (macOS, Windows, WSL2) file events do not cross the mount, so air never rebuilds`,
        severity: chosen ? 'hint' : undefined,
        data: { path, text, poll: flag === undefined ? poll : undefined },
      });
    }
  },
  fix({ data }) {
    // A `--build.poll false` on the command line wins over the file: that is for the user to change.
    if (!data || (data.text !== undefined && !data.poll)) return undefined;
    const title = `Set poll = true under [build] in ${nodePath.basename(data.path)}`;
    if (data.text === undefined) return { title, edits: [], files: [{ path: data.path, create: '[build]\n  poll = true\n' }] };
    const { poll, text } = data;
    let edit: TextEdit;
    if (poll!.line !== undefined && poll!.value) {
      edit = { range: { start: { line: poll!.line, character: poll!.value.start }, end: { line: poll!.line, character: poll!.value.end } }, newText: 'true' };
    } else if (poll!.header !== undefined) {
      const lines = text.split('\n');
      const next = lines.slice(poll!.header + 1).find((l) => /^\s*[\w"'.-]+\s*=/.test(l));
      const indent = next ? /^\s*/.exec(next)![0] : '  ';
      const at = { line: poll!.header + 1, character: 0 };
      edit = { range: { start: at, end: at }, newText: `${indent}poll = true\n` };
      if (poll!.header + 1 >= lines.length) edit = { range: { start: { line: poll!.header, character: lines[poll!.header].length }, end: { line: poll!.header, character: lines[poll!.header].length } }, newText: `\n${indent}poll = true` };
    } else {
      const lines = text.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      edit = { range: { start: end, end }, newText: `${text.endsWith('\n') || text === '' ? '' : '\n'}${text === '' ? '' : '\n'}[build]\n  poll = true\n` };
    }
    const files: FileChange[] = [{ path: data.path, edits: [edit] }];
    return { title, edits: [], files };
  },
});
