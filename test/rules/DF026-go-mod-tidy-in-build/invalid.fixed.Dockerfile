# syntax=docker/dockerfile:1
FROM golang:1.22.5-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download && \
    go mod verify
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build <<EOF
set -eu
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .
EOF

FROM golang:1.22.5-bookworm AS release
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    make build

FROM golang:1.22.5-alpine AS scratchpad
WORKDIR /app
COPY *.go ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go mod init example.com/orders && go mod tidy && go build -o /out/scratchpad .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
