"""Pieces every demo widget uses: messages, probability bars, a short history."""
import html

COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def message_html(text, kind="warning"):
    """A one-line notice (``warning`` or ``info``) shown in place of a result."""
    color = {"warning": "#b54708", "info": "#175cd3"}[kind]
    return f'<div class="nlpbook-message" style="color:{color};padding:4px 0">{html.escape(text)}</div>'


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
