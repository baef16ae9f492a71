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
