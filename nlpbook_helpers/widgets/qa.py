"""The question answering demo: a context box, a question box, the answer highlighted in the context."""
import html

import ipywidgets as widgets

from ..errors import InputError
from ..qa import exact_match_score, f1_score
from .common import CELL_STYLE, message_html, percent

EXAMPLE_CONTEXT = (
    "훈민정음은 조선의 제4대 임금인 세종이 1443년에 만든 문자로, 백성을 가르치는 바른 소리라는 뜻을 담고 있다. "
    "세종은 집현전 학자들과 함께 글자를 다듬었고, 1446년 음력 9월에 이를 책으로 펴내 널리 알렸다. "
    "처음 만들어졌을 때 훈민정음은 자음 17자와 모음 11자, 모두 28자였으나 지금은 그 가운데 24자만 쓰인다. "
    "오늘날 한국에서는 훈민정음을 펴낸 날을 기념하여 10월 9일을 한글날로 정해 기리고 있다."
)
EXAMPLE_QUESTION = "세종이 훈민정음을 만든 해는?"


def highlighted_context_html(context, start, end):
    """The context with ``context[start:end]`` marked, HTML-escaped.

    >>> highlighted_context_html("세종이 만든 글", 0, 2)   # doctest: +SKIP
    '<div ...><mark ...><b>세종</b></mark>이 만든 글</div>'
    """
    return (
        f'<div class="nlpbook-context" style="line-height:1.7;max-width:720px">'
        f"{html.escape(context[:start])}"
        f'<mark style="background:#fde68a;padding:1px 2px"><b>{html.escape(context[start:end])}</b></mark>'
        f"{html.escape(context[end:])}</div>"
    )


def qa_demo(predict, context=EXAMPLE_CONTEXT, question=EXAMPLE_QUESTION):
    """A widget that answers the typed question from the context with ``predict(question, context)``.

    The context box starts with an example paragraph. The answer is shown highlighted
    in the context, with its score; an empty question or context shows a message. The
    parts are attributes: ``.context``, ``.question``, ``.button``, ``.result``.

    >>> qa_demo(predict)   # doctest: +SKIP
    """
    context_box = widgets.Textarea(value=context, placeholder="답이 들어 있는 문단을 붙여 넣으세요",
                                   layout=widgets.Layout(width="720px", height="140px"))
    question_box = widgets.Text(value=question, placeholder="문단에 대해 질문하세요",
                                layout=widgets.Layout(width="600px"))
    button = widgets.Button(description="답 찾기", button_style="primary")
    result = widgets.HTML()

    def run(_=None):
        try:
            prediction = predict(question_box.value, context_box.value)
        except InputError:
            result.value = message_html("질문과 문단을 모두 입력하세요.")
            return
        if not prediction["answer"]:
            result.value = message_html("문단에서 답을 찾지 못했습니다.", "info")
            return
        windows = (message_html(f"문단이 길어 {prediction['windows']}개 구간으로 나누어 읽었습니다.", "info")
                   if prediction["windows"] > 1 else "")
        result.value = (
            f'<div class="nlpbook-answer" style="font-size:120%">답: <b>{html.escape(prediction["answer"])}</b> '
            f'(점수 {percent(prediction["score"])})</div>'
            + highlighted_context_html(context_box.value, prediction["start"], prediction["end"]) + windows
        )

    button.on_click(run)
    question_box.continuous_update = False
    question_box.observe(lambda change: run(), names="value")  # Enter (or leaving the box) submits
    box = widgets.VBox([context_box, widgets.HBox([question_box, button]), result])
    box.context, box.question, box.button, box.result = context_box, question_box, button, result
    return box


def prediction_table_html(examples, predictions):
    """A table of questions with their gold answers, the predicted answer, and its EM and F1.

    >>> HTML(prediction_table_html(val_examples[:10], predictions))   # doctest: +SKIP
    """
    rows = []
    for example in examples:
        predicted = predictions[example.id]["text"]
        truths = [a.text for a in example.answers]
        em = max(exact_match_score(predicted, t) for t in truths)
        f1 = max(f1_score(predicted, t) for t in truths)
        color = "#dcfce7" if em else ("#fef9c3" if f1 else "#fee2e2")
        cells = [example.question, " / ".join(truths), predicted, str(int(em)), f"{f1:.2f}"]
        rows.append(f'<tr style="background:{color}">'
                    + "".join(f'<td style="{CELL_STYLE}">{html.escape(c)}</td>' for c in cells) + "</tr>")
    header = "".join(f'<th style="{CELL_STYLE}">{name}</th>' for name in ("질문", "정답", "예측", "EM", "F1"))
    return (f'<table class="nlpbook-qa-table" style="font-size:90%;border-collapse:collapse"><tr>{header}</tr>'
            + "".join(rows) + "</table>")
