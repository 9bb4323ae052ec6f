# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG RUNTIME=debian:bookworm-slim

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM ${RUNTIME}
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/orders /usr/local/bin/orders
COPY <<EOF /etc/orders/config.yaml
listen: ":8080"
EOF
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/orders", "--config", "/etc/orders/config.yaml"]
