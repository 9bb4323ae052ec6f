FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
EXPOSE 8080
CMD ["go", "run", ".", "-greeting", "hi"]
