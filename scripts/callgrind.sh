#!/usr/bin/env bash
# Instruction counts per file and per stage (callgrind), stable where wall time on a shared
# machine is not. Each stage runs N times and 0 times in `examples/stage_cost`; the difference
# divided by N is the stage's cost for one file, start-up and the built-in standard excluded.
#
# usage: scripts/callgrind.sh [FILE ...]     (default: the three sample levels)
# env:   N (default 20); PROFILE (default release; `profiling` keeps symbols, and CG_OUT=DIR then
#        keeps each whole-stage profile there for callgrind_annotate)
#
# Note: valgrind's virtual CPU has no SHA extensions, so under callgrind the input's SHA-256
# (part of `whole`) runs sha2's portable code; natively it uses the CPU's SHA-NI and costs a
# tenth of that.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20}
command -v valgrind > /dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
PROFILE=${PROFILE:-release}
cargo build --profile "$PROFILE" --quiet --example stage_cost
bin=target/$PROFILE/examples/stage_cost
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(samples/huancui-district-center.yaml samples/town-station-short.yaml samples/childrens-home-zh-aliases.yaml)

ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_file() {
  local a b
  a=$(ir "$1" "$2" "$N"); b=$(ir "$1" "$2" 0)
  echo $(( (a - b) / N ))
}

echo "| file | bytes | YAML parser's events alone | scanner's events alone | parse (loader) | general loader | load | whole (load, check, JSON) | whole ÷ parser alone | whole ÷ parse |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in "${files[@]}"; do
  e=$(per_file events "$f"); s=$(per_file scan "$f"); p=$(per_file parse "$f")
  g=$(per_file general "$f"); l=$(per_file load "$f"); w=$(per_file whole "$f")
  if [ -n "${CG_OUT:-}" ]; then
    mkdir -p "$CG_OUT"
    valgrind --tool=callgrind --callgrind-out-file="$CG_OUT/$(basename "$f").whole" "$bin" whole "$f" "$N" > /dev/null 2>&1
  fi
  printf '| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |\n' "$(basename "$f")" "$(wc -c < "$f")" \
    "$e" "$s" "$p" "$g" "$l" "$w" \
    "$(awk -v a="$w" -v b="$e" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$w" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
done
