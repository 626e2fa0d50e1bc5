#!/usr/bin/env bash
# The project's one test command (README "Run the tests"; .ci/run calls it on a clean clone).
# Installs what the tests need — Debian font packages they render with, and the package with
# its dev extra — then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts the tests render with (web images, Thai lines, the 24 font-classifier families), libraqm
# for Thai shaping (keep in sync with scripts/synthesis/font_data.py DEB_PACKAGES), and chromium
# for the demo page's browser test.
DEB_PACKAGES=(fonts-dejavu-core fonts-liberation fonts-noto-core fonts-noto-cjk fonts-noto-mono fonts-wqy-zenhei
              fonts-arphic-ukai fonts-arphic-uming fonts-thai-tlwg fonts-crosextra-caladea fonts-crosextra-carlito
              fonts-freefont-ttf fonts-lato fonts-linuxlibertine fonts-roboto-unhinted fonts-urw-base35 libraqm0
              chromium)
missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check ".[dev,ray]"
python3 -m pytest -q -p no:cacheprovider "$@"
