# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
ENV CGO_ENABLED 0
ENV GOFLAGS -mod=mod -trimpath
ENV GOPRIVATE "git.example.com/*"
ENV PATH /go/bin:$PATH
ENV BUILD_TAGS \
    netgo \
    osusergo
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -tags "$BUILD_TAGS" -ldflags="-s -w" -o /out/orders .

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.source https://git.example.com/shop/orders
ENV GODEBUG http2client=0,tlsrsakex=1
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
