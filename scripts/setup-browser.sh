#!/usr/bin/env bash
# Installs what the reports' browser tests drive: Debian's chromium and chromium-driver (the
# driver is built from the same source, so their versions always match). Idempotent: does nothing
# when both are there. Nothing is downloaded but Debian packages, through apt-get; with their
# recommended packages (fonts-liberation among them), so pages render as on the dev machines.
# Usage: scripts/setup-browser.sh
set -euo pipefail

chromium=/usr/bin/chromium
chromedriver=/usr/bin/chromedriver
packages=(chromium chromium-driver)

if [ -x "$chromium" ] && [ -x "$chromedriver" ]; then
  echo "browser: $chromium and $chromedriver are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "setup-browser: $chromium or $chromedriver is missing, and installing them needs root" \
    "(or password-less sudo). As root: apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: no apt-get here; install Debian's ${packages[*]} (or the distribution's" \
    "chromium with its matching chromedriver at $chromium and $chromedriver)" >&2
  exit 1
fi

apt_install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y "${packages[@]}"
}

echo "browser: installing ${packages[*]}"
if ! apt_install; then
  echo "browser: install failed; refreshing the package lists and trying again"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  apt_install
fi

for binary in "$chromium" "$chromedriver"; do
  if [ ! -x "$binary" ]; then
    echo "setup-browser: ${packages[*]} installed, yet $binary is missing" >&2
    exit 1
  fi
done
echo "browser: $("$chromedriver" --version)"
