# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG ALPINE_VERSION=3.20
# Set by CI with --build-arg; there is nothing to check here.
ARG RUNTIME_IMAGE

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM alpine:${ALPINE_VERSION} AS certs
RUN apk add --no-cache ca-certificates

FROM postgres:16.3-bookworm AS migrations-test
COPY migrations/ /docker-entrypoint-initdb.d/

FROM debian@sha256:4a1c1a6bcd8c2c9b4d4e9e0b3a8f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3 AS pinned
RUN true

FROM build AS lint
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go vet ./...

FROM ${RUNTIME_IMAGE} AS custom

FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
