import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.22.5\n\nrequire (\n\tgithub.com/google/go-containerregistry v0.21.7\n\tgithub.com/google/uuid v1.6.0\n)\n';
const findings = (text: string, files: Record<string, string> = { 'go.mod': GO_MOD }) => lintText(text, { files }).reports.filter((r) => r.id === 'DF024');
const fix = (text: string) => fixAll(text, { files: { 'go.mod': GO_MOD } }, 'DF024');
const outside = (command: string) => `FROM golang:1.22.5\nRUN ${command}\n`;
const inside = (command: string) => `FROM golang:1.22.5\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN ${command}\n`;

describe('DF024 edge cases', () => {
  it.each([
    ['not ok: outside a module', outside('go install golang.org/x/tools/cmd/stringer'), 1],
    ['not ok: outside a module, even when go.mod requires it', outside('go install github.com/google/go-containerregistry/cmd/crane'), 1],
    ['not ok: in the module, not required', inside('go install golang.org/x/tools/cmd/stringer'), 1],
    ['not ok: cd away from the module first', inside('cd /tmp && go install github.com/google/go-containerregistry/cmd/crane'), 1],
    ['not ok: two packages, each reported', outside('go install golang.org/x/tools/cmd/stringer golang.org/x/tools/cmd/goimports'), 2],
    ['ok: @version', outside('go install golang.org/x/tools/cmd/stringer@v0.24.0'), 0],
    ['ok: @latest (pinning it is another matter)', outside('go install golang.org/x/tools/cmd/stringer@latest'), 0],
    ['ok: in the module and required (go.mod pins it)', inside('go install github.com/google/go-containerregistry/cmd/crane'), 0],
    ['ok: a local package', outside('go install ./cmd/api'), 0],
    ['ok: the current directory', inside('go install .'), 0],
    ['ok: a standard-library command', outside('go install cmd/vet'), 0],
    ['ok: the module itself', inside('go install example.com/app/cmd/api'), 0],
    ['ok: go.mod bind-mounted', 'FROM golang:1.22.5\nRUN --mount=type=bind,target=. go install github.com/google/go-containerregistry/cmd/crane', 0],
    ['ok (says less): a folder from another stage may hold a go.mod', 'FROM golang:1.22.5\nCOPY --from=src /src /src\nWORKDIR /src\nRUN go install github.com/google/go-containerregistry/cmd/crane', 0],
    ['ok (says less): cd into a variable', inside('cd $APP_DIR && go install golang.org/x/tools/cmd/stringer'), 0],
    ['ok: GOPATH mode (DF025 territory)', outside('GO111MODULE=off go install golang.org/x/lint/golint'), 0],
    ['ok: -mod=mod may add the requirement', inside('go install -mod=mod golang.org/x/tools/cmd/stringer'), 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it('pins the version go.mod requires (preferred), else offers @latest', () => {
    const [pinned] = findings(outside('go install github.com/google/go-containerregistry/cmd/crane'));
    expect(pinned.fix()).toMatchObject({ title: 'Pin @v0.21.7 (go.mod)', preferred: true });
    const [latest] = findings(outside('go install golang.org/x/tools/cmd/stringer'));
    expect(latest.fix()).toMatchObject({ title: 'Install @latest', preferred: false });
  });

  it('finds the module by the longest path prefix', () => {
    const mod = 'module example.com/app\n\ngo 1.22.5\n\nrequire (\n\tgithub.com/google/go-containerregistry v0.21.7\n\tgithub.com/google/go-containerregistry/cmd/crane v0.19.0\n)\n';
    const [finding] = findings(outside('go install github.com/google/go-containerregistry/cmd/crane'), { 'go.mod': mod });
    expect(finding.fix()?.title).toBe('Pin @v0.19.0 (go.mod)');
  });

  it('appends the version inside quotes, and changes nothing else', () => {
    expect(fix(outside('go install "github.com/google/go-containerregistry/cmd/crane" && crane version'))).toBe(outside('go install "github.com/google/go-containerregistry/cmd/crane@v0.21.7" && crane version'));
    const text = 'FROM golang:1.22.5\nRUN go install -v \\\n      golang.org/x/tools/cmd/stringer \\\n    && stringer -help\n';
    expect(expectMinimalFix(text, { files: { 'go.mod': GO_MOD } }, 'DF024')).toBe(text.replace('stringer \\', 'stringer@latest \\'));
  });
});
