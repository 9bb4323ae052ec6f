# syntax=docker/dockerfile:1
ARG VERSION=dev

FROM golang:1.22.5-bookworm AS build
ARG VERSION
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build \
      -ldflags="-X main.version=${VERSION}" \
      -o /out/api .
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags '-w' -o /out/healthcheck .
RUN --mount=type=cache,target=/root/.cache/go-build <<EOT
set -eu
go vet ./...
go build -o /out/migrate .
EOT

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
COPY --from=build /out/healthcheck /healthcheck
COPY --from=build /out/migrate /migrate
ENTRYPOINT ["/api"]
