FROM golang:1.22-bookworm AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -trimpath -ldflags="-s -w" -mod=vendor -o /out/notes .

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/notes /notes
EXPOSE 8080
ENTRYPOINT ["/notes"]
