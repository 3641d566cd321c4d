#!/bin/sh
# Smoke test of a built stickmode at the real paths, run by release.yml on each built binary and
# by tests/e2e/release_smoke_test.ts: `status --json` on the machine's real /sys, then `probe
# --json` on a stick simulated by the binary's own `sim`, reached by its real /dev/pts/N path.
# Deno refuses the real /sys and /dev without --allow-all, so this fails for a binary compiled
# with fewer permissions, where --help and validate still pass.
#   release_smoke.sh BINARY [ARGS...]    (ARGS come before the command, e.g. none)
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
work=$(mktemp -d)
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$@" --help > /dev/null
"$@" status --json > "$work/status.json"
grep -q '"formatVersion"' "$work/status.json" || { echo "status --json printed no versioned JSON:" >&2; cat "$work/status.json" >&2; exit 1; }
echo "status --json on the real /sys: exit 0"

"$@" sim --sticks 1 > "$work/sim.out" 2> "$work/sim.err" &
sim_pid=$!
tries=0
until grep -q 'simulated stick running' "$work/sim.out"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
    echo "sim did not start within 20 s:" >&2; cat "$work/sim.out" "$work/sim.err" >&2; exit 1
  fi
  sleep 0.2
done
pcui=$(awk '$2 == "pcui" { print $3; exit }' "$work/sim.out")
case "$pcui" in
  /dev/pts/*) ;;
  *) echo "sim printed no /dev/pts path for its PCUI port:" >&2; cat "$work/sim.out" >&2; exit 1 ;;
esac
"$@" probe --tty "$pcui" --lock-dir "$work" --json > "$work/probe.json"
grep -Eq '"model": ?"E3372"' "$work/probe.json" || { echo "probe --json did not read the stick:" >&2; cat "$work/probe.json" >&2; exit 1; }
echo "probe --json on $pcui: exit 0, model E3372"
