FROM golang:1.22.5-bookworm AS build
WORKDIR /src
ENV GOPROXY=https://goproxy.cn,direct
ENV GOPRIVATE=git.example.com GOFLAGS="-mod=mod -trimpath" CGO_ENABLED=0
RUN apt-get update && apt-get install -y --no-install-recommends git
COPY go.mod go.sum ./
ENV GOSUMDB=sum.golang.org
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
ENV GOTOOLCHAIN=local
RUN <<EOT
set -e
go version
EOT
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
