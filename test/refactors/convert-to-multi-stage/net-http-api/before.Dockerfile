# The orders API.
FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
RUN go build -o server .
EXPOSE 8080
ENV APP_ENV=production
CMD ["./server"]
