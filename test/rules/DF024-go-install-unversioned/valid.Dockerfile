# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS tools
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go install github.com/go-delve/delve/cmd/dlv@v1.23.1 \
    && go install golang.org/x/tools/cmd/stringer@v0.24.0

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
# In the module, go.mod pins crane (tools.go): no @version needed.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go install github.com/google/go-containerregistry/cmd/crane
COPY . .
# The module's own packages are local, whatever their import path.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" . \
    && go install example.com/orders

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /go/bin/orders /orders
ENTRYPOINT ["/orders"]
