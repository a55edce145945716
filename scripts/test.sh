#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run lint, types and tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests drive: LibreOffice (opens and converts every generated document; Calc
# opens and re-saves the workbooks) and its own Python for unoserver (python3-uno: the PDF
# converters), the fonts standing in for the official ones (a Kai face among them; BabelStone Han
# and DejaVu for rare characters and symbols), poppler for page counts, fonts and text, Chromium for the staff page's browser tests,
# nginx (the buffering front of `gov-report serve --front nginx`), qpdf (protects the test PDFs
# with a permissions password at every revision exporters write, and checks our own).
apt_packages=(libreoffice-writer-nogui libreoffice-calc-nogui python3-uno fonts-noto-cjk
  fonts-arphic-ukai fonts-liberation fonts-babelstone-han fonts-dejavu-core poppler-utils chromium
  nginx-light qpdf)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# npm installs axe-core, which the browser tests inject into the staff pages (package.json).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
npm install --no-audit --no-fund --no-package-lock --loglevel=error
.venv/bin/ruff check .
.venv/bin/mypy
# The shipped Word templates are edited in Word: the template check is their gate.
for template in word_templates/report-*.docx; do
  .venv/bin/gov-report check-template "$template"
done
.venv/bin/pytest "$@"

# The container, built unchanged and run for real with Debian's podman (healthz, readyz, a
# POST, the non-root user, the HEALTHCHECK): only as root, and only when podman can be had.
verify=../shared/tools/verify-dockerfile.sh
if [ "$(id -u)" != 0 ] || [ ! -f "$verify" ]; then
  echo "SKIPPED: container check (needs root and $verify)" >&2
elif ! command -v podman >/dev/null && ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends podman runc debootstrap uidmap >/dev/null; then
  echo "SKIPPED: container check (podman cannot be installed here)" >&2
else
  bash "$verify" .
fi
