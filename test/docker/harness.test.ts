/**
 * Smoke test of the Docker harness: a multi-stage Go build with BuildKit cache mounts on the local stand-in
 * images, a published loopback port, the distroless nonroot user, and a glibc-linked (cgo) binary that
 * cannot start on the musl-based alpine stand-in.
 * Run: npx vitest run --config test/docker/vitest.config.mts (or npx vitest run test/docker).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildError,
  buildImage,
  dockerCli,
  dockerClient,
  removeCreatedContainers,
  requireDocker,
  runContainer,
  waitForHttp,
  withContainer,
} from './harness';

const docker = await requireDocker();

const MINUTE = 60_000;

function writeContext(files: Record<string, string>): string {
  const dir = mkdtempSync(nodePath.join(tmpdir(), 'godock-docker-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(nodePath.join(dir, name), text);
  return dir;
}

const GO_MOD = 'module example.com/smoke\n\ngo 1.22\n';

const HELLO_MAIN = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from godock uid=%d\\n", os.Getuid())
	})
	fmt.Println("listening on :8080")
	if err := http.ListenAndServe(":8080", nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`;

// No "# syntax=" line: that would pull a frontend image from a registry; the engine's built-in one is used.
const HELLO_DOCKERFILE = `FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY go.mod ./
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
EXPOSE 8080
ENTRYPOINT ["/app"]
`;

const CGO_FILES = {
  'go.mod': GO_MOD,
  'main.go': `package main

import "fmt"

func main() { fmt.Println("hello from", variant()) }
`,
  'cgo.go': `//go:build cgo

package main

// static int answer(void) { return 42; }
import "C"

import "fmt"

func variant() string { return fmt.Sprintf("cgo (C says %d)", int(C.answer())) }
`,
  'nocgo.go': `//go:build !cgo

package main

func variant() string { return "pure Go" }
`,
  // The same program twice: linked against glibc (cgo) and static; then on glibc (distroless base) and musl (alpine).
  Dockerfile: `FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=1 go build -o /out/app-cgo . && CGO_ENABLED=0 go build -o /out/app-static .

FROM gcr.io/distroless/base-debian12:nonroot AS glibc
COPY --from=build /out/ /app/

FROM alpine:3.20
COPY --from=build /out/ /app/
CMD ["/app/app-cgo"]
`,
};

describe.skipIf(!docker.ok)('Docker harness (BuildKit, local base images)', () => {
  const dirs: string[] = [];

  beforeAll(() => {
    if (docker.ok) console.log(`[godock docker] engine ${docker.host} (${docker.engine})`);
  });

  afterAll(async () => {
    await removeCreatedContainers();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds a multi-stage Go service with cache mounts, serves on a loopback port as uid 65532', async () => {
    const dir = writeContext({ 'go.mod': GO_MOD, 'main.go': HELLO_MAIN, Dockerfile: HELLO_DOCKERFILE });
    dirs.push(dir);
    const built = await buildImage(dir, 'Dockerfile', 'godock-smoke-hello:test');
    expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(built.logs).toMatch(/exporting to image/);

    const image = await dockerClient().getImage('godock-smoke-hello:test').inspect();
    expect(image.Config.User).toBe('65532:65532');

    await withContainer({ image: 'godock-smoke-hello:test', ports: [8080] }, async (c) => {
      const response = await waitForHttp(c.url, { timeoutMs: 30_000 });
      expect(response.status).toBe(200);
      expect(response.body).toBe('hello from godock uid=65532\n');
      const top = await c.container.top();
      const uid = top.Titles.indexOf('UID');
      expect(top.Processes.map((p: string[]) => p[uid])).toEqual(['65532']);
      expect((await c.logs()).stdout).toContain('listening on :8080');
    });
  }, 15 * MINUTE);

  it('reports a failing RUN with BuildKit’s error and the command output', async () => {
    const dir = writeContext({
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nfunc main() { undefinedThing() }\n',
      Dockerfile: HELLO_DOCKERFILE,
    });
    dirs.push(dir);
    const error = await buildImage(dir, 'Dockerfile', 'godock-smoke-broken:test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toMatch(/exit code: 1/);
    expect((error as BuildError).message).toContain('undefined: undefinedThing');
  }, 10 * MINUTE);

  it('a glibc-linked (cgo) binary runs on distroless base but is "not found" on alpine (musl)', async () => {
    const dir = writeContext(CGO_FILES);
    dirs.push(dir);
    await buildImage(dir, 'Dockerfile', 'godock-smoke-cgo:alpine');
    await buildImage(dir, 'Dockerfile', 'godock-smoke-cgo:glibc', { target: 'glibc' });

    const onGlibc = await runContainer({ image: 'godock-smoke-cgo:glibc', entrypoint: ['/app/app-cgo'] });
    expect(onGlibc).toMatchObject({ exitCode: 0, stdout: 'hello from cgo (C says 42)\n' });

    const staticOnAlpine = await runContainer({ image: 'godock-smoke-cgo:alpine', cmd: ['/bin/sh', '-c', '/app/app-static'] });
    expect(staticOnAlpine).toMatchObject({ exitCode: 0, stdout: 'hello from pure Go\n' });

    // Through the shell, as on real Alpine: the ELF interpreter /lib64/ld-linux-x86-64.so.2 is missing.
    const cgoOnAlpine = await runContainer({ image: 'godock-smoke-cgo:alpine', cmd: ['/bin/sh', '-c', '/app/app-cgo'] });
    expect(cgoOnAlpine.exitCode).toBe(127);
    expect(cgoOnAlpine.stderr).toMatch(/app-cgo: not found/);

    // As the image's CMD: the engine cannot exec it.
    const direct = await runContainer({ image: 'godock-smoke-cgo:alpine' });
    expect(direct.exitCode).not.toBe(0);
    expect(`${direct.startError ?? ''} ${direct.stderr}`).toMatch(/no such file or directory|not found/);
  }, 15 * MINUTE);

  it('`docker build` through the CLI uses BuildKit too (cache mounts accepted)', async (context) => {
    const cli = await dockerCli();
    if (!cli) {
      context.skip('no docker CLI with BuildKit (neither a buildx plugin nor a 20.10 CLI)');
      return;
    }
    const dir = writeContext({ 'go.mod': GO_MOD, 'main.go': HELLO_MAIN, Dockerfile: HELLO_DOCKERFILE });
    dirs.push(dir);
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        cli.bin,
        ['build', '--progress=plain', '-t', 'godock-smoke-hello:cli', dir],
        { env: cli.env, timeout: 10 * MINUTE, maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(`${stdout}${stderr}`)),
      );
    });
    expect(output).toMatch(/^#\d+ /m); // BuildKit's plain progress
    const image = await dockerClient().getImage('godock-smoke-hello:cli').inspect();
    expect(image.Config.User).toBe('65532:65532');
  }, 10 * MINUTE);
});
