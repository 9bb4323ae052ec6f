# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
RUN go mod download
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM golang:${GO_VERSION}-alpine AS test
COPY . /app
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
cd /app
go vet ./...
go test ./...
EOF

FROM golang:${GO_VERSION}-bookworm AS release
WORKDIR /src
  ADD . .
  RUN --mount=type=secret,id=netrc,target=/root/.netrc \
      make build VERSION=1.4.0

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
