# Stand-in for node:20-slim and node:20 (full). BASE is the imported mmdebstrap trixie rootfs
# with Debian's nodejs (20.x) and npm (+ build tools for full).
ARG BASE
FROM ${BASE}

COPY host-ca-bundle.crt /usr/local/share/ca-certificates/slim-docker-host-bundle.crt
COPY host-ca-bundle.crt /etc/ssl/certs/ca-certificates.crt

# Official node images: user/group `node` (1000:1000, home /home/node, bash), and an
# entrypoint that runs `node` when the command is not an executable.
RUN set -eu; \
    groupadd --gid 1000 node; \
    useradd --uid 1000 --gid node --shell /bin/bash --create-home node; \
    node --version; npm --version
COPY node-docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
