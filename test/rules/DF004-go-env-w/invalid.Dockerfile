FROM golang:1.22.5-bookworm AS build
WORKDIR /src
RUN go env -w GOPROXY=https://goproxy.cn,direct
RUN go env -w GOPRIVATE=git.example.com GOFLAGS="-mod=mod -trimpath" \
    && go env -w CGO_ENABLED=0 \
    && apt-get update && apt-get install -y --no-install-recommends git
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download && \
    go env -w GOSUMDB=sum.golang.org
RUN <<EOT
set -e
go env -w GOTOOLCHAIN=local
go version
EOT
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
