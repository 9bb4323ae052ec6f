import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/model/dockerfile';
import { parseGoMod } from '../../server/src/model/goProject';
import { Workspace } from '../../server/src/model/workspace';
import { goCaches, isRemotePackage, localReplacements, moduleState, namesGoMod, requiredModule } from '../../server/src/rules/goBuild';
import { memoryFileSystem, ROOT } from '../helpers/lint';

const parse = (text: string) => parseDockerfile(TextDocument.create(`file://${ROOT}/Dockerfile`, 'dockerfile', 1, text), `${ROOT}/Dockerfile`);
/** The module state and caches of the last go command of a Dockerfile. */
const lastGo = (text: string) => {
  const dockerfile = parse(text);
  const go = dockerfile.goCommands().at(-1)!;
  return { state: moduleState(go.run, go, dockerfile), caches: goCaches(go, go.run.stage, go.run.instruction.getRange().start.line) };
};

describe('goBuild helpers', () => {
  it.each([
    ['go.mod', true],
    ['./go.mod', true],
    ['go.*', true],
    ['*.mod', true],
    ['go.sum', false],
    ['tools/go.mod', false],
    ['.', false],
  ])('namesGoMod(%s) is %s', (source, expected) => {
    expect(namesGoMod(source)).toBe(expected);
  });

  it.each([
    ['FROM golang:1.22\nRUN go install x.io/t', 'out'],
    ['FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go install x.io/t', 'in'],
    ['FROM golang:1.22\nWORKDIR /src\nCOPY go.mod /src/go.mod\nWORKDIR /src/cmd\nRUN go install x.io/t', 'in'],
    ['FROM golang:1.22\nCOPY . /app\nRUN cd /app && go install x.io/t', 'in'],
    ['FROM golang:1.22\nCOPY . /app\nRUN go install x.io/t', 'out'],
    ['FROM golang:1.22 AS base\nWORKDIR /src\nCOPY go.mod ./\nFROM base\nRUN go install x.io/t', 'in'],
    ['FROM golang:1.22\nWORKDIR /src\nRUN go mod init example.com/m\nRUN go install x.io/t', 'in'],
    ['FROM golang:1.22\nCOPY --from=src /src /src\nWORKDIR /src\nRUN go install x.io/t', 'unknown'],
    ['FROM golang:1.22\nCOPY --from=build /out/app.bin /usr/local/bin/app.bin\nRUN go install x.io/t', 'out'],
    ['FROM golang:1.22\nWORKDIR /src\nCOPY go.mod ./\nRUN cd $DIR && go install x.io/t', 'unknown'],
  ])('moduleState: %j is %s', (text, state) => {
    expect(lastGo(text).state).toBe(state);
  });

  it.each([
    ['FROM golang:1.22\nRUN go build .', { modules: '/go/pkg/mod', build: '/root/.cache/go-build', root: true }],
    ['FROM golang:1.22\nENV GOPATH=/opt/go:/other XDG_CACHE_HOME=/cache\nRUN go build .', { modules: '/opt/go/pkg/mod', build: '/cache/go-build', root: true }],
    ['FROM golang:1.22\nUSER 1000\nRUN go build .', { modules: '/go/pkg/mod', build: undefined, root: false }],
    ['FROM golang:1.22\nUSER root\nRUN GOCACHE=/tmp/gocache go build .', { modules: '/go/pkg/mod', build: '/tmp/gocache', root: true }],
    ['FROM debian:bookworm\nRUN go build .', { modules: '/root/go/pkg/mod', build: '/root/.cache/go-build', root: true }],
    ['FROM cimg/go:1.22\nRUN go build .', { modules: undefined, build: undefined, root: false }],
  ])('goCaches: %j', (text, caches) => {
    expect(lastGo(text).caches).toEqual(caches);
  });

  it('finds the requiring module by the longest prefix, and tells remote packages from local ones', () => {
    const mod = parseGoMod('module example.com/app\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/tools v0.24.0\n\tgolang.org/x/tools/gopls v0.16.1\n)\n');
    expect(requiredModule(mod, 'golang.org/x/tools/gopls@latest')).toEqual({ path: 'golang.org/x/tools/gopls', version: 'v0.16.1', indirect: false });
    expect(requiredModule(mod, 'golang.org/x/tools/cmd/stringer')?.version).toBe('v0.24.0');
    expect(requiredModule(mod, 'golang.org/x/toolsmith')).toBeUndefined();
    expect([isRemotePackage('golang.org/x/tools/cmd/stringer', mod), isRemotePackage('./cmd/x', mod), isRemotePackage('cmd/vet', mod), isRemotePackage('example.com/app/cmd/x', mod)]).toEqual([true, false, false, false]);
  });

  it('reads local replace directives the model does not', () => {
    const fs = memoryFileSystem({ 'go.mod': 'module m\n\ngo 1.22\n\nreplace example.com/a => ../a\n\nreplace (\n\texample.com/b v1.0.0 => ./b // local\n\texample.com/c => example.com/c2 v1.2.0\n)\n' });
    expect(localReplacements(new Workspace(fs, [ROOT]).context(ROOT))).toEqual(['example.com/a', 'example.com/b']);
  });
});

describe('namesGoMod', () => {
  it.each([
    ['go.mod', true],
    ['./go.mod', true],
    ['go.*', true],
    ['*.mod', true],
    ['go.[m]od', true],
    ['go.[!m]od', false],
    ['go.sum', false],
    ['cmd/go.mod', false],
    // Found by `npm run fuzz`: a lone `[` threw "Invalid regular expression" and ended the lint.
    ['_0z[', false],
    ['go.[mod', false],
    ['[z-a].mod', false],
  ])('%s → %s', (source, expected) => {
    expect(namesGoMod(source)).toBe(expected);
  });
});
