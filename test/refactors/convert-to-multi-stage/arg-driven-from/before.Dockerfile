ARG GO_VERSION=1.22
FROM golang:${GO_VERSION}-bookworm
WORKDIR /app
COPY . .
RUN go build -o /app/hello .
CMD ["/app/hello", "-greeting", "hey"]
