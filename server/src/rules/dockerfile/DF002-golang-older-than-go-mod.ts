/** DF002 — a `golang:X.Y` image older than go.mod's `go`/`toolchain` line fails the build or downloads another Go first. */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import { compareGoVersions, requiredGoVersion } from '../../model/goProject';
import type { DockerfileModel, Stage } from '../../model/types';
import type { BuildContext } from '../../model/workspace';
import { golangTag, isGolangImage } from '../golang';
import { lineage, usesModule } from '../goBuild';

interface Data {
  stage: Stage;
  /** The Go version the tag names (`1.21`, `1.22.0`). */
  version: string;
}

export default defineRule<Data>({
  id: 'DF002',
  name: 'golang-older-than-go-mod',
  title: 'Raise the golang image to the Go version of go.mod',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, context, report }) {
    const goMod = context?.goMod;
    if (!goMod?.go && !goMod?.toolchain) return;
    for (const stage of dockerfile.stages) {
      const base = stage.base;
      if (!isGolangImage(base)) continue;
      const version = golangTag(base.tag).version;
      // A tag without a minor version is DF001's finding, not an old Go.
      if (!version || !version.includes('.')) continue;
      const toolchainSetting = goToolchainSetting(dockerfile, stage, context);
      if (toolchainSetting === 'unknown' || toolchainSetting === 'none') continue;
      const shown = (base.templated ? `${base.raw} (${base.resolved})` : base.resolved).replace(/(@sha256:[0-9a-f]{12})[0-9a-f]+/, '$1…');
      const need = goMod.go && !satisfies(version, goMod.go) ? { line: `go ${goMod.go}`, version: goMod.go, fails: true } : undefined;
      const wish = goMod.toolchain && !satisfies(version, goMod.toolchain) ? { line: `toolchain go${goMod.toolchain}`, version: goMod.toolchain, fails: false } : undefined;
      const problem = need ?? wish;
      if (!problem) continue;
      const goShown = /^\d+\.\d+$/.test(version) ? `${version}.x` : version;
      let consequence: string;
      if (compareGoVersions(version, '1.21') < 0) consequence = problem.fails ? `the build fails: Go ${goShown} predates toolchain selection (Go 1.21) and cannot build for Go ${problem.version}` : `the image builds with Go ${goShown}, not the toolchain the project chose`;
      else if (toolchainSetting === 'auto') consequence = `the build downloads go${requiredGoVersion(goMod)} before it starts (GOTOOLCHAIN=auto)`;
      else if (problem.fails) consequence = `the build fails with "go.mod requires go >= ${problem.version}" (GOTOOLCHAIN=local, as the golang image sets it)`;
      else consequence = `the image builds with Go ${goShown}, not the toolchain the project chose (GOTOOLCHAIN=local, as the golang image sets it)`;
      report({
        range: base.range,
        message: `${shown} has Go ${goShown}, older than \`${problem.line}\` in go.mod: ${consequence}`,
        data: { stage, version },
      });
    }
  },
  fix({ data }, { dockerfile, context }) {
    const required = context?.goMod && requiredGoVersion(context.goMod);
    // A digest names one image whatever the tag says: raising the tag alone would lie.
    if (!data || !required || data.stage.base.digest) return undefined;
    const next = samePrecision(data.version, required);
    const edit = versionEdit(dockerfile, data.stage, data.version, next);
    if (!edit) return undefined;
    return { title: `${edit.title} (go.mod)`, edits: [edit.edit], preferred: true };
  },
});

/**
 * True when an image of Go `tag` runs a module that needs `required`. A `major.minor` tag is the newest
 * patch of that minor, so `golang:1.22` satisfies `go 1.22.5`; a `go 1.22` line (a language version, which
 * sorts before 1.22rc1 and 1.22.0) is satisfied by any 1.22 image.
 */
export function satisfies(tag: string, required: string): boolean {
  const minor = (v: string) => /^(\d+)\.(\d+)/.exec(v);
  const t = minor(tag);
  const r = minor(required);
  if (!t || !r) return compareGoVersions(tag, required) >= 0;
  const byMinor = Number(t[1]) - Number(r[1]) || Number(t[2]) - Number(r[2]);
  if (byMinor !== 0) return byMinor > 0;
  if (t[0] === tag || r[0] === required) return true;
  return compareGoVersions(tag, required) >= 0;
}

/** The new version written like the old one: a `1.21` tag becomes `1.22`, a `1.21.3` tag becomes `1.22.5`. */
function samePrecision(old: string, required: string): string {
  const minor = /^(\d+\.\d+)/.exec(required)?.[1];
  return /^\d+\.\d+$/.test(old) && minor ? minor : required;
}

/**
 * GOTOOLCHAIN where the stage (or a stage built on it) first runs a go command that reads go.mod: `local` is
 * the golang image's own setting. `none` when no such command runs (the Go version then does not matter),
 * `unknown` for a pinned or variable setting.
 */
function goToolchainSetting(dockerfile: DockerfileModel, stage: Stage, context: BuildContext | undefined): 'local' | 'auto' | 'unknown' | 'none' {
  const stages = dockerfile.stages.filter((s) => lineage(s).includes(stage));
  for (const s of stages) {
    for (const run of s.runs) {
      const go = (context ? context.goCommandsOf(run) : run.go).find(usesModule);
      if (!go) continue;
      const value = go.env.get('GOTOOLCHAIN');
      if (value === undefined || value === 'local') return 'local';
      if (/^(auto|path)$|\+(auto|path)$/.test(value)) return 'auto';
      return 'unknown';
    }
  }
  return 'none';
}

/** The edit that writes `next` where the tag's version comes from: the FROM itself, or a global ARG default. */
function versionEdit(dockerfile: DockerfileModel, stage: Stage, version: string, next: string): { title: string; edit: TextEdit } | undefined {
  const document = dockerfile.document;
  const base = stage.base;
  const find = (text: string) => {
    for (let i = text.indexOf(version); i >= 0; i = text.indexOf(version, i + 1)) {
      const before = text[i - 1] ?? '';
      const after = text.slice(i + version.length);
      if (/^[:="'-]?$/.test(before) && !/^(\.?\d|rc\d)/.test(after)) return i;
    }
    return -1;
  };
  const replaceAt = (offset: number) => ({ range: { start: document.positionAt(offset), end: document.positionAt(offset + version.length) }, newText: next });

  if (base.templated) {
    // The version lives in the default of a global ARG the reference uses: change it there.
    for (const variable of stage.from.getVariables()) {
      const name = variable.getName();
      const args = dockerfile.ast.getInitialARGs().filter((a) => a.getArguments().some((w) => w.getValue().split('=')[0] === name));
      const argument = args.at(-1)?.getArguments().find((w) => w.getValue().split('=')[0] === name);
      if (!argument || !argument.getValue().includes('=')) continue;
      const start = document.offsetAt(argument.getRange().start);
      const text = document.getText(argument.getRange());
      const eq = text.indexOf('=');
      const at = find(text.slice(eq + 1));
      if (at < 0) continue;
      const value = argument.getValue().slice(argument.getValue().indexOf('=') + 1).replace(/^["']|["']$/g, '');
      return { title: `Set ARG ${name}=${value.replace(version, next)}`, edit: replaceAt(start + eq + 1 + at) };
    }
  }
  const start = document.offsetAt(base.range.start);
  const raw = document.getText(base.range);
  const colon = raw.replace(/@.*$/, '').lastIndexOf(':');
  const at = colon < 0 ? -1 : find(raw.slice(colon + 1));
  if (at < 0) return undefined;
  const image = (raw.slice(0, colon + 1 + at) + next + raw.slice(colon + 1 + at + version.length)).replace(/@.*$/, '');
  return { title: `Raise to ${image}`, edit: replaceAt(start + colon + 1 + at) };
}
