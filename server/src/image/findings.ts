/**
 * Measured findings (source `godock-image`): what a layer of the built image really holds. Where a static
 * rule explains the cause, the finding names it and offers the same fix.
 */
import type { Classify } from './archive';

export const IMAGE_SOURCE = 'godock-image';

/** The fix a measured finding offers: a static rule's quick-fix, or the multi-stage conversion (DF003's). */
export type ImageFix = 'DF004' | 'DF022' | 'convert-to-multi-stage';

export interface ImageRule {
  id: string;
  name: string;
  title: string;
  /** The static rule that explains the cause, when there is one. */
  related?: string;
  /** What `<what> in this layer` says. */
  what: string;
}

export const IMAGE_RULES: ImageRule[] = [
  { id: 'DI001', name: 'go-build-cache-in-image', title: 'Keep the Go build cache out of the image', related: 'DF006', what: 'the Go build cache' },
  { id: 'DI002', name: 'go-module-cache-in-image', title: 'Keep the Go module cache out of the image', related: 'DF006', what: 'the Go module cache' },
  { id: 'DI003', name: 'go-toolchain-in-image', title: 'Ship the binary without the Go toolchain', related: 'DF003', what: 'a Go toolchain' },
  { id: 'DI004', name: 'go-env-file-in-image', title: 'Set Go settings with ENV, not a Go env file in a layer', related: 'DF004', what: 'the Go env file written by `go env -w`' },
  { id: 'DI005', name: 'git-dir-in-image', title: 'Keep .git out of the image', related: 'DF022', what: 'a .git folder' },
  { id: 'DI006', name: 'test-data-in-image', title: 'Keep test data out of the image', what: 'Go test data (testdata folders)' },
];

export const imageRule = (id: string): ImageRule | undefined => IMAGE_RULES.find((r) => r.id === id);

/** The settings of an image's environment that say where Go keeps its files. */
function envMap(env: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) map.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return map;
}

const dir = (p: string) => p.replace(/\/+$/, '');

/**
 * Classifies a path of a layer, reading the image's environment (GOCACHE, GOMODCACHE, GOPATH, GOROOT, HOME)
 * and the defaults of the golang images.
 */
export function imageClassifier(env: string[] | undefined): Classify {
  const vars = envMap(env);
  const under = (roots: (string | undefined)[]) => roots.filter((r): r is string => !!r && r.startsWith('/')).map(dir);
  const gopaths = (vars.get('GOPATH') ?? '').split(':').filter(Boolean);
  const buildCaches = under([vars.get('GOCACHE')]);
  const modCaches = under([vars.get('GOMODCACHE'), ...gopaths.map((p) => `${dir(p)}/pkg/mod`), '/go/pkg/mod', '/root/go/pkg/mod']);
  const goroots = under([vars.get('GOROOT'), '/usr/local/go']);
  const envFiles = under([vars.get('GOENV')]);
  const inside = (path: string, roots: string[]) => roots.find((r) => path === r || path.startsWith(`${r}/`));

  return (path) => {
    let root: string | undefined;
    if ((root = inside(path, envFiles)) || /\/\.config\/go\/env$/.test(path)) return { id: 'DI004', root: root ?? path };
    if ((root = inside(path, buildCaches))) return { id: 'DI001', root };
    const cache = /^(.*\/\.cache\/go-build)\//.exec(path);
    if (cache) return { id: 'DI001', root: cache[1] };
    if ((root = inside(path, modCaches))) return { id: 'DI002', root };
    const homeModCache = /^(\/home\/[^/]+\/go\/pkg\/mod)\//.exec(path);
    if (homeModCache) return { id: 'DI002', root: homeModCache[1] };
    if ((root = inside(path, goroots))) return { id: 'DI003', root };
    const git = /^(.*?\/\.git)(\/|$)/.exec(path);
    if (git) return { id: 'DI005', root: git[1] };
    const testdata = /^(.*?\/testdata)\//.exec(path);
    if (testdata) return { id: 'DI006', root: testdata[1] };
    return undefined;
  };
}

/** `86.9 MB`, `35 B`: decimal units, as `docker images` prints them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
