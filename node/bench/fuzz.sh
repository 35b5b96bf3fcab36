#!/usr/bin/env bash
# Fuzzes each target in turn for its maxDuration (2 minutes; see docs/reliability.md) and prints
# libFuzzer's last status line per target. A finding is written by Jazzer into the target's
# regression inputs (src/test/resources/.../<Test>Inputs/<method>/crash-*) and fails that run.
# usage (from the repository root): node/bench/fuzz.sh [Class#method ...]   logs in node/target/fuzz-logs
set -u
cd "$(dirname "$0")/../.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(CdrFuzzTest#decodesSubscribedTypes BagFuzzTest#mcapFiles BagFuzzTest#sqliteFiles
    ImageFuzzTest#rawFrames ImageFuzzTest#compressedFrames AudioFuzzTest#messageSequences
    ParameterFuzzTest#rosArguments ParameterFuzzTest#parameterFiles
    MqttFuzzTest#commandPayloads MqttFuzzTest#outboxSegments)
fi
mkdir -p node/target/fuzz-logs
for t in "${targets[@]}"; do
  log="node/target/fuzz-logs/${t/\#/-}.log"
  JAZZER_FUZZ=1 ./mvnw -B -o test -pl node -am -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  echo "$t rc=$rc ${last}"
  grep -E '^(== Java Exception|Caused by|Done [0-9]+ runs)' "$log" | head -4
done
