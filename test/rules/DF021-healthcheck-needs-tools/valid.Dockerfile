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

# The test image has a shell and curl: its check works there.
FROM debian:bookworm-slim AS e2e
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/orders /usr/local/bin/orders
HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["/orders", "healthcheck"]
ENTRYPOINT ["/orders"]
