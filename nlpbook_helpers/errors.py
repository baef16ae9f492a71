"""Errors that tell a learner what went wrong and what to do next."""


class NlpbookError(Exception):
    """Base class: a problem the learner can fix (bad setting, missing file, bad input)."""


class CorpusError(NlpbookError):
    """A corpus is unknown, missing, incomplete or has a malformed line."""


class CheckpointError(NlpbookError):
    """A checkpoint folder is empty, or a checkpoint belongs to another task or model."""


class InputError(NlpbookError, ValueError):
    """Text given to a demo cannot be used (empty, whitespace only, ...)."""
