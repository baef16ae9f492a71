"""The named-entity demo: a text box, a button, the sentence with coloured entities and a legend."""
import html

import ipywidgets as widgets

from ..errors import InputError
from ..label_names import ENTITY_TYPE_NAMES
from .common import COLORS, History, message_html, truncation_notice

TYPE_NAMES = ENTITY_TYPE_NAMES  # Korean names, for the legend and the history


def type_colors(types):
    """A colour per entity type, in the order given (the same type keeps its colour)."""
    return {type_: COLORS[i % len(COLORS)] for i, type_ in enumerate(types)}


def entities_html(text, entities, colors):
    """``text`` with each entity highlighted in its type's colour and labelled with the type.

    >>> entities_html("박지성 선수", [("박지성", "PS", 0, 3)], {"PS": "#4e79a7"})[:30]
    '<div class="nlpbook-entities" '
    """
    parts, position = [], 0
    for entity_text, type_, start, end in sorted(entities, key=lambda e: e[2]):
        color = colors.get(type_, "#999999")
        parts.append(html.escape(text[position:start]))
        parts.append(
            f'<mark class="nlpbook-entity" data-type="{html.escape(type_)}" style="background:{color}33;'
            f'border-bottom:3px solid {color};padding:1px 2px;border-radius:3px">{html.escape(text[start:end])}'
            f'<sub style="color:{color};font-weight:bold;margin-left:2px">{html.escape(type_)}</sub></mark>')
        position = end
    parts.append(html.escape(text[position:]))
    return f'<div class="nlpbook-entities" style="font-size:120%;line-height:2">{"".join(parts)}</div>'


def legend_html(colors):
    """One coloured chip per entity type, with its Korean name when known."""
    chips = "".join(
        f'<span class="nlpbook-legend-item" style="margin-right:10px;white-space:nowrap">'
        f'<span style="display:inline-block;width:12px;height:12px;background:{color};margin-right:3px"></span>'
        f'{html.escape(type_)} {html.escape(TYPE_NAMES.get(type_, ""))}</span>'
        for type_, color in colors.items())
    return f'<div class="nlpbook-legend" style="font-size:90%;margin:4px 0">{chips}</div>'


def ner_demo(predict, placeholder="문장을 입력하세요", history_size=5):
    """A widget that marks the entities ``predict`` finds in the typed sentence (Enter or the button).

    ``predict`` is an :class:`~nlpbook_helpers.ner.EntityRecognizer` (its ``types`` fix the
    colours). Empty input shows a message; text longer than the model takes is
    truncated with a notice. The parts are attributes: ``.text``, ``.button``,
    ``.result``, ``.legend``, ``.history``.

    >>> ner_demo(predict)   # doctest: +SKIP
    """
    colors = type_colors(predict.types)
    text = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="480px"))
    button = widgets.Button(description="개체명 찾기", button_style="primary")
    result = widgets.HTML()
    legend = widgets.HTML(legend_html(colors))
    history = History(history_size)

    def run(_=None):
        try:
            prediction = predict([text.value])[0]
        except InputError:
            result.value = message_html("문장이 비어 있습니다. 개체명을 찾을 문장을 입력하세요.")
            return
        found = prediction["entities"]
        empty = message_html("찾은 개체명이 없습니다.", "info") if not found else ""
        result.value = entities_html(prediction["text"], found, colors) + empty + truncation_notice(prediction)
        history.add(text.value[:60], ", ".join(f"{e.text}:{TYPE_NAMES.get(e.type, e.type)}" for e in found) or "-")

    button.on_click(run)
    text.continuous_update = False
    text.observe(lambda change: run(), names="value")  # Enter (or leaving the box) submits
    box = widgets.VBox([widgets.HBox([text, button]), result, legend, history.widget])
    box.text, box.button, box.result, box.legend, box.history = text, button, result, legend, history.widget
    return box
