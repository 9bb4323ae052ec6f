# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
# Turned off "because the corporate proxy breaks sum.golang.org".
ARG GOSUMDB=off

FROM golang:${GO_VERSION}-bookworm AS build
ARG GOSUMDB
ENV GOPRIVATE=git.corp.example.com/* \
    GONOSUMDB=github.com,git.corp.example.com/*
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    GOINSECURE=git.corp.example.com go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
go env -w GOFLAGS=-mod=mod GOSUMDB=off
CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api
EOF

FROM golang:1.16-alpine AS tools
ENV GOFLAGS="-insecure -mod=mod"
RUN GOPRIVATE=github.com/* go get github.com/acme/gen@v1.2.0

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
