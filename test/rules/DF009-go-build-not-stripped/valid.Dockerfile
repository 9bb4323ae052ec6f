# syntax=docker/dockerfile:1
ARG VERSION=dev

FROM golang:1.22.5-bookworm AS build
ARG VERSION
ENV CGO_ENABLED=0 GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags="-s -w -X main.version=${VERSION}" -o /out/api .
# -s alone also drops the DWARF data.
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags=-s -o /out/healthcheck .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
COPY --from=build /out/healthcheck /healthcheck
ENTRYPOINT ["/api"]
