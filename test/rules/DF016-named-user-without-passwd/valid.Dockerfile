# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-alpine AS build
RUN adduser -D -u 10001 app
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:debug AS debug
COPY --from=build /out/api /api
USER nonroot:nonroot
ENTRYPOINT ["/api"]

# The passwd and group files of the build stage hold the app user.
FROM scratch
COPY --from=build /etc/passwd /etc/group /etc/
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/api /api
USER app:app
EXPOSE 8080
ENTRYPOINT ["/api"]
