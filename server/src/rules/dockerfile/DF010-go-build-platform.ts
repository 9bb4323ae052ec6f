/** DF010 — cross-compilation done wrong: a hard-coded GOARCH in a shipped build, an emulated compiler, or a binary for the build machine. */
import type { Position, TextEdit } from 'vscode-languageserver-types';
import { defineRule } from '../../engine/rule';
import type { DockerfileModel, RunModel, Stage } from '../../model/types';
import { buildOutput, shippedBuilds } from '../judge';
import {
  declaredArgs, definitionOf, definitionValue, envOf, insertAfterFrom, linkage, stageChain, stageLabel, type Build, type Definition,
} from '../goLinking';

type Problem = 'hard-coded' | 'emulated' | 'undeclared' | 'build-platform';

interface Data {
  problem: Problem;
  build: Build;
  run: RunModel;
  /** The root stage of the builder (where FROM --platform goes). */
  root: Stage;
  arch?: Definition;
  os?: Definition;
  /** cgo must stay native: no --platform=$BUILDPLATFORM and no GOARCH of another platform. */
  cgo: boolean;
}

const references = (value: string | undefined, name: string) => value !== undefined && new RegExp(`\\$\\{?${name}\\b`).test(value);

/** Where a definition is in scope from: its stage and line (a global ARG: nowhere to declare anything). */
function scopeOf(def: Definition | undefined, run: RunModel): { stage: Stage; line: number } | undefined {
  if (!def || def.kind === 'assignment' || def.kind === 'export') return { stage: run.stage, line: run.instruction.getRange().start.line };
  if (!def.stage) return undefined;
  return { stage: def.stage, line: def.instruction.getRange().start.line };
}

export default defineRule<Data>({
  id: 'DF010',
  name: 'go-build-platform',
  title: 'Cross-compile for $TARGETPLATFORM on $BUILDPLATFORM',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    const final = dockerfile.finalStage;
    if (!final) return;
    const finalPlatform = stageChain(final)[0].base.platform;
    const seen = new Set<Build['command']>();
    for (const { build, run } of shippedBuilds(ctx)) {
      // Builds inside a Makefile or script are not followed: their `?=` defaults yield to the RUN's variables.
      if (build.script || seen.has(build.command)) continue;
      seen.add(build.command);
      const root = stageChain(run.stage)[0];
      const platform = root.base.platform;
      const arch = definitionOf(dockerfile, run, build.command, 'GOARCH');
      const os = definitionOf(dockerfile, run, build.command, 'GOOS');
      const archValue = arch && definitionValue(arch);
      const osValue = os && definitionValue(os);
      const cgo = envOf(build, 'CGO_ENABLED') === '1' || linkage(context, build).cgo !== undefined;
      const binary = buildOutput(build, run) ?? 'the binary';
      const data = { build, run, root, arch, os, cgo };
      const at = (def: Definition | undefined) => {
        if (def?.kind === 'assignment' || def?.kind === 'export') return dockerfile.range(def.word.start, def.word.end);
        if (def?.kind === 'arg') return def.entry.range;
        if (def) return def.property.getRange();
        return dockerfile.range(build.command.start, build.command.end);
      };

      const literalArch = archValue && !archValue.includes('$') ? archValue : undefined;
      const literalOs = osValue && !osValue.includes('$') && osValue !== 'linux' ? osValue : undefined;
      if (literalArch || literalOs) {
        // An image pinned to one platform (`FROM --platform=linux/amd64 …` in the final stage) matches on purpose.
        if (finalPlatform && !finalPlatform.includes('$')) continue;
        const name = literalArch ? `GOARCH=${literalArch}` : `GOOS=${literalOs}`;
        report({
          range: at(literalArch ? arch : os),
          message: `${name} is hard-coded for ${binary} (${stageLabel(run.stage)}): an image built for another platform (docker build --platform, or on an ${literalArch === 'arm64' ? 'amd64' : 'arm64'} machine) claims that platform but ships a binary for ${literalArch ?? literalOs}, which fails with "exec format error"`,
          data: { problem: 'hard-coded', ...data },
        });
      } else if (references(archValue, 'TARGETARCH')) {
        if (!platform && !cgo) {
          report({
            range: root.base.range,
            message: `${stageLabel(root)} builds ${binary} for $TARGETARCH without FROM --platform=$BUILDPLATFORM: for every other platform of a multi-platform build the Go compiler itself runs under emulation (slow), although Go cross-compiles natively`,
            data: { problem: 'emulated', ...data },
          });
        }
        const scope = scopeOf(arch, run);
        if (platform && /BUILDPLATFORM/.test(platform) && scope && !declaredArgs(scope.stage, scope.line).has('TARGETARCH')) {
          report({
            range: at(arch),
            message: `$TARGETARCH is empty in ${stageLabel(scope.stage)} (no ARG TARGETARCH there), so GOARCH is empty and ${binary} is built for the build machine, not the target platform`,
            data: { problem: 'undeclared', ...data },
          });
        }
      } else if (!archValue && platform && /BUILDPLATFORM/.test(platform)) {
        report({
          range: dockerfile.range(build.command.start, build.command.end),
          message: `${stageLabel(root)} runs on $BUILDPLATFORM but ${binary} is built without GOARCH: the binary is for the build machine, not for the image's $TARGETPLATFORM`,
          data: { problem: 'build-platform', ...data },
        });
      }
    }
  },
  fix({ data }, { dockerfile }) {
    if (!data) return undefined;
    const { problem, build, run, root, arch, os, cgo } = data;
    const edits: TextEdit[] = [];
    const needArgs = (def: Definition | undefined, names: string[]) => {
      const scope = scopeOf(def, run);
      if (!scope) return;
      const declared = declaredArgs(scope.stage, scope.line);
      const missing = names.filter((n) => !declared.has(n));
      if (missing.length > 0) edits.push(insertAfterFrom(scope.stage, `ARG ${missing.join(' ')}`));
    };
    const platform = () => {
      if (!root.base.platform && !cgo) edits.push(insert(root.base.range.start, '--platform=$BUILDPLATFORM '));
    };
    switch (problem) {
      case 'hard-coded': {
        const names: string[] = [];
        for (const [def, variable] of [[arch, 'TARGETARCH'], [os, 'TARGETOS']] as const) {
          const value = def && definitionValue(def);
          if (!def || !value || value.includes('$') || (variable === 'TARGETOS' && value === 'linux')) continue;
          const edit = replaceValue(dockerfile, def, `$${variable}`);
          if (!edit) return undefined;
          edits.push(edit);
          names.push(variable);
          // Arch and OS set in different places need their ARGs in different stages.
          needArgs(def, [variable]);
        }
        if (names.length === 0) return undefined;
        // On $BUILDPLATFORM, a build without GOARCH is for the build machine: it gets the target's too.
        if (!root.base.platform && !cgo && !arch) {
          edits.push(insert(dockerfile.document.positionAt(build.command.start), 'GOARCH=$TARGETARCH '));
          needArgs(undefined, ['TARGETARCH']);
          names.push('TARGETARCH');
        }
        platform();
        return { title: `Build for ${names.map((n) => `$${n}`).join(' and ')}`, edits: mergeArgs(edits), preferred: true };
      }
      case 'emulated':
        platform();
        needArgs(arch, ['TARGETARCH']);
        return { title: 'Run the compiler on $BUILDPLATFORM', edits: mergeArgs(edits), preferred: true };
      case 'undeclared':
        needArgs(arch, ['TARGETARCH']);
        return { title: 'Declare ARG TARGETARCH', edits, preferred: true };
      case 'build-platform': {
        if (cgo) return undefined;
        const names = os ? ['TARGETARCH'] : ['TARGETOS', 'TARGETARCH'];
        edits.push(insert(dockerfile.document.positionAt(build.command.start), `${os ? '' : 'GOOS=$TARGETOS '}GOARCH=$TARGETARCH `));
        needArgs(undefined, names);
        return { title: 'Build for $TARGETOS/$TARGETARCH', edits, preferred: true };
      }
    }
  },
});

function insert(at: Position, text: string): TextEdit {
  return { range: { start: at, end: at }, newText: text };
}

/** Two `ARG` lines inserted after the same FROM become one (`ARG TARGETARCH` + `ARG TARGETOS`). */
function mergeArgs(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = merged.find((e) => e.newText.startsWith('ARG ') && edit.newText.startsWith('ARG ') && e.range.start.line === edit.range.start.line && e.range.start.character === edit.range.start.character);
    if (same) same.newText = `ARG ${[...same.newText.slice(4).trim().split(' '), ...edit.newText.slice(4).trim().split(' ')].sort().reverse().join(' ')}\n`;
    else merged.push(edit);
  }
  return merged;
}

/** Replaces the value of `NAME=value` (a prefix, an export, an ENV pair or an ARG default). */
function replaceValue(dockerfile: DockerfileModel, def: Definition, value: string): TextEdit | undefined {
  if (def.kind === 'assignment' || def.kind === 'export') {
    const text = dockerfile.document.getText();
    if (text[def.word.start] === '"' || text[def.word.start] === "'") return undefined;
    const eq = text.indexOf('=', def.word.start);
    return { range: dockerfile.range(eq + 1, def.word.end), newText: value };
  }
  const range = def.kind === 'arg' ? def.entry.valueRange : def.property.getValueRange();
  return range ? { range, newText: value } : undefined;
}
