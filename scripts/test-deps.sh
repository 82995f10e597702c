#!/usr/bin/env bash
# What the test suite needs from Debian beyond Python: chromium (browser tests), the DejaVu
# fonts (PDF reports), poppler-utils (PDF text and page images in tests), python3-venv;
# with --bench also postgresql and wrk (make bench).
# Installs whatever is missing with apt when run as root; otherwise says in one line what to
# install and fails, so `make test` never runs half its suite.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
case "${1:-}" in
  --with-postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql) ;;
  --bench)  # make bench: the page benchmark's PostgreSQL and wrk for the web submissions
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    command -v wrk >/dev/null 2>&1 || need+=(wrk) ;;
esac

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need Debian packages that are missing: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing with apt: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
