/** DC011 — a `build.target` no stage of the Dockerfile has, or a `build.dockerfile` that does not exist, fails the build. */
import * as nodePath from 'node:path';
import { isScalar, type Node } from 'yaml';
import { defineRule } from '../../engine/rule';
import type { ValueAt } from '../../model/types';
import { closest } from '../similar';
import { replaceScalar } from '../yamlEdit';

interface Data {
  target?: ValueAt;
  /** The stage names of the Dockerfile, as written. */
  stages: string[];
}

/** A context the builder fetches (git repository, tarball URL) is not on disk to check. */
const REMOTE_CONTEXT = /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i;

export default defineRule<Data>({
  id: 'DC011',
  name: 'build-target-unknown',
  title: 'Build a stage the Dockerfile defines, from a Dockerfile that exists',
  severity: 'error',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    if (!compose.path) return;
    const composeDir = nodePath.dirname(compose.path);
    for (const service of compose.services) {
      const build = service.build;
      if (!build || build.inline || REMOTE_CONTEXT.test(build.context) || build.context.includes('$') || build.dockerfile.includes('$')) continue;
      const contextDir = nodePath.resolve(composeDir, build.context);
      const path = nodePath.resolve(contextDir, build.dockerfile);
      const shown = nodePath.relative(composeDir, path) || build.dockerfile;
      const dockerfile = workspace.dockerfileFor(compose, service);
      if (!dockerfile) {
        // Only a Dockerfile named in `dockerfile:` is reported missing: a file with no Dockerfile at its
        // context is as often a snippet or a partial checkout as a mistake.
        const node = service.get(['build', 'dockerfile']);
        if (!isScalar(node) || !workspace.isInside(path)) continue;
        if (workspace.context(nodePath.dirname(path))?.file(nodePath.basename(path)) !== undefined) continue;
        report({
          range: compose.rangeOf(node as Node),
          message: `Service "${service.name}" builds from ${build.dockerfile}, which does not exist${shown === build.dockerfile ? '' : ` (looked for ${shown})`}`,
          data: { stages: [] },
        });
        continue;
      }
      const target = build.target;
      if (!target || target.value.includes('$')) continue;
      const stages = dockerfile.stages.map((s) => s.from.getBuildStage()).filter((n): n is string => !!n);
      // A stage named by a variable (`AS ${TARGET}`) may be the one.
      if (stages.some((n) => n.includes('$'))) continue;
      if (stages.some((n) => n.toLowerCase() === target.value.toLowerCase())) continue;
      report({
        range: compose.rangeOf(target.node),
        message: stages.length
          ? `Service "${service.name}" builds target "${target.value}", but ${shown} has no stage of that name (stages: ${stages.join(', ')})`
          : `Service "${service.name}" builds target "${target.value}", but ${shown} has no named stage (\`FROM … AS name\`)`,
        data: { target, stages },
      });
    }
  },
  fix({ data }, { compose }) {
    if (!data?.target || data.stages.length === 0) return undefined;
    const stage = closest(data.target.value, data.stages, (s) => s.toLowerCase())!;
    return { title: `Build stage "${stage}" instead`, edits: [replaceScalar(compose, data.target.node, stage)] };
  },
});
