# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
FROM golang:${GO_VERSION}-bookworm AS build
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/api .

# On alpine, cgo is off by default: there is no gcc.
FROM golang:${GO_VERSION}-alpine3.20 AS worker
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    make worker

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=build /out/api /usr/local/bin/api
COPY --from=worker /src/bin/worker /usr/local/bin/worker
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/api"]
