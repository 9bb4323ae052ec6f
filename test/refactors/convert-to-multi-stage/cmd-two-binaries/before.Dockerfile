FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/api ./cmd/api && go build -o /usr/local/bin/worker ./cmd/worker
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/api"]
CMD ["-port", "8080"]
