#!/usr/bin/env bash
# Whole-run benchmark, side by side in one run: sitecheck against the peer tools and the read
# floor (`cat` of every file) on the same generated corpus (../shared/bench), then the ratios the
# performance targets are stated in, the growth from one size to the next, and the one-file
# latency. Prints markdown.
#
# usage: scripts/bench.sh [N ...]        (default: 30000 360000)
# env:   RUNS (default 3; each table shows the fastest wall time of RUNS and the largest RSS)
#        TOOLS (default: "cat ajv-cli jsonschema-rs sitecheck", and "cat ajv-cli sitecheck" above
#        30,000 files), SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-$ROOT/../shared}
RUNS=${RUNS:-3}
SIZES=${*:-30000 360000}

# The binary that is shipped (Cargo.toml's `dist` profile), installed as a package would be: a
# copy written in one go. Straight from the linker, the kernel caches the file in small pieces
# and a one-file check faults some 50 more times (0.3-0.4 ms here). First on PATH for the
# shared bench.
cargo build --profile dist --quiet --bin sitecheck
bindir=$(mktemp -d /tmp/sitecheck-bin.XXXXXX)
trap 'rm -rf "$bindir"' EXIT
install -m 755 target/dist/sitecheck "$bindir/sitecheck"
export PATH="$bindir:$PATH"
[ -x /tmp/peers-venv/bin/python ] || bash "$SHARED/bench/peers/install.sh"

# The row of a tool in a table bench.sh printed: its wall time (column 4).
wall_of() { awk -F'|' -v t="$2" '$2 ~ t { gsub(/ /, "", $4); print $4; exit }' "$1"; }

declare -A per_file
for n in $SIZES; do
  corpus=/tmp/corpus-$n
  [ -f "$corpus/expected.json" ] || python3 "$SHARED/bench/gen_corpus.py" "$corpus" "$n" --seed 1 > /dev/null
  echo "## $n files"
  echo
  tools=${TOOLS:-}
  [ -n "$tools" ] || { [ "$n" -gt 30000 ] && tools="cat ajv-cli sitecheck" || tools="cat ajv-cli jsonschema-rs sitecheck"; }
  table=$(mktemp)
  RUNS=$RUNS TOOLS=$tools PROJECT_DIR=$ROOT bash "$SHARED/bench/bench.sh" "$corpus" | tee "$table"
  echo
  floor=$(wall_of "$table" "floor: cat")
  ajv=$(wall_of "$table" "ajv-cli")
  ours=$(wall_of "$table" "^ sitecheck")
  echo "| ratio (same run) | value |"
  echo "|---|---:|"
  [ -n "$ajv" ] && [ -n "$ours" ] &&
    awk -v a="$ajv" -v s="$ours" 'BEGIN { printf "| sitecheck faster than ajv-cli | %.2f× |\n", a / s }'
  [ -n "$floor" ] && [ -n "$ours" ] &&
    awk -v f="$floor" -v s="$ours" 'BEGIN { printf "| sitecheck ÷ read floor (cat) | %.2f× |\n", s / f }'
  [ -n "$ours" ] && per_file[$n]=$(awk -v s="$ours" -v n="$n" 'BEGIN { printf "%.3f", s * 1e6 / n }') &&
    echo "| sitecheck µs per file (wall) | ${per_file[$n]} |"
  rm -f "$table"
  echo
done

sizes=($SIZES)
if [ ${#sizes[@]} -ge 2 ]; then
  a=${sizes[0]} b=${sizes[-1]}
  if [ -n "${per_file[$a]:-}" ] && [ -n "${per_file[$b]:-}" ]; then
    awk -v x="${per_file[$a]}" -v y="${per_file[$b]}" -v a="$a" -v b="$b" \
      'BEGIN { printf "Growth: per-file time at %d files is %.2f× that at %d (1.00 is linear)\n\n", b, y / x, a }'
  fi
fi

echo "## One-file check latency"
echo
one=$ROOT/samples/huancui-district-center.yaml
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 5 --runs 50 "$bindir/sitecheck check $one --format json" 2>&1 | grep -E "Time|Range"
else
  t0=$(date +%s.%N); for _ in $(seq 50); do "$bindir/sitecheck" check "$one" --format json > /dev/null || true; done; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "mean of 50 runs: %.2f ms (hyperfine not installed)\n", (b - a) * 1000 / 50 }'
fi
