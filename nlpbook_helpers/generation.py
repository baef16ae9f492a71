"""Sentence generation with KoGPT2: sentiment-prefixed training text, decoding.

The model learns NSMC reviews written as ``"긍정 " + review`` or ``"부정 " + review``,
so at inference the prefix picks the sentiment of the review it writes.
"""
import math

import torch
from transformers import PreTrainedTokenizerFast
from transformers.generation.streamers import BaseStreamer

from .corpora.nsmc import LABELS as SENTIMENTS  # "부정" (label 0), "긍정" (label 1)
from .errors import InputError, text_value

# The special tokens of skt/kogpt2-base-v2 (its model card loads the tokenizer with them).
SPECIAL_TOKENS = {"bos_token": "</s>", "eos_token": "</s>", "unk_token": "<unk>",
                  "pad_token": "<pad>", "mask_token": "<mask>"}


def load_tokenizer(name_or_path):
    """The fast tokenizer of KoGPT2 (or of its tiny stand-in), read from its ``tokenizer.json`` as is.

    ``AutoTokenizer`` would pick ``GPT2Tokenizer`` from the model type, which in
    transformers 5 rebuilds a byte-level pre-tokenizer and GPT-2's special tokens
    over KoGPT2's vocabulary and splits Korean wrongly. ``PreTrainedTokenizerFast``
    with the model's special tokens, as on its model card, keeps the file's pipeline.

    >>> tokenizer = load_tokenizer("skt/kogpt2-base-v2")   # doctest: +SKIP
    >>> tokenizer.eos_token                                 # doctest: +SKIP
    '</s>'
    """
    return PreTrainedTokenizerFast.from_pretrained(name_or_path, **SPECIAL_TOKENS)


def prefixed_text(text, sentiment=None, prefixes=SENTIMENTS):
    """The text the model reads: ``"긍정 " + text`` (no trailing space when ``text`` is empty).

    ``sentiment`` must be one of ``prefixes`` (the sentiments of NSMC, or the labels of the
    learner's own generation file) or None.

    >>> prefixed_text("재밌어요", "긍정")
    '긍정 재밌어요'
    >>> prefixed_text("", "부정")
    '부정'
    >>> prefixed_text("배송이 빨라요", "칭찬", prefixes=["칭찬", "불만"])
    '칭찬 배송이 빨라요'
    """
    if sentiment is None:
        return text
    if sentiment not in (prefixes or ()):
        raise InputError(f"감성은 {', '.join(prefixes or ())} 가운데 하나이거나 None이어야 합니다(지금 {sentiment!r}).")
    return f"{sentiment} {text}".rstrip()


def encode_generation(examples, tokenizer, max_length, prefixes=SENTIMENTS):
    """Features for language modelling: ``</s> 긍정 review </s>``, labels equal to the input ids.

    The leading ``</s>`` marks where a review starts; the trailing one teaches the
    model to stop. Reviews longer than ``max_length`` tokens are cut, and still end in
    ``</s>``. No padding here: :class:`~nlpbook_helpers.data.PadCollator` pads
    ``input_ids`` with ``<pad>`` and ``labels`` with -100, so the loss never sees padding.
    An example's label id picks its prefix from ``prefixes`` (``corpus_labels``: NSMC's
    sentiments, or the labels of the learner's file); an example without a label, or
    ``prefixes=None``, gets none.

    >>> features = encode_generation(examples, tokenizer, 128, prefixes=labels)   # doctest: +SKIP
    >>> tokenizer.decode(features["input_ids"][0])              # doctest: +SKIP
    '</s>부정 아 더빙.. 진짜 짜증나네요 목소리</s>'
    """
    texts = [prefixed_text(e.text_a, prefixes[e.label], prefixes) if prefixes and e.label is not None else e.text_a
             for e in examples]
    encoded = tokenizer(texts, add_special_tokens=False, truncation=True, max_length=max_length - 2,
                        return_attention_mask=False)
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    input_ids = [[bos] + ids + [eos] for ids in encoded["input_ids"]]
    return {"input_ids": input_ids, "labels": [list(ids) for ids in input_ids]}


def context_size(model):
    """How many tokens (prompt + generated) the model can look at, e.g. 1024 for KoGPT2."""
    config = model.config
    return getattr(config, "n_positions", None) or config.max_position_embeddings


# The defaults of transformers' generate (top_k=50 too): a cell that wants another value says so.
DEFAULT_CONTROLS = dict(max_new_tokens=40, do_sample=False, temperature=1.0, top_k=50, top_p=1.0,
                        repetition_penalty=1.0, no_repeat_ngram_size=0, num_beams=1, seed=None)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# control: (type check, accepted values, message); max_new_tokens depends on the prompt, so check_controls checks it.
_CONTROL_RULES = {
    "temperature": (_is_number, lambda v: v > 0, "temperature는 0보다 커야 합니다 (지금 {})."),
    "top_k": (_is_int, lambda v: v >= 0, "top_k는 0 이상의 정수여야 합니다 (0은 끄기, 지금 {})."),
    "top_p": (_is_number, lambda v: 0 < v <= 1, "top_p는 0보다 크고 1 이하여야 합니다 (지금 {})."),
    "repetition_penalty": (_is_number, lambda v: v > 0, "repetition_penalty는 0보다 커야 합니다 (1은 벌점 없음, 지금 {})."),
    "no_repeat_ngram_size": (_is_int, lambda v: v >= 0, "no_repeat_ngram_size는 0 이상의 정수여야 합니다 (0은 끄기, 지금 {})."),
    "num_beams": (_is_int, lambda v: v >= 1, "num_beams는 1 이상의 정수여야 합니다 (1은 빔 서치 없음, 지금 {})."),
    "seed": (_is_int, lambda v: v >= 0, "seed는 0 이상의 정수여야 합니다 (지금 {})."),
}


def check_controls(context, prompt_tokens=0, **controls):
    """Messages (Korean, for the demo) for decoding controls out of range: ``{name: message}``.

    ``context`` is the model's context size, ``prompt_tokens`` the prompt's length in
    tokens; an empty dict means every control is usable. Unknown names are reported too.

    >>> check_controls(1024, 10, temperature=0, top_p=1.5)
    {'temperature': 'temperature는 0보다 커야 합니다 (지금 0).', 'top_p': 'top_p는 0보다 크고 1 이하여야 합니다 (지금 1.5).'}
    """
    messages = {}
    for name in controls:
        if name not in DEFAULT_CONTROLS:
            messages[name] = f"알 수 없는 설정 {name}입니다. 쓸 수 있는 설정: {', '.join(DEFAULT_CONTROLS)}."
    room = context - prompt_tokens
    value = controls.get("max_new_tokens", DEFAULT_CONTROLS["max_new_tokens"])
    if room < 1:
        messages["prompt"] = f"프롬프트가 {prompt_tokens} 토큰으로, 모델이 한 번에 보는 {context} 토큰을 다 씁니다. 줄여 주세요."
    elif not _is_int(value) or not 1 <= value <= room:
        messages["max_new_tokens"] = (f"max_new_tokens는 1 이상 {room} 이하의 정수여야 합니다 (지금 {value}). 모델은 "
                                      f"{context} 토큰까지 보는데 프롬프트가 {prompt_tokens} 토큰을 씁니다.")
    for name, (kind, accepted, message) in _CONTROL_RULES.items():
        value = controls.get(name, DEFAULT_CONTROLS[name])
        if not (name == "seed" and value is None) and not (kind(value) and accepted(value)):
            messages[name] = message.format(value)
    return messages


def continued_text(tokenizer, ids, hidden, prompt_length, prompt):
    """The prompt as typed, followed by what the model added after its ``prompt_length`` ids.

    Decoding from the prompt on, not the new ids alone, keeps the space between the prompt
    and the first new word (a tokenizer drops the leading space of the first token it
    decodes). The typed prompt is kept as is: a character the vocabulary lacks (an emoji,
    a control character) is ``<unk>`` for the model but stays in the text.
    """
    prompt_ids = ids[hidden:prompt_length]
    decoded = tokenizer.decode(ids[hidden:], skip_special_tokens=True)
    decoded_prompt = tokenizer.decode(prompt_ids, skip_special_tokens=True)
    added = decoded[len(decoded_prompt):] if decoded.startswith(decoded_prompt) else decoded
    return (prompt.strip() + added).strip()


class _TextSoFar(BaseStreamer):
    """Calls ``on_text`` with the whole text so far each time ``generate`` adds a token."""

    def __init__(self, tokenizer, hidden, prompt, on_text):
        self.tokenizer, self.hidden, self.prompt, self.on_text = tokenizer, hidden, prompt, on_text
        self.ids, self.prompt_length = [], None

    def put(self, value):  # first the prompt, then one new token at a time
        self.ids += value.reshape(-1).tolist()
        if self.prompt_length is None:
            self.prompt_length = len(self.ids)
        text = continued_text(self.tokenizer, self.ids, self.hidden, self.prompt_length, self.prompt)
        self.on_text(text.rstrip("\ufffd"))  # with a byte-level vocabulary, a character still missing bytes

    def end(self):
        pass


class Generator:
    """``predict(prompt, sentiment, **controls)`` for a (fine-tuned) GPT-2: the continued text.

    The controls are those of ``model.generate``: ``max_new_tokens``, ``do_sample``,
    ``temperature``, ``top_k`` (0 = off), ``top_p``, ``repetition_penalty``,
    ``no_repeat_ngram_size``, ``num_beams``, and ``seed`` (same seed and settings, same
    text). ``prefixes`` are the sentiments the model learned as prefixes (NSMC's by
    default; a model trained on the learner's file records its own in ``info["labels"]``).
    Out-of-range controls raise :class:`InputError` with the messages of
    :func:`check_controls`. ``on_text(text_so_far)`` is called after every new token
    (with ``num_beams=1``; beam search calls it once, at the end).

    >>> predict = Generator(model, tokenizer)                                  # doctest: +SKIP
    >>> predict("이 영화", sentiment="긍정", do_sample=True, top_p=0.9, seed=7)   # doctest: +SKIP
    '이 영화 정말 재밌어요. 배우들 연기도 최고'
    """

    def __init__(self, model, tokenizer, prefixes=SENTIMENTS):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.context = context_size(model)
        self.prefixes = list(prefixes or [])  # the sentiments a prompt may start with (info["labels"] of a custom model)

    def prompt_ids(self, prompt="", sentiment=None):
        """``(ids, hidden)``: the model's input ``</s> [sentiment] prompt`` and how many leading ids to hide."""
        text_value(prompt, "prompt", 'predict("이 영화", sentiment="긍정")')
        if sentiment is not None:
            text_value(sentiment, "sentiment", 'predict("이 영화", sentiment="긍정")')
        text = prefixed_text(prompt.strip(), sentiment, self.prefixes)
        ids = [self.tokenizer.bos_token_id] + (self.tokenizer.encode(text, add_special_tokens=False) if text else [])
        hidden = 1 + (len(self.tokenizer.encode(sentiment, add_special_tokens=False)) if sentiment else 0)
        return ids, hidden

    def check(self, prompt="", sentiment=None, **controls):
        """The messages of :func:`check_controls` for this model and prompt (empty when all is well)."""
        ids, _ = self.prompt_ids(prompt, sentiment)
        return check_controls(self.context, len(ids), **controls)

    @torch.no_grad()
    def __call__(self, prompt="", sentiment=None, on_text=None, **controls):
        messages = self.check(prompt, sentiment, **controls)
        if messages:
            raise InputError(" ".join(messages.values()))
        settings = dict(DEFAULT_CONTROLS, **controls)
        seed = settings.pop("seed")
        if not settings["do_sample"]:  # greedy or beam search: the sampling knobs do not apply
            for name in ("temperature", "top_k", "top_p"):
                settings.pop(name)
        ids, hidden = self.prompt_ids(prompt, sentiment)
        input_ids = torch.tensor([ids], device=self.model.device)
        streamer = _TextSoFar(self.tokenizer, hidden, prompt, on_text) if on_text and settings["num_beams"] == 1 else None
        if seed is not None:
            torch.manual_seed(seed)
        output = self.model.generate(
            input_ids, attention_mask=torch.ones_like(input_ids), streamer=streamer,
            suppress_tokens=[self.tokenizer.pad_token_id],  # <pad> fills batches; it is never a word to write
            pad_token_id=self.tokenizer.pad_token_id, eos_token_id=self.tokenizer.eos_token_id,
            bos_token_id=self.tokenizer.bos_token_id, **settings)
        text = continued_text(self.tokenizer, output[0].tolist(), hidden, len(ids), prompt)
        if on_text and streamer is None:
            on_text(text)
        return text
