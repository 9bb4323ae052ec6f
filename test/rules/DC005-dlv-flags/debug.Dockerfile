FROM golang:1.22.5-bookworm AS debug
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0
WORKDIR /src
COPY . .
RUN go build -gcflags="all=-N -l" -o /out/api .
CMD ["dlv", "exec", "/out/api", "--listen=:2345", "--headless", "--continue", "--accept-multiclient", "--api-version=2"]
