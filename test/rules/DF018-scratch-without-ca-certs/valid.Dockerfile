# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/notifier .

FROM scratch
# Go reads SSL_CERT_FILE before its built-in list of bundle paths.
ENV SSL_CERT_FILE=/certs/ca.pem
COPY --from=build /etc/ssl/certs/ca-certificates.crt /certs/ca.pem
COPY --from=build /out/notifier /notifier
USER 65532:65532
ENTRYPOINT ["/notifier"]
