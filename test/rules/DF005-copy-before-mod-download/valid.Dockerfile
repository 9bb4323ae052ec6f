# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

# Modules are downloaded once in their own stage; later stages build on it.
FROM golang:${GO_VERSION}-bookworm AS deps
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

FROM deps AS build
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

# Docker's Go guide: bind go.mod and go.sum for the download, bind the sources for the build.
FROM golang:${GO_VERSION}-alpine AS test
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download -x
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go test ./...

# A copy of the context with no go command after it downloads nothing.
FROM alpine:3.20 AS sources
COPY . /srv/sources

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
