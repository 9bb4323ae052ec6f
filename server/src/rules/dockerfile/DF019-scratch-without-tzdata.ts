/** DF019 — a Go binary that loads time zones, shipped on scratch or alpine without tzdata: time.LoadLocation fails with "unknown time zone". */
import * as nodePath from 'node:path';
import { Add, Copy } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, type DockerfileContext } from '../../engine/rule';
import type { GoCommand } from '../../model/goCommand';
import type { GoSource } from '../../model/goProject';
import { quoteIfNeeded } from '../../model/shell';
import type { Stage } from '../../model/types';
import { substitute } from '../../model/variables';
import { imageFamily, rootBase, shippedBuilds, type ShippedBuild } from '../judge';
import { chainInstructions, imageName } from '../runtime';

interface Data {
  shipped: ShippedBuild;
}

export default defineRule<Data>({
  id: 'DF019',
  name: 'scratch-without-tzdata',
  title: 'Embed the time zone database: go build -tags timetzdata',
  severity: 'warning',
  appliesTo: 'dockerfile',
  check(ctx) {
    const { dockerfile, context, report } = ctx;
    const final = dockerfile.finalStage;
    if (!final || !context || hasZoneinfo(final)) return;
    const family = imageFamily(rootBase(final));
    // distroless, Debian and the golang images carry a zone database (tzdata, or Go's own zoneinfo.zip).
    if (family !== 'scratch' && family !== 'alpine') return;
    const tz = zoneFromEnv(final);
    const image = imageName(final);
    for (const shipped of shippedBuilds(ctx)) {
      if (tagsOf(shipped.build).includes('timetzdata')) continue;
      const packages = linkedSources(ctx, shipped.build);
      if (!packages || packages.some((s) => s.imports.includes('time/tzdata'))) continue;
      const caller = packages.find((s) => s.imports.includes('time') && callsLoadLocation(context.file(s.path)));
      if (!caller && !tz) continue;
      const binary = shipped.build.script ? `The binary built by ${shipped.build.script}` : 'The binary of this go build';
      const breaks = caller
        ? `time.LoadLocation (${caller.path}) fails with "unknown time zone"`
        : `ENV TZ=${tz} silently falls back to UTC`;
      report({
        range: shipped.build.script ? shipped.run.instruction.getRange() : dockerfile.range(shipped.build.command.start, shipped.build.command.end),
        message: `${binary} runs on ${image}, which has no time zone database: ${breaks}`,
        data: { shipped },
      });
    }
  },
  fix({ data }, { dockerfile }) {
    const build = data?.shipped.build;
    // A build in a Makefile or script is fixed there; GOFLAGS tags would be replaced by a -tags flag.
    if (!build || build.script || /(^|\s)--?tags[= ]/.test(build.env.get('GOFLAGS') ?? '')) return undefined;
    const tags = build.flags.get('tags');
    let edit: TextEdit;
    if (tags) {
      if (tags.value.includes('$')) return undefined;
      // Comma-separated since Go 1.13; the older space-separated form is still read.
      const value = tags.value.trim() === '' ? 'timetzdata' : tags.value.includes(' ') ? `${tags.value} timetzdata` : `${tags.value},timetzdata`;
      const [flag, valueWord] = tags.words;
      edit = valueWord
        ? { range: dockerfile.range(valueWord.start, valueWord.end), newText: quoteIfNeeded(value) }
        : { range: dockerfile.range(flag.start, flag.end), newText: `${/^-+/.exec(flag.value)![0]}tags=${quoteIfNeeded(value)}` };
    } else {
      const sub = build.command.argv.find((w, i) => i > 0 && w.value === 'build');
      if (!sub) return undefined;
      edit = { range: dockerfile.range(sub.end, sub.end), newText: ' -tags timetzdata' };
    }
    return { title: 'Add -tags timetzdata to go build', edits: [edit], preferred: true };
  },
});

/** The build tags of a go build: `-tags a,b` (or the old `-tags "a b"`), or `-tags=` in GOFLAGS. */
function tagsOf(build: GoCommand): string[] {
  const flag = build.flags.get('tags')?.value ?? /(?:^|\s)--?tags=(\S+)/.exec(build.env.get('GOFLAGS') ?? '')?.[1] ?? '';
  return substitute(flag, (name) => build.env.get(name)).split(/[\s,]+/).filter(Boolean);
}

/** A zone database in the image: copied in (`/usr/share/zoneinfo`, Go's `zoneinfo.zip`), apk's tzdata, or ZONEINFO. */
function hasZoneinfo(final: Stage): boolean {
  if (final.envAt(Number.MAX_SAFE_INTEGER).get('ZONEINFO')) return true;
  return chainInstructions(final).some((i) => (i instanceof Copy || i instanceof Add) && i.getArguments().some((a) => /zoneinfo/.test(a.getValue())))
    || stagesOf(final).some((s) => s.runs.some((run) => run.commands.some((c) => c.argv[0]?.value === 'apk' && c.argv.some((w) => w.value === 'add') && c.argv.some((w) => w.value === 'tzdata'))));
}

function stagesOf(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.push(s);
  return chain;
}

/** `ENV TZ=Europe/Berlin`: Go reads it at start and, when the zone cannot be loaded, uses UTC. */
function zoneFromEnv(final: Stage): string | undefined {
  const tz = final.envAt(Number.MAX_SAFE_INTEGER).get('TZ')?.replace(/^:/, '');
  return tz && tz !== 'UTC' && !tz.startsWith('/') ? tz : undefined;
}

/** A LoadLocation call that reads the database: `"UTC"`, `"Local"` and `""` are answered without it. */
function callsLoadLocation(text: string | undefined): boolean {
  if (!text) return false;
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return [...code.matchAll(/\bLoadLocation\s*\(\s*("[^"\n]*"|`[^`]*`)?/g)].some(([, literal]) => literal === undefined || !['', 'UTC', 'Local'].includes(literal.slice(1, -1)));
}

/**
 * The Go files linked into the binary of a build: the main package(s) it names and the packages of the
 * module they import, transitively. Undefined when the packages cannot be told (several main packages and
 * a package argument that names none of them), so that nothing is reported on a guess.
 */
function linkedSources({ context }: DockerfileContext, build: GoCommand): GoSource[] | undefined {
  const sources = context!.goSources();
  const module = context!.goMod?.module;
  const byDir = new Map<string, GoSource[]>();
  for (const s of sources) {
    const dir = nodePath.posix.dirname(s.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), s]);
  }
  const mains = [...byDir.keys()].filter((dir) => byDir.get(dir)!.some((s) => s.packageName === 'main'));
  const patterns = build.args.map((a) => a.value).filter((a) => !a.includes('='));
  const relative = (pkg: string) => {
    let p = pkg.endsWith('.go') ? nodePath.posix.dirname(pkg) : pkg;
    if (module && (p === module || p.startsWith(module + '/'))) p = '.' + p.slice(module.length);
    return nodePath.posix.normalize(p).replace(/\/$/, '') || '.';
  };
  let roots = (patterns.length ? patterns : ['.']).flatMap((pattern) => {
    if (pattern.endsWith('/...')) {
      const prefix = relative(pattern.slice(0, -4));
      return mains.filter((dir) => prefix === '.' || dir === prefix || dir.startsWith(prefix + '/'));
    }
    const dir = relative(pattern);
    return mains.includes(dir) ? [dir] : [];
  });
  // A build run from another WORKDIR (`cd cmd/api && go build .`) names no main package we know.
  if (roots.length === 0) {
    if (mains.length !== 1) return undefined;
    roots = mains;
  }
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const s of byDir.get(dir) ?? []) {
      for (const imp of s.imports) {
        if (module && (imp === module || imp.startsWith(module + '/'))) queue.push(imp === module ? '.' : imp.slice(module.length + 1));
      }
    }
  }
  return [...seen].flatMap((dir) => byDir.get(dir) ?? []);
}
