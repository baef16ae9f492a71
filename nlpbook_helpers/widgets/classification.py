"""The document classification demo: a text box, a button, probability bars, a history."""
import html

import ipywidgets as widgets

from ..errors import InputError
from .common import history_html, message_html, probability_bars_html


def classification_demo(predict, placeholder="영화 리뷰를 입력하세요", history_size=5):
    """A widget that classifies the typed sentence with ``predict`` (Enter or the button).

    Shows the predicted label with probability bars and the last ``history_size``
    sentences. Empty input shows a message; text longer than the model takes is
    truncated with a notice. The parts are attributes: ``.text``, ``.button``,
    ``.result``, ``.history``.

    >>> classification_demo(predict)   # doctest: +SKIP
    """
    text = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="480px"))
    button = widgets.Button(description="분류하기", button_style="primary")
    result = widgets.HTML()
    history = widgets.HTML()
    entries = []

    def run(_=None):
        try:
            prediction = predict([text.value])[0]
        except InputError:
            result.value = message_html("문장이 비어 있습니다. 분류할 문장을 입력하세요.")
            return
        notice = message_html("입력이 길어 모델이 받는 길이까지만 읽었습니다.", "info") if prediction["truncated"] else ""
        result.value = (
            f'<div class="nlpbook-label" style="font-size:120%">예측: <b>{html.escape(prediction["label"])}</b> '
            f'({100 * prediction["score"]:.1f}%)</div>'
            + probability_bars_html(prediction["probs"], highlight=prediction["label"]) + notice
        )
        entry = (text.value[:60], f'{prediction["label"]} {100 * prediction["score"]:.0f}%')
        if entries and entries[0] == entry:  # Enter, then a click on the button: one entry
            return
        entries.insert(0, entry)
        del entries[history_size:]
        history.value = history_html(entries)

    button.on_click(run)
    text.continuous_update = False
    text.observe(lambda change: run(), names="value")  # Enter (or leaving the box) submits
    box = widgets.VBox([widgets.HBox([text, button]), result, history])
    box.text, box.button, box.result, box.history = text, button, result, history
    return box
