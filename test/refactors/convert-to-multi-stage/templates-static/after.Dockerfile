FROM golang:1.22-bookworm AS build
WORKDIR /srv/site
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/site .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /srv/site
COPY --from=build /srv/site/static /srv/site/static
COPY --from=build /srv/site/templates /srv/site/templates
COPY --from=build /out/site /site
EXPOSE 8080
ENTRYPOINT ["/site"]
CMD ["-port", "8080"]
