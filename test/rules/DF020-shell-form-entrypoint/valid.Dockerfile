# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .
# A shell-form CMD in a builder stage is never the container's command.
CMD go test ./...

FROM debian:bookworm-slim AS debian-runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/orders /usr/local/bin/orders
# `exec` replaces the shell, so the binary is PID 1 and gets SIGTERM.
CMD ORDERS_ENV=production exec /usr/local/bin/orders --port 8080

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
CMD ["--port", \
     "8080"]
