import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAir } from '../../server/src/model/air';
import { documentKind } from '../../server/src/model';
import { describe as findings, fixAll, lintText } from '../helpers/lint';

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
    expect(dotted.unknownKeys()).toEqual([]);
  });

  it('lists the top-level keys and tables air does not read', () => {
    const odd = air('cmd = "go build ."\n[build]\npoll = true\n[watcher]\nx = 1\n');
    expect(odd.unknownKeys().map((u) => [u.name, u.table, u.range.start.line])).toEqual([['cmd', '', 0], ['watcher', '', 3]]);
  });

  it("lists the keys of air's tables it does not read, [build.linux] overrides included, not [[build.rules]]", () => {
    const odd = air('build.exclude_dirs = ["tmp"]\n[build]\npoll = true\nexclude_dirs = ["vendor"]\n[build.linux]\ncmd = "make"\nbinn = "x"\n[[build.rules]]\nanything = 1\n[log]\ntime = true\nmain = false\n');
    expect(odd.unknownKeys().map((u) => [u.name, u.table, u.range.start.line])).toEqual([
      ['exclude_dirs', 'build', 0],
      ['exclude_dirs', 'build', 3],
      ['binn', 'build.linux', 6],
      ['main', 'log', 11],
    ]);
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

  it('names the setting a misspelt key meant, and renames it where that is all it takes', () => {
    const text = '[build]\nexclude_dirs = ["tmp", "vendor"]\n"poll_intervall" = 500\ndelay = 1000\nfoo = 1\n[screen]\nclear_on_rebuilt = true\n';
    const analysis = lintText(text, { path: '.air.toml' });
    expect(findings(analysis)).toBe(
      [
        '2:1 air-unknown-key air ignores "exclude_dirs" in [build]: the setting is "exclude_dir"',
        '3:1 air-unknown-key air ignores "poll_intervall" in [build]: the setting is "poll_interval"',
        '5:1 air-unknown-key air ignores "foo" in [build]: it is not one of air\'s [build] settings',
        '7:1 air-unknown-key air ignores "clear_on_rebuilt" in [screen]: the setting is "clear_on_rebuild"',
      ].join('\n'),
    );
    expect(analysis.reports.map((r) => r.fix()?.title)).toEqual(['Rename to exclude_dir', 'Rename to poll_interval', undefined, 'Rename to clear_on_rebuild']);
    expect(fixAll(text, { path: '.air.toml' })).toBe(text.replace('exclude_dirs', 'exclude_dir').replace('"poll_intervall"', 'poll_interval').replace('rebuilt', 'rebuild'));
  });

  it('offers no rename where the right key is already set (TOML refuses a key twice) or the key is dotted', () => {
    for (const text of ['[build]\nexclude_dir = ["vendor"]\nexclude_dirs = ["tmp"]\n', 'build.exclude_dirs = ["tmp"]\n']) {
      const [report, ...more] = lintText(text, { path: '.air.toml' }).reports;
      expect(more).toEqual([]);
      expect(report.message).toBe('air ignores "exclude_dirs" in [build]: the setting is "exclude_dir"');
      expect(report.fix()).toBeUndefined();
    }
  });

  it('finds nothing in a correct config', () => {
    expect(findings(lintText('root = "."\n[build]\ncmd = "go build -o ./tmp/main ."\n', { path: '.air.toml' }))).toBe('');
  });
});
