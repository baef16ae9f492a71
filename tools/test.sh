#!/usr/bin/env bash
# Run every test: the helper package's unit tests, then every notebook under nbval
# in offline quick mode (conftest.py sets NLPBOOK_QUICK=1 and a fresh drive folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
. "${VENV:-.venv}/bin/activate"
python -m pytest --nbval-lax -p no:cacheprovider "$@"
