"""Named entities as character spans: the form both NER corpora are read into.

A sentence is its plain text plus entity spans ``(start, end, type)`` with ``end``
exclusive, so ``text[start:end]`` is the entity. Both corpus formats mark entities
inline as ``<text:TAG>``; :func:`parse_marked` reads those marks against the plain
sentence, so a literal ``<`` or ``>`` in the text (real data has them) is never
mistaken for a mark. :func:`tags_to_spans` decodes BIO tags exactly as ``seqeval``
does in its default mode.
"""
import re
from dataclasses import dataclass, field

# The end of a mark, ":TAG>": KLUE tags have two letters (PS), the book's three (PER).
MARK_END = re.compile(r":([A-Z]{2,3})>")


@dataclass
class NERExample:
    """One sentence and its entities as character spans ``(start, end, type)``, ``end`` exclusive.

    >>> e = NERExample("박씨의 딸(32)", [(0, 1, "PS"), (6, 8, "QT")])
    >>> [e.text[s:t] for s, t, _ in e.entities]
    ['박', '32']
    """

    text: str
    entities: list = field(default_factory=list)


class MarkError(ValueError):
    """A marked sentence that cannot be read; ``column`` is 1-based in the marked sentence."""

    def __init__(self, column, problem):
        super().__init__(f"{column}번째 글자: {problem}")
        self.column = column
        self.problem = problem


def parse_marked(marked, plain):
    """The entity spans of ``marked`` (``<text:TAG>`` marks), which must spell ``plain`` once unmarked.

    A ``<`` opens a mark only when a ``:TAG>`` follows and the text in between is the
    next text of ``plain``; otherwise it must be a literal ``<`` of ``plain``.
    Raises :class:`MarkError` for a mark that does not close or a sentence that differs.

    >>> parse_marked("<박:PS>씨의 딸(<32:QT>)", "박씨의 딸(32)")
    [(0, 1, 'PS'), (6, 8, 'QT')]
    """
    entities = []
    i = j = 0  # positions in marked and in plain
    while i < len(marked):
        if marked[i] == "<":
            for end in MARK_END.finditer(marked, i + 1):
                inner = marked[i + 1:end.start()]
                if inner and plain.startswith(inner, j):
                    entities.append((j, j + len(inner), end.group(1)))
                    i, j = end.end(), j + len(inner)
                    break
            else:
                if j < len(plain) and plain[j] == "<":  # a literal "<" of the sentence
                    i, j = i + 1, j + 1
                    continue
                raise MarkError(i + 1, "개체명 표시를 여는 '<' 뒤에 이를 닫는 ':TAG>'가 없습니다"
                                       "(또는 표시 안의 글이 원래 문장과 다릅니다)")
            continue
        if j >= len(plain) or marked[i] != plain[j]:
            found = repr(plain[j]) if j < len(plain) else "문장 끝"
            raise MarkError(i + 1, f"같은 자리에 태그를 단 문장은 {marked[i]!r}, 원래 문장은 {found}입니다")
        i, j = i + 1, j + 1
    if j != len(plain):
        raise MarkError(i + 1, f"태그를 단 문장이 원래 문장보다 먼저 끝납니다(빠진 부분: {plain[j:][:20]!r})")
    return entities


def render_marked(text, entities):
    """``text`` with each entity written as ``<text:TAG>`` (the inverse of :func:`parse_marked`).

    >>> render_marked("박씨의 딸(32)", [(0, 1, "PS"), (6, 8, "QT")])
    '<박:PS>씨의 딸(<32:QT>)'
    """
    parts, position = [], 0
    for start, end, type_ in sorted(entities):
        parts += [text[position:start], f"<{text[start:end]}:{type_}>"]
        position = end
    return "".join(parts) + text[position:]


def ner_labels(examples):
    """The label list of a training set: ``O``, then ``B-``/``I-`` for each entity type in sorted order.

    >>> ner_labels([NERExample("박씨의 딸(32)", [(0, 1, "PS"), (6, 8, "QT")])])
    ['O', 'B-PS', 'I-PS', 'B-QT', 'I-QT']
    """
    types = sorted({type_ for example in examples for _, _, type_ in example.entities})
    return ["O"] + [f"{prefix}-{type_}" for type_ in types for prefix in "BI"]


def spans_to_tags(length, entities):
    """BIO tags, one per character, for entity spans over a text of ``length`` characters.

    >>> spans_to_tags(5, [(0, 2, "PS")])
    ['B-PS', 'I-PS', 'O', 'O', 'O']
    """
    tags = ["O"] * length
    for start, end, type_ in entities:
        tags[start:end] = [f"B-{type_}"] + [f"I-{type_}"] * (end - start - 1)
    return tags


def tags_to_spans(tags):
    """Entity spans ``(start, end, type)`` (``end`` exclusive) in a BIO tag sequence.

    Decoded like ``seqeval``'s default mode (CoNLL rules): an entity ends at ``O``,
    at ``B-`` or where the type changes; an ``I-`` after ``O`` or after another type
    starts a new entity.

    >>> tags_to_spans(["B-PS", "I-PS", "O", "I-LC", "B-LC", "I-QT"])
    [(0, 2, 'PS'), (3, 4, 'LC'), (4, 5, 'LC'), (5, 6, 'QT')]
    """
    spans = []
    start, current = None, None
    for position, tag in enumerate(list(tags) + ["O"]):
        prefix, type_ = (tag[0], tag[2:]) if tag != "O" else ("O", None)
        if start is not None and (prefix != "I" or type_ != current):
            spans.append((start, position, current))
            start = None
        if prefix in ("B", "I") and start is None:
            start, current = position, type_
    return spans
