/** DF012 — Go settings that turn off module verification or secure fetching let tampered dependencies into the build. */
import { defineRule } from '../../engine/rule';
import { compareGoVersions } from '../../model/goProject';
import type { Stage } from '../../model/types';
import { golangTag, isGolangImage } from '../golang';
import { rootBase } from '../judge';
import { settings, type Setting } from '../settings';

interface Data {
  setting: Setting;
  /** The value to keep (the safe part of a list), or undefined to remove the setting. */
  keep?: string;
}

/** Hosts that serve public modules: a pattern covering a whole one skips checksums for all their modules. */
const PUBLIC_HOSTS = new Set([
  'github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'gitee.com', 'golang.org', 'google.golang.org',
  'go.googlesource.com', 'cloud.google.com', 'gopkg.in', 'go.uber.org', 'go.etcd.io', 'go.opentelemetry.io',
  'k8s.io', 'sigs.k8s.io', 'honnef.co', 'gotest.tools', 'go.mongodb.org', 'gorm.io', 'modernc.org', 'mvdan.cc',
  'filippo.io', 'git.sr.ht', 'launchpad.net', 'gocloud.dev',
]);

/**
 * True when a GONOSUMDB/GOPRIVATE pattern matches public modules wholesale: `*`, `*.com`, `github.com`,
 * `github.com/*`. `github.com/acme` and `*.corp.example.com` name private modules and are fine.
 */
export function isWidePattern(pattern: string): boolean {
  const [host, ...path] = pattern.trim().replace(/\/+$/, '').split('/');
  if (!host) return false;
  const glob = /[*?[]/;
  const hostIsWide = glob.test(host) ? host.split('.').filter((label) => !glob.test(label)).length < 2 : PUBLIC_HOSTS.has(host.toLowerCase());
  return hostIsWide && path.every((element) => element === '*');
}

/** -insecure in GOFLAGS: only `go get` of Go 1.16 and older honours it; Go 1.17+ rejects it. */
function insecureFlag(flag: string): boolean {
  return /^--?insecure(=(true|1))?$/.test(flag);
}

/** The Go version of a stage's golang image, when its tag names one. */
function goVersion(stage: Stage): string | undefined {
  const base = rootBase(stage);
  if (!isGolangImage(base)) return undefined;
  const version = golangTag(base.tag).version;
  // No tag, `latest`, `alpine` or `1`: whatever is newest, long past 1.17.
  return version === undefined || !version.includes('.') ? 'latest' : version;
}

export default defineRule<Data>({
  id: 'DF012',
  name: 'insecure-go-env',
  title: 'Remove the setting that turns off Go module verification',
  severity: 'warning',
  security: true,
  appliesTo: 'dockerfile',
  check({ dockerfile, report }) {
    const all = settings(dockerfile);
    for (const setting of all) {
      const { name, value, stage } = setting;
      const shown = `${name}=${value}`;
      const at = { range: setting.range };
      if (name === 'GOSUMDB' && value.trim() === 'off') {
        report({ ...at, message: `GOSUMDB=off turns off the Go checksum database: modules missing from go.sum (go get, go install pkg@version, go mod tidy) are used unverified`, data: { setting } });
      } else if (name === 'GOINSECURE' && value.trim() !== '') {
        report({ ...at, message: `${shown} lets go fetch matching modules over plain HTTP and without TLS certificate checks`, data: { setting } });
      } else if (name === 'GOFLAGS' && value.split(/\s+/).some(insecureFlag)) {
        const version = goVersion(stage);
        // Go 1.17 removed `go get -insecure` ("-insecure flag is no longer supported"): nothing insecure happens there.
        if (version && (version === 'latest' || compareGoVersions(version, '1.17') >= 0)) continue;
        const keep = value.split(/\s+/).filter((f) => f && !insecureFlag(f)).join(' ');
        report({ ...at, message: `GOFLAGS=${value} makes \`go get\` (Go 1.16 and older) fetch over plain HTTP and skip checksum validation`, data: { setting, keep: keep || undefined } });
      } else if (name === 'GONOSUMDB' || name === 'GOPRIVATE') {
        // GONOSUMDB, when set, replaces GOPRIVATE for the checksum decision.
        if (name === 'GOPRIVATE' && overriddenBySumdbPatterns(all, setting)) continue;
        const patterns = value.split(',').map((p) => p.trim()).filter(Boolean);
        const wide = patterns.filter(isWidePattern);
        if (wide.length === 0) continue;
        const hosts = wide.map((p) => p.split('/')[0]);
        const covered = hosts.some((h) => /^[*.]+$/.test(h)) ? 'every module' : `every module on ${hosts.join(', ')}`;
        const keep = patterns.filter((p) => !isWidePattern(p)).join(',');
        report({ ...at, message: `${name}=${value} skips the checksum database for ${covered}: public modules missing from go.sum are used unverified`, data: { setting, keep: keep || undefined } });
      }
    }
  },
  fix({ data }) {
    if (!data) return undefined;
    const { setting, keep } = data;
    // A variable in the written value cannot be split safely: only removing the whole setting is offered then.
    const next = keep !== undefined && !setting.raw.includes('$') ? keep : undefined;
    const edits = setting.rewrite(next);
    if (!edits) return undefined;
    return {
      title: next === undefined ? `Remove ${setting.name} (if it was not meant)` : `Set ${setting.name}=${next} (if the rest was not meant)`,
      edits,
    };
  },
});

/** True when GONOSUMDB is also set for the same stage (ENV/ARG) or the same command, so GOPRIVATE does not decide. */
function overriddenBySumdbPatterns(all: readonly Setting[], goprivate: Setting): boolean {
  return all.some((s) => s.name === 'GONOSUMDB' && s.value.trim() !== '' && s.stage === goprivate.stage);
}
