FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
RUN go build -mod=vendor -o notes .
EXPOSE 8080
CMD ["./notes"]
