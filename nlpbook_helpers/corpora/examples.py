"""Example types shared by several corpora."""
from dataclasses import dataclass
from typing import Optional


@dataclass
class ClassificationExample:
    """One text (or text pair) with its label id (None when unlabelled)."""

    text_a: str
    text_b: Optional[str] = None
    label: Optional[int] = None
