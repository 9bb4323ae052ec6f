/** DF030 — a base image with no tag, `:latest`, or a distroless image without its Debian release changes under the same Dockerfile. */
import { defineRule } from '../../engine/rule';
import type { Stage } from '../../model/types';
import { isGolangImage } from '../golang';

/** Distroless images: every tag (latest, nonroot, debug…) is rebuilt, so the Debian release in the name is the pin. */
const DISTROLESS = /(^|\/)distroless\/([a-z0-9.-]+)$/;
/** The current Debian release of distroless (its debian12 images reach end of support in September 2026). */
const DEBIAN_RELEASE = '-debian13';
const GO_FLAVORS = new Set(['static', 'base', 'base-nossl', 'cc']);

interface Data {
  stage: Stage;
  /** The distroless flavor (`static`, `base`…), for the fix that adds the Debian release. */
  flavor?: string;
}

export default defineRule<Data>({
  id: 'DF030',
  name: 'base-image-unpinned',
  title: 'Pin the base image to a version',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const base = stage.base;
      // golang is DF001's; a digest names one image for good.
      if (base.stage || base.scratch || base.digest || isGolangImage(base)) continue;
      // A reference an ARG without a default fills in comes from --build-arg: nothing to judge here.
      if (!base.repository || (base.templated && unsetVariable(base.raw, dockerfile.globalArgs))) continue;
      const shown = base.templated ? `${base.raw} (${base.resolved})` : base.resolved;
      const distroless = DISTROLESS.exec(base.repository);
      if (distroless) {
        if (/-debian\d+$/.test(distroless[2])) continue;
        report({
          range: base.range,
          message: `${shown} does not name its Debian release: the image moves to the next release when distroless does`,
          data: { stage, flavor: distroless[2] },
        });
      } else if (base.tag === undefined || base.tag === 'latest') {
        report({
          range: base.range,
          message: base.tag ? `${shown} is not pinned: \`latest\` changes with each release of the image` : `${shown} has no tag, so it is \`latest\`, which changes with each release of the image`,
          data: { stage },
        });
      }
    }
  },
  fix({ data }) {
    if (!data?.flavor || !GO_FLAVORS.has(data.flavor) || data.stage.base.templated) return undefined;
    // The release goes at the end of the repository; registry and tag stay as written.
    const raw = data.stage.base.raw;
    const colon = raw.lastIndexOf(':');
    const end = colon > raw.lastIndexOf('/') ? colon : raw.length;
    const image = raw.slice(0, end) + DEBIAN_RELEASE + raw.slice(end);
    return {
      title: `Use ${image}`,
      edits: [{ range: data.stage.base.range, newText: image }],
      // static holds no shared libraries; base and cc bring glibc and libssl of that release: look first.
      preferred: data.flavor === 'static',
    };
  },
});

function unsetVariable(raw: string, globalArgs: Map<string, string | undefined>): boolean {
  return [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some(([, name]) => globalArgs.get(name) === undefined);
}
