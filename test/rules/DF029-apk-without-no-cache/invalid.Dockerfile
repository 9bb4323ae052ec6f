# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG ALPINE_VERSION=3.20

FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
RUN apk update && apk add git make
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 make build

FROM alpine:${ALPINE_VERSION}
RUN <<EOF
set -eu
apk add --virtual .runtime-deps \
    ca-certificates \
    tzdata
adduser -D -u 10001 app
EOF
COPY --from=build /src/bin/orders /usr/local/bin/orders
USER app
ENTRYPOINT ["/usr/local/bin/orders"]
