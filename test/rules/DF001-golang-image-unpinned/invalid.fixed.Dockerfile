# syntax=docker/dockerfile:1
ARG GO_IMAGE=golang:latest

FROM golang:1.22.5-bookworm AS deps
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download

FROM golang:1.22.5-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders

FROM docker.io/library/golang:1.22.5-bookworm AS test
RUN go version

FROM ${GO_IMAGE} AS lint
RUN go vet ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orders /orders
ENTRYPOINT ["/orders"]
