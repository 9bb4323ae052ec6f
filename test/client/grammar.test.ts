import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';

const root = nodePath.resolve(__dirname, '../..');
const GRAMMAR_PATH = 'syntaxes/godock-injection.tmLanguage.json';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
}
const grammar = JSON.parse(readFileSync(nodePath.join(root, GRAMMAR_PATH), 'utf8')) as Rule & {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
};
const pkg = JSON.parse(readFileSync(nodePath.join(root, 'package.json'), 'utf8'));

function allRules(rule: Rule): Rule[] {
  const children = [...(rule.patterns ?? []), ...Object.values(rule.captures ?? {}), ...Object.values(rule.beginCaptures ?? {})];
  return [rule, ...children.flatMap(allRules)];
}
const rules = [grammar, ...Object.values(grammar.repository)].flatMap(allRules);

/**
 * The `u` flag makes JavaScript reject what only Oniguruma understands (`\h`, `\A`, `\G`, `(?i:`, `(?>`,
 * possessive quantifiers), so a pattern that compiles here means the same in both engines.
 */
const regex = (source: string, flags = '') => new RegExp(source, 'u' + flags);

/** The base grammar's strings hide their contents from the go-command patterns; blank them the same way. */
const withoutStrings = (line: string) => line.replace(/"[^"]*"|'[^']*'/g, (s) => `"${' '.repeat(s.length - 2)}"`);

/**
 * What a `go …` region covers on one line: the subcommand and the flags inside it (what TextMate would scope).
 * vscode-textmate hands each line over with its `\n`, and Oniguruma's `$` matches both before and after it,
 * as JavaScript's does with the `m` flag.
 */
function goCommand(line: string): { sub: string; flags: string[]; continues: boolean } | undefined {
  const text = line + '\n';
  const rule = grammar.repository['go-command'];
  const begin = regex(rule.begin!, 'gm').exec(text);
  if (!begin) return undefined;
  const from = begin.index + begin[0].length;
  const end = regex(rule.end!, 'gm');
  end.lastIndex = from;
  const endMatch = end.exec(text);
  const to = endMatch ? endMatch.index : text.length;
  const flag = regex(grammar.repository['go-flag'].match!, 'gm');
  flag.lastIndex = from;
  const flags: string[] = [];
  const masked = withoutStrings(text);
  for (let m = flag.exec(masked); m && m.index < to; m = flag.exec(masked)) flags.push(m[2]);
  return { sub: [begin[3], begin[4] ?? begin[5]].filter(Boolean).join(' '), flags, continues: !endMatch };
}

const goEnvVars = (line: string) => [...line.matchAll(regex(grammar.repository['go-env'].match!, 'g'))].map((m) => m[1]);

function ignoreDirective(line: string) {
  const m = regex(grammar.repository['ignore-directive'].match!).exec(line);
  if (!m) return undefined;
  return { directive: m[3], ids: [...m[4].matchAll(regex(grammar.repository['rule-id'].match!, 'g'))].map((id) => id[0]) };
}

describe('godock injection grammar', () => {
  it('is contributed as an injection into source.dockerfile', () => {
    const contribution = pkg.contributes.grammars.find((g: { path: string }) => nodePath.normalize(g.path) === GRAMMAR_PATH);
    expect(contribution).toMatchObject({ scopeName: grammar.scopeName, injectTo: ['source.dockerfile'] });
    expect(contribution.language).toBeUndefined();
    expect(grammar.injectionSelector).toMatch(/^L:source\.dockerfile\b/);
  });

  it('includes only its own repository and the Dockerfile grammar', () => {
    for (const { include } of rules.filter((r) => r.include)) {
      if (include === 'source.dockerfile') continue;
      expect(include).toMatch(/^#/);
      expect(grammar.repository, include).toHaveProperty(include!.slice(1));
    }
  });

  it('has regexes that compile with JavaScript semantics', () => {
    const sources = rules.flatMap((r) => [r.match, r.begin, r.end]).filter((s): s is string => s !== undefined);
    expect(sources.length).toBeGreaterThanOrEqual(6);
    for (const source of sources) expect(() => regex(source), source).not.toThrow();
  });

  it.each([
    ['RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app', 'build', ['trimpath', 'ldflags', 'o']],
    ["RUN go build -gcflags='all=-N -l' -tags netgo,osusergo -buildvcs=false .", 'build', ['gcflags', 'tags', 'buildvcs']],
    ['RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'mod download', []],
    ['RUN go env -w GOPROXY=https://proxy.golang.org,direct', 'env', ['w']],
    ['RUN /usr/local/go/bin/go install -v ./cmd/...', 'install', ['v']],
    // The region ends with the shell command: curl's -o is not a Go flag.
    ['RUN go build -o /app . && curl -o /tmp/x https://example.com', 'build', ['o']],
    ['    go mod tidy; go vet ./...', 'mod tidy', []],
  ])('scopes the go command in %s', (line, sub, flags) => {
    expect(goCommand(line)).toMatchObject({ sub, flags });
  });

  it('continues a go command onto the next line after a backslash', () => {
    expect(goCommand('RUN go build \\')).toMatchObject({ sub: 'build', continues: true });
    expect(goCommand('RUN go build -trimpath \\')).toMatchObject({ flags: ['trimpath'], continues: true });
    expect(goCommand('RUN go build -o /app .')).toMatchObject({ continues: false });
  });

  it.each([
    'FROM golang:1.22-alpine AS build',
    'RUN cargo build -o target/app',
    'RUN set -o pipefail && echo gopher build',
    'RUN $go build',
    'RUN go-build run',
    'COPY --from=build /go/bin/app /app',
  ])('leaves %s alone', (line) => {
    expect(goCommand(line)).toBeUndefined();
  });

  it.each([
    ['ENV CGO_ENABLED=0 GOOS=linux GOARCH=arm64', ['CGO_ENABLED', 'GOOS', 'GOARCH']],
    ['ENV GOMEMLIMIT=512MiB GOTOOLCHAIN=local GOFLAGS=-mod=vendor', ['GOMEMLIMIT', 'GOTOOLCHAIN', 'GOFLAGS']],
    ['ARG GOPROXY GOPRIVATE=github.com/acme/*', ['GOPROXY', 'GOPRIVATE']],
    ['RUN --mount=type=cache,target=${GOCACHE} ls $GOMODCACHE $GOPATH', ['GOCACHE', 'GOMODCACHE', 'GOPATH']],
    ['ENV MYGOOS=linux GOOSE=1 goos=linux', []],
  ])('marks the Go environment variables in %s', (line, vars) => {
    expect(goEnvVars(line)).toEqual(vars);
  });

  it.each([
    ['# godock-ignore DF004', { directive: 'godock-ignore', ids: ['DF004'] }],
    ['  #godock-ignore DF001, DC001 reason: pinned upstream', { directive: 'godock-ignore', ids: ['DF001', 'DC001'] }],
    ['# godock-ignore-file', { directive: 'godock-ignore-file', ids: [] }],
    ['# godock-ignored DF004', undefined],
    ['# see godock-ignore DF004', undefined],
    ['RUN echo # godock-ignore', undefined],
  ])('reads the ignore comment %s', (line, expected) => {
    expect(ignoreDirective(line)).toEqual(expected);
  });
});
