# Go for Xen: the patched toolchain as an image.
#
#   docker build -t go-xen .
#   docker run --rm -v "$PWD":/app -w /app -e GOOS=xen -e GOARCH=amd64 \
#       go-xen go build -o app.xen .
#
# GOOS/GOARCH are left to the user: without them the toolchain builds for
# linux/amd64 like any Go. The build needs the Go module proxy (upstream Go
# is fetched through it, checksum-verified, by toolchain/build.sh).

# The base images can be overridden (--build-arg GO_IMAGE=... BASE_IMAGE=...),
# e.g. with local stand-ins where no registry is reachable
# (scripts/check-dockerfile).
ARG GO_IMAGE=golang:1.26-bookworm
ARG BASE_IMAGE=debian:bookworm-slim

# Stage 1: build the toolchain with the official Go image as the bootstrap
# (build.sh needs Go >= 1.24, git, bash and a C compiler for make.bash; the
# golang bookworm image has all of them).
FROM ${GO_IMAGE} AS build
WORKDIR /go-xen
# Only the build inputs (see .dockerignore): VERSION, patches/, toolchain/,
# src/, rt0/, hypercall/.
COPY . .
# overlay.sh and inputs-hash.sh list the inputs with `git ls-files`, and the
# build context has no .git: make the copy a repository of its own. The
# chmod guards against a context that lost the exec bits.
RUN chmod +x toolchain/*.sh \
 && git init -q . \
 && git add -A . \
 && GOROOT_BOOTSTRAP=$(go env GOROOT) GOTOOLCHAIN=local toolchain/build.sh \
 && build/go/bin/go version \
 && build/go/bin/go tool dist list | grep -qx xen/amd64 \
 && build/go/bin/go tool xen help >/dev/null

# Stage 2: the toolchain alone (no bootstrap Go, no module cache).
FROM ${BASE_IMAGE}
# git and CA certificates so that `go` can fetch modules. No C compiler:
# cgo is off for xen anyway (and the go command turns it off for linux
# when there is no compiler).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git \
 && rm -rf /var/lib/apt/lists/*
# The go command finds its GOROOT from its own location, so the tree can
# move from /go-xen/build/go to /usr/local/go.
COPY --from=build /go-xen/build/go /usr/local/go
ENV GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN go version && go env GOROOT && mkdir -p /go/bin && chmod 1777 /go
WORKDIR /app
CMD ["go", "version"]
