"""The fixture corpora are exactly what ``tools/fixtures/*.py`` write: regenerate them, never edit by hand."""
import subprocess
import sys
from pathlib import Path

from nlpbook_helpers.quick import FIXTURES_DIR

WRITERS = Path(__file__).resolve().parents[1] / "tools" / "fixtures"
sys.path.insert(0, str(WRITERS))
from korean import particle  # noqa: E402  (tools/fixtures/korean.py)


def files(root):
    return sorted(p.relative_to(root) for p in Path(root).rglob("*") if p.is_file() and not p.name.startswith("."))


def test_fixture_corpora_are_what_the_writers_write(tmp_path):
    for script in ("nsmc.py", "kornli.py", "ner.py", "korquad.py"):
        subprocess.run([sys.executable, str(WRITERS / script), str(tmp_path)], check=True, capture_output=True)
    assert files(tmp_path) == files(FIXTURES_DIR)
    changed = [str(p) for p in files(tmp_path) if (tmp_path / p).read_bytes() != (FIXTURES_DIR / p).read_bytes()]
    assert changed == [], f"run python tools/fixtures/<name>.py to write them again: {changed}"


def test_particles_fit_the_word_before_them():
    assert [particle(w, "이", "가") for w in ("김민준", "한빛전자", "서울")] == ["이", "가", "이"]
    assert [particle(w, "을", "를") for w in ("3명", "10개", "대전")] == ["을", "를", "을"]
    # 으로/로: 로 after a vowel and after ㄹ, 으로 after any other final consonant.
    assert [particle(w, "으로", "로") for w in ("지도", "서울", "부산", "달력", "명천동")] == ["로", "로", "으로", "으로", "으로"]
