# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22.5

FROM golang:${GO_VERSION}-bookworm AS build
# Not a credential: where to fetch one at run time.
ARG TOKEN_URL=https://auth.example.com/token
ENV GOPRIVATE=github.com/acme/* \
    GOPROXY=https://goproxy.corp.example.com,direct
WORKDIR /src
COPY go.mod go.sum ./
# Credentials come from `docker build --secret id=netrc,src=$HOME/.netrc` and never reach a layer.
RUN --mount=type=secret,id=netrc,target=/root/.netrc \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download
# A token from a secret, written and removed in the same RUN, leaves nothing in the layer.
RUN --mount=type=secret,id=gh,env=GITHUB_TOKEN --mount=type=cache,target=/go/pkg/mod <<EOF
set -eu
git config --global url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
go mod download github.com/acme/sdk
rm -f ~/.gitconfig
EOF
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-X main.tokenURL=${TOKEN_URL}" -o /out/worker ./cmd/worker

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/worker /worker
ENTRYPOINT ["/worker"]
