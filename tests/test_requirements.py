"""The versions we claim are the versions we test: requirements.txt, pyproject.toml, the
lower-bound constraints and the CI matrix agree."""
import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lower_bounds_tool():
    spec = importlib.util.spec_from_file_location("lower_bounds", ROOT / "tools" / "lower_bounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_pyproject_dependencies_are_requirements_txt():
    tool = lower_bounds_tool()
    claimed = [f"{name}>={version}" for name, version in tool.requirements(ROOT / "requirements.txt")]
    assert pyproject()["project"]["dependencies"] == claimed


def test_lower_bound_constraints_are_up_to_date():
    tool = lower_bounds_tool()
    assert tool.OUTPUT.read_text(encoding="utf-8") == tool.render(), "run: python tools/lower_bounds.py"
    pins = [line.split("==") for line in tool.render().splitlines() if "==" in line]
    assert pins and all(len(pin) == 2 for pin in pins)


def test_lower_bound_job_runs_the_oldest_supported_python():
    oldest = re.fullmatch(r">=\s*(\d+\.\d+)", pyproject()["project"]["requires-python"]).group(1)
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    job = re.search(r"- name: lower-bounds\n\s+python: \"([\d.]+)\"\n\s+constraint: (\S+)", workflow)
    assert job and job.group(1) == oldest and job.group(2) == "constraints/lower-bounds.txt"
