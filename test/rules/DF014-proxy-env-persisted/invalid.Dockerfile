# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
# A build-stage ENV never reaches the final image: not reported.
ARG HTTPS_PROXY
ENV HTTPS_PROXY=$HTTPS_PROXY
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api

FROM debian:bookworm-slim AS runtime
ARG HTTP_PROXY
ARG HTTPS_PROXY
ARG NO_PROXY
ENV HTTP_PROXY=$HTTP_PROXY \
    HTTPS_PROXY=${HTTPS_PROXY} \
    TZ=UTC
ENV no_proxy=$NO_PROXY
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
ENV ALL_PROXY=socks5://proxy.corp.example.com:1080
COPY --from=build /out/api /usr/local/bin/api
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/api"]
