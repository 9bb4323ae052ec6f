# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG VERSION=dev
ARG COMMIT

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath \
      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT:-unknown}" \
      -o /out/orders .

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS tools
ARG TARGETOS
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
GOOS=$TARGETOS GOARCH=$TARGETARCH go install github.com/go-delve/delve/cmd/dlv@v1.23.1
EOF

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.version=$VERSION
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
