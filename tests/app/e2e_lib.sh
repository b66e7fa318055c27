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

# In a sanitizer build (scripts/test --sanitize sets these) every child writes its
# reports to $OUT/sanitizer.PID; any report fails the test when it ends.
if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}${TSAN_OPTIONS:-}" ]; then
  [ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$OUT/sanitizer"
  [ -n "${UBSAN_OPTIONS:-}" ] && export UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$OUT/sanitizer"
  [ -n "${TSAN_OPTIONS:-}" ] && export TSAN_OPTIONS="$TSAN_OPTIONS:log_path=$OUT/sanitizer"
  rm -f "$OUT"/sanitizer.*
fi

# e2e_client ARGS...: pss-client, as `e2e_client ... &` (exec keeps $! its pid). Under
# AddressSanitizer Mesa's software driver is preloaded so that it stays loaded at exit:
# unloaded (as glfwTerminate does) it leaves its own 240 bytes to LeakSanitizer without
# a name to suppress them by, while loaded they are still reachable from it.
e2e_client() {
  local preload="" dri
  if [ -n "${ASAN_OPTIONS:-}" ]; then
    for dri in /usr/lib/*/dri/swrast_dri.so; do [ -e "$dri" ] && break; done
    preload="$(ldd "$BIN/pss-client" | awk '/libasan/ {print $3}') $dri"
  fi
  LD_PRELOAD="$preload" exec "$BIN/pss-client" "$@"
}

# Background children to stop when the script ends: PIDS+=($!). The last started stop
# first (windows before their server, the display last), each as a person would: a
# window closes on SIGTERM and says goodbye, so leak checks at exit see a clean close.
PIDS=()
e2e_cleanup() {
  local status=$? i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2> /dev/null
    wait "${PIDS[i]}" 2> /dev/null
  done
  if compgen -G "$OUT/sanitizer.*" > /dev/null; then
    cat "$OUT"/sanitizer.*
    echo "FAILED: sanitizer reports above ($OUT/sanitizer.*)"
    exit 1
  fi
  exit "$status"
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
