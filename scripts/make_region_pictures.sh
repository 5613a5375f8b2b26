#!/usr/bin/env bash
# Render the region report and the summary workbook of the bundled cases to
# docs/region-report.png (headless Chromium, the top of the page) and
# docs/region-summary.png (LibreOffice, the 汇总 sheet's first printed page), from
# the README's commands:
#   scoring batch cases/*.yaml -o 报告.html --audit
#   scoring batch cases/*.yaml -o 汇总.xlsx --audit
# Needs: chromium, soffice (libreoffice-calc), pdftoppm (poppler-utils),
# fonts-noto-cjk. Not needed in CI. Run from anywhere: scripts/make_region_pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -m scoring batch cases/*.yaml -o "$work/报告.html" --audit --quiet
python -m scoring batch cases/*.yaml -o "$work/汇总.xlsx" --audit --quiet
chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
  --disable-background-networking --user-data-dir="$work/chromium" \
  --window-size=1100,1500 --screenshot="$work/region-report.png" \
  "file://$work/报告.html" >/dev/null 2>&1
cp "$work/region-report.png" docs/region-report.png
soffice --headless -env:UserInstallation="file://$work/profile" \
  --convert-to pdf --outdir "$work" "$work/汇总.xlsx" >/dev/null
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$work/汇总.pdf" "$work/region-summary"
cp "$work/region-summary.png" docs/region-summary.png
echo "wrote docs/region-report.png docs/region-summary.png"
