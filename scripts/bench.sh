#!/usr/bin/env bash
# Whole-run benchmark, side by side in one run: sitecheck against the peer tools on the same
# generated corpus (../shared/bench), plus the parse-only floor of sitecheck's own loader and
# the one-file latency. Prints markdown tables.
#
# usage: scripts/bench.sh [N ...]        (default: 3000 30000)
# env:   TOOLS (for bench.sh; default at 30,000: "cat ajv-cli jsonschema-rs sitecheck")
#        RUNS (default 3), SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
RUNS=${RUNS:-3}
SIZES=${*:-3000 30000}

cargo build --release --quiet --bin sitecheck --example parse_floor
[ -x /tmp/peers-venv/bin/python ] || bash "$SHARED/bench/peers/install.sh"

for n in $SIZES; do
  corpus=/tmp/corpus-$n
  [ -f "$corpus/expected.json" ] || python3 "$SHARED/bench/gen_corpus.py" "$corpus" "$n" --seed 1 > /dev/null
  echo "## $n files"
  tools=${TOOLS:-}
  [ -n "$tools" ] || { [ "$n" -gt 3000 ] && tools="cat ajv-cli jsonschema-rs sitecheck" || tools="cat pyyaml check-jsonschema ajv-cli jsonschema-rs sitecheck"; }
  RUNS=$RUNS TOOLS=$tools PROJECT_DIR=$ROOT bash "$SHARED/bench/bench.sh" "$corpus"
  echo
  echo "Floor against check, interleaved, fastest of $RUNS (wall s, peak RSS MB):"
  echo
  echo "| run | wall s | peak RSS MB |"
  echo "|---|---:|---:|"
  for what in floor check; do best=""; rss=0
    for ((i = 1; i <= RUNS; i++)); do
      if [ $what = floor ]; then cmd=("$ROOT/target/release/examples/parse_floor" "$corpus/inventories")
      else cmd=("$ROOT/target/release/sitecheck" check "$corpus/inventories" --format json --omit-passes); fi
      t0=$(date +%s.%N); /usr/bin/time -f %M -o /tmp/bench-rss "${cmd[@]}" > /dev/null 2>&1 || true; t1=$(date +%s.%N)
      w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
      best=$(awk -v a="${best:-$w}" -v b="$w" 'BEGIN { print (b < a ? b : a) }')
      r=$(tail -n 1 /tmp/bench-rss); rss=$(( r > rss ? r : rss ))
    done
    echo "| $what | $best | $((rss / 1024)) |"
  done
  echo
done

echo "## One-file check latency"
one=$ROOT/samples/huancui-district-center.yaml
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 5 --runs 50 "$ROOT/target/release/sitecheck check $one --format json" 2>&1 | grep -E "Time|Range"
else
  t0=$(date +%s.%N); for _ in $(seq 50); do "$ROOT/target/release/sitecheck" check "$one" --format json > /dev/null; done; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "mean of 50 runs: %.2f ms\n", (b - a) * 1000 / 50 }'
fi
