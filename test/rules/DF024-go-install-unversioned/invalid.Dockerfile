# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

# Tools are installed before go.mod is copied: outside a module `go install` needs a version.
FROM golang:${GO_VERSION}-bookworm AS tools
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go install github.com/google/go-containerregistry/cmd/crane \
    && go install golang.org/x/tools/cmd/stringer

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
# crane is required by go.mod (tools.go): go.mod pins it. air is not.
go install github.com/google/go-containerregistry/cmd/crane
go install "github.com/air-verse/air"
EOF
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
