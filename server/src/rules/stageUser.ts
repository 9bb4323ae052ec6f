/**
 * Who a stage runs as: the last USER (inherited through `FROM <stage>`), else the default user of the base
 * image where it is known, and what a stage's filesystem receives from COPY/ADD (passwd files, CA bundles).
 */
import { Add, Copy, type Instruction } from 'dockerfile-ast';
import * as nodePath from 'node:path';
import type { BaseImage, DockerfileModel, Stage } from '../model/types';
import { hasVariables, substitute } from '../model/variables';
import { imageFamily, rootBase, workdirAt } from './judge';
import { scopeLookup } from './settings';

export type StageUser =
  /** A USER instruction sets it (`user` after ARG/ENV substitution). */
  | { kind: 'user'; user: string; instruction: Instruction; stage: Stage }
  /** No USER: the base image's default, root. */
  | { kind: 'root'; base: BaseImage }
  /** No USER: the base image's default user is not root (distroless `:nonroot`, Chainguard static). */
  | { kind: 'nonroot'; base: BaseImage; uid: string }
  /** A USER or base image whose user cannot be told from the Dockerfile. */
  | { kind: 'unknown' };

/** The user in effect at a line of a stage (the whole stage with `Number.MAX_SAFE_INTEGER`). */
export function effectiveUser(dockerfile: DockerfileModel, stage: Stage, line = Number.MAX_SAFE_INTEGER): StageUser {
  const users = stage.instructions.filter((i) => i.getKeyword() === 'USER' && i.getRange().start.line < line);
  const last = users.at(-1);
  if (last) {
    const scope = stage.envAt(last.getRange().start.line);
    const raw = last.getArgumentsContent()?.trim() ?? '';
    const user = substitute(raw, scopeLookup(scope, dockerfile));
    if (!user || hasVariables(user) || (hasVariables(raw) && user === '')) return { kind: 'unknown' };
    return { kind: 'user', user, instruction: last, stage };
  }
  if (stage.base.stage) return effectiveUser(dockerfile, stage.base.stage);
  return baseDefaultUser(stage.base);
}

/** The default user of an image, as far as its name tells. */
export function baseDefaultUser(base: BaseImage): StageUser {
  if (!base.scratch && (hasVariables(base.resolved) || base.repository === '')) return { kind: 'unknown' };
  const tag = base.tag ?? 'latest';
  const family = imageFamily(base);
  if (family.startsWith('distroless')) return /nonroot/.test(tag) ? { kind: 'nonroot', base, uid: '65532' } : { kind: 'root', base };
  // Chainguard's runtime images run as nonroot (65532); their -dev variants run as root.
  if (/^cgr\.dev\/chainguard\/(static|glibc-dynamic)$/.test(base.repository)) return /dev/.test(tag) ? { kind: 'root', base } : { kind: 'nonroot', base, uid: '65532' };
  if (family !== 'other') return { kind: 'root', base };
  if (/(^|\/)(busybox|ubuntu|debian|fedora|centos|rockylinux|almalinux|amazonlinux|ubi\d*(-minimal|-micro)?)$/.test(base.repository)) return { kind: 'root', base };
  return { kind: 'unknown' };
}

/** `root`, `0`, `root:root`, `0:0`: the user part decides. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

/** A USER value's user and group parts. */
export function userParts(user: string): { user: string; group?: string } {
  const [name, group] = user.split(':');
  return { user: name, group };
}

/** The absolute destinations (with their sources) of the COPY/ADD instructions of a stage and the stages it builds on. */
export function copiedPaths(stage: Stage): { instruction: Copy | Add; sources: string[]; destination: string; from?: string }[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain.flatMap((s) =>
    s.instructions.flatMap((instruction) => {
      if (!(instruction instanceof Copy || instruction instanceof Add)) return [];
      const args = instruction.getArguments().map((a) => a.getValue());
      if (args.length < 2) return [];
      const dir = workdirAt(s, instruction.getRange().start.line);
      const written = args.at(-1)!;
      const destination = nodePath.posix.resolve(dir, written) + (written.endsWith('/') ? '/' : '');
      const from = instruction instanceof Copy ? instruction.getFromFlag()?.getValue() ?? undefined : undefined;
      return [{ instruction, sources: args.slice(0, -1), destination, from }];
    }),
  );
}

/** True when some COPY/ADD of the stage puts a file at `path` (copying it by name, or its folder). */
export function receivesFile(stage: Stage, path: string): boolean {
  const base = nodePath.posix.basename(path);
  const dir = nodePath.posix.dirname(path);
  return copiedPaths(stage).some(({ sources, destination }) => {
    const dest = destination.replace(/\/+$/, '');
    if (dest === path) return true;
    // `COPY --from=build /etc/passwd /etc/` or `COPY --from=build /etc/ /etc/`
    if (dest === dir && sources.some((s) => nodePath.posix.basename(s) === base || s.replace(/\/$/, '') === dir)) return true;
    // A whole folder copied to / or to the file's folder (`COPY rootfs/ /`) may hold it: count it.
    if ((dest === '' || dest === dir) && sources.some((s) => s.endsWith('/'))) return true;
    // `COPY --from=build /etc /etc` style copies of a parent folder.
    return sources.some((s) => path.startsWith(s.replace(/\/$/, '') + '/') && path.startsWith(dest + '/'));
  });
}
