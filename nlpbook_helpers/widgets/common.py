"""Pieces every demo widget uses: messages, probability bars, a short history."""
import html

import ipywidgets as widgets

COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def message_html(text, kind="warning"):
    """A one-line notice (``warning`` or ``info``) shown in place of a result."""
    color = {"warning": "#b54708", "info": "#175cd3"}[kind]
    return f'<div class="nlpbook-message" style="color:{color};padding:4px 0">{html.escape(text)}</div>'


def truncation_notice(prediction):
    """An info line when the model read only the start of the input (``prediction["truncated"]``), else ``""``."""
    return message_html("입력이 길어 모델이 받는 길이까지만 읽었습니다.", "info") if prediction["truncated"] else ""


def predicted_label_html(shown, prediction):
    """The predicted label (``shown`` as given) with its probability, above one bar per label."""
    return (f'<div class="nlpbook-label" style="font-size:120%">예측: <b>{html.escape(shown)}</b> '
            f'({100 * prediction["score"]:.1f}%)</div>'
            + probability_bars_html(prediction["probs"], highlight=prediction["label"]))


def probability_bars_html(probs, highlight=None):
    """Horizontal bars, one per label, widths proportional to the probability."""
    rows = []
    for i, (label, p) in enumerate(probs.items()):
        weight = "bold" if label == highlight else "normal"
        rows.append(
            f'<div class="nlpbook-bar" style="display:flex;align-items:center;margin:2px 0">'
            f'<span style="width:110px;font-weight:{weight}">{html.escape(str(label))}</span>'
            f'<span style="display:inline-block;height:14px;width:{300 * p:.0f}px;'
            f'background:{COLORS[i % len(COLORS)]}"></span>'
            f'<span style="margin-left:6px">{100 * p:.1f}%</span></div>'
        )
    return "".join(rows)


def history_html(entries):
    """A small table of earlier inputs and results, newest first: ``[(input, result), ...]``."""
    if not entries:
        return ""
    rows = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in entries)
    return f'<table class="nlpbook-history" style="font-size:90%"><tr><th>입력</th><th>결과</th></tr>{rows}</table>'


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
