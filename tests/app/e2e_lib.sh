# Shared by the end-to-end GUI scripts (sourced): outcomes, required tools, child
# processes cleaned up on exit, and a private Xvfb display.
# Before sourcing: BIN, OUT and E2E_NAME (the log prefix) are set.

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAILED: $*"; exit 1; }
log() { echo "[$E2E_NAME] $*"; }

# e2e_require EXE...: ImageMagick, Xvfb and xdotool installed (else skipped) and the
# named binaries built (else failed).
e2e_require() {
  for tool in Xvfb xdotool import convert compare; do
    command -v "$tool" > /dev/null || skip "$tool is not installed"
  done
  for exe in "$@"; do
    [ -x "$BIN/$exe" ] || fail "$BIN/$exe is not built"
  done
}

# Background children to stop when the script ends: PIDS+=($!).
PIDS=()
e2e_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null; done
}
trap e2e_cleanup EXIT

# e2e_start_display WxH: Xvfb on a display number nobody uses; exports DISPLAY.
e2e_start_display() {
  local disp="" n
  for n in $(seq 91 160); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then disp=$n; break; fi
  done
  [ -n "$disp" ] || skip "no free X display number"
  Xvfb ":$disp" -screen 0 "${1}x24" -nolisten tcp > "$OUT/xvfb.log" 2>&1 &
  PIDS+=($!)
  export DISPLAY=":$disp"
  for _ in $(seq 50); do xdotool getmouselocation > /dev/null 2>&1 && break; sleep 0.1; done
  xdotool getmouselocation > /dev/null 2>&1 || skip "Xvfb did not start (see $OUT/xvfb.log)"
}

# e2e_start_server [pss-server flags...]: a server on a free port with its data in
# $OUT/data, logging to $OUT/server.log; sets ADDR (host:port) once it listens.
e2e_start_server() {
  "$BIN/pss-server" --port 0 --data "$OUT/data" "$@" > "$OUT/server.log" 2>&1 &
  PIDS+=($!)
  ADDR=""
  for _ in $(seq 100); do
    ADDR=$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$OUT/server.log" | head -1)
    [ -n "$ADDR" ] && break
    sleep 0.05
  done
  [ -n "$ADDR" ] || fail "pss-server did not report its port (see $OUT/server.log)"
}

# e2e_create_room NAME: the room with its tokens (`pss-server room create`, links in
# $OUT/links.txt); sets FAC and PAR to the facilitator's and participant's join links.
# drive ARGS...: the headless facilitator (pss-workshop-driver) with FAC's link.
e2e_create_room() {
  "$BIN/pss-server" room create "$1" --data "$OUT/data" --url "ws://$ADDR" > "$OUT/links.txt" ||
    fail "pss-server room create failed"
  FAC=$(awk '$1 == "FACILITATOR" { print $2 }' "$OUT/links.txt")
  PAR=$(awk '$1 == "PARTICIPANT" { print $2 }' "$OUT/links.txt")
  [ -n "$FAC" ] && [ -n "$PAR" ] || fail "no join links printed (see $OUT/links.txt)"
}
drive() { "$BIN/pss-workshop-driver" "$FAC" "$@" 2>> "$OUT/driver.log"; }
