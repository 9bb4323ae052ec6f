/** DF008 — cgo is off (CGO_ENABLED=0) or has no C compiler while the module needs it: the build or the program fails. */
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, type DockerfileContext, type Severity } from '../../engine/rule';
import type { ShellCommand } from '../../model/shell';
import type { DockerfileModel, RunModel, Stage } from '../../model/types';
import { golangTag } from '../golang';
import { buildOutput, imageFamily, libc, rootBase, shippedBuilds } from '../judge';
import {
  buildsLocalCode, commandFor, definitionBeneath, definitionOf, definitionValue, envOf, imageLabel, insertAfterFrom, installedPackages, linkage, linksNoC,
  removeDefinition, setDefinitionValue, withScriptExports, type Build, type Linkage,
} from '../goLinking';

interface Data {
  build: Build;
  run: RunModel;
  link: Linkage;
  /** The C toolchain packages the stage lacks (alpine). */
  missing: string[];
  /** CGO_ENABLED=0 is to be dropped. */
  drop: boolean;
}

const isAlpine = (stage: Stage) => ['golang-alpine', 'alpine'].includes(imageFamily(rootBase(stage)));

/** gcc and musl-dev (or build-base, which has both) that an alpine stage lacks before a line. */
function missingCToolchain(stage: Stage, line: number): string[] {
  const packages = installedPackages(stage, line);
  if (packages.has('build-base')) return [];
  return ['gcc', 'musl-dev'].filter((p) => !packages.has(p));
}

export default defineRule<Data>({
  id: 'DF008',
  name: 'cgo-required-but-disabled',
  title: 'Build with cgo (and a C compiler) when the module needs it',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    const seen = new Set<ShellCommand>();
    for (const stage of dockerfile.stages) {
      for (const run of stage.runs) {
        const builds: Build[] = context ? context.goCommandsOf(run).map((b) => withScriptExports(context, b)) : run.go;
        for (const build of builds) {
          if (!buildsLocalCode(build) || seen.has(build.command)) continue;
          seen.add(build.command);
          const cgo = envOf(build, 'CGO_ENABLED');
          const line = run.instruction.getRange().start.line;
          const shown = commandFor(run, build) ?? run.commands[0];
          const range = shown ? dockerfile.range(shown.start, shown.end) : run.instruction.getRange();
          const binary = (build.script ? undefined : buildOutput(build, run)) ?? 'the program';
          if (cgo === '0') {
            const link = linkage(context, build);
            const need = link.cgo;
            if (!need) continue;
            let message: string;
            let severity: Severity = 'warning';
            if ('module' in need) {
              if (need.module.fails === 'runtime') {
                severity = 'error';
                message = `CGO_ENABLED=0 builds ${binary} without cgo, but ${need.importPath} needs it: the build succeeds and the program fails at run time with ${need.module.symptom}`;
              } else {
                message = `CGO_ENABLED=0, but ${need.importPath} needs cgo: without it the package has none of its API and the build fails ("${need.module.symptom}")`;
              }
            } else {
              message = need.allFiles
                ? `CGO_ENABLED=0, but ${need.file} imports "C": the build fails with "build constraints exclude all Go files" in ${need.packageDir}`
                : `CGO_ENABLED=0, but ${need.file} imports "C": its package is built without that file and the build fails on the names it defines`;
            }
            const missing = isAlpine(run.stage) ? missingCToolchain(run.stage, line) : [];
            report({ range, message, severity, data: { build, run, link, missing, drop: true } });
          } else if (cgo === '1' && isAlpine(run.stage)) {
            const missing = missingCToolchain(run.stage, line);
            if (missing.length === 0) continue;
            const link = linkage(context, build);
            // A program that links no C builds without a compiler even with CGO_ENABLED=1.
            if (linksNoC(link)) continue;
            const what = missing.length === 2 ? 'no C compiler' : missing[0] === 'gcc' ? 'musl-dev but no gcc' : 'gcc but no musl-dev (the C headers)';
            const fails = missing.includes('gcc') ? `cgo: C compiler "gcc" not found` : 'fatal error: stdlib.h: No such file or directory';
            report({
              range,
              message: `CGO_ENABLED=1 in ${imageLabel(run.stage)}, which has ${what}: the build of ${binary} fails ("${fails}")`,
              data: { build, run, link, missing, drop: false },
            });
          }
        }
      }
    }
  },
  fix({ data }, ctx) {
    if (!data) return undefined;
    const { dockerfile } = ctx;
    const { build, run, link, missing } = data;
    const edits: TextEdit[] = [];
    // Right after FROM: placed after `COPY . .`, every source change would install the compiler again.
    const apk = missing.length > 0 ? insertAfterFrom(run.stage, `RUN apk add --no-cache ${missing.join(' ')}`) : undefined;
    if (!data.drop) return apk && { title: `Install ${missing.join(' ')} before the build`, edits: [apk], preferred: true };
    if (link.cgo && 'module' in link.cgo && link.cgo.module.systemLibraries) return undefined;
    const command = commandFor(run, build, 'CGO_ENABLED');
    const definition = command && definitionOf(dockerfile, run, command, 'CGO_ENABLED');
    if (!definition) return undefined;
    // Dropping it would uncover another CGO_ENABLED=0 (an ENV the RUN overrides): set this one to 1 instead.
    const beneath = definitionBeneath(dockerfile, run, command, definition, 'CGO_ENABLED');
    const enable = beneath && definitionValue(beneath) === '0';
    const change = enable ? setDefinitionValue(dockerfile, definition, 'CGO_ENABLED', '1') : undefined;
    if (enable && !change) return undefined;
    const removal = change ? [change] : removeDefinition(dockerfile, run, definition);
    if (!removal) return undefined;
    // The compiler's line first: right after FROM it may sit where a removed ENV line starts, and an insert
    // listed after a deletion at the same place reads as overlapping it.
    if (apk) edits.push(apk);
    edits.push(...removal);
    const runtime = runtimeSwitch(ctx, run, build);
    if (runtime) edits.push(runtime.edit);
    const title = [enable ? 'Set CGO_ENABLED=1' : 'Drop CGO_ENABLED=0', apk && `install ${missing.join(' ')}`, runtime && `run on ${runtime.image}`].filter(Boolean).join(', ');
    return { title, edits, preferred: true };
  },
});

/**
 * The final stage's new image when this build's binary is shipped in an image without a C library: a
 * distroless image with glibc (Debian 12, or 13 for a trixie builder: glibc runs binaries linked against an
 * older glibc, not a newer one), or the builder's alpine release.
 */
function runtimeSwitch(ctx: DockerfileContext, run: RunModel, build: Build): { image: string; edit: TextEdit } | undefined {
  const final = ctx.dockerfile.finalStage;
  if (!final || final.base.templated || final.base.stage || libc(final) !== 'none') return undefined;
  if (!shippedBuilds(ctx).some((s) => s.build.command === build.command)) return undefined;
  const builderTag = rootBase(run.stage).tag ?? '';
  let image: string | undefined;
  if (libc(run.stage) === 'glibc') {
    const debian = /trixie/.test(builderTag) ? '13' : /bookworm|bullseye|buster/.test(builderTag) ? '12' : undefined;
    const tag = /distroless/.test(final.base.repository) ? final.base.tag : undefined;
    if (debian) image = `gcr.io/distroless/base-debian${debian}${tag && tag !== 'latest' ? `:${tag}` : ''}`;
  } else if (libc(run.stage) === 'musl') {
    const alpine = /alpine(\d+\.\d+)/.exec(golangTag(builderTag).variant || builderTag)?.[1];
    if (alpine) image = `alpine:${alpine}`;
  }
  return image ? { image, edit: replaceImage(ctx.dockerfile, final, image) } : undefined;
}

function replaceImage(dockerfile: DockerfileModel, stage: Stage, image: string): TextEdit {
  return { range: stage.base.range, newText: image };
}
