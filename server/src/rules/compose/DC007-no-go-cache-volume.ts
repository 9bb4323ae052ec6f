/** DC007 — a dev service builds Go from bind-mounted source with no volume for the module and build caches. */
import { isScalar, isSeq, type Node } from 'yaml';
import { User } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Service, VolumeEntry } from '../../model/types';
import { goCommandOf, mountCovering, mountsSource, parseDelve, programName, serviceRun, stageChain, type ServiceRun } from '../devLoop';
import { appendSeqItems, declareVolumes, scalarLike } from '../yamlEdit';
import { CACHE_VOLUMES } from './DC001-gopath-mount';
import { cacheFolders } from '../goBuild';

interface Cache {
  name: string;
  target: string;
  what: string;
}

interface Data {
  service: Service;
  missing: Cache[];
}

/** What the service runs that compiles Go: `go run`, `go build`, `air`, `dlv debug`/`dlv test`. */
function compiles(run: ServiceRun): string | undefined {
  for (const command of run.commands) {
    const go = goCommandOf(command);
    if (go && (go.sub === 'run' || go.sub === 'build') && command.file.kind !== 'air') return `\`go ${go.sub}\``;
    if (programName(command) === 'air') return "`air`";
    const dlv = parseDelve(command);
    if (dlv && (dlv.sub === 'debug' || dlv.sub === 'test')) return `\`dlv ${dlv.sub}\``;
  }
  return undefined;
}

/**
 * Where the go command keeps its caches in the container: GOMODCACHE/GOPATH and GOCACHE/XDG_CACHE_HOME/HOME
 * from the service's environment, then the image's ENV, else the golang image's defaults (GOPATH=/go, root's
 * HOME). The build cache of another user with no GOCACHE set is unknown.
 */
function cachePaths(run: ServiceRun): { modules?: string; build?: string } {
  const image = run.stage ? run.stage.envAt(Number.MAX_SAFE_INTEGER) : new Map<string, string>();
  const userNode = run.service.get(['user']);
  const user = isScalar(userNode) ? String(userNode.value) : run.stage && stageChain(run.stage).flatMap((s) => s.instructions).filter((i) => i instanceof User).at(-1)?.getArgumentsContent()?.trim();
  const root = user === undefined || /^(root|0)(:.*)?$/.test(user);
  return cacheFolders((name) => run.service.environment.get(name)?.value ?? image.get(name), { home: root ? '/root' : undefined, gopath: () => '/go' });
}

export default defineRule<Data>({
  id: 'DC007',
  name: 'no-go-cache-volume',
  title: 'Add named volumes for the Go module and build caches',
  severity: 'warning',
  appliesTo: 'compose',
  check({ compose, workspace, report }) {
    for (const service of compose.services) {
      const source = mountsSource(compose, service, workspace);
      if (!source) continue;
      const run = serviceRun(compose, service, workspace);
      const how = compiles(run);
      if (!how) continue;
      const { modules, build } = cachePaths(run);
      const kept = (path: string) => mountCovering(service.volumes, path, ['bind', 'volume', 'unknown']) !== undefined;
      const missing: Cache[] = [];
      if (modules && !kept(modules)) missing.push({ name: CACHE_VOLUMES[0].name, target: modules, what: 'module cache' });
      if (build && !kept(build)) missing.push({ name: CACHE_VOLUMES[1].name, target: build, what: 'build cache' });
      if (missing.length === 0) continue;
      const caches = missing.map((m) => `the ${m.what} (${m.target})`).join(' or ');
      const cost = missing.length === 2 ? 'downloads every module and rebuilds everything' : missing[0].what === 'module cache' ? 'downloads every module again' : 'rebuilds every package from scratch';
      report({
        range: compose.rangeOf(source.node),
        message: `Service "${service.name}" runs ${how} on its bind-mounted source with no volume for ${caches}: each new container ${cost}`,
        data: { service, missing },
      });
    }
  },
  fix({ data }, { compose }) {
    const seq = data?.service.volumesPair?.value as Node | null | undefined;
    if (!data || !isSeq(seq) || seq.items.length === 0) return undefined;
    const used = new Set(data.service.volumes.map((v: VolumeEntry) => v.source));
    const missing = data.missing.filter((m) => !used.has(m.name));
    if (missing.length === 0) return undefined;
    const items = appendSeqItems(compose, seq, missing.map((m) => scalarLike(`${m.name}:${m.target}`, seq.items.at(-1) as Node)));
    const declare = declareVolumes(compose, missing.map((m) => m.name));
    if (!items || !declare) return undefined;
    return { title: `Add ${missing.map((m) => `${m.name}:${m.target}`).join(' and ')}`, edits: [...items, ...declare], preferred: true };
  },
});
