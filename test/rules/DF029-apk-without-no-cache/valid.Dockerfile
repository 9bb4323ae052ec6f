# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5
ARG ALPINE_VERSION=3.20

FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
# A cache mount keeps the indexes out of the layer and reuses them between builds.
RUN --mount=type=cache,target=/var/cache/apk \
    apk add git make
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 make build

FROM alpine:${ALPINE_VERSION}
RUN apk --no-cache add ca-certificates tzdata \
    && adduser -D -u 10001 app
RUN apk update && apk add gcompat && rm -rf /var/cache/apk/*
COPY --from=build /src/bin/orders /usr/local/bin/orders
USER app
ENTRYPOINT ["/usr/local/bin/orders"]
