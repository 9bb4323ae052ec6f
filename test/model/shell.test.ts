import { describe, expect, it } from 'vitest';
import { splitCommands } from '../../server/src/model/shell';

const argvs = (text: string, script = false) =>
  splitCommands(text, 0, text.length, { script }).map((c) => [...c.assignments.map((a) => `${a.name}=${a.value}`), ...c.argv.map((w) => w.value)].join(' '));

describe('splitCommands', () => {
  it.each([
    ['separators', 'apt-get update && apt-get install -y git; go version || true', ['apt-get update', 'apt-get install -y git', 'go version', 'true']],
    ['continuations and comment lines inside them', 'go mod download \\\n# fetch first\n    && go build -o /out/app .', ['go mod download', 'go build -o /out/app .']],
    ['quotes are removed, escapes kept', `go build -ldflags "-s -w -X 'main.v=1'" -o 'out dir/app'`, [`go build -ldflags -s -w -X 'main.v=1' -o out dir/app`]],
    ['env prefixes become assignments', 'CGO_ENABLED=0 GOOS=linux go build .', ['CGO_ENABLED=0 GOOS=linux go build .']],
    ['`env` prefixes too', 'env GOARCH=arm64 go build .', ['GOARCH=arm64 go build .']],
    ['sh -c scripts are split', `sh -c 'go mod download && CGO_ENABLED=0 go build .'`, ['go mod download', 'CGO_ENABLED=0 go build .']],
    ['keywords before a command are dropped', 'if true; then go build .; fi', ['true', 'go build .']],
    ['pipes', 'curl -sSL x | tar -xz', ['curl -sSL x', 'tar -xz']],
    // Docker drops the blank and comment lines after a continuation, even inside a word.
    ['a word continued past a blank line', 'go install github.com/air-verse/a\\\n \t\nir@v1.61.7', ['go install github.com/air-verse/air@v1.61.7']],
    ['a word continued past a comment line', 'go install example.com/t\\\n# why\nool@v1', ['go install example.com/tool@v1']],
    ['a continuation ended by a lone \\r', 'go install example.com/t\\\r \t\nool@v1', ['go install example.com/tool@v1']],
  ])('%s', (_name, text, expected) => {
    expect(argvs(text)).toEqual(expected);
  });

  it('splits a script on newlines', () => {
    expect(argvs('set -e\ngo env -w A=1\ngo version\n', true)).toEqual(['set -e', 'go env -w A=1', 'go version']);
  });

  it('keeps a blank line after a continuation in a script, where it ends the command', () => {
    expect(argvs('echo a \\\n\ngo version\n', true)).toEqual(['echo a', 'go version']);
  });

  it('keeps document offsets of each word', () => {
    const text = 'RUN go build \\\n  -o /out/app .';
    const [command] = splitCommands(text, 4, text.length);
    const o = command.argv.find((w) => w.value === '/out/app')!;
    expect(text.slice(o.start, o.end)).toBe('/out/app');
    expect(text.slice(command.start, command.end)).toBe('go build \\\n  -o /out/app .');
  });
});
