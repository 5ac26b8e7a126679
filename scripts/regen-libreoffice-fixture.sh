#!/usr/bin/env bash
# Regenerates tests/fixtures/forms/town-station-libreoffice.xlsx, the survey form that
# tests/forms.rs reads to show that a form filled and saved in LibreOffice reads like one
# filled by the tests:
#   1. `sitecheck init --level town_station --format xlsx` writes a blank form;
#   2. LibreOffice opens it and types the values of tests/fixtures/forms/town-station-fill.json
#      into their cells, as a surveyor would (through each cell's input line: `2026-10-12`
#      becomes a date, `24` a number), then saves it as .xlsx with its own writer;
#   3. the result is copied over the fixture.
# CI reads the committed fixture and needs no LibreOffice. Run this again when the form's
# layout changes (tests/forms.rs says so). Needs cargo and LibreOffice Calc with its Python
# bridge (Debian: apt-get update && apt-get install -y libreoffice-calc-nogui python3-uno).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import uno' 2>/dev/null; then
  echo "regen-libreoffice-fixture: needs LibreOffice and its Python bridge" \
       "(apt-get install -y libreoffice-calc-nogui python3-uno)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- init --level town_station --format xlsx --output "$tmp/form.xlsx"
# Debian's python3, which has LibreOffice's `uno` module.
/usr/bin/python3 - "$tmp/form.xlsx" tests/fixtures/forms/town-station-fill.json \
  "$tmp/filled.xlsx" "$tmp" <<'PY'
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

src, spec, dst, tmp = sys.argv[1:]
pipe = "sitecheck-%d" % time.time_ns()
office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                           "-env:UserInstallation=file://%s/profile" % tmp,
                           "--accept=pipe,name=%s;urp;" % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(150):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.2)
else:
    office.kill()
    sys.exit("LibreOffice did not start")


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                   (prop("Hidden", True),))
for sheet, cell, value in json.load(open(spec, encoding="utf-8")):
    # As typed into the cell: LibreOffice decides what it is (number, date, text).
    doc.Sheets.getByName(sheet).getCellRangeByName(cell).setFormula(str(value))
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=60)
PY
cp "$tmp/filled.xlsx" tests/fixtures/forms/town-station-libreoffice.xlsx
echo "wrote tests/fixtures/forms/town-station-libreoffice.xlsx"
