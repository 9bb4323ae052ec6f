FROM golang:1.22.5-bookworm AS debug
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -gcflags="all=-N -l" -o /out/api ./cmd/api
CMD ["dlv", "exec", "/out/api", "--headless", "--listen=:2345", "--accept-multiclient", "--continue"]
