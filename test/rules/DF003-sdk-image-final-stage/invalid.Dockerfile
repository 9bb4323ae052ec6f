# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
FROM golang:${GO_VERSION}-bookworm
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -o /usr/local/bin/orders .
EXPOSE 8080
CMD ["orders"]
