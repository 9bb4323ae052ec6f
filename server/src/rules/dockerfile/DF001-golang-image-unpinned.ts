/** DF001 — `FROM golang`, `:latest`, `:1` or `:alpine` builds with whatever Go is newest that day. */
import { defineRule } from '../../engine/rule';
import { requiredGoVersion } from '../../model/goProject';
import type { Stage } from '../../model/types';
import { golangTag, isGolangImage } from '../golang';

interface Data {
  stage: Stage;
  variant: string;
}

export default defineRule<Data>({
  id: 'DF001',
  name: 'golang-image-unpinned',
  title: 'Pin the golang image to the Go version of go.mod',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const base = stage.base;
      if (!isGolangImage(base) || base.digest) continue;
      const tag = golangTag(base.tag);
      if (tag.version && tag.version.includes('.')) continue;
      const shown = base.templated ? `${base.raw} (${base.resolved})` : base.resolved;
      report({
        range: base.range,
        message: `${shown} is not pinned to a Go version: each build may get a different Go`,
        data: { stage, variant: tag.variant },
      });
    }
  },
  fix({ data }, { dockerfile, context }) {
    const version = context?.goMod && requiredGoVersion(context.goMod);
    // A templated reference is fixed at its ARG, not here; no fix is better than a wrong one.
    if (!data || !version || data.stage.base.templated) return undefined;
    const base = data.stage.base;
    const repository = base.raw.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
    const image = `${repository}:${version}${data.variant || '-bookworm'}`;
    return {
      title: `Pin to ${image} (go.mod)`,
      edits: [{ range: base.range, newText: image }],
      preferred: true,
    };
  },
});
