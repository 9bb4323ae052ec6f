FROM golang:1.22-alpine
WORKDIR /app
COPY . .
RUN go build -o api .
EXPOSE 8080
HEALTHCHECK --interval=10s CMD ["./api", "-h"]
CMD ["./api"]
