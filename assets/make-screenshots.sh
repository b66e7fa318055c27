#!/usr/bin/env bash
# Rebuilds the screenshots in this folder: a private Xvfb display, a pss-server on a
# free port, two pss-client windows side by side (Alice, staff; Bilal, service user),
# and a small strategy map built through the real UI with xdotool.
#
# usage: assets/make-screenshots.sh [BIN_DIR]   (default: build/bin)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$HERE/../build/bin}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

DISP=""
for n in $(seq 91 160); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then DISP=$n; break; fi
done
Xvfb ":$DISP" -screen 0 1600x1000x24 -nolisten tcp > /dev/null 2>&1 &
PIDS+=($!)
export DISPLAY=":$DISP"
for _ in $(seq 50); do xdotool getmouselocation > /dev/null 2>&1 && break; sleep 0.1; done

"$BIN/pss-server" --port 0 --in-memory > "$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q 'listening on' "$WORK/server.log" && break; sleep 0.05; done
ADDR=$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$WORK/server.log" | head -1)
URL="ws://$ADDR/rooms/family-support"

Z=0.6
"$BIN/pss-client" "$URL" --name Alice --group staff --window-pos 0,0 --window-size 800,1000 \
  --view "-20,0,$Z" --print-layout > "$WORK/a.log" 2>&1 &
PIDS+=($!)
sleep 0.5
"$BIN/pss-client" "$URL" --name Bilal --group service-user --window-pos 800,0 --window-size 800,1000 \
  --view "-20,0,$Z" --print-layout > "$WORK/b.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do grep -q '^layout' "$WORK/a.log" && grep -q '^layout' "$WORK/b.log" && break; sleep 0.1; done
read -r OX OY <<< "$(sed -n 's/.*origin=\([0-9.-]*\),\([0-9.-]*\) .*/\1 \2/p' "$WORK/a.log")"

sx() { awk -v w="$1" -v o="$OX" -v z="$Z" -v c="$2" 'BEGIN { printf "%d", w + o + c * z + 0.5 }'; }
sy() { awk -v o="$OY" -v z="$Z" -v c="$1" 'BEGIN { printf "%d", o + c * z + 0.5 }'; }
at() { xdotool mousemove "$(sx "$1" "$2")" "$(sy "$3")"; sleep 0.15; }
card() {  # window-left x y title: double-click in a row, type the title
  at "$1" "$2" "$3"; xdotool click 1; sleep 0.08; xdotool click 1; sleep 0.4
  xdotool type --delay 8 "$4"; xdotool key Return; sleep 0.3
}
arrow() {  # window-left from-centre-x from-centre-y to-x to-y (cards are 96 high)
  local x0 y0 x1 y1 i
  x0=$(sx "$1" "$2"); y0=$(sy "$(($3 - 47))"); x1=$(sx "$1" "$4"); y1=$(sy "$5")
  xdotool mousemove "$x0" "$y0"; sleep 0.15; xdotool mousedown 1; sleep 0.05
  for i in $(seq 1 8); do xdotool mousemove $((x0 + (x1 - x0) * i / 8)) $((y0 + (y1 - y0) * i / 8)); sleep 0.03; done
  sleep 0.1; xdotool mouseup 1; sleep 0.3
}

# Alice builds most of the map.
card 0 300 110 "Children and families thrive"
card 0 150 330 "Families get the right help sooner"
card 0 520 330 "Services feel joined up to families"
card 0 760 550 "Less spent on crisis care"
card 0 180 770 "Single point of contact for families"
card 0 520 770 "Shared assessment across agencies"
card 0 300 990 "Leaders champion early help"
arrow 0 180 770 150 330
arrow 0 520 770 520 330
arrow 0 520 770 150 330
arrow 0 150 330 300 110
arrow 0 520 330 300 110
arrow 0 760 550 300 110
arrow 0 300 990 180 770
# A sticky note from the palette (it appears mid-view), dragged beside the leaders card.
xdotool mousemove 509 25; sleep 0.15; xdotool click 1; sleep 0.4
xdotool type --delay 8 "Ask finance for last year's crisis-care spend"; xdotool key Return; sleep 0.3
x0=$(sx 0 455); y0=$(sy 770); x1=$(sx 0 820); y1=$(sy 1000)
xdotool mousemove "$x0" "$y0"; sleep 0.15; xdotool mousedown 1
for i in $(seq 1 10); do xdotool mousemove $((x0 + (x1 - x0) * i / 10)) $((y0 + (y1 - y0) * i / 10)); sleep 0.03; done
sleep 0.1; xdotool mouseup 1; sleep 0.3
# The key outcome is agreed: select it, press "Agreed" in the properties panel.
at 0 300 110; xdotool click 1; sleep 0.3
xdotool mousemove 733 492; sleep 0.15; xdotool click 1; sleep 0.3
# Bilal adds a capability and links it, then selects a card; Alice selects another.
card 800 650 1210 "Trained, confident front-line staff"
arrow 800 650 1210 520 770
# One pointer on one display: Bilal's pointer rests in his window, so Alice's window
# shows his cursor; both selections show in the other window.
at 0 200 330; xdotool click 1; sleep 0.2
at 800 560 770; xdotool click 1; sleep 0.2
at 800 760 1060; sleep 1.0
import -window root "$HERE/screenshot-two-clients.png"
echo "wrote $HERE/screenshot-two-clients.png"

# One window, the properties panel and the help overlay.
at 0 200 330; xdotool click 1; sleep 0.3; xdotool key F1; sleep 0.5
import -window root -crop 800x1000+0+0 "$HERE/screenshot-help.png"
xdotool key F1; sleep 0.3
echo "wrote $HERE/screenshot-help.png"
