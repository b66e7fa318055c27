#!/usr/bin/env bash
# End-to-end test of the replay timeline: a real pss-server that records rooms (--data),
# three pss-bot participants building a map, then one real pss-client window on a
# private Xvfb display, driven with xdotool: H opens the timeline (fetched from
# GET /rooms/NAME/history), which starts at the beginning of the session; playing at
# 100x brings the cards in; a double-click on the canvas must not edit anything; H
# goes back to the live board.
#
# usage: e2e_replay.sh BIN_DIR OUT_DIR
# exit:  0 passed, 1 failed, 77 skipped (no Xvfb, xdotool, ImageMagick or OpenGL)
set -u
BIN=${1:?bin dir}
OUT=${2:?output dir}
mkdir -p "$OUT"
rm -rf "$OUT"/*.png "$OUT"/*.log "$OUT"/*.txt "$OUT/data"

E2E_NAME=e2e-replay
# shellcheck source=tests/app/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
e2e_require pss-server pss-client pss-bot pss-board-dump
e2e_start_display 1400x900

e2e_start_server --flush-ms 5
URL="ws://$ADDR/rooms/replay-$$"
log "server $URL"

log "three participants make 90 edits"
"$BIN/pss-bot" --url "$URL" --clients 3 --ops 30 --rate 15 --seed 5 --name-prefix Bot > "$OUT/bot.log" 2>&1 ||
  fail "pss-bot failed (see $OUT/bot.log)"
"$BIN/pss-board-dump" "$URL" --timeout 20 > "$OUT/before.txt" 2> "$OUT/dump.log" || fail "pss-board-dump failed"
CARDS=$(grep -c '^element' "$OUT/before.txt")
[ "$CARDS" -gt 0 ] || fail "the bots made no cards"

e2e_client "$URL" --name Reviewer --group staff --window-pos 0,0 --window-size 1400,900 \
  --print-layout > "$OUT/client.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do grep -q '^layout' "$OUT/client.log" && break; sleep 0.1; done
if ! grep -q '^layout' "$OUT/client.log"; then
  grep -q 'cannot open a window' "$OUT/client.log" && skip "no OpenGL 3.3 on this display"
  fail "the client did not show the board (see $OUT/client.log)"
fi
sleep 1
shot() { import -window root "$OUT/$1"; }
pixel() { convert "$OUT/$1" -format "%[hex:p{$2,$3}]" info: | cut -c1-6; }
differ() {  # a b geometry -> differing pixels
  convert "$OUT/$1" -crop "$3" +repage "$OUT/crop_a.png"
  convert "$OUT/$2" -crop "$3" +repage "$OUT/crop_b.png"
  compare -metric AE -fuzz 2% "$OUT/crop_a.png" "$OUT/crop_b.png" null: 2>&1 | cut -d' ' -f1 | cut -d. -f1
}
CANVAS=1000x600+40+100  # inside the canvas, clear of the panels
shot live.png
[ "$(pixel live.png 8 30)" != FDF3DC ] || fail "the live board already shows the replay banner"

log "H opens the timeline"
xdotool mousemove 500 400; sleep 0.2
xdotool key h; sleep 2.5
shot replay_start.png
[ "$(pixel replay_start.png 8 30)" = FDF3DC ] || fail "no replay banner after H (see replay_start.png)"
START=$(differ live.png replay_start.png "$CANVAS")
log "$START canvas pixels differ between the live map and the start of the session"
[ "$START" -gt 2000 ] || fail "the replay does not start from an earlier map ($START pixels)"

log "a double-click in the replay must not create a card"
xdotool mousemove 600 300; sleep 0.2; xdotool click 1; sleep 0.08; xdotool click 1; sleep 0.5

log "play at 100x"
for _ in 1 2 3 4; do xdotool key equal; sleep 0.1; done
xdotool key space; sleep 4
shot replay_end.png
END=$(differ live.png replay_end.png "$CANVAS")
MOVED=$(differ replay_start.png replay_end.png "$CANVAS")
log "after playing: $MOVED pixels changed since the start, $END differ from the live map"
[ "$MOVED" -gt 2000 ] || fail "playing did not change the map ($MOVED pixels)"

log "H goes back to the live room"
xdotool key h; sleep 1
shot live_again.png
[ "$(pixel live_again.png 8 30)" != FDF3DC ] || fail "still in replay after H"
"$BIN/pss-board-dump" "$URL" --timeout 20 > "$OUT/after.txt" 2>> "$OUT/dump.log" || fail "pss-board-dump failed"
diff -q "$OUT/before.txt" "$OUT/after.txt" > /dev/null || fail "the map changed during the replay (see before.txt, after.txt)"
rm -f "$OUT/crop_a.png" "$OUT/crop_b.png"
log "PASSED (screenshots in $OUT)"
exit 0
