FROM golang:1.22.5-bookworm AS build
ENV GOPROXY=https://goproxy.cn,direct GOFLAGS=-mod=mod
WORKDIR /src
# `go env` without -w only reads settings.
RUN go env GOPROXY GOFLAGS && go env
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
