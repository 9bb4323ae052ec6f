# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG RUNTIME_IMAGE=gcr.io/distroless/static:nonroot

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM alpine AS certs
RUN apk add --no-cache ca-certificates

FROM postgres:latest AS migrations-test
COPY migrations/ /docker-entrypoint-initdb.d/

FROM gcr.io/distroless/base AS debug-runtime
COPY --from=build /out/orders /orders

FROM ${RUNTIME_IMAGE}
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
