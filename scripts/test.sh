#!/usr/bin/env bash
# Set up everything and run the whole test suite (unit, real clips, UI under Xvfb),
# then the linters. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest "$@"
