"""Installing the project on Colab keeps every package Colab already has (issue 18).

Colab's frontend draws ipywidgets 7 only (googlecolab/colabtools #3020, #4525), so an install cell that
upgrades ipywidgets breaks every demo. constraints/colab.txt is Colab's own ``pip freeze``
(tools/platform_constraints.py); the test here resolves what each notebook's install cell installs,
the project's wheel with its dependencies, for Colab's Python and platform against those pins.
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COLAB_PYTHON = "3.13"  # Colab's GPU runtime: Python 3.13.15 on Ubuntu 22.04 (glibc 2.35), x86_64
# Every wheel tag such a machine takes: manylinux_2_5 ... manylinux_2_35 and the legacy aliases.
COLAB_PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(35, 4, -1)] + [
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
# What the project adds to Colab: the install cell brings these and keeps everything else.
MISSING_ON_COLAB = {"nlpbook-helpers", "pytorch-lightning", "korpora", "koreanize-matplotlib"}


def constraints_tool():
    spec = importlib.util.spec_from_file_location("platform_constraints", ROOT / "tools" / "platform_constraints.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def colab_pins():
    """{normalized name: version} of constraints/colab.txt, the committed file."""
    pins = {}
    for line in (ROOT / "constraints" / "colab.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[normalize(name)] = version
    return pins


def pip_env():
    """This process's environment without PIP_CONSTRAINT: a job's own pins (lower bounds) must not mix in."""
    return {k: v for k, v in os.environ.items() if k != "PIP_CONSTRAINT"}


def index_url():
    configured = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                                capture_output=True, text=True, env=pip_env())
    url = os.environ.get("PIP_INDEX_URL") or (configured.stdout.strip() if configured.returncode == 0 else "")
    return url or "https://pypi.org/simple/"


def require_registry():
    url = index_url().rstrip("/") + "/pip/"
    try:
        urllib.request.urlopen(url, timeout=20).close()
    except (urllib.error.URLError, OSError) as error:
        pytest.skip(f"the package registry cannot be reached ({url}: {error}); this test resolves the "
                    f"project against Colab's packages there")


def pip_conflict(output):
    """pip's errors and its 'The conflict is caused by:' lines, without the download chatter."""
    cause = re.search(r"The conflict is caused by:\n(?:.+\n)+", output)
    errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
    return "\n".join(errors[:1] + ([cause.group(0).rstrip()] if cause else []) + errors[1:])


def test_colab_constraints_are_colabs_pins():
    pins = colab_pins()
    # The widget stack Colab's frontend draws, and the torch release it runs (+cu128 dropped).
    assert pins["ipywidgets"] == "7.7.1" and pins["widgetsnbextension"] == "3.6.10"
    assert pins["notebook"] == "6.5.7" and pins["ipykernel"] == "6.17.1" and pins["jupyter-client"] == "7.4.9"
    assert pins["torch"] == "2.11.0" and pins["transformers"] == "5.15.0" and pins["numpy"] == "2.1.3"
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.!]*", version) for version in pins.values())  # no +local, no URL
    tool = constraints_tool()
    assert not any(tool.is_cuda_library(name) for name in pins) and pins["nvidia-ml-py"] == "13.610.43"


def test_colab_constraints_are_up_to_date(tmp_path):
    tool = constraints_tool()
    if not tool.FREEZE.exists():
        pytest.skip(f"no Colab snapshot at {tool.FREEZE} (../shared/platforms/ beside the repository)")
    check = [sys.executable, str(ROOT / "tools" / "platform_constraints.py"), "--check"]
    assert subprocess.run(check).returncode == 0, "run: python tools/platform_constraints.py"
    # A snapshot that moved on (Colab upgrading ipywidgets) makes the committed file out of date.
    moved = tmp_path / "colab-pip-freeze.gpu.txt"
    moved.write_text(tool.FREEZE.read_text(encoding="utf-8").replace("ipywidgets==7.7.1", "ipywidgets==8.1.5"))
    stale = subprocess.run(check + ["--freeze", str(moved)], capture_output=True, text=True)
    assert stale.returncode == 1 and "out of date" in stale.stderr


def test_installing_the_project_on_colab_changes_no_preinstalled_package(tmp_path):
    """What the install cell installs (the project's wheel and its dependencies), resolved for Colab's
    Python 3.13 and platform with Colab's versions as constraints: pip finds a resolution, so the
    install keeps every preinstalled package, and adds only what Colab lacks."""
    require_registry()
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheel_dir), str(ROOT)],
                           capture_output=True, text=True, env=pip_env())
    assert build.returncode == 0, build.stderr
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--report", str(report),
               "--only-binary=:all:", "--python-version", COLAB_PYTHON, "--implementation", "cp",
               *(arg for platform in COLAB_PLATFORMS for arg in ("--platform", platform)),
               "--retries", "2", "--timeout", "60",
               "-c", str(ROOT / "constraints" / "colab.txt"), str(next(wheel_dir.glob("*.whl")))]
    resolved = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=pip_env())
    assert resolved.returncode == 0, f"installing the project would change a package Colab has:\n{pip_conflict(resolved.stdout)}"

    installs = {normalize(item["metadata"]["name"]): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]}
    pins = colab_pins()
    changed = {name: (pins[name], version) for name, version in installs.items() if name in pins and pins[name] != version}
    assert not changed, f"Colab's version -> the install's: {changed}"
    assert installs["ipywidgets"] == "7.7.1" and installs["torch"] == "2.11.0"
    # Added: the project and what Colab lacks (Lightning, Korpora, the font wheel, their own needs, and a few
    # that Colab's snapshot itself lacks, such as IPython's jedi). The CUDA 13 libraries of the registry's
    # torch wheel are left aside: on Colab they never come, as its own torch build is kept.
    tool = constraints_tool()
    added = {name for name in installs if name not in pins and not tool.is_cuda_library(name)}
    assert MISSING_ON_COLAB <= added, added


def test_the_colab_job_runs_colabs_python():
    """COLAB_PYTHON above, the GitHub workflow's colab job and Colab's own record name the same Python."""
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    job = re.search(r"- name: colab\n\s+python: \"([\d.]+)\"\n\s+constraint: (\S+)", workflow)
    assert job and job.group(1) == COLAB_PYTHON and job.group(2) == "constraints/colab.txt"
    os_info = constraints_tool().FREEZE.with_name("colab-os-info.gpu.txt")
    if os_info.exists():
        assert re.search(rf"^Python {re.escape(COLAB_PYTHON)}\.\d+$", os_info.read_text(), re.M)


@pytest.mark.skipif(not os.environ.get("PIP_CONSTRAINT", "").endswith("colab.txt"),
                    reason="checks the Colab job's environment (PIP_CONSTRAINT=constraints/colab.txt)")
def test_the_colab_job_has_colabs_versions():
    """Every package installed in the Colab twin that Colab has is at Colab's version (torch: 2.11.0 with
    another local build label, +cu130 or +cpu, whose CUDA libraries are the one difference)."""
    from importlib.metadata import distributions

    assert f"{sys.version_info.major}.{sys.version_info.minor}" == COLAB_PYTHON
    installed = {normalize(d.metadata["Name"]): d.version for d in distributions()}
    pins = colab_pins()
    differ = {name: (pins[name], version) for name, version in installed.items()
              if name in pins and version.split("+")[0] != pins[name]}
    assert not differ, f"Colab's version, the twin's: {differ}"
    assert installed["ipywidgets"] == "7.7.1" and installed["notebook"] == "6.5.7"
    assert installed["torch"].split("+")[0] == "2.11.0" and installed["transformers"] == "5.15.0"
