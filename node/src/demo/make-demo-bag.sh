#!/usr/bin/env sh
# Regenerates the demo's sample bags: espeak-ng speaks the user's request, sox makes it 16 kHz mono
# S16LE, and duplex-node writes the rosbag2 MCAP bags with the camera frames, audio and commands
# described in org.duplexnode.replay.DemoBag: node/src/demo/sample-bag (the traffic light turns
# green at 9 s) and node/src/demo/sample-bag-red, its twin in which the light stays red (same
# audio, taken from sample-bag). With --red-only it writes only the twin, from the bundled
# sample-bag (another espeak-ng version speaks the request with different samples).
# Needs: espeak-ng, sox, and a built node (./mvnw -q -B -DskipTests package).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 145 -w "$tmp/raw.wav" \
  "Hello robot. Can you tell me when the traffic light turns green?"
sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$tmp/speech.wav"
if [ "${1:-}" != "--red-only" ]; then
  rm -rf "$here/sample-bag"
  "$here/../../bin/duplex-node" make-demo-bag --wav "$tmp/speech.wav" --out "$here/sample-bag"
fi
rm -rf "$here/sample-bag-red"
"$here/../../bin/duplex-node" make-demo-bag --speech-from "$here/sample-bag" --out "$here/sample-bag-red" \
  --light-stays-red
