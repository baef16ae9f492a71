"""The sentence generation demo: a prompt, a sentiment, decoding controls, text streamed as it comes."""
import html

import ipywidgets as widgets

from .common import message_html

_STYLE = {"description_width": "110px"}


def _controls():
    """The decoding controls, by the names ``Generator`` takes. Unbounded boxes: a value out of
    range is kept and explained, not silently clamped."""
    look = dict(style=_STYLE, layout=widgets.Layout(width="230px"))
    return {
        "max_new_tokens": widgets.IntText(value=40, description="최대 새 토큰 수", **look),
        "do_sample": widgets.Checkbox(value=True, description="샘플링", **look),
        "temperature": widgets.FloatText(value=1.0, step=0.1, description="temperature", **look),
        "top_k": widgets.IntText(value=50, description="top-k (0=끄기)", **look),
        "top_p": widgets.FloatText(value=0.95, step=0.05, description="top-p", **look),
        "repetition_penalty": widgets.FloatText(value=1.2, step=0.1, description="반복 벌점", **look),
        "num_beams": widgets.IntText(value=1, description="빔 개수", **look),
        "seed": widgets.IntText(value=7, description="시드", **look),
    }


def generation_demo(predict, placeholder="이 영화"):
    """A widget that continues the prompt with ``predict`` (a :class:`~nlpbook_helpers.generation.Generator`).

    The sentiment choice puts ``긍정``/``부정`` (or the model's own prefixes, ``predict.prefixes``) in front of the prompt, as in training
    (``없음`` for the pretrained model). The text appears token by token as it is
    generated (beam search shows it at the end). A control out of range gets a
    message next to it and nothing is generated; the same seed and settings give the
    same text. Parts are attributes: ``.prompt``, ``.sentiment``, one per control
    (``.max_new_tokens``, ``.do_sample``, ``.temperature``, ``.top_k``, ``.top_p``,
    ``.repetition_penalty``, ``.num_beams``, ``.seed``), ``.messages`` (control name ->
    message widget), ``.button`` and ``.result``.

    >>> generation_demo(predict)   # doctest: +SKIP
    """
    prompt = widgets.Text(value="", placeholder=placeholder, description="프롬프트", style=_STYLE,
                          layout=widgets.Layout(width="480px"))
    prefixes = list(getattr(predict, "prefixes", ["긍정", "부정"]))
    options = [(p, p) for p in sorted(prefixes, key=lambda p: p != "긍정")] + [("없음", "")]
    sentiment = widgets.ToggleButtons(options=options, value=options[0][1], description="감성", style=_STYLE)
    controls = _controls()
    messages = {name: widgets.HTML() for name in ["prompt", *controls]}
    button = widgets.Button(description="생성하기", button_style="primary")
    result = widgets.HTML()

    def show(text, done):
        shown = prompt.value.strip()
        if not text.startswith(shown):  # the tokenizer normalized the prompt: show the text as generated
            shown = ""
        rest = text[len(shown):]
        cursor = "" if done else " ▌"
        result.value = (f'<div class="nlpbook-generated" style="font-size:115%;padding:6px 0">'
                        f"<b>{html.escape(shown)}</b>{html.escape(rest)}{cursor}</div>")

    def run(_=None):
        values = {name: control.value for name, control in controls.items()}
        chosen = sentiment.value or None
        problems = predict.check(prompt.value, chosen, **values)
        for name, message in messages.items():
            message.value = message_html(problems[name]) if name in problems else ""
        if problems:
            return
        button.disabled = True
        try:
            show(predict(prompt.value, chosen, on_text=lambda text: show(text, done=False), **values), done=True)
        finally:
            button.disabled = False

    button.on_click(run)
    rows = [widgets.HBox([prompt, messages["prompt"]]), sentiment]
    rows += [widgets.HBox([control, messages[name]]) for name, control in controls.items()]
    box = widgets.VBox(rows + [button, result])
    box.prompt, box.sentiment, box.messages, box.button, box.result = prompt, sentiment, messages, button, result
    for name, control in controls.items():
        setattr(box, name, control)
    return box
