FROM golang:1.22-bookworm
WORKDIR /srv/site
COPY . .
RUN go build -o site .
EXPOSE 8080
CMD ./site -port 8080
