"""Pictures after training: the learning curve and a confusion matrix."""
from pathlib import Path

import matplotlib.pyplot as plt


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
            ax.plot(*zip(*points), marker="o" if name.startswith("val") else None, label=name)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    handles, names = ax.get_legend_handles_labels()
    if extra:
        ax2 = ax.twinx()
        for name, color in zip(extra, ["tab:green", "tab:red", "tab:purple", "tab:brown"]):
            points = sorted((r["step"], r[name]) for r in rows if name in r)
            if points:
                ax2.plot(*zip(*points), marker="s", linestyle="--", color=color, label=name)
        ax2.set_ylabel(", ".join(extra))
        h2, n2 = ax2.get_legend_handles_labels()
        handles, names = handles + h2, names + n2
    ax.legend(handles, names, loc="best")
    ax.set_title("learning curve")
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
    names = [str(n) for n in label_names]
    if not use_korean_font() and any(not n.isascii() for n in names):
        print("No Hangul font here: the axes show label ids " + ", ".join(f"{i}={n}" for i, n in enumerate(names)))
        names = [str(i) for i in ticks]
    ax.set_xticks(ticks, names)
    ax.set_yticks(ticks, names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            ax.text(j, i, count, ha="center", va="center", color="white" if count > peak / 2 else "black")
    accuracy = sum(matrix[i][i] for i in ticks) / max(1, len(labels))
    ax.set_title(f"accuracy {accuracy:.3f} ({len(labels)} examples)")
    fig.tight_layout()
    return fig


def use_korean_font():
    """Use a Hangul-capable font in matplotlib when one is installed (e.g. NanumGothic on Colab)."""
    from matplotlib import font_manager

    for name in ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR", "AppleGothic", "Malgun Gothic"):
        if any(f.name == name for f in font_manager.fontManager.ttflist):
            plt.rcParams["font.family"] = name
            plt.rcParams["axes.unicode_minus"] = False
            return name
    return None
