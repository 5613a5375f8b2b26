#!/usr/bin/env bash
# Render the seed's published form (--publish: the official form alone) through
# LibreOffice to docs/form-seed.png.
# Needs: soffice (apt-get install -y libreoffice-calc fonts-noto-cjk) and
# pdftoppm (poppler-utils). Not needed in CI. Run from anywhere:
#   scripts/make_picture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -m scoring score cases/anju-2023-investment.yaml --format xlsx -o "$work/form-seed.xlsx" \
  --publish
soffice --headless -env:UserInstallation="file://$work/profile" \
  --convert-to pdf --outdir "$work" "$work/form-seed.xlsx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/form-seed.pdf" "$work/form-seed"
cp "$work/form-seed.png" docs/form-seed.png
echo "wrote docs/form-seed.png"
