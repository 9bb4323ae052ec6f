FROM golang:1.22-bookworm
RUN go env -w GOFLAGS=-mod=mod && go env -w GOTOOLCHAIN=local
WORKDIR /app
COPY . .
RUN go build -o app . && echo built
EXPOSE 8080
CMD ["./app"]
