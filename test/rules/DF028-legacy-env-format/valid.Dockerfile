# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
ENV CGO_ENABLED=0 \
    GOFLAGS="-mod=mod -trimpath" \
    PATH=/go/bin:$PATH
ARG VERSION=dev
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags="-s -w -X main.version=${VERSION}" -o /out/orders .

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.source="https://git.example.com/shop/orders" \
      org.opencontainers.image.title=orders
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
