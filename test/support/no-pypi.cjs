// Tests never reach PyPI: generation runs look up exact Python pins unless SLIM_DOCKER_OFFLINE says no.
// The PyPI look-up's own tests serve an index on 127.0.0.1; the e2e examples drop this (their builds reach PyPI anyway).
process.env.SLIM_DOCKER_OFFLINE ??= '1';
