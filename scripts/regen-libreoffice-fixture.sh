#!/usr/bin/env bash
# Regenerates tests/fixtures/forms/town-station-libreoffice.xlsx, the survey form that
# tests/forms.rs reads to show that a form saved by LibreOffice reads like one saved by us:
#   1. `sitecheck init --level town_station --format xlsx` writes a blank form;
#   2. the values of tests/fixtures/forms/town-station-fill.json are written into its cells,
#      as tests/forms.rs writes them;
#   3. LibreOffice opens it and saves it again as .xlsx (its own XML: shared strings, styles,
#      dates as numbers with a date format).
# CI reads the committed result and needs no LibreOffice. Run this again when the form's
# layout changes (tests/forms.rs says so). Needs cargo, python3 and LibreOffice Calc
# (Debian: apt-get update && apt-get install -y libreoffice-calc-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v libreoffice >/dev/null 2>&1; then
  echo "regen-libreoffice-fixture: needs libreoffice (apt-get install -y libreoffice-calc-nogui)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- init --level town_station --format xlsx --output "$tmp/form.xlsx"
python3 - "$tmp/form.xlsx" tests/fixtures/forms/town-station-fill.json "$tmp/filled.xlsx" <<'PY'
import json, re, sys, zipfile
src, spec, dst = sys.argv[1:]
zin = zipfile.ZipFile(src)
files = {n: zin.read(n) for n in zin.namelist()}
sheets = re.findall(r'<sheet name="([^"]+)"', files['xl/workbook.xml'].decode())
for sheet, cell, value in json.load(open(spec, encoding='utf-8')):
    path = 'xl/worksheets/sheet%d.xml' % (sheets.index(sheet) + 1)
    xml = files[path].decode()
    m = re.search(r'<c r="%s"( s="\d+")?(/>|[^>]*>.*?</c>)' % cell, xml)
    if not m:
        sys.exit('%s!%s is not an input cell of the form' % (sheet, cell))
    style = m.group(1) or ''
    if isinstance(value, str):
        v = value.replace('&', '&amp;').replace('<', '&lt;')
        el = '<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (cell, style, v)
    else:
        el = '<c r="%s"%s><v>%s</v></c>' % (cell, style, value)
    files[path] = (xml[:m.start()] + el + xml[m.end():]).encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for n in zin.namelist():
        zout.writestr(n, files[n])
PY
mkdir "$tmp/out"
# A profile of its own, so that a desktop LibreOffice already running does not take the job.
HOME="$tmp" libreoffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
  --convert-to xlsx --outdir "$tmp/out" "$tmp/filled.xlsx" >/dev/null
cp "$tmp/out/filled.xlsx" tests/fixtures/forms/town-station-libreoffice.xlsx
echo "wrote tests/fixtures/forms/town-station-libreoffice.xlsx"
