#!/usr/bin/env bash
# Install the Debian packages jixiao's tests drive for real, where they are missing and the
# machine allows it (root or passwordless sudo, apt-get present). Never fails the build on a
# machine that cannot install: it says what is missing and the tests that need it skip.
set -u
# LibreOffice (docx → PDF, .doc/.et conversion), Noto CJK fonts, poppler (PDF → PNG/text),
# Chromium (browser tests).
PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages: apt-get not available; missing: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "system packages: not root and no passwordless sudo; missing: ${missing[*]}" >&2
    exit 0
  fi
fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/jixiao-apt.log 2>&1; then
  echo "system packages: apt-get install failed (see /tmp/jixiao-apt.log); missing: ${missing[*]}" >&2
  tail -5 /tmp/jixiao-apt.log >&2
fi
exit 0
