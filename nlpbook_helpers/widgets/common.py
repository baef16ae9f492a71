"""Pieces every demo widget uses: messages, probability bars, a short history."""
import html

import ipywidgets as widgets

# Table cells carry their own padding: classic Notebook's CSS (ipywidgets 7, as Colab has it) sets none
# for a table outside rendered Markdown, and the input ran into the result ("...최고!긍정 99.8%").
CELL_STYLE = "padding:2px 10px 2px 0;text-align:left;vertical-align:top"
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def message_html(text, kind="warning"):
    """A one-line notice (``warning`` or ``info``) shown in place of a result."""
    color = {"warning": "#b54708", "info": "#175cd3"}[kind]
    return f'<div class="nlpbook-message" style="color:{color};padding:4px 0">{html.escape(text)}</div>'


def truncation_notice(prediction):
    """An info line when the model read only the start of the input (``prediction["truncated"]``), else ``""``."""
    return message_html("입력이 길어 모델이 받는 길이까지만 읽었습니다.", "info") if prediction["truncated"] else ""


def predicted_label_html(prediction, names=None):
    """The predicted label with its probability, above one bar per label.

    ``names`` maps a label to the text shown for it (``{"entailment": "함의 (entailment)"}``);
    a label it does not name is shown as it is.
    """
    names = names or {}
    shown = names.get(prediction["label"], prediction["label"])
    return (f'<div class="nlpbook-label" style="font-size:120%">예측: <b>{html.escape(str(shown))}</b> '
            f'({percent(prediction["score"])})</div>'
            + probability_bars_html(prediction["probs"], highlight=prediction["label"], names=names))


def percent(probability):
    """``0.998`` -> ``"99.8%"``: the one format of probabilities in every demo (bars, labels, history)."""
    return f"{100 * probability:.1f}%"


def probability_bars_html(probs, highlight=None, names=None):
    """Horizontal bars, one per label, widths proportional to the probability; ``names`` as above."""
    names = names or {}
    rows = []
    for i, (label, p) in enumerate(probs.items()):
        weight = "bold" if label == highlight else "normal"
        rows.append(
            f'<div class="nlpbook-bar" style="display:flex;align-items:center;margin:2px 0">'
            f'<span style="width:150px;font-weight:{weight}">{html.escape(str(names.get(label, label)))}</span>'
            f'<span style="display:inline-block;height:14px;width:{300 * p:.0f}px;'
            f'background:{COLORS[i % len(COLORS)]}"></span>'
            f'<span style="margin-left:6px">{percent(p)}</span></div>'
        )
    return "".join(rows)


def history_html(entries):
    """A small table of earlier inputs and results, newest first: ``[(input, result), ...]``."""
    if not entries:
        return ""
    cell = f'style="{CELL_STYLE}"'
    rows = "".join(f"<tr><td {cell}>{html.escape(a)}</td><td {cell}>{html.escape(b)}</td></tr>" for a, b in entries)
    return (f'<table class="nlpbook-history" style="font-size:90%;line-height:1.5;border-collapse:collapse">'
            f"<tr><th {cell}>입력</th><th {cell}>결과</th></tr>{rows}</table>")


class History:
    """The last ``size`` inputs with their results, newest first, shown in the HTML widget ``.widget``."""

    def __init__(self, size=5):
        self.size, self.entries, self.widget = size, [], widgets.HTML()

    def add(self, text, result):
        """Put ``(text, result)`` on top; the same pair twice in a row (Enter, then the button) stays one entry."""
        entry = (text, result)
        if self.entries and self.entries[0] == entry:
            return
        self.entries.insert(0, entry)
        del self.entries[self.size:]
        self.widget.value = history_html(self.entries)
