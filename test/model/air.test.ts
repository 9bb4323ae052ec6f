import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAir } from '../../server/src/model/air';
import { documentKind } from '../../server/src/model';
import { describe as findings, lintText } from '../helpers/lint';

const air = (text: string) => parseAir(TextDocument.create('file:///p/.air.toml', 'toml', 1, text), '/p/.air.toml');

describe('air config model', () => {
  const config = air(
    [
      '# air config',
      'root = "."',
      'tmp_dir = "tmp"',
      '',
      '[build]',
      '  cmd = "go build -o ./tmp/main ." # fast',
      '  "full_bin" = \'dlv exec ./tmp/main\'',
      '  exclude_dir = [',
      '    "assets",   # [not a header]',
      '    "tmp",',
      '  ]',
      '  poll = true',
      '  args_bin = """',
      'key = "not a key"',
      '"""',
      '',
      '[[build.rules]]',
      '  cmd = "make gen"',
      '',
      '[log]',
      '  time = false',
      '',
    ].join('\n'),
  );

  it('parses the values by table', () => {
    expect(config.syntaxErrors).toEqual([]);
    expect(config.tables[''].root).toBe('.');
    expect(config.tables.build.cmd).toBe('go build -o ./tmp/main .');
    expect(config.tables.build.exclude_dir).toEqual(['assets', 'tmp']);
    expect(config.tables.build.poll).toBe(true);
  });

  it('indexes keys and values by line, skipping multi-line arrays and strings', () => {
    expect(config.keyRange('build', 'cmd')).toEqual({ start: { line: 5, character: 2 }, end: { line: 5, character: 5 } });
    const bin = config.entry('build', 'full_bin')!;
    expect(config.text.slice(bin.valueStart, bin.valueEnd)).toBe("'dlv exec ./tmp/main'");
    const exclude = config.entry('build', 'exclude_dir')!;
    expect(config.document.positionAt(exclude.valueEnd).line).toBe(10);
    expect(config.entry('build', 'poll')).toBeDefined();
    expect(config.entries.some((e) => e.key === 'key')).toBe(false);
    expect(config.entry('build.rules', 'cmd')).toBeDefined();
    expect(config.keyRange('build', 'nope')).toBeUndefined();
    expect(config.headers.map((h) => h.name)).toEqual(['build', 'build.rules', 'log']);
    expect(config.comments.map((c) => c.line)).toEqual([0]);
  });

  it('reads dotted keys as keys of their table', () => {
    const dotted = air('build.cmd = "go build ."\n[misc]\nclean_on_exit = true\n');
    expect(dotted.entry('build', 'cmd')).toBeDefined();
    expect(dotted.unknownTopLevel()).toEqual([]);
  });

  it('lists the top-level keys and tables air does not read', () => {
    const odd = air('cmd = "go build ."\n[build]\npoll = true\n[watcher]\nx = 1\n');
    expect(odd.unknownTopLevel().map((u) => [u.name, u.range.start.line])).toEqual([['cmd', 0], ['watcher', 3]]);
  });

  it('reports a syntax error where smol-toml stops', () => {
    const broken = air('[build]\ncmd = "go build\npoll = true\n');
    expect(broken.syntaxErrors).toHaveLength(1);
    expect(broken.syntaxErrors[0].range.start.line).toBe(1);
    expect(broken.tables).toEqual({ '': {} });
  });

  it('is a document kind of its own', () => {
    expect(documentKind('/p/.air.toml')).toBe('air');
    expect(documentKind('/p/air.toml')).toBe('air');
    expect(documentKind('/p/.air.debug.toml')).toBe('air');
    expect(documentKind('/p/pyproject.toml')).toBeUndefined();
  });
});

describe('linting an .air.toml', () => {
  it('reports TOML syntax errors and keys air ignores, and honours an ignore comment', () => {
    const text = '# godock-ignore\nwatch = true\ncmd = "go build ."\n[build]\npoll = tru\n';
    expect(findings(lintText(text, { path: '.air.toml' }))).toBe(
      [
        '3:1 air-unknown-key air ignores "cmd" at the top level: it is a [build] setting, so write it under [build]',
        '5:8 toml-syntax TOML: invalid value',
      ].join('\n'),
    );
    const severities = lintText(text, { path: '.air.toml' }).reports.map((r) => r.severity);
    expect(severities).toEqual(['warning', 'error']);
  });

  it('finds nothing in a correct config', () => {
    expect(findings(lintText('root = "."\n[build]\ncmd = "go build -o ./tmp/main ."\n', { path: '.air.toml' }))).toBe('');
  });
});
