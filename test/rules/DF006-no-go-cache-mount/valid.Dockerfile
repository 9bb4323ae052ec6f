# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

# The caches moved by ENV, and mounted where they now are.
FROM golang:1.22.5-alpine AS test
ENV GOMODCACHE=/cache/mod GOCACHE=/cache/build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/cache go mod download
COPY . .
RUN --mount=type=cache,target=/cache <<EOF
set -eu
go vet ./...
go test ./...
EOF

# Vendored modules: the build reads vendor/, only the build cache matters.
FROM golang:1.22.5-bookworm AS vendored
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -mod=vendor -o /out/orders-vendored .

# `go version` and `go env` touch no cache.
FROM golang:1.22.5-bookworm AS info
RUN go version && go env GOMODCACHE GOCACHE

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
