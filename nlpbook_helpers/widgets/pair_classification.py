"""The sentence-pair (NLI) demo: premise and hypothesis boxes, probability bars, a swap button."""
import ipywidgets as widgets

from ..errors import InputError
from ..label_names import NLI_NAMES, shown_name
from .common import History, message_html, percent, predicted_label_html, truncation_notice



def pair_classification_demo(predict, history_size=5):
    """A widget that classifies a (premise, hypothesis) pair with ``predict(premises, hypotheses)``.

    The button shows the predicted label with one probability bar per label;
    "문장 바꾸기" swaps the two sentences and classifies again in one click.
    An empty premise or hypothesis shows a message. The parts are attributes:
    ``.premise``, ``.hypothesis``, ``.button``, ``.swap``, ``.result``, ``.history``.

    >>> pair_classification_demo(predict)   # doctest: +SKIP
    """
    layout = widgets.Layout(width="520px")
    premise = widgets.Textarea(placeholder="전제 문장을 입력하세요", description="전제", rows=2, layout=layout)
    hypothesis = widgets.Textarea(placeholder="가설 문장을 입력하세요", description="가설", rows=2, layout=layout)
    button = widgets.Button(description="분류하기", button_style="primary")
    swap = widgets.Button(description="문장 바꾸기", tooltip="전제와 가설을 맞바꾸고 다시 분류합니다")
    result = widgets.HTML()
    history = History(history_size)

    def run(_=None):
        empty = [name for name, box in (("전제", premise), ("가설", hypothesis)) if not box.value.strip()]
        try:
            prediction = predict([premise.value], [hypothesis.value])[0]
        except InputError:
            names = " 문장과 ".join(empty or ["입력"])
            result.value = message_html(f"{names} 문장이 비어 있습니다. 두 문장을 모두 입력하세요.")
            return
        names = {label: shown_name(label, NLI_NAMES) for label in prediction["probs"] if label in NLI_NAMES}
        result.value = predicted_label_html(prediction, names) + truncation_notice(prediction)
        label = prediction["label"]
        history.add(f"{premise.value[:40]} / {hypothesis.value[:40]}", f"{names.get(label, label)} {percent(prediction['score'])}")

    def swap_and_run(_=None):
        premise.value, hypothesis.value = hypothesis.value, premise.value
        run()

    button.on_click(run)
    swap.on_click(swap_and_run)
    box = widgets.VBox([premise, hypothesis, widgets.HBox([button, swap]), result, history.widget])
    box.premise, box.hypothesis, box.button, box.swap = premise, hypothesis, button, swap
    box.result, box.history = result, history.widget
    return box
