#!/usr/bin/env bash
# Set up posecapture and run it. With no arguments it opens the tablet app;
# otherwise the arguments go to the command line, e.g.
#   scripts/run.sh analyze clip.mp4 -o result.json
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ $# -eq 0 ]; then set -- app; fi
exec .venv/bin/posecapture "$@"
