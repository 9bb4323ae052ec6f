/** What a build context says about the Go module in it: go.mod and a summary of the Go sources. */

export interface GoMod {
  module?: string;
  /** The `go` line (`1.22`, `1.22.5`). */
  go?: string;
  /** The `toolchain` line without its `go` prefix (`1.23.4`). */
  toolchain?: string;
  requires: { path: string; version: string; indirect: boolean }[];
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [] };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const indirect = /\/\/\s*indirect/.test(raw);
    if (!line) continue;
    if (block) {
      if (line === ')') block = undefined;
      else if (block === 'require') addRequire(mod, line, indirect);
      continue;
    }
    const [keyword, ...rest] = line.split(/\s+/);
    if (rest[0] === '(') {
      block = keyword;
      continue;
    }
    if (keyword === 'module') mod.module = rest[0]?.replace(/^"|"$/g, '');
    else if (keyword === 'go') mod.go = rest[0];
    else if (keyword === 'toolchain') mod.toolchain = rest[0]?.replace(/^go/, '');
    else if (keyword === 'require') addRequire(mod, rest.join(' '), indirect);
  }
  return mod;
}

function addRequire(mod: GoMod, spec: string, indirect: boolean) {
  const [path, version] = spec.split(/\s+/);
  if (path && version) mod.requires.push({ path, version, indirect });
}

/** The Go version a build needs: the `toolchain` line when it is newer than the `go` line. */
export function requiredGoVersion(mod: GoMod): string | undefined {
  if (mod.go && mod.toolchain && compareGoVersions(mod.toolchain, mod.go) > 0) return mod.toolchain;
  return mod.go ?? mod.toolchain;
}

/** Compares `1.22`, `1.22.5`, `1.23rc1`; a missing patch sorts before `.0`'s releases only by length. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => v.split(/[.]|(?=rc|beta)/).map((p) => (/^\d+$/.test(p) ? Number(p) : -1));
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

export interface GoSource {
  /** Path relative to the build context, with `/`. */
  path: string;
  packageName: string;
  imports: string[];
}

/** Reads the package clause and imports of a Go file (enough for `package main` and `import "C"`). */
export function parseGoSource(path: string, text: string): GoSource | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const pkg = /^\s*package\s+([A-Za-z_]\w*)/m.exec(code);
  if (!pkg) return undefined;
  const imports: string[] = [];
  for (const match of code.matchAll(/^\s*import\s*(\(([\s\S]*?)\)|[A-Za-z_.]*\s*"[^"]*")/gm)) {
    const specs = match[2] ?? match[1];
    for (const spec of specs.matchAll(/"([^"]+)"/g)) imports.push(spec[1]);
  }
  return { path, packageName: pkg[1], imports };
}
