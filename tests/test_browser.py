"""Each task's demo as a learner sees it, on localhost (quick mode), driven in headless Chromium
with Playwright, in the frontend that draws the installed widget major:

- ipywidgets 8 (JupyterLab, Kaggle, local Jupyter): the inference notebook served as a page by Voilà.
- ipywidgets 7 (Colab: 7.7.1, whose frontend draws no other major): the notebook opened in the classic
  Notebook 6.5 that Colab lists, with widgetsnbextension 3, and run with Cell > Run All.

The Colab job (.ci/run) has ipywidgets 7, the newest job ipywidgets 8, so every demo is clicked on both.
Slow (a training notebook, a server and a browser per task): deselect with ``-m "not browser"``.
Skipped when Chromium, the frontend or Playwright is missing (e.g. on a Mac without ``tools/setup.sh``).
"""
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import ipywidgets
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NLPBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
# What a page shows when a widget cannot be drawn (ipywidgets, Voilà) or a cell failed.
FRONT_END_ERRORS = ("Error displaying widget", "Model not found", "model not found", "javascript error",
                    "Failed to load model class", "Could not create", "No version of module",
                    "There was an error when executing cell", "Traceback (most recent call last)")

WIDGETS_MAJOR = int(ipywidgets.__version__.split(".")[0])
FRONTEND = {7: "notebook", 8: "voila"}[WIDGETS_MAJOR]  # the module that serves the page

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: install it (apt-get install chromium, see tools/setup.sh) "
                f"or set NLPBOOK_CHROMIUM", allow_module_level=True)
pytest.importorskip(FRONTEND, reason=f"{FRONTEND} is not installed for ipywidgets {WIDGETS_MAJOR}: "
                                     f"pip install -r requirements-browser-widgets{WIDGETS_MAJOR}.txt")
sync_playwright = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -r requirements-dev.txt").sync_playwright


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory, tiny_bert_path):
    """Quick mode, a drive folder and a cache folder of their own: for the notebooks and Voilà."""
    drive, cache = tmp_path_factory.mktemp("drive"), tmp_path_factory.mktemp("cache")
    for model in Path(os.environ["NLPBOOK_CACHE"]).glob("tiny-*"):  # the session's tiny models
        (cache / model.name).symlink_to(model)
    return dict(os.environ, NLPBOOK_QUICK="1", NLPBOOK_DRIVE=str(drive), NLPBOOK_CACHE=str(cache),
                PYTHONUNBUFFERED="1")


def run_training_notebook(folder, env, tmp_path):
    """Execute ``notebooks/<folder>/train.ipynb`` (quick mode): the checkpoint the demo loads."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOKS / folder / "train.ipynb", as_version=4)
    started = time.monotonic()
    # A generous limit per cell: quick-mode QA training took over 300 s on a 2-core machine running other suites.
    NotebookClient(notebook, timeout=1200, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    print(f"{folder}/train.ipynb ran in {time.monotonic() - started:.1f} s")


@pytest.fixture
def serve(environment, tmp_path):
    """``serve(folder)``: ``notebooks/<folder>/inference.ipynb`` served on 127.0.0.1 only; returns its URL.

    Voilà serves the notebook as it is. The classic Notebook gets a copy in ``tmp_path`` (it saves
    what it runs, outputs included, and the repository keeps its notebooks without outputs).
    """
    servers = []

    def start(folder):
        port = free_port()
        log_path = tmp_path / f"{FRONTEND}.log"
        log = open(log_path, "w")
        folder = NOTEBOOKS / folder  # an absolute folder stays as it is
        if FRONTEND == "voila":
            command = [sys.executable, "-m", "voila", str(folder / "inference.ipynb"), "--no-browser",
                       f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=True", f"--Voila.root_dir={folder}"]
            url = f"http://127.0.0.1:{port}/"
        else:
            served = tmp_path / "served"
            served.mkdir(exist_ok=True)
            shutil.copy(folder / "inference.ipynb", served / "inference.ipynb")
            command = [sys.executable, "-m", "notebook", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                       "--NotebookApp.token=", "--NotebookApp.password=", f"--notebook-dir={served}",
                       "--allow-root"]  # CI runs as root
            url = f"http://127.0.0.1:{port}/notebooks/inference.ipynb"
        env = dict(environment, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))  # not the home folder's
        servers.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path))
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return url
            except OSError:
                assert servers[-1].poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, f"{FRONTEND} did not start within 30 s"
                time.sleep(0.2)

    yield start
    for server in servers:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def page(tmp_path):
    """A headless Chromium page; console errors are collected in ``page.errors``."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1000, "height": 800}, locale="ko-KR")
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page
        browser.close()


def open_demo(page, url):
    """Open the page and get the demo drawn: Voilà runs the notebook itself; in the classic Notebook a
    learner waits for the kernel and runs every cell (Cell > Run All). Fails when no widget is drawn."""
    page.goto(url, timeout=60_000)
    if FRONTEND == "notebook":
        page.wait_for_selector("#kernel_indicator_icon.kernel_idle_icon", timeout=60_000)
        page.click("#celllink")
        page.click("#run_all_cells")
    try:
        page.wait_for_selector(".widget-button", timeout=90_000)
    except Exception as error:  # Playwright's TimeoutError: say what the page shows instead
        text = page.inner_text("body")
        raise AssertionError(f"no widget was drawn ({error}); the page ends with:\n{text[-2000:]}\n"
                             f"script errors: {page.errors}") from None


def assert_no_front_end_errors(page):
    text = page.inner_text("body")
    for error in FRONT_END_ERRORS:
        assert error not in text, f"the page shows {error!r}:\n{text[-3000:]}"
    # Any script error counts; a resource the offline machine cannot fetch (a web font) does not.
    script_errors = [e for e in page.errors if not e.startswith("Failed to load resource")]
    assert not script_errors, "script errors on the page:\n" + "\n".join(script_errors)


def click(page, button):
    page.click(f"button:has-text('{button}')")


def wait_for_message(page, words):
    """The text of the first message once it says ``words`` (an older message may be showing first)."""
    page.wait_for_function(f"document.querySelector('.nlpbook-message')?.innerText.includes({words!r})",
                           timeout=20_000)
    return page.inner_text(".nlpbook-message")


def document_classification(page, shot):
    """Type a review, get a label with two probability bars; then an empty input gets the message."""
    page.fill(".widget-text input", "정말 재밌어요. 배우들 연기가 최고!")
    click(page, "분류하기")
    label = page.wait_for_selector(".nlpbook-label", timeout=20_000).inner_text()
    assert label.startswith("예측:") and "긍정" in label  # quick mode learns: the example gets its label
    assert page.locator(".nlpbook-bar").count() == 2  # one probability bar per label
    first = page.locator(".nlpbook-history td").first
    assert first.inner_text().startswith("정말 재밌어요")
    # The input and its result stand apart: classic Notebook's CSS gives a widget's table cells no padding.
    assert first.evaluate("cell => parseFloat(getComputedStyle(cell).paddingRight)") >= 8
    shot("demo")
    page.fill(".widget-text input", "")
    click(page, "분류하기")
    assert "입력하세요" in wait_for_message(page, "문장이 비어 있습니다")
    assert page.locator(".nlpbook-label").count() == 0
    shot("empty")


def pair_classification(page, shot):
    """Premise and hypothesis give a label with three bars; an empty hypothesis gets the message."""
    boxes = page.locator(".widget-textarea textarea")
    boxes.nth(0).fill("철수가 공원에서 자전거를 탄다.")
    boxes.nth(1).fill("누군가 자전거를 탄다.")
    click(page, "분류하기")
    label = page.wait_for_selector(".nlpbook-label", timeout=20_000).inner_text()
    assert label.startswith("예측:") and any(name in label for name in ("함의", "entailment")), label
    assert page.locator(".nlpbook-bar").count() == 3
    shot("demo")
    boxes.nth(1).fill("")
    click(page, "분류하기")
    assert "두 문장을 모두 입력하세요" in wait_for_message(page, "가설 문장이 비어 있습니다")
    assert page.locator(".nlpbook-label").count() == 0
    shot("empty")


def ner(page, shot):
    """A sentence comes back with its entities marked (or a note that there are none); empty input, a message."""
    page.fill(".widget-text input", "이순신 장군은 1545년 서울 건천동에서 태어났다.")
    click(page, "개체명 찾기")
    shown = page.wait_for_selector(".nlpbook-entities", timeout=20_000).inner_text()
    assert "서울" in shown and "태어났다" in shown
    marks = page.locator(".nlpbook-entity").all_inner_texts()
    assert any("이순신" in m for m in marks) and any("1545년" in m for m in marks) and any("서울" in m for m in marks), marks
    assert page.locator(".nlpbook-legend-item").count() > 0
    shot("demo")
    page.fill(".widget-text input", "")
    click(page, "개체명 찾기")
    message = wait_for_message(page, "문장이 비어 있습니다")  # replaces the note above, same class
    assert "입력하세요" in message
    assert page.locator(".nlpbook-entities").count() == 0
    shot("empty")


def qa(page, shot):
    """The example question gets 1443년, highlighted in the context; an empty question gets a message."""
    click(page, "답 찾기")
    page.wait_for_selector(".nlpbook-answer", timeout=20_000)
    answer = page.inner_text(".nlpbook-answer b")
    assert answer == "1443년" and page.inner_text(".nlpbook-context mark") == answer
    shot("demo")
    page.fill(".widget-text input", "")
    click(page, "답 찾기")
    assert "질문과 문단을 모두 입력하세요" in wait_for_message(page, "질문과 문단")
    assert page.locator(".nlpbook-answer").count() == 0
    shot("empty")


def generation(page, shot):
    """The prompt is continued; a temperature of 0 gets a message beside it and nothing is generated."""
    page.fill(".widget-text:has(label:has-text('프롬프트')) input", "이 영화")
    click(page, "생성하기")
    page.wait_for_function("document.querySelector('.nlpbook-generated') && "
                           "!document.querySelector('.nlpbook-generated').innerText.includes('▌')", timeout=30_000)
    generated = page.inner_text(".nlpbook-generated").strip()
    assert generated.startswith("이 영화") and len(generated) > len("이 영화") + 4 and "\ufffd" not in generated
    shot("demo")
    page.fill(".widget-text:has(label:has-text('temperature')) input", "0")
    page.press(".widget-text:has(label:has-text('temperature')) input", "Enter")
    before = page.inner_text(".nlpbook-generated")
    click(page, "생성하기")
    wait_for_message(page, "temperature는 0보다 커야")
    assert page.inner_text(".nlpbook-generated") == before  # nothing new was generated
    shot("out-of-range")


DEMOS = {  # notebook folder: what a learner does in its demo, and what they must see
    "doc_classification": document_classification,
    "pair_classification": pair_classification,
    "ner": ner,
    "qa": qa,
    "generation": generation,
}


@pytest.mark.parametrize("folder", list(DEMOS))
def test_demo_in_a_browser(folder, environment, serve, page, tmp_path):
    if not (NOTEBOOKS / folder / "inference.ipynb").exists():
        pytest.skip(f"notebooks/{folder} has no inference notebook yet")
    run_training_notebook(folder, environment, tmp_path)
    started = time.monotonic()
    open_demo(page, serve(folder))
    assert_no_front_end_errors(page)
    demo = page.locator(".widget-vbox").last

    def shot(name):
        demo.screenshot(path=str(tmp_path / f"{folder}-ipywidgets{WIDGETS_MAJOR}-{name}.png"))

    DEMOS[folder](page, shot)
    assert_no_front_end_errors(page)
    seconds = time.monotonic() - started
    print(f"{folder} on ipywidgets {ipywidgets.__version__} ({FRONTEND}): page, answer and bad input "
          f"in {seconds:.1f} s; screenshots in {tmp_path}")
    assert seconds < 90


def test_a_widget_the_page_cannot_draw_fails_the_check(environment, serve, page, tmp_path):
    """The check above catches a widget whose front-end code is missing (as with a broken install)."""
    import nbformat

    folder = tmp_path / "broken"
    folder.mkdir()
    code = """import ipywidgets as w
from traitlets import Unicode
class Missing(w.DOMWidget):
    _model_name, _view_name = Unicode("MissingModel").tag(sync=True), Unicode("MissingView").tag(sync=True)
    _model_module = _view_module = Unicode("no-such-module").tag(sync=True)
display(Missing(), w.Button(description="ok"))"""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "inference.ipynb")
    open_demo(page, serve(folder))  # the button next to it is drawn
    # Voilà writes "javascript error" into the page. The classic Notebook (like Colab) just leaves the
    # widget out, and its console says why ("Could not create a model", a script error for the module).
    deadline = time.monotonic() + 15
    while not page.errors and "javascript error" not in page.inner_text("body") and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    with pytest.raises(AssertionError, match="javascript error|No version of module|no-such-module"):
        assert_no_front_end_errors(page)
