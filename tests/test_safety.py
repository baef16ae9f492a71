"""Safe by default: nothing unpickles arbitrary objects, nothing listens on the network,
and the requirements have lower bounds only (Colab keeps its own torch)."""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SOURCES = sorted((ROOT / "nlpbook_helpers").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


def code_of(path):
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return path.read_text(encoding="utf-8")


FILES = SOURCES + NOTEBOOKS


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_no_unpickling_and_no_listening(path):
    code = code_of(path)
    for call in re.findall(r"torch\.load\([^)]*\)", code):
        assert "weights_only=True" in call, f"{path.name}: {call} may unpickle arbitrary objects"
    for call in re.findall(r"\.fit\([^)]*ckpt_path[^)]*\)", code):
        assert "weights_only=True" in call, f"{path.name}: {call} resumes with full unpickling"
    for pattern in (r"\bpickle\b", r"\bdill\b", r"trust_remote_code\s*=\s*True", r"weights_only\s*=\s*False",
                    r"\bsocket\b", r"http\.server", r"\.listen\(", r"ngrok", r"localtunnel", r"cloudflared",
                    r"share\s*=\s*True", r"serve_kernel_port_as_", r"0\.0\.0\.0"):
        assert not re.search(pattern, code), f"{path.name} uses {pattern}"


def test_requirements_have_lower_bounds_only():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for name, lines in [("pyproject.toml", project)] + [
            (name, (ROOT / name).read_text().splitlines()) for name in ("requirements.txt", "requirements-dev.txt")]:
        for line in lines:
            line = line.split("#")[0].strip()
            if not line or line.startswith("-r"):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+>=[0-9][0-9.]*", line), f"{name}: {line!r} is not 'package>=version'"
