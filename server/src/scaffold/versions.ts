/**
 * The Delve and air versions the dev image installs, per Go minor version: the newest release of each that
 * builds with that Go (its go.mod `go` line) and, for Delve, debugs it (pkg/goversion/compat.go of each tag).
 * Source: the go.mod of each tag on the Go module proxy and Delve's compatibility table, checked 2026-11-23:
 *   Delve v1.25.2 builds with 1.22, debugs 1.22–1.25 · v1.26.2 builds with 1.24, debugs 1.24–1.26
 *   · v1.27.2 builds with 1.25, debugs 1.25–1.27.
 *   air v1.52.3 needs 1.22 · v1.61.7 needs 1.23 · v1.62.0 needs 1.24 · v1.67.0 needs 1.25 · v1.67.4 needs 1.26.
 * Update it when a Delve or air release changes its minimum Go.
 */
export interface ToolVersions {
  delve: string;
  air: string;
}

const TABLE: [minor: number, tools: ToolVersions][] = [
  [22, { delve: 'v1.25.2', air: 'v1.52.3' }],
  [23, { delve: 'v1.25.2', air: 'v1.61.7' }],
  [24, { delve: 'v1.26.2', air: 'v1.62.0' }],
  [25, { delve: 'v1.27.2', air: 'v1.67.0' }],
  [26, { delve: 'v1.27.2', air: 'v1.67.4' }],
  [27, { delve: 'v1.27.2', air: 'v1.67.4' }],
];

/** The tools for a Go version (`1.22.5`); the oldest row below the table, the newest above it. */
export function toolVersions(goVersion: string): ToolVersions {
  const minor = Number(/^1\.(\d+)/.exec(goVersion)?.[1] ?? TABLE.at(-1)![0]);
  const row = TABLE.find(([m]) => m === minor) ?? (minor < TABLE[0][0] ? TABLE[0] : TABLE.at(-1)!);
  return row[1];
}

/**
 * The Go versions each Delve minor debugs (pkg/goversion/compat.go, Min/MaxSupportedVersionOfGoMinor of each
 * tag): a Go outside its range stops `dlv exec` with "Go version … is too old" / "Version of Delve is too old".
 */
const DELVE_DEBUGS: [delveMinor: number, goMin: number, goMax: number][] = [
  [24, 21, 24],
  [25, 22, 25],
  [26, 24, 26],
  [27, 25, 27],
];

export type DelveSupport = { ok: true } | { ok: false; why: 'go-too-old' | 'delve-too-old' | 'unknown'; range?: [string, string] };

/** Whether Delve `1.27.2` debugs programs built by Go `1.26.1`, per Delve's own table. */
export function delveSupports(delveVersion: string, goVersion: string): DelveSupport {
  const delve = Number(/^v?1\.(\d+)/.exec(delveVersion)?.[1]);
  const go = Number(/^(?:go)?1\.(\d+)/.exec(goVersion)?.[1]);
  const row = DELVE_DEBUGS.find(([d]) => d === delve);
  if (!row || !Number.isFinite(go)) return { ok: false, why: 'unknown' };
  const range: [string, string] = [`1.${row[1]}`, `1.${row[2]}`];
  if (go < row[1]) return { ok: false, why: 'go-too-old', range };
  if (go > row[2]) return { ok: false, why: 'delve-too-old', range };
  return { ok: true };
}
