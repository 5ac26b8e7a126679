#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/<target>, not committed) from the project's own inputs
# and the committed replay corpus. Run from the repository root: sh fuzz/seed.sh
set -eu
mkdir -p fuzz/corpus/inventory fuzz/corpus/standard fuzz/corpus/pipeline
inventories=$(find samples tests/fixtures -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
  ! -name 'sarif-schema-*.json' ! -path 'tests/fixtures/standards/*')
for f in $inventories fuzz/regressions/inventory/* fuzz/regressions/pipeline/*; do
  [ -f "$f" ] || continue
  cp "$f" fuzz/corpus/inventory/
  cp "$f" fuzz/corpus/pipeline/
done
for f in $(find standards tests/fixtures/standards -type f -name '*.yaml') fuzz/regressions/standard/*; do
  [ -f "$f" ] || continue
  cp "$f" fuzz/corpus/standard/
done
