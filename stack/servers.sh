# Sourced by the scripts that start a stack driver (test/e2e/run.sh, bench/run.sh, scripts/demo.sh):
# pack the package, run the driver, and the last-resort cleanup of the servers it started.

# Packs the built package into folder $1 and prints the tarball's path. (The repository's .npmrc
# sets ignore-scripts, so `npm pack` runs no prepack: build first.)
pack_package() {
  local dest="$1" tgz
  npm pack --silent --pack-destination "$dest" >"$dest/pack.out"
  tgz="$dest/$(tail -n 1 "$dest/pack.out")"
  [ -f "$tgz" ] || { echo "npm pack produced no tarball (see $dest/pack.out)" >&2; return 1; }
  echo "$tgz"
}

# Runs `node "$@"` in the background, its PID in $driver_pid for the caller's EXIT trap, and
# returns its exit code.
run_driver() {
  local rc=0
  node "$@" &
  driver_pid=$!
  wait "$driver_pid" || rc=$?
  driver_pid=""
  return "$rc"
}

# Stops the driver (pid in $1, may be empty), then kills what it started (each server leads its own
# process group) by the PID files in the folders $2...
stop_driver_and_servers() {
  local driver="$1" dir f pid
  shift
  if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then kill -TERM "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; fi
  for dir in "$@"; do
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid="$(cat "$f")"
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    done
  done
}
