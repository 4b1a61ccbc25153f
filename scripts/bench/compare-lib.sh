# Shared by the *-compare.sh bench scripts (sourced, not run): one timed build and the layer diff.
# Needs $engine (the docker client with BuildKit).

# timed_build CONTEXT DOCKERFILE TAG LOG: builds on the host network, prints the wall seconds (one
# decimal); on failure prints the log's tail to stderr and fails.
timed_build() {
  local start end
  start=$(date +%s.%N)
  DOCKER_BUILDKIT=1 "$engine" build --network host --progress=plain -f "$2" -t "$3" "$1" >"$4" 2>&1 ||
    { tail -20 "$4" >&2; return 1; }
  end=$(date +%s.%N)
  printf '%.1f' "$(echo "$end - $start" | bc)"
}

# layers_changed BEFORE AFTER: how many of AFTER's layers BEFORE does not have.
layers_changed() {
  diff <("$engine" inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1") \
    <("$engine" inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$2") | grep -c '^>' || true
}
