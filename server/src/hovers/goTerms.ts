/** What Go's environment variables and build flags do, and what they mean inside a container image. */

export const GO_ENV: Record<string, string> = {
  CGO_ENABLED:
    '`1` lets `go build` call the C toolchain and link against the C library (the default when `gcc` is present, as in `golang:*-bookworm`); `0` builds a static binary.\n\nIn a container: a cgo binary built on Debian needs glibc and will not start on `scratch`, distroless `static` or alpine ("no such file or directory"). Set `CGO_ENABLED=0` unless the module needs cgo.',
  GOOS: 'The target operating system of the build (`linux` for containers).\n\nIn a container: with BuildKit use `GOOS=$TARGETOS` after `ARG TARGETOS` so one Dockerfile builds every platform.',
  GOARCH:
    'The target CPU architecture (`amd64`, `arm64`, …).\n\nIn a container: hard-coding it ships the wrong binary in multi-platform images; use `GOARCH=$TARGETARCH` after `ARG TARGETARCH`, in a builder `FROM --platform=$BUILDPLATFORM`.',
  GOARM: 'The ARM version for `GOARCH=arm` (5, 6, 7). With BuildKit it follows `$TARGETVARIANT` (`v7` → `7`).',
  GOFLAGS: 'Flags added to every go command that accepts them (`-mod=vendor`, `-trimpath`, `-buildvcs=false`).\n\nIn a container: set it with `ENV`, visible in `docker inspect`; never with `go env -w` (DF004).',
  GOPROXY: 'Where modules are downloaded from (default `https://proxy.golang.org,direct`).\n\nIn a container: set it with `ENV` or as a build arg; `go env -w GOPROXY=…` writes a file into the image layer (DF004).',
  GOPRIVATE: 'Module path patterns fetched directly and not checked against the public checksum database (private repositories).',
  GONOSUMDB: 'Module path patterns not checked against the checksum database. Wide patterns turn off tamper protection (DF012).',
  GONOPROXY: 'Module path patterns fetched directly rather than through GOPROXY.',
  GOSUMDB: 'The checksum database that verifies downloaded modules (`sum.golang.org`). `off` disables verification (DF012).',
  GOINSECURE: 'Module path patterns that may be fetched over plain HTTP and without checksum verification (DF012).',
  GOMEMLIMIT:
    'A soft memory limit for the Go runtime (`460MiB`): the garbage collector works harder as the heap approaches it.\n\nIn a container: set it to about 90% of the container memory limit, or the heap grows until the kernel OOM-kills the container (DC009).',
  GOMAXPROCS: 'How many OS threads run Go code at once. Go 1.25+ follows the container CPU limit by itself; older versions use the host CPU count.',
  GOGC: 'The garbage collection target percentage (default 100). `off` disables GC unless GOMEMLIMIT is set.',
  GOTOOLCHAIN:
    'Which Go toolchain runs: `local` uses the installed one; `auto` (the default) downloads the newer one go.mod asks for.\n\nIn a container: an image older than go.mod downloads a toolchain on every uncached build (DF002).',
  GOCACHE: 'The build cache (default `$HOME/.cache/go-build`, `/root/.cache/go-build` for root).\n\nIn a container: mount it with `RUN --mount=type=cache,target=…` so it never lands in a layer (DF006).',
  GOMODCACHE: 'The module cache (default `$GOPATH/pkg/mod`, `/go/pkg/mod` in the golang image).\n\nIn a container: mount it with `RUN --mount=type=cache,target=/go/pkg/mod` (DF006).',
  GOPATH: 'The Go workspace (`/go` in the golang image): modules in `$GOPATH/pkg/mod`, installed tools in `$GOPATH/bin`.\n\nIn compose: never mount the host GOPATH over it (DC001).',
  GOBIN: 'Where `go install` puts binaries (default `$GOPATH/bin`).',
  GODEBUG: 'Runtime and library compatibility settings (`http2client=0`, `netdns=go`).',
  GOEXPERIMENT: 'Experimental toolchain features to enable at build time.',
  GOAMD64: 'The x86-64 microarchitecture level (`v1`…`v4`). Higher levels may not run on older CPUs of the hosts that pull the image.',
};

export const GO_BUILD_FLAGS: Record<string, string> = {
  o: 'Where the binary is written. In a multi-stage build, the path `COPY --from=<builder>` copies into the runtime stage.',
  ldflags:
    'Linker flags. `-s -w` drop the symbol table and DWARF debug data (a much smaller binary); `-X main.version=$VERSION` stamps a variable. Release images want `-s -w` (DF009); debug images must not strip.',
  gcflags: 'Compiler flags. `all=-N -l` disables optimisation and inlining so Delve can set breakpoints and read variables: dev images only (DC006, DF027).',
  trimpath: 'Removes the build machine\'s file paths from the binary: reproducible builds, no `/src/...` paths leaked in stack traces (DF009).',
  tags: 'Build tags. `timetzdata` embeds the time zone database (for scratch images, DF019); `netgo,osusergo` pick the pure-Go resolver and user lookup.',
  buildvcs: 'Stamps version control information into the binary. The default (`auto`, Go ≥ 1.18.2) skips it quietly when `git` is missing; `-buildvcs=true` then fails the build (DF023), `-buildvcs=false` turns it off.',
  mod: '`-mod=vendor` builds from `vendor/`, `-mod=readonly` refuses to change go.mod, `-mod=mod` may update it.',
  race: 'Builds with the race detector: needs cgo, several times slower. Not for release images.',
  buildmode: 'The kind of output (`exe`, `pie`, `c-shared`, `plugin`). `pie` needs cgo on some platforms.',
  a: 'Rebuilds every package. With a cache mount it only costs time.',
  v: 'Prints the names of packages as they are compiled.',
  x: 'Prints the commands the go tool runs.',
};
