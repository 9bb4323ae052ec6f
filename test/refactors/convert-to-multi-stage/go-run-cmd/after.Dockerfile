FROM golang:1.22-bookworm AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/runner .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/runner /runner
EXPOSE 8080
ENTRYPOINT ["/runner"]
CMD ["-greeting", "hi"]
