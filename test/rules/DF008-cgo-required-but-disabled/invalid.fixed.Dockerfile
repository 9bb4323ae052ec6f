# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
ENV GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags="-s -w" -o /out/orders .

# Migrations run from their own image, built on alpine.
FROM golang:1.22.5-alpine3.20 AS migrate
RUN apk add --no-cache gcc musl-dev
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
