# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG VERSION=dev
ARG COMMIT

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
ARG TARGETOS TARGETARCH
ARG VERSION
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# COMMIT is set by the RUN itself, not read from the global ARG.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    COMMIT="$(cat .git/HEAD 2>/dev/null || echo unknown)"; \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath \
      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/orders .

# A stage built on `build` keeps its ARGs: BuildKit carries them into the child stage.
FROM build AS test
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go vet ./... && echo "vetted for $TARGETOS/$TARGETARCH"

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
