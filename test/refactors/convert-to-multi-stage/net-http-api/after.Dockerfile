# The orders API.
FROM golang:1.22-bookworm AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .
ENV APP_ENV=production

FROM gcr.io/distroless/static-debian12:nonroot
ENV APP_ENV=production
COPY --from=build /out/server /server
EXPOSE 8080
ENTRYPOINT ["/server"]
