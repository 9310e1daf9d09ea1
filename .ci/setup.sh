#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine with Python 3.11:
# Debian's chromium + Korean fonts (browser tests), PostgreSQL (store tests on both
# databases), poppler-utils (pdftotext/pdffonts/pdftoppm for the PDF tests), and the
# project in a virtualenv at .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-nanum >/dev/null 2>&1 || need+=(fonts-nanum)
command -v pg_lsclusters >/dev/null || need+=(postgresql)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "== python venv (.venv) and the project with its test extras"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -c constraints.txt -e '.[test]'
echo "== axe-core for the accessibility tests (npm, pinned in tests/axe/package-lock.json)"
[ -f tests/axe/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/axe --no-audit --no-fund >/dev/null
echo "== PostgreSQL on 127.0.0.1"
$SUDO bash .ci/postgres.sh
