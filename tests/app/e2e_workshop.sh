#!/usr/bin/env bash
# End-to-end test of a facilitated workshop: a real pss-server with a room made by
# `pss-server room create`, a participant in a real pss-client window on a private Xvfb
# display (joined with the participant's link), and a headless facilitator
# (pss-workshop-driver). The facilitator starts a dot vote; the participant selects the
# card with the mouse and places two dots with the V key; the facilitator sees the two
# dots counted but nothing else before the reveal, and the results after it. Then the
# facilitator summons everyone to its viewport, taking control, and the participant's
# window must follow: its viewport (as the server relays it) covers the facilitator's.
#
# usage: e2e_workshop.sh BIN_DIR OUT_DIR
# exit:  0 passed, 1 failed, 77 skipped (no Xvfb, xdotool, ImageMagick or OpenGL)
set -u
BIN=${1:?bin dir}
OUT=${2:?output dir}
mkdir -p "$OUT"
rm -rf "$OUT"/*.png "$OUT"/*.log "$OUT"/*.txt "$OUT/data"

E2E_NAME=e2e-workshop
# shellcheck source=tests/app/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
e2e_require pss-server pss-client pss-workshop-driver
e2e_start_display 1200x900
log "Xvfb on $DISPLAY"

e2e_start_server --no-open-join
e2e_create_room workshop

drive card c1 200 722 "Single point of contact" > /dev/null || fail "the facilitator could not put a card"
drive card c2 600 722 "Shared case notes" > /dev/null || fail "the facilitator could not put a card"

ZOOM=0.6
e2e_client "$PAR" --name Pat --group service-user --window-pos 0,0 --window-size 1200,900 \
  --view "0,0,$ZOOM" --print-layout > "$OUT/client.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do grep -q '^layout' "$OUT/client.log" && break; sleep 0.1; done
if ! grep -q '^layout' "$OUT/client.log"; then
  grep -q 'cannot open a window' "$OUT/client.log" && skip "no OpenGL 3.3 on this display (see $OUT/client.log)"
  fail "the client did not show the board (see $OUT/client.log)"
fi
read -r OX OY Z <<< "$(sed -n 's/.*origin=\([0-9.-]*\),\([0-9.-]*\) zoom=\([0-9.]*\).*/\1 \2 \3/p' "$OUT/client.log" | head -1)"
sx() { awk -v o="$OX" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }
sy() { awk -v o="$OY" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }

log "the facilitator starts a vote on the processes row, 2 dots each"
drive vote-row processes 2 > /dev/null || fail "the vote did not start"
sleep 0.5
log "the participant selects the first card and places two dots with V"
xdotool mousemove "$(sx 300)" "$(sy 770)"; sleep 0.2; xdotool click 1; sleep 0.4
xdotool key v; sleep 0.3; xdotool key v; sleep 0.8
import -window root "$OUT/voted.png"
drive state > "$OUT/state_before.txt" || fail "no vote state"
cat "$OUT/state_before.txt"
grep -qx 'ballots 2' "$OUT/state_before.txt" || fail "the facilitator does not see 2 dots cast"
grep -q '^result' "$OUT/state_before.txt" && fail "results were visible before the reveal"
drive reveal > "$OUT/results.txt" || fail "the reveal failed"
cat "$OUT/results.txt"
grep -qx 'result c1 2' "$OUT/results.txt" || fail "the revealed results do not give c1 two dots"
grep -qx 'result c2 0' "$OUT/results.txt" || fail "the revealed results do not list c2 with no dots"
sleep 0.5
import -window root "$OUT/revealed.png"

log "the facilitator summons everyone to 3000,2000 (1000 x 700), taking control"
drive viewport Pat 6 > "$OUT/viewport.txt" &
WATCH=$!
sleep 0.5
drive summon 3000 2000 1000 700 4 > "$OUT/summon.txt" || fail "the summon failed"
wait "$WATCH" || fail "the participant's viewport was never relayed"
import -window root "$OUT/summoned.png"
cat "$OUT/viewport.txt"
read -r _ VX VY VW VH < "$OUT/viewport.txt"
# Fitted, the window shows the whole of the facilitator's area, centred on it.
awk -v x="$VX" -v y="$VY" -v w="$VW" -v h="$VH" 'BEGIN {
  cx = x + w / 2; cy = y + h / 2
  exit !(x <= 3001 && y <= 2001 && x + w >= 3999 && y + h >= 2699 && cx > 3400 && cx < 3600 && cy > 2250 && cy < 2450)
}' || fail "the participant's view ($VX,$VY ${VW}x$VH) did not follow the facilitator's"
log "PASSED (screenshots in $OUT)"
exit 0
