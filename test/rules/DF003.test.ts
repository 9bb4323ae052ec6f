import { describe, expect, it } from 'vitest';
import { lintText } from '../helpers/lint';

const files = { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n' };
const lint = (text: string, path = 'Dockerfile') => lintText(text, { path, files }).reports.filter((r) => r.id === 'DF003');

describe('DF003 edge cases', () => {
  it.each([
    ['not ok: single golang stage with CMD', 'FROM golang:1.22.5\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nCMD ["./app"]\n', 1],
    ['not ok: golang alpine building the program, no CMD', 'FROM golang:1.22.5-alpine\nCOPY . .\nRUN go build -o /app .\n', 1],
    ['not ok: `go run` as the command', 'FROM golang:1.22.5\nCOPY . .\nCMD ["go", "run", "."]\n', 1],
    ['not ok: final stage built on a golang stage', 'FROM golang:1.22.5 AS build\nCOPY . .\nRUN go build -o /app .\n\nFROM build AS app\nCMD ["/app"]\n', 1],
    ['not ok: ARG-driven golang image', 'ARG IMG=golang:1.22.5-bookworm\nFROM ${IMG}\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', 1],
    ['ok: distroless final stage', 'FROM golang:1.22.5 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n', 0],
    ['ok: a toolchain image that only installs released tools', 'FROM golang:1.22.5\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1\n', 0],
    ['ok: a CI image that only runs the tests', 'FROM golang:1.22.5\nCOPY . .\nRUN go test ./...\n', 0],
    ['ok: a debian final stage', 'FROM golang:1.22.5 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD ["/app"]\n', 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('stays quiet on dev images', () => {
    expect(lint('FROM golang:1.22.5\nCOPY . .\nCMD ["go", "run", "."]\n', 'Dockerfile.dev')).toHaveLength(0);
    expect(lint('FROM golang:1.22.5\nCOPY . .\nCMD ["go", "run", "."]\n', '.devcontainer/Dockerfile')).toHaveLength(0);
  });

  it('names the golang stage a final stage builds on, and offers no conversion for a multi-stage file', () => {
    const [finding] = lint('FROM golang:1.22.5-bookworm AS build\nCOPY . .\nRUN go build -o /app .\n\nFROM build AS app\nCMD ["/app"]\n');
    expect(finding.message).toMatch(/^The final stage app builds on stage build, which is golang:1.22.5-bookworm: /);
    expect(finding.fix()).toBeUndefined();
  });

  it('offers the multi-stage conversion on a single-stage file', () => {
    const [finding] = lint('FROM golang:1.22.5\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nCMD ["./app"]\n');
    expect(finding.fix()?.title).toMatch(/^Convert to multi-stage build/);
    expect(finding.fix()?.preferred).toBe(false);
  });
});
