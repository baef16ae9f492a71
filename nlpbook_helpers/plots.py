"""Pictures after training: the learning curve and a confusion matrix.

Importing this module makes matplotlib draw Hangul (see :func:`use_korean_font`):
labels such as 부정/긍정 would otherwise be empty boxes, since matplotlib's default
font, DejaVu Sans, has no Hangul.
"""
import importlib
from importlib.util import find_spec
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from .label_names import ENTITY_TYPE_NAMES, METRIC_NAMES, NLI_NAMES, shown_name

# Installed fonts with Hangul, tried in order when koreanize-matplotlib is missing.
KOREAN_FONT_CANDIDATES = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                          "Noto Sans CJK JP", "AppleGothic", "Apple SD Gothic Neo", "Malgun Gothic")
BUNDLED_FONT_PACKAGE = "koreanize_matplotlib"
BUNDLED_FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")  # the first one names the family

_korean_font = None  # the family in use once found; None while no Hangul font is known
_registered = set()  # font files already given to matplotlib's font manager


def _bundled_font_files():
    """NanumGothic from the koreanize-matplotlib wheel, located without importing that package.

    ``koreanize_matplotlib/__init__.py`` imports ``distutils``, which Python 3.12 (Colab's)
    no longer has; ``find_spec`` of a top-level package only locates it, runs none of its code.
    """
    importlib.invalidate_caches()  # see a package pip-installed after this Python started
    try:
        spec = find_spec(BUNDLED_FONT_PACKAGE)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.origin:
        return []
    fonts = Path(spec.origin).parent / "fonts"
    return [fonts / name for name in BUNDLED_FONT_FILES if (fonts / name).is_file()]


def _register_bundled_font():
    """Add the bundled NanumGothic files to matplotlib; the family name, or None without them."""
    paths = _bundled_font_files()
    if not paths:
        return None
    for path in paths:
        if str(path) not in _registered:
            font_manager.fontManager.addfont(str(path))
            _registered.add(str(path))
    return font_manager.FontProperties(fname=str(paths[0])).get_name()


def _installed_korean_font():
    """The first of :data:`KOREAN_FONT_CANDIDATES` that matplotlib knows, or None."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in KOREAN_FONT_CANDIDATES if name in known), None)


def _apply_korean_font():
    """Find a Hangul font and make it matplotlib's default; its family name, or None. Prints nothing."""
    global _korean_font
    name = _register_bundled_font() or _installed_korean_font()
    if name:
        plt.rcParams["font.family"] = name
        plt.rcParams["axes.unicode_minus"] = False  # NanumGothic has no U+2212 minus sign
        _korean_font = name
    return name


def use_korean_font():
    """Make matplotlib draw Hangul; returns the font family used, or None when there is none.

    Already done once when this module is imported; call it again after
    ``pip install koreanize-matplotlib`` or after resetting matplotlib's settings
    (e.g. ``plt.rcdefaults()``). The font is NanumGothic from the koreanize-matplotlib
    package, else an installed Hangul font (NanumGothic, Noto Sans CJK KR, ...).

    >>> use_korean_font()   # doctest: +SKIP
    'NanumGothic'
    """
    name = _apply_korean_font()
    if name is None:
        print("한글 글꼴이 없어 그림의 한글이 네모로 보일 수 있습니다: "
              "`pip install koreanize-matplotlib` 로 설치한 뒤 use_korean_font() 를 다시 실행하세요.")
    return name


def _korean_ready():
    """True when a Hangul font is in use; tries once more (a font may have been installed since)."""
    return _korean_font is not None or _apply_korean_font() is not None


def _say(korean, english):
    """The Korean figure text, or the English one when no font can draw Hangul."""
    return korean if _korean_ready() else english


def _metric(name):
    """``"검증 손실 (val_loss)"``: the logged metric's Korean name with its key, or the key without a Hangul font."""
    return _say(shown_name(name, METRIC_NAMES), name)


def read_logged_metrics(model_dir):
    """All rows of every CSV log under ``<model_dir>/logs``, oldest run first, as dicts of floats.

    A run resumed after a reset writes a new log folder; reading them all gives the
    whole history.
    """
    import csv

    rows = []
    paths = sorted(Path(model_dir, "logs").glob("version_*/metrics.csv"),
                   key=lambda p: int(p.parent.name.split("_")[1]))
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                rows.append({k: float(v) for k, v in row.items() if v not in ("", None)})
    return rows


def plot_learning_curve(model_dir, metrics=("train_loss", "val_loss"), extra=None):
    """Plot losses (and ``extra`` metrics on a second axis, e.g. ``("val_acc",)``) against the step.

    >>> plot_learning_curve(args.downstream_model_dir, extra=("val_acc",))   # doctest: +SKIP
    """
    rows = read_logged_metrics(model_dir)
    fig, ax = plt.subplots(figsize=(7, 4))
    for name in metrics:
        points = sorted((r["step"], r[name]) for r in rows if name in r)
        if points:
            ax.plot(*zip(*points), marker="o" if name.startswith("val") else None, label=_metric(name))
    ax.set_xlabel(_say("스텝", "step"))
    ax.set_ylabel(_say("손실", "loss"))
    handles, names = ax.get_legend_handles_labels()
    if extra:
        ax2 = ax.twinx()
        for name, color in zip(extra, ["tab:green", "tab:red", "tab:purple", "tab:brown"]):
            points = sorted((r["step"], r[name]) for r in rows if name in r)
            if points:
                ax2.plot(*zip(*points), marker="s", linestyle="--", color=color, label=_metric(name))
        ax2.set_ylabel(", ".join(_say(METRIC_NAMES.get(name, name), name) for name in extra))
        h2, n2 = ax2.get_legend_handles_labels()
        handles, names = handles + h2, names + n2
    # Below the plot, not on it: curves fill every corner of the axes at some point.
    # Up to three names in a row; four or more in two rows, so the Korean names fit the figure's width.
    columns = len(names) if len(names) <= 3 else (len(names) + 1) // 2
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=columns, frameon=False)
    ax.set_title(_say("학습 곡선", "learning curve"))
    fig.tight_layout()
    return fig


def confusion_matrix(labels, preds, num_labels):
    """``matrix[true][pred]`` counts as a list of lists."""
    matrix = [[0] * num_labels for _ in range(num_labels)]
    for t, p in zip(labels, preds):
        matrix[t][p] += 1
    return matrix


def plot_confusion_matrix(labels, preds, label_names):
    """Plot the confusion matrix (rows: true label, columns: predicted) with counts in the cells.

    >>> plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["부정", "긍정"])   # doctest: +SKIP
    """
    matrix = confusion_matrix(labels, preds, len(label_names))
    fig, ax = plt.subplots(figsize=(1.2 * len(label_names) + 2, 1.2 * len(label_names) + 1.5))
    ax.imshow(matrix, cmap="Blues")
    ticks = range(len(label_names))
    names = [shown_name(n, NLI_NAMES) for n in label_names]  # 함의 (entailment)
    if not _korean_ready() and any(not n.isascii() for n in names):
        # Only without any Hangul font: label ids on the axes, their names printed here.
        print("한글 글꼴이 없어 축에는 번호를 씁니다: " + ", ".join(f"{i}={n}" for i, n in enumerate(names)))
        names = [str(i) for i in ticks]
    ax.set_xticks(ticks, names)
    ax.set_yticks(ticks, names)
    ax.set_xlabel(_say("예측", "predicted"))
    ax.set_ylabel(_say("정답", "true"))
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            ax.text(j, i, count, ha="center", va="center", color="white" if count > peak / 2 else "black")
    accuracy = sum(matrix[i][i] for i in ticks) / max(1, len(labels))
    ax.set_title(_say(f"정확도 {accuracy:.3f} (예제 {len(labels)}개)",
                      f"accuracy {accuracy:.3f} ({len(labels)} examples)"))
    fig.tight_layout()
    return fig



def plot_entity_f1(scores):
    """A bar chart of F1 per entity type (with the number of true entities), micro F1 in the title.

    ``scores`` is :func:`nlpbook_helpers.ner.entity_scores`.

    >>> plot_entity_f1(entity_scores(true_tags, pred_tags))   # doctest: +SKIP
    """
    types = list(scores["per_type"])
    fig, ax = plt.subplots(figsize=(1 + 1.0 * max(1, len(types)), 3.5))
    bars = ax.bar([shown_name(t, ENTITY_TYPE_NAMES) if _korean_ready() else t for t in types], [scores["per_type"][t]["f1"] for t in types], color="tab:blue")
    for bar, t in zip(bars, types):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.02,
                f"{scores['per_type'][t]['f1']:.2f}\n(n={scores['per_type'][t]['support']})",
                ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.2)
    ax.set_ylabel("F1")
    ax.set_title(_say(f"개체명 유형별 F1 (전체 F1 {scores['f1']:.3f})", f"entity F1 per type (micro F1 {scores['f1']:.3f})"))
    fig.tight_layout()
    return fig


use_korean_font()
