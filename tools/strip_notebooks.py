"""Remove outputs and execution counts from notebooks, so diffs stay reviewable.

    python tools/strip_notebooks.py            # every notebook under notebooks/
    python tools/strip_notebooks.py a.ipynb    # just these
"""
import sys
from pathlib import Path

import nbformat


def strip(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    paths = sys.argv[1:] or sorted(str(p) for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    for path in paths:
        strip(path)
        print("stripped", path)
