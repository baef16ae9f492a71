"""The document classification demo: a text box, a button, probability bars, a history."""
import ipywidgets as widgets

from ..errors import InputError
from .common import History, message_html, percent, predicted_label_html, truncation_notice


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
    history = History(history_size)

    def run(_=None):
        try:
            prediction = predict([text.value])[0]
        except InputError:
            result.value = message_html("문장이 비어 있습니다. 분류할 문장을 입력하세요.")
            return
        result.value = predicted_label_html(prediction) + truncation_notice(prediction)
        history.add(text.value[:60], f'{prediction["label"]} {percent(prediction["score"])}')

    button.on_click(run)
    text.continuous_update = False
    text.observe(lambda change: run(), names="value")  # Enter (or leaving the box) submits
    box = widgets.VBox([widgets.HBox([text, button]), result, history.widget])
    box.text, box.button, box.result, box.history = text, button, result, history.widget
    return box
