# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build
ARG TARGETOS TARGETARCH
# GOOS=linux alone changes nothing for a Linux image.
ENV CGO_ENABLED=0 GOOS=linux
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/api .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
