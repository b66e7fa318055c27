#!/usr/bin/env bash
# End-to-end test of the PSS method panels: a real pss-server, a participant in a real
# pss-client window on a private Xvfb display, a headless facilitator
# (pss-workshop-driver) that puts two cards and an arrow and reads the room back. With
# the mouse and keyboard (xdotool) the participant adds a risk to a card and names it,
# adds a measure and names it, adds a risk to the arrow, and clicks a map check; the
# server's room must hold what was added, and the participant's selection (as the server
# relays it) must be what the check names. The client prints where its side-panel
# widgets are (--print-layout: "widget NAME X Y").
#
# usage: e2e_method.sh BIN_DIR OUT_DIR
# exit:  0 passed, 1 failed, 77 skipped (no Xvfb, xdotool, ImageMagick or OpenGL)
set -u
BIN=${1:?bin dir}
OUT=${2:?output dir}
mkdir -p "$OUT"
rm -rf "$OUT"/*.png "$OUT"/*.log "$OUT"/*.txt "$OUT/data"

E2E_NAME=e2e-method
# shellcheck source=tests/app/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
e2e_require pss-server pss-client pss-workshop-driver
e2e_start_display 1200x1400
log "Xvfb on $DISPLAY"

e2e_start_server --no-open-join
e2e_create_room method

drive card c1 200 722 "Stop-smoking clinics" > /dev/null || fail "the facilitator could not put a card"
drive card c2 600 722 "Follow-up calls" > /dev/null || fail "the facilitator could not put a card"
drive link l1 c1 c2 > /dev/null || fail "the facilitator could not put an arrow"

e2e_client "$PAR" --name Pat --group staff --window-pos 0,0 --window-size 1200,1400 \
  --view "0,0,0.6" --print-layout > "$OUT/client.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do grep -q '^layout' "$OUT/client.log" && break; sleep 0.1; done
if ! grep -q '^layout' "$OUT/client.log"; then
  grep -q 'cannot open a window' "$OUT/client.log" && skip "no OpenGL 3.3 on this display (see $OUT/client.log)"
  fail "the client did not show the board (see $OUT/client.log)"
fi
read -r OX OY Z <<< "$(sed -n 's/.*origin=\([0-9.-]*\),\([0-9.-]*\) zoom=\([0-9.]*\).*/\1 \2 \3/p' "$OUT/client.log" | head -1)"
sx() { awk -v o="$OX" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }
sy() { awk -v o="$OY" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }
click() { xdotool mousemove "$1" "$2"; sleep 0.2; xdotool click 1; sleep 0.5; }

# widget PATTERN: waits for the client to print a widget whose name matches the
# extended regex; sets WNAME, WX, WY from the latest such line (after a short settle,
# since a panel that just grew moves what is below it).
widget() {
  local line=""
  for _ in $(seq 50); do
    grep -Eq "^widget $1 " "$OUT/client.log" && break
    sleep 0.1
  done
  sleep 0.4
  line=$(grep -E "^widget $1 " "$OUT/client.log" | tail -1)
  [ -n "$line" ] || { import -window root "$OUT/missing.png"; fail "no widget '$1' in the side panel"; }
  read -r _ WNAME WX WY <<< "$line"
}
# type_into PATTERN TEXT: clicks the text field and replaces its text. Keys are held
# long enough for a frame to see them (the board reads key states once a frame).
type_into() {
  widget "$1"
  click "$WX" "$WY"
  xdotool keydown ctrl; sleep 0.15; xdotool keydown a; sleep 0.15; xdotool keyup a; sleep 0.1; xdotool keyup ctrl
  sleep 0.2
  xdotool type --delay 30 "$2"; sleep 0.2
  xdotool keydown Return; sleep 0.15; xdotool keyup Return; sleep 0.6
}

log "the participant selects c1 and adds a risk, then names it"
click "$(sx 300)" "$(sy 770)"
widget "add-risk:c1"; click "$WX" "$WY"
type_into "risk-desc:.*" "Advisers leave the service"

log "the participant adds a measure to c1 and names it"
widget "add-measure:c1"; click "$WX" "$WY"
type_into "measure-name:.*" "Four-week quit rate"
import -window root "$OUT/card.png"
drive method > "$OUT/method_card.txt" || fail "the facilitator could not read the room"
cat "$OUT/method_card.txt"
grep -Eq '^risk [^ ]+ ELEMENT c1 Advisers leave the service$' "$OUT/method_card.txt" ||
  fail "the server has no named risk on c1"
grep -Eq '^measure [^ ]+ c1 Four-week quit rate$' "$OUT/method_card.txt" || fail "the server has no named measure on c1"

log "the participant selects the arrow and adds a risk to it"
click "$(sx 500)" "$(sy 770)"
widget "add-risk:l1"; click "$WX" "$WY"
sleep 0.5
import -window root "$OUT/arrow.png"
drive method > "$OUT/method_arrow.txt" || fail "the facilitator could not read the room"
cat "$OUT/method_arrow.txt"
grep -Eq '^risk [^ ]+ LINK l1 New risk$' "$OUT/method_arrow.txt" || fail "the server has no risk on the arrow l1"

log "the participant clears the selection, opens the map checks and clicks one"
click "$(sx 1300)" "$(sy 300)"
widget "map-checks"; click "$WX" "$WY"
# The watcher joins first: its line in the participants list moves the panel down.
drive selection Pat 5 > "$OUT/selection.txt" &
WATCH=$!
sleep 1.5
widget "check:[^ ]+"
WANT=$(echo "${WNAME#check:}" | tr ',' ' ')
click "$WX" "$WY"
wait "$WATCH" || fail "the participant's selection was never relayed"
import -window root "$OUT/checked.png"
cat "$OUT/selection.txt"
[ "$(cat "$OUT/selection.txt")" = "selection $WANT" ] ||
  fail "clicking the check '$WNAME' selected '$(cat "$OUT/selection.txt")', not '$WANT'"
log "PASSED (screenshots in $OUT)"
exit 0
