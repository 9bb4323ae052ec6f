/** What compose rules judge about a service: whether it runs Go, and which Dockerfile stage it runs. */
import * as nodePath from 'node:path';
import type { ComposeContext } from '../engine/rule';
import { splitReference } from '../model/dockerfile';
import type { DockerfileModel, Service, Stage } from '../model/types';
import { rootBase } from './judge';

const GO_IMAGES = new Set(['golang', 'cosmtrek/air', 'air-verse/air']);

/** The stage a service's build produces: its `build.target`, else the last stage. */
export function builtStage(dockerfile: DockerfileModel, service: Service): Stage | undefined {
  const target = service.build?.target?.value.toLowerCase();
  return target ? dockerfile.stages.find((s) => s.name === target) : dockerfile.finalStage;
}

/**
 * A Go service: it runs a golang (or air) image, builds a Dockerfile that runs `go build`/`install`/`run`
 * (in a RUN, or a Makefile or script a RUN calls) or whose stage runs on golang, or its build context
 * holds a go.mod.
 */
export function isGoService({ compose, workspace }: ComposeContext, service: Service): boolean {
  if (service.image && !service.build && GO_IMAGES.has(splitReference(service.image.value).repository)) return true;
  if (!service.build || !compose.path) return false;
  const contextDir = nodePath.resolve(nodePath.dirname(compose.path), service.build.context);
  if (workspace.context(contextDir)?.goMod) return true;
  const dockerfile = workspace.dockerfileFor(compose, service);
  if (!dockerfile) return false;
  const stage = builtStage(dockerfile, service);
  if (stage && GO_IMAGES.has(rootBase(stage).repository)) return true;
  const context = workspace.contextFor(dockerfile);
  return dockerfile.stages.some((s) =>
    s.runs.some((run) => (context ? context.goCommandsOf(run) : run.go).some((g) => g.sub === 'build' || g.sub === 'install' || g.sub === 'run')),
  );
}
