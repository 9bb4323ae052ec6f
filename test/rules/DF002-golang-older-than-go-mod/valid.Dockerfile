# syntax=docker/dockerfile:1
ARG GO_VERSION=1.23.4

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    make build

# The 1.23 tag is the newest 1.23 release, at least the toolchain go1.23.4.
FROM golang:1.23-alpine AS test
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go test ./...

# Only `go version` runs here: the module is never read.
FROM golang:1.21-bookworm AS toolchain-report
RUN go version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/orders /orders
ENTRYPOINT ["/orders"]
