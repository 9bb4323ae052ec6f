# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# go-sqlite3 needs cgo: on by default here (gcc is installed), so the binary links glibc.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM golang:1.22.5-alpine3.20 AS migrate
RUN apk add --no-cache build-base
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build <<EOT
set -eu
export CGO_ENABLED=1
go build -trimpath -o /out/migrate .
EOT

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/orders /orders
VOLUME ["/data"]
ENTRYPOINT ["/orders"]
