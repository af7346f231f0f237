#!/usr/bin/env bash
# Prints the planted-bug table of the README: for each planted bug, a campaign on a scenario
# (default: the default scenario) until the first failing seed; then the correct Raft on every
# seed up to the highest first-detection seed. Usage: scripts/planted-bugs.sh [SCENARIO] [SEEDS_MAX]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-swarm}"
seeds_max="${2:-300}"
out="target/planted-bugs/$scenario"
rm -rf "$out"
mkdir -p "$out"
bugs="stale-leader-read truncate-on-match no-session-dedup commit-previous-term vote-not-persisted ack-before-durable vote-after-data-loss"
highest=0
echo "| bug | first failing seed (of $seeds_max) | failure | wall time |"
echo "|---|---|---|---|"
for bug in $bugs; do
  start=$SECONDS
  ./detsim campaign --scenario "$scenario" --bug "$bug" --seeds "$seeds_max" \
      --stop-at-first-failure --no-progress --recheck 0 --out "$out/$bug" > "$out/$bug.log" 2>&1 || true
  took=$((SECONDS - start))
  first=$(grep -h -o '"seed":[0-9]*,"bug":"[^"]*","verdict":"\(SAFETY\|LIVENESS\|CRASH\)"' \
      "$out/$bug/results.jsonl" | sed 's/"seed":\([0-9]*\).*"verdict":"\([A-Z]*\)"/\1 \2/' \
      | sort -n | head -1 || true)
  if [ -z "$first" ]; then
    printf '| `%s` | not found in %s seeds | — | %ss |\n' "$bug" "$seeds_max" "$took"
  else
    seed=${first% *}; kind=${first#* }
    [ "$seed" -gt "$highest" ] && highest=$seed
    reason=$(grep -h "\"seed\":$seed," "$out/$bug/results.jsonl" | sed 's/.*"reason":"\([^"]*\)".*/\1/' | cut -c1-70)
    printf '| `%s` | %s | %s: %s | %ss |\n' "$bug" "$seed" "$kind" "$reason" "$took"
  fi
done
if [ "$highest" -gt 0 ]; then
  ./detsim campaign --scenario "$scenario" --seeds "$highest" --no-progress --out "$out/none" \
      > "$out/none.log" 2>&1 && echo "correct Raft: seeds 1..$highest all pass" \
      || echo "correct Raft: FAILED on seeds 1..$highest (see $out/none.log)"
fi
