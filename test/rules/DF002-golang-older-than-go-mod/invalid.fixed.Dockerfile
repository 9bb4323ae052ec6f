# syntax=docker/dockerfile:1
ARG GO_VERSION=1.23.4

FROM golang:1.23-alpine AS deps
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    make build

FROM docker.io/library/golang:1.23 AS test
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
go vet ./...
go test -race ./...
EOF

FROM golang:1.23.4-bookworm AS verify
ENV GOTOOLCHAIN=auto
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod verify

FROM golang:1.20.14@sha256:8f5c1c1ec7d0b3c5a0e6e9b3f5b3f2f0a8d9c6b1e2f3a4b5c6d7e8f9a0b1c2d3 AS lint
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go vet ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/orders /orders
ENTRYPOINT ["/orders"]
