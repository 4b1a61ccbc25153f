# Stand-in for python:3.13-slim and python:3.13 (full). BASE is the imported mmdebstrap
# trixie rootfs with Debian's python3 (3.13), python3-pip, python3-venv (+ build tools for full).
ARG BASE
FROM ${BASE}

COPY host-ca-bundle.crt /usr/local/share/ca-certificates/slim-docker-host-bundle.crt
COPY host-ca-bundle.crt /etc/ssl/certs/ca-certificates.crt

# What Dockerfiles written for the official image rely on:
# - `pip install` as root works (official Python is not "externally managed"),
# - `python`, `python3`, `pip`, `pip3` on PATH.
RUN set -eu; \
    rm -f /usr/lib/python3*/EXTERNALLY-MANAGED; \
    for pair in python:python3 python3:python3 pip:pip3 pip3:pip3; do \
      name=${pair%%:*}; target=/usr/bin/${pair#*:}; \
      [ -e "/usr/local/bin/$name" ] || [ -e "/usr/bin/$name" ] || ln -s "$target" "/usr/local/bin/$name"; \
    done; \
    python --version; pip --version

ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    GIT_SSL_CAINFO=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
