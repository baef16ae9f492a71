"""Errors that tell a learner what went wrong and what to do next."""
import unicodedata


class NlpbookError(Exception):
    """Base class: a problem the learner can fix (bad setting, missing file, bad input)."""


class CorpusError(NlpbookError):
    """A corpus is unknown, missing, incomplete or has a malformed line."""


class CheckpointError(NlpbookError):
    """A checkpoint folder is empty, or a checkpoint belongs to another task or model."""


class InputError(NlpbookError, ValueError):
    """Text given to a demo cannot be used (empty, whitespace only, ...)."""


def is_blank(text):
    """True when ``text`` holds nothing a model can read: empty, spaces, or control characters (NUL).

    Predictors raise :class:`InputError` for such text instead of classifying ``[CLS] [SEP]``.

    >>> is_blank(" \\x00\\n"), is_blank("정말\\x00 재밌어요")
    (True, False)
    """
    return not isinstance(text, str) or all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def text_list(texts, example, blank_message, name="texts"):
    """``texts`` as a list of non-blank strings, or an :class:`InputError` saying in Korean what a predictor takes.

    ``example`` is a call that works (shown in the message); ``blank_message`` is the
    task's message for an empty or whitespace-only text.

    >>> text_list(("정말 재밌어요",), 'predict(["정말 재밌어요"])', "문장이 비어 있습니다.")
    ['정말 재밌어요']
    >>> text_list(123, 'predict(["정말 재밌어요"])', "문장이 비어 있습니다.")
    Traceback (most recent call last):
    ...
    nlpbook_helpers.errors.InputError: 문장 목록(리스트)을 주세요. 지금 texts는 int 123입니다. 예: predict(["정말 재밌어요"])
    """
    if isinstance(texts, str):
        raise InputError(f"문장 목록을 주세요. 문장이 하나여도 목록에 넣습니다. 예: {example}")
    if not isinstance(texts, (list, tuple)):
        raise InputError(f"문장 목록(리스트)을 주세요. 지금 {name}는 {type(texts).__name__} {_short(texts)}입니다. "
                         f"예: {example}")
    if not texts:
        raise InputError(f"문장 목록이 비어 있습니다. 문장을 하나 이상 넣어 주세요. 예: {example}")
    for position, text in enumerate(texts, 1):
        if not isinstance(text, str):
            raise InputError(f"{name}의 {position}번째 값이 글자(str)가 아니라 {type(text).__name__} {_short(text)}입니다. "
                             f"문장은 따옴표로 감싼 글자로 주세요. 예: {example}")
        if is_blank(text):
            raise InputError(blank_message)
    return list(texts)


def text_value(text, name, example):
    """``text`` itself when it is a string, else an :class:`InputError` naming the setting and a call that works.

    >>> text_value(123, "prompt", 'predict("이 영화")')
    Traceback (most recent call last):
    ...
    nlpbook_helpers.errors.InputError: prompt에는 글자(str)를 주세요. 지금은 int 123입니다. 예: predict("이 영화")
    """
    if not isinstance(text, str):
        raise InputError(f"{name}에는 글자(str)를 주세요. 지금은 {type(text).__name__} {_short(text)}입니다. 예: {example}")
    return text


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
