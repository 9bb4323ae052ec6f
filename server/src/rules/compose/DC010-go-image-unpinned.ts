/** DC010 — `image: golang`, `golang:latest`, `:1` or `:alpine`, or an untagged air image pulls whatever is newest that day. */
import * as nodePath from 'node:path';
import { defineRule, type ComposeContext } from '../../engine/rule';
import { splitReference } from '../../model/dockerfile';
import { requiredGoVersion } from '../../model/goProject';
import type { Service, ValueAt } from '../../model/types';
import { golangTag } from '../golang';
import { replaceScalar } from '../yamlEdit';

/**
 * The air release the fix pins to (github.com/air-verse/air, from the Go module proxy). air's release
 * workflow pushes each tag to Docker Hub as `cosmtrek/air:<tag>`, the only repository it publishes to.
 */
export const AIR_IMAGE = 'cosmtrek/air:v1.67.4';
const AIR_REPOSITORIES = new Set(['cosmtrek/air', 'air-verse/air']);

interface Data {
  service: Service;
  image: ValueAt;
  kind: 'golang' | 'air';
  variant: string;
}

/** The image reference without its tag or digest, as written (`docker.io/library/golang`). */
function repositoryAsWritten(reference: string): string {
  return reference.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
}

/** go.mod of the service's build context, else of the compose file's folder or the nearest one above it. */
function goModFor({ compose, workspace }: ComposeContext, service: Service) {
  if (!compose.path) return undefined;
  const composeDir = nodePath.dirname(compose.path);
  let dir = service.build ? nodePath.resolve(composeDir, service.build.context) : composeDir;
  for (; workspace.isInside(dir); dir = nodePath.dirname(dir)) {
    const goMod = workspace.context(dir)?.goMod;
    if (goMod) return goMod;
    if (dir === nodePath.dirname(dir)) break;
  }
  return undefined;
}

export default defineRule<Data>({
  id: 'DC010',
  name: 'go-image-unpinned',
  title: 'Pin the golang or air image to a version',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, report }) {
    for (const service of compose.services) {
      const image = service.image;
      // With `build:`, `image:` names the image being built; a variable is resolved only at `docker compose up`.
      if (!image || service.build || image.value.includes('$')) continue;
      const { repository, tag, digest } = splitReference(image.value);
      if (digest) continue;
      const shown = tag ? image.value : `${image.value} (no tag: latest)`;
      if (repository === 'golang') {
        const { version, variant } = golangTag(tag);
        if (version?.includes('.')) continue;
        report({
          range: compose.rangeOf(image.node),
          message: `Service "${service.name}" uses ${shown}, not pinned to a Go version: each pull may bring a different Go`,
          data: { service, image, kind: 'golang', variant },
        });
      } else if (AIR_REPOSITORIES.has(repository) && (!tag || tag === 'latest')) {
        report({
          range: compose.rangeOf(image.node),
          message: `Service "${service.name}" uses ${shown}, not pinned to an air release: each pull may bring a different air and Go`,
          data: { service, image, kind: 'air', variant: '' },
        });
      }
    }
  },
  fix({ data }, ctx) {
    if (!data) return undefined;
    if (data.kind === 'air') {
      return { title: `Pin to ${AIR_IMAGE} (air's published image)`, edits: [replaceScalar(ctx.compose, data.image.node, AIR_IMAGE)] };
    }
    const goMod = goModFor(ctx, data.service);
    const version = goMod && requiredGoVersion(goMod);
    if (!version) return undefined;
    const image = `${repositoryAsWritten(data.image.value)}:${version}${data.variant || '-bookworm'}`;
    return { title: `Pin to ${image} (go.mod)`, edits: [replaceScalar(ctx.compose, data.image.node, image)], preferred: true };
  },
});
