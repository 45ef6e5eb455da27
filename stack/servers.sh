# Sourced by test/e2e/run.sh and bench/run.sh: the last-resort cleanup of a run's servers.

# Stops the driver (pid in $1, may be empty), then kills what the run started (each server leads
# its own process group) by the PID files under the work folder $2.
stop_driver_and_servers() {
  local driver="$1" work="$2" f pid
  if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then kill -TERM "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; fi
  for f in "$work"/*/pids/*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  done
}
