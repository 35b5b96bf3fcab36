#!/bin/sh
# Writes SECONDS of espeak-ng speech (with the pauses of read sentences) as a 48 kHz stereo
# S16LE WAV, the microphone format of the audio benchmarks. usage: speech_wav.sh OUT.wav SECONDS
set -e
out=$1
seconds=${2:-600}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
text="Welcome to the building. Please tell me who you are visiting and I will let them know that you \
have arrived. If the light above the door turns green, the room is free and you may enter. You can \
interrupt me at any moment; I will stop talking and listen. Thank you for your patience."
i=0
: > "$tmp/list"
# one sentence block is about 20 s; enough blocks, then cut to the exact length
while [ $i -lt $((seconds / 15 + 1)) ]; do
  espeak-ng -v en-us -s $((140 + i % 5 * 10)) -w "$tmp/s$i.wav" "$text"
  echo "$tmp/s$i.wav" >> "$tmp/list"
  i=$((i + 1))
done
sox $(cat "$tmp/list") -r 48000 -c 2 -b 16 "$out" trim 0 "$seconds"
