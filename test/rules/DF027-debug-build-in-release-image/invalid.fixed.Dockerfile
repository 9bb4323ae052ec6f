# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
      -o /out/orders .

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /go/bin/dlv /dlv
COPY --from=build /out/orders /orders
EXPOSE 8080 40000
ENTRYPOINT ["/dlv", "--listen=:40000", "--headless=true", "--api-version=2", "--accept-multiclient", "exec", "/orders"]
