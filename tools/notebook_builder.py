"""Write a notebook from a list of cells: ``("md", text)`` or ``("code", source)``.

The notebooks are the source of truth; this only saves typing when a notebook is
first written. Cells come out without outputs, as they are committed.

    from tools.notebook_builder import write_notebook
    write_notebook("notebooks/x/train.ipynb", [("md", "# Title"), ("code", "print(1)")])
"""
import textwrap

import nbformat

COLAB = "https://colab.research.google.com/github/nlpbook/nlpbook/blob/main/"


def colab_badge(path):
    """Markdown for an Open-in-Colab badge of the notebook at repo-relative ``path``."""
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({COLAB}{path})"


def write_notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        source = textwrap.dedent(source).strip("\n")
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["accelerator"] = "GPU"
    nb.metadata["colab"] = {"provenance": [], "gpuType": "T4"}
    nbformat.write(nb, path)
