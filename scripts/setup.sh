#!/usr/bin/env bash
# Set up posecapture on Debian/Ubuntu: the system libraries OpenCV, Kivy and the
# tests need (installed only when missing), then a virtualenv in .venv with the
# package installed in it. Safe to run again: it does only what is missing.
#   scripts/setup.sh          the app and the command line
#   scripts/setup.sh --test   also the test tools (Xvfb, Mesa, pdftoppm, pytest)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# libgl1 + libglib2.0-0: OpenCV's cv2; libmtdev1, libgl1-mesa-dri, libegl1: Kivy's window;
# espeak-ng: spoken instructions on Linux; fonts-dejavu-core: accents in reports.
packages=(libgl1 libglib2.0-0 libmtdev1 libgl1-mesa-dri libegl1 espeak-ng fonts-dejavu-core)
if [ "$want_test" = 1 ]; then
  packages+=(xvfb xauth poppler-utils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
if ! "$python" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))'; then
  echo "posecapture needs Python 3.10 to 3.12 (mediapipe 0.10.21 has no wheel for others); found $("$python" --version)." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

extras=""
[ "$want_test" = 1 ] && extras="[test]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  touch "$stamp"
fi
