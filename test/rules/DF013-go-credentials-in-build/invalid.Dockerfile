# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
ARG GITHUB_TOKEN
ENV GOPRIVATE=github.com/acme/* \
    GOPROXY=https://ci:s3cr3t@goproxy.corp.example.com,direct
WORKDIR /src
COPY go.mod go.sum ./
RUN echo "machine github.com login x-access-token password ${GITHUB_TOKEN}" > ~/.netrc \
    && chmod 600 ~/.netrc \
    && go mod download
RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -o /out/worker ./cmd/worker

FROM alpine:3.20
ARG REGISTRY_PASSWORD
ENV SENTRY_TOKEN=b7f1c2d3e4f5
COPY .netrc /root/.netrc
RUN apk add --no-cache ca-certificates
COPY --from=build /out/worker /usr/local/bin/worker
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/worker"]
