#!/usr/bin/env bash
# End-to-end test of pss-client: two real windows side by side on a private Xvfb
# display, a real pss-server on a free port, real mouse and keyboard events (xdotool).
# In the first window it creates two cards by double-clicking in their rows, types their
# titles, draws an arrow from one card's handle to the other and drags a card; then it
# reads the server's state back with pss-board-dump and checks that the second window's
# pixels changed where the card left and where it arrived.
#
# usage: e2e_two_clients.sh BIN_DIR OUT_DIR
# exit:  0 passed, 1 failed, 77 skipped (no Xvfb, xdotool, ImageMagick or OpenGL)
set -u
BIN=${1:?bin dir}
OUT=${2:?output dir}
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.log "$OUT"/*.txt

E2E_NAME=e2e
# shellcheck source=tests/app/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
e2e_require pss-server pss-client pss-board-dump
e2e_start_display 1600x1000
log "Xvfb on $DISPLAY"

e2e_start_server
URL="ws://$ADDR/rooms/e2e-$$"
log "server $URL"

ZOOM=0.6
start_client() {  # name group x log
  e2e_client "$URL" --name "$1" --group "$2" --window-pos "$3,0" --window-size 800,1000 \
    --view "0,0,$ZOOM" --print-layout > "$OUT/$4" 2>&1 &
  PIDS+=($!)
}
start_client Alice staff 0 client_a.log
sleep 0.5
start_client Bilal service-user 800 client_b.log
for _ in $(seq 150); do
  grep -q '^layout' "$OUT/client_a.log" && grep -q '^layout' "$OUT/client_b.log" && break
  sleep 0.1
done
for f in client_a.log client_b.log; do
  if ! grep -q '^layout' "$OUT/$f"; then
    grep -q 'cannot open a window' "$OUT/$f" && skip "no OpenGL 3.3 on this display (see $OUT/$f)"
    fail "a client did not show the board (see $OUT/$f)"
  fi
done
# "layout canvas=X,Y,W,H origin=OX,OY zoom=Z": where canvas point (0,0) is in the window.
ORIGIN=$(sed -n 's/.*origin=\([0-9.-]*\),\([0-9.-]*\) zoom=\([0-9.]*\).*/\1 \2 \3/p' "$OUT/client_a.log" | head -1)
read -r OX OY Z <<< "$ORIGIN"
log "canvas origin $OX,$OY zoom $Z"

# Canvas point -> screen pixel of the window whose left edge is at $1.
sx() { awk -v w="$1" -v o="$OX" -v z="$Z" -v c="$2" 'BEGIN { printf "%d", w + o + c * z + 0.5 }'; }
sy() { awk -v o="$OY" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }

double_click() {  # canvas x y in window A
  xdotool mousemove "$(sx 0 "$1")" "$(sy "$2")"; sleep 0.2
  xdotool click 1; sleep 0.08; xdotool click 1; sleep 0.4
}
drag() {  # canvas x0 y0 x1 y1 in window A, in 15 steps
  local x0 y0 x1 y1 i
  x0=$(sx 0 "$1"); y0=$(sy "$2"); x1=$(sx 0 "$3"); y1=$(sy "$4")
  xdotool mousemove "$x0" "$y0"; sleep 0.2
  xdotool mousedown 1; sleep 0.1
  for i in $(seq 1 15); do
    xdotool mousemove $((x0 + (x1 - x0) * i / 15)) $((y0 + (y1 - y0) * i / 15)); sleep 0.04
  done
  sleep 0.2; xdotool mouseup 1; sleep 0.4
}
shot() { import -window root "$OUT/$1"; }

# Rows are 220 canvas units high from y = 0: user outcomes 220..440, processes 660..880.
# Cards are 200 x 96 and centred where the double-click was.
log "create a process card and title it"
double_click 300 770
xdotool type --delay 25 "Single point of contact"; xdotool key Return; sleep 0.3
log "create an outcome card and title it"
double_click 450 330
xdotool type --delay 25 "Families get help sooner"; xdotool key Return; sleep 0.3
log "draw an arrow from the process card's handle to the outcome card"
drag 300 723 450 330
sleep 1.0
shot before_drag.png
log "drag the process card 300 units to the right"
drag 250 800 550 800
sleep 1.5
shot after_drag.png

"$BIN/pss-board-dump" "$URL" --timeout 20 > "$OUT/state.txt" 2> "$OUT/dump.log" || fail "pss-board-dump failed (see $OUT/dump.log)"
cat "$OUT/state.txt"

# element ID KIND ROW X Y W H STATUS TITLE
PROC=$(awk '$1 == "element" && $10 == "Single" { print $2, $3, $4, $5, $6 }' "$OUT/state.txt")
OUTC=$(awk '$1 == "element" && $10 == "Families" { print $2, $3, $4 }' "$OUT/state.txt")
[ -n "$PROC" ] || fail "the server has no card titled 'Single point of contact'"
[ -n "$OUTC" ] || fail "the server has no card titled 'Families get help sooner'"
read -r PID_ PKIND PROW PX PY <<< "$PROC"
read -r OID OKIND OROW <<< "$OUTC"
[ "$PKIND" = PROCESS ] && [ "$PROW" = processes ] || fail "process card is $PKIND in $PROW"
[ "$OKIND" = OUTCOME ] && [ "$OROW" = user-outcomes ] || fail "outcome card is $OKIND in $OROW"
grep -q "^element $PID_ .* Single point of contact\$" "$OUT/state.txt" || fail "title typed wrongly"
grep -q "^link [^ ]* $PID_ $OID\$" "$OUT/state.txt" || fail "no arrow from the process card to the outcome card"
# Created centred at x = 300 (left edge 200), then dragged 300 units right: about 500.
awk -v x="$PX" -v y="$PY" 'BEGIN { exit !(x > 470 && x < 530 && y > 700 && y < 745) }' ||
  fail "process card is at $PX,$PY, expected about 500,722"
log "server state is right: card at $PX,$PY, arrow $PID_ -> $OID"

# The second window (right half) must show the move: pixels change where the card was
# and where it is now.
region() {  # canvas x0 y0 x1 y1 -> ImageMagick geometry in window B
  local x0 y0 x1 y1
  x0=$(sx 800 "$1"); y0=$(sy "$2"); x1=$(sx 800 "$3"); y1=$(sy "$4")
  echo "$((x1 - x0))x$((y1 - y0))+$x0+$y0"
}
changed() {  # geometry -> number of differing pixels
  convert "$OUT/before_drag.png" -crop "$1" +repage "$OUT/crop_before.png"
  convert "$OUT/after_drag.png" -crop "$1" +repage "$OUT/crop_after.png"
  compare -metric AE -fuzz 1% "$OUT/crop_before.png" "$OUT/crop_after.png" null: 2>&1 | cut -d' ' -f1
}
OLD=$(changed "$(region 210 735 390 810)")
NEW=$(changed "$(region 510 735 690 810)")
FAR=$(changed "$(region 700 1200 900 1300)")
log "second window: $OLD pixels changed where the card was, $NEW where it is now, $FAR far away"
[ "${OLD%.*}" -gt 800 ] || fail "second window did not change where the card was ($OLD pixels)"
[ "${NEW%.*}" -gt 800 ] || fail "second window did not change where the card went ($NEW pixels)"
[ "${FAR%.*}" -lt 50 ] || fail "second window changed far from the card ($FAR pixels)"
convert "$OUT/after_drag.png" -crop 800x1000+800+0 +repage "$OUT/second_window_after.png"
rm -f "$OUT/crop_before.png" "$OUT/crop_after.png"

# Undo (Ctrl+Z in the first window) puts the card back; Delete removes the outcome card
# and, with it, the arrow.
log "undo the drag, then delete the outcome card"
xdotool key ctrl+z; sleep 1.0; shot after_undo.png
"$BIN/pss-board-dump" "$URL" --timeout 20 > "$OUT/state_undo.txt" 2>> "$OUT/dump.log" || fail "pss-board-dump failed"
PX=$(awk -v id="$PID_" '$1 == "element" && $2 == id { print $5 }' "$OUT/state_undo.txt")
awk -v x="$PX" 'BEGIN { exit !(x > 170 && x < 230) }' || fail "after undo the card is at x=$PX, expected about 200"
xdotool mousemove "$(sx 0 450)" "$(sy 345)"; sleep 0.2; xdotool click 1; sleep 0.3
xdotool key Delete; sleep 1.0
"$BIN/pss-board-dump" "$URL" --timeout 20 > "$OUT/state_delete.txt" 2>> "$OUT/dump.log" || fail "pss-board-dump failed"
grep -q "^element $OID " "$OUT/state_delete.txt" && fail "the outcome card was not deleted"
grep -q "^link " "$OUT/state_delete.txt" && fail "the arrow outlived its card"
grep -q "^element $PID_ " "$OUT/state_delete.txt" || fail "the process card went too"
shot final.png
log "PASSED (screenshots in $OUT)"
exit 0
