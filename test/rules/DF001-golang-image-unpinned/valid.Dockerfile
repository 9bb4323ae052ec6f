# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders

FROM golang:1.22-alpine AS test
RUN go version

FROM golang@sha256:4a1c1a6bcd8c2c9b4d4e9e0b3a8f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3 AS pinned
RUN go version

FROM build AS again
RUN go version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
