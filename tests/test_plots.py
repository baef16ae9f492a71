"""Figures draw Hangul: a Hangul font is registered on import, no glyph goes missing, Korean axis texts."""
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib import font_manager, rcParams  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from nlpbook_helpers import plots  # noqa: E402
from nlpbook_helpers.corpora.nsmc import LABELS as NSMC_LABELS  # noqa: E402

HANGUL_SYLLABLES = range(0xAC00, 0xD7A3 + 1)  # all 11,172 modern syllables
HANGUL_COMPAT_JAMO = range(0x3131, 0x318E + 1)  # ㄱ..ㆎ, as in "ㅋㅋ" or "ㅠㅠ" in reviews
NLI_LABELS_KO = ["함의", "중립", "모순"]


def _glyph_warnings(fig, tmp_path):
    """Save ``fig`` as PNG with every warning recorded; the messages about missing glyphs."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "figure.png", dpi=60)
    messages = [str(w.message) for w in caught]
    return [m for m in messages if "Glyph" in m or "missing from font" in m]


def _missing(path, codepoints):
    charmap = FT2Font(str(path)).get_charmap()
    return [hex(c) for c in codepoints if c not in charmap]


def test_a_korean_font_is_in_use_after_import():
    assert plots.use_korean_font() == "NanumGothic"
    assert rcParams["font.family"] == ["NanumGothic"]
    assert rcParams["axes.unicode_minus"] is False
    bundled = plots._bundled_font_files()
    assert [p.name for p in bundled] == ["NanumGothic.ttf", "NanumGothicBold.ttf"]
    registered = {f.fname for f in font_manager.fontManager.ttflist}
    assert {str(p) for p in bundled} <= registered


@pytest.mark.parametrize("label_names", [NSMC_LABELS, NLI_LABELS_KO])
def test_confusion_matrix_draws_hangul_without_missing_glyphs(label_names, tmp_path, capsys):
    n = len(label_names)
    labels = [i % n for i in range(10)]
    preds = [(i * 7) % n for i in range(10)]
    fig = plots.plot_confusion_matrix(labels, preds, label_names)
    assert _glyph_warnings(fig, tmp_path) == []
    assert (tmp_path / "figure.png").stat().st_size > 1000
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(label_names)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(label_names)
    assert ax.get_xlabel() == "예측"
    assert ax.get_ylabel() == "정답"
    correct = sum(t == p for t, p in zip(labels, preds))
    assert ax.get_title() == f"정확도 {correct / 10:.3f} (예제 10개)"
    assert capsys.readouterr().out == ""  # no label-id fallback notice when a font is there


def test_the_check_would_see_missing_glyphs_with_the_default_font(tmp_path):
    """The assertion above is not vacuous: DejaVu Sans alone does warn about Hangul."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = plots.plot_confusion_matrix([0, 1], [0, 1], ["부정", "긍정"])
        assert _glyph_warnings(fig, tmp_path)


def test_resolved_font_covers_every_hangul_syllable_and_jamo():
    path = font_manager.findfont(FontProperties(family=rcParams["font.family"]), fallback_to_default=False)
    assert "nanum" in path.lower()
    assert _missing(path, HANGUL_SYLLABLES) == []
    assert _missing(path, HANGUL_COMPAT_JAMO) == []
    label_chars = {ord(c) for name in NSMC_LABELS + NLI_LABELS_KO + ["스텝", "손실", "예측", "정답", "학습 곡선"]
                   for c in name if not c.isascii()}
    assert _missing(path, sorted(label_chars)) == []
    bundled = plots._bundled_font_files()[0]  # the font Colab ends up with: it has no system Nanum fonts
    assert _missing(bundled, HANGUL_SYLLABLES) == []
    assert _missing(bundled, HANGUL_COMPAT_JAMO) == []


def test_learning_curve_from_a_metrics_csv(tmp_path):
    log = tmp_path / "logs" / "version_0"
    log.mkdir(parents=True)
    (log / "metrics.csv").write_text(
        "epoch,step,train_loss,val_acc,val_loss\n"
        "0,9,0.9,,\n"
        "0,19,0.7,,\n"
        "0,19,,0.6,0.65\n"
        "1,29,0.5,,\n"
        "1,39,0.4,,\n"
        "1,39,,0.8,0.45\n")
    fig = plots.plot_learning_curve(tmp_path, extra=("val_acc",))
    ax, ax2 = fig.axes
    assert ax.get_xlabel() == "스텝"
    assert ax.get_ylabel() == "손실"
    assert ax.get_title() == "학습 곡선"
    assert ax2.get_ylabel() == "검증 정확도"
    lines = {line.get_label(): line for line in ax.get_lines() + ax2.get_lines()}
    assert list(lines["학습 손실 (train_loss)"].get_xdata()) == [9, 19, 29, 39]
    assert list(lines["학습 손실 (train_loss)"].get_ydata()) == [0.9, 0.7, 0.5, 0.4]
    assert list(lines["검증 손실 (val_loss)"].get_xdata()) == [19, 39]
    assert list(lines["검증 손실 (val_loss)"].get_ydata()) == [0.65, 0.45]
    assert list(lines["검증 정확도 (val_acc)"].get_ydata()) == [0.6, 0.8]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "학습 손실 (train_loss)", "검증 손실 (val_loss)", "검증 정확도 (val_acc)"]
    assert _glyph_warnings(fig, tmp_path) == []


def _run(code):
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bundled_font_is_used_without_importing_koreanize_matplotlib():
    """As on Colab: no system Hangul font, and no ``distutils`` (Python 3.12)."""
    out = _run(
        "import sys\n"
        "sys.modules['distutils'] = None  # importing it now raises, as on Python 3.12\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "from matplotlib import font_manager as fm, rcParams\n"
        "fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if 'nanum' not in f.fname.lower()]\n"
        "from nlpbook_helpers import plots\n"
        "print('imported' if 'koreanize_matplotlib' in sys.modules else 'not imported')\n"
        "print(fm.findfont(fm.FontProperties(family=rcParams['font.family'])))\n")
    imported, path = out.splitlines()
    assert imported == "not imported"
    assert path == str(plots._bundled_font_files()[0])


def test_without_any_hangul_font_one_korean_line_and_label_ids(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(plots, "find_spec", lambda name: None)
    monkeypatch.setattr(plots, "KOREAN_FONT_CANDIDATES", ("No Such Font",))
    monkeypatch.setattr(plots, "_korean_font", None)
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert plots.use_korean_font() is None
        out = capsys.readouterr().out.splitlines()
        assert len(out) == 1 and "pip install koreanize-matplotlib" in out[0] and "한글" in out[0]
        fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["부정", "긍정"])
        assert capsys.readouterr().out == "한글 글꼴이 없어 축에는 번호를 씁니다: 0=부정, 1=긍정\n"
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1"]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted", "true")
        assert ax.get_title() == "accuracy 0.667 (3 examples)"
        assert _glyph_warnings(fig, tmp_path) == []


def test_installed_system_font_is_the_fallback(monkeypatch):
    bundled = {str(p) for p in plots._bundled_font_files()}
    known = {f.name for f in font_manager.fontManager.ttflist if f.fname not in bundled}
    system = next((n for n in plots.KOREAN_FONT_CANDIDATES if n in known), None)
    if system is None:
        pytest.skip("no system Hangul font on this machine")
    monkeypatch.setattr(plots, "find_spec", lambda name: None)
    monkeypatch.setattr(plots, "_korean_font", None)
    with matplotlib.rc_context():
        assert plots.use_korean_font() == system
        assert rcParams["font.family"] == [system]


def test_figures_name_nli_labels_and_entity_types_in_korean(tmp_path):
    fig = plots.plot_confusion_matrix([0, 1, 2], [0, 1, 1], ["entailment", "neutral", "contradiction"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["함의 (entailment)", "중립 (neutral)",
                                                                     "모순 (contradiction)"]
    scores = {"f1": 0.5, "per_type": {"PS": {"f1": 1.0, "support": 2}, "XY": {"f1": 0.0, "support": 1}}}
    fig = plots.plot_entity_f1(scores)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["인물 (PS)", "XY"]  # an unknown type as it is
    assert _glyph_warnings(fig, tmp_path) == []
