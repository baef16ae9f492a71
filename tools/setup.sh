#!/usr/bin/env bash
# Create .venv (once) and install the project with its test dependencies.
# torch: a machine without torch gets TORCH_SPEC (default torch==2.13.0); Colab and
# machines that already have torch keep theirs.
# VENV picks another folder (default .venv), PYTHON the interpreter that makes it. The other jobs
# (README, .ci/run): the Colab twin sets VENV=.venv-colab, PYTHON=<a Python 3.13>,
# PIP_CONSTRAINT=constraints/colab.txt and TORCH_SPEC=torch==2.11.0; the lower-bound job sets
# VENV=.venv-low, PIP_CONSTRAINT=constraints/lower-bounds.txt and TORCH_SPEC=torch.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
. "$VENV/bin/activate"
python -m pip install -q --upgrade pip
if ! python -c "import torch" 2>/dev/null; then
  # shellcheck disable=SC2086  # TORCH_SPEC may carry pip options, e.g. an --index-url
  python -m pip install -q ${TORCH_SPEC:-torch==2.13.0}
fi
python -m pip install -q -r requirements-dev.txt
# The browser tests' frontend follows the widget major that was installed: Voila for ipywidgets 8,
# the classic Notebook 6.5 (Colab's) for ipywidgets 7.
widgets_major=$(python -c "import ipywidgets; print(ipywidgets.__version__.split('.')[0])")
python -m pip install -q -r "requirements-browser-widgets$widgets_major.txt"
# setuptools says each time that an editable install puts the repo folder on the path:
# informational only, so that one message (and no other) is silenced. No constraints here: --no-deps
# installs nothing else, and pip would apply them to the isolated build too, where a platform's
# older setuptools (Colab's 75.2) cannot build this pyproject (setuptools>=77). A learner's
# install on Colab builds without constraints as well.
env -u PIP_CONSTRAINT PYTHONWARNINGS="ignore:Editable installation" python -m pip install -q --no-deps -e .
python -m ipykernel install --sys-prefix --name python3 >/dev/null
# The browser tests (tests/test_browser.py) drive Debian's Chromium, with a Korean font for
# the screenshots. Installed with apt where there is apt and we are root; skipped otherwise.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
   { [ ! -x /usr/bin/chromium ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; }; then
  { apt-get update -q && apt-get install -y -q chromium fonts-nanum; } >/dev/null ||
    echo "Could not install chromium: the browser tests will be skipped."
fi
