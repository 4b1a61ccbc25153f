# Stand-in for debian:<suite>-slim. BASE is the mmdebstrap minbase rootfs imported by
# scripts/stand-in-images.sh (sources, apt config and dpkg excludes as in the official image).
ARG BASE
FROM ${BASE}

# The machine's CA bundle (it holds the TLS-inspecting proxy's CA). The copy under
# /usr/local/share/ca-certificates survives a later `apt-get install ca-certificates`
# (update-ca-certificates rebuilds the bundle from it).
COPY host-ca-bundle.crt /usr/local/share/ca-certificates/slim-docker-host-bundle.crt
COPY host-ca-bundle.crt /etc/ssl/certs/ca-certificates.crt

ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt
CMD ["bash"]
