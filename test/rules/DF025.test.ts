import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.22.5\n\nrequire github.com/google/go-containerregistry v0.21.7\n';
const findings = (text: string) => lintText(text, { files: { 'go.mod': GO_MOD } }).reports.filter((r) => r.id === 'DF025');
const fix = (text: string) => fixAll(text, { files: { 'go.mod': GO_MOD } }, 'DF025');
const outside = (command: string) => `FROM golang:1.22.5\nRUN ${command}\n`;
const inside = (command: string) => `FROM golang:1.22.5\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN ${command}\n`;

describe('DF025 edge cases', () => {
  it.each([
    ['not ok: outside a module', outside('go get github.com/google/go-containerregistry/cmd/crane'), 1],
    ['not ok: -u outside a module', outside('go get -u golang.org/x/lint/golint'), 1],
    ['not ok: GOPATH mode', inside('GO111MODULE=off go get golang.org/x/lint/golint'), 1],
    ['not ok: GOPATH mode from ENV', 'FROM golang:1.22.5\nENV GO111MODULE=off\nRUN go get golang.org/x/lint/golint\n', 1],
    ['not ok: a command path inside the module', inside('go get github.com/go-delve/delve/cmd/dlv@v1.23.1'), 1],
    ['ok: a library inside the module (it edits go.mod, not a tool install)', inside('go get github.com/google/uuid@v1.6.0'), 0],
    ['ok: -u of a library inside the module', inside('go get -u github.com/google/uuid'), 0],
    ['ok: local packages', inside('go get ./...'), 0],
    ['ok: go install', outside('go install github.com/google/go-containerregistry/cmd/crane@v0.21.7'), 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it.each([
    ['drops -u and pins go.mod\'s version', 'go get -u github.com/google/go-containerregistry/cmd/crane', 'go install github.com/google/go-containerregistry/cmd/crane@v0.21.7', true],
    ['keeps the version of the argument', 'go get -d github.com/go-delve/delve/cmd/dlv@v1.23.1', 'go install github.com/go-delve/delve/cmd/dlv@v1.23.1', true],
    ['keeps -v, drops -u=patch', 'go get -v -u=patch golang.org/x/lint/golint', 'go install -v golang.org/x/lint/golint@latest', false],
    ['drops GO111MODULE=off', 'GO111MODULE=off go get golang.org/x/lint/golint', 'go install golang.org/x/lint/golint@latest', false],
  ])('%s', (_name, command, fixed, preferred) => {
    expect(findings(outside(command))[0].fix()?.preferred).toBe(preferred);
    expect(fix(outside(command))).toBe(outside(fixed));
  });

  it('offers no fix for several packages, for -d of a library, or for GOPATH mode set by ENV', () => {
    expect(findings(outside('go get -u golang.org/x/lint/golint honnef.co/go/tools/cmd/staticcheck'))[0].fix()).toBeUndefined();
    expect(findings(outside('go get -d github.com/google/uuid'))[0].fix()).toBeUndefined();
    expect(findings('FROM golang:1.22.5\nENV GO111MODULE=off\nRUN go get golang.org/x/lint/golint\n')[0].fix()).toBeUndefined();
  });

  it('changes only the words it must, across continuation lines', () => {
    const text = 'FROM golang:1.22.5\nRUN go get \\\n      -u \\\n      github.com/google/go-containerregistry/cmd/crane \\\n    && crane version\n';
    expect(expectMinimalFix(text, { files: { 'go.mod': GO_MOD } }, 'DF025')).toBe(
      'FROM golang:1.22.5\nRUN go install \\\n      github.com/google/go-containerregistry/cmd/crane@v0.21.7 \\\n    && crane version\n',
    );
  });
});
