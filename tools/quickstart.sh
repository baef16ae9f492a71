#!/usr/bin/env bash
# Set up, then run every notebook end to end in offline quick mode: training, then inference.
# Executed copies (with plots) are written to build/executed/ for you to open.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
. .venv/bin/activate
export NLPBOOK_QUICK=1
export NLPBOOK_DRIVE=${NLPBOOK_DRIVE:-$(mktemp -d -t nlpbook-drive-XXXX)}
python tools/run_notebooks.py "$@"
