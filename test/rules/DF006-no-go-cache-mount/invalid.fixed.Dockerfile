# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .
RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod \
    go test ./...
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
go vet ./...
EOF

FROM golang:1.22.5-alpine AS tools
ENV GOPATH=/opt/go GOCACHE=/var/cache/go-build
RUN --mount=type=cache,target=/opt/go/pkg/mod --mount=type=cache,target=/var/cache/go-build go install golang.org/x/tools/cmd/goimports@v0.24.0

FROM golang:1.22.5-bookworm AS ci
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    make build

FROM golang:1.22.5-bookworm AS lint
USER 65532:65532
WORKDIR /tmp/lint
COPY --chown=65532:65532 go.mod go.sum ./
RUN go mod download

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
