# Stand-in for gcr.io/distroless/static-debian12:nonroot: no shell, no package manager;
# only passwd/group, the machine's CA bundle, tzdata, os-release, /tmp. The build context (rootfs/,
# home-nonroot/) is staged by scripts/stand-in-images.sh from the bookworm rootfs.
FROM scratch
COPY rootfs/ /
COPY --chown=65532:65532 home-nonroot/ /home/nonroot/
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt
USER 65532
WORKDIR /home/nonroot
