# Stand-in for golang:1.24. BASE is the imported mmdebstrap trixie rootfs with Debian's
# golang-1.24-go, git, gcc, libc6-dev, make, pkg-config, curl (like the official image).
ARG BASE
ARG GO_MINOR=1.24
FROM ${BASE}
ARG GO_MINOR

COPY host-ca-bundle.crt /usr/local/share/ca-certificates/slim-docker-host-bundle.crt
COPY host-ca-bundle.crt /etc/ssl/certs/ca-certificates.crt

# Official layout: Go at /usr/local/go, GOPATH=/go (world-writable src/ and bin/), WORKDIR /go.
RUN set -eu; \
    ln -s "/usr/lib/go-${GO_MINOR}" /usr/local/go; \
    mkdir -p /go/src /go/bin; chmod -R 1777 /go; \
    /usr/local/go/bin/go version

# GOTOOLCHAIN=local as in the official image (and it keeps go from fetching toolchains).
# GOPROXY/GOSUMDB stay at Go's defaults, which is also what this machine uses.
ENV GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt
WORKDIR /go
CMD ["bash"]
