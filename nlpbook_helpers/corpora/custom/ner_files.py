"""NER sentences of the learner's files: JSON Lines with character spans, or the book's ``sentence␞tagged`` lines.

Entity types are cleaned like labels (:func:`.names.clean_name`) and checked: no tag
prefix (``B-PER``), no two spellings that differ only in case. Every span must cover at
least one character of its sentence, and spans must not overlap.
"""
import json
import math
from pathlib import Path

from ...errors import CorpusError, is_blank
from ..entities import MarkError, NERExample, parse_marked
from .names import check_entity_type, check_look_alikes, clean_name
from .source import read_text, split_lines

NER_SEPARATOR = "\u241e"  # ␞, as in the book's NER files
EXAMPLE_LINE = '{"text": "이순신은 서울에서 태어났다", "entities": [[0, 3, "인물"], [5, 7, "장소"]]}'


class NonFinite(str):
    """What JSON's non-standard ``NaN``/``Infinity`` parse to: never a number, so every type check refuses it."""


def load_json(text):
    """``json.loads`` with ``NaN``/``Infinity`` kept as :class:`NonFinite` strings (Python would read floats).

    >>> type(load_json("[Infinity]")[0]).__name__
    'NonFinite'
    """
    return json.loads(text, parse_constant=NonFinite)


def _as_written(value):
    if isinstance(value, NonFinite):
        return float(value)  # json.dumps writes it back as Infinity or NaN
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    return value


def json_value(value):
    """How a JSON value reads in a message, as it was written: ``null``, ``Infinity``, ``"글"``, ``[0.5, 2]``.

    >>> json_value([0, NonFinite("Infinity"), "LOC"])
    '[0, Infinity, "LOC"]'
    """
    return json.dumps(_as_written(value), ensure_ascii=False)[:60]


def as_position(value):
    """``value`` as a character position (an int, or a float like ``3.0``), else None.

    >>> as_position(3), as_position(3.0), as_position(3.5), as_position(True), as_position(float("inf"))
    (3, 3, None, None, None)
    """
    if isinstance(value, bool) or isinstance(value, NonFinite):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def ner_records(data, path):
    """``[(line_number, NERExample)]`` of a JSON Lines file or of a book-format (``.txt``) file.

    >>> ner_records(CustomData("ner", "ner.jsonl"), "ner.jsonl")[0]   # doctest: +SKIP
    (1, NERExample(text='이순신은 서울에서 태어났다', entities=[(0, 3, '인물'), (5, 7, '장소')]))
    """
    book_format = Path(path).suffix.lower() == ".txt"
    records, first_lines = [], {}
    for line_number, line in split_lines(read_text(path)):
        if not line.strip():
            continue
        example = _book_line(path, line_number, line) if book_format else _jsonl_line(path, line_number, line)
        records.append((line_number, example))
        for _, _, type_ in example.entities:
            first_lines.setdefault(type_, line_number)
    if not records:
        raise CorpusError(f"{path} 파일에 문장이 하나도 없습니다.")
    check_look_alikes(first_lines, "개체명 유형", str(path))
    return records


def _book_line(path, line_number, line):
    parts = line.split(NER_SEPARATOR)
    if len(parts) != 2:
        raise CorpusError(f"{path}, {line_number}번째 줄: 줄은 '<문장>{NER_SEPARATOR}<태그를 단 문장>' 형식이어야 "
                          f"합니다(구분자 {NER_SEPARATOR} 1개). 이 줄에는 구분자가 {len(parts) - 1}개 있습니다.")
    text, marked = parts
    if is_blank(text):
        raise CorpusError(f"{path}, {line_number}번째 줄: 문장이 비어 있습니다. 이 줄을 고치거나 지우세요.")
    try:
        return NERExample(text, parse_marked(marked, text))
    except MarkError as error:
        raise CorpusError(f"{path}, {line_number}번째 줄, {len(text) + 1 + error.column}번째 글자(태그를 단 "
                          f"문장 안): {error.problem}. 이 줄을 고치세요.") from None


def _jsonl_object(path, line_number, line):
    where = f"{path}, {line_number}번째 줄"
    try:
        item = load_json(line)
    except json.JSONDecodeError as error:
        hint = (" 파일 전체가 JSON 배열([...])이라면 JSON Lines로 바꾸세요: 한 줄에 객체 하나씩, 쉼표와 대괄호 없이."
                if line_number == 1 and line.lstrip().startswith("[") else " JSON Lines는 한 줄에 JSON 객체 하나입니다.")
        raise CorpusError(f"{where}, {error.colno}번째 글자: 올바른 JSON이 아닙니다({error.msg}).{hint} 예: "
                          f"{EXAMPLE_LINE}") from None
    if not isinstance(item, dict) or "text" not in item or "entities" not in item:
        found = ", ".join(repr(k) for k in item) if isinstance(item, dict) else type(item).__name__
        hint = ""
        if isinstance(item, dict) and "entities" not in item:
            similar = [k for k in item if k in ("label", "labels", "entity", "ner", "spans", "entites")]
            if similar:
                hint = f" 개체명 목록의 키 {similar[0]!r}를 'entities'로 바꾸세요."
        raise CorpusError(f"{where}: 'text'와 'entities'가 있는 객체여야 합니다(이 줄에 있는 것: {found}).{hint} 예: "
                          f"{EXAMPLE_LINE}")
    return item


def _jsonl_line(path, line_number, line):
    where = f"{path}, {line_number}번째 줄"
    item = _jsonl_object(path, line_number, line)
    text, entities = item["text"], item["entities"]
    if not isinstance(text, str):
        raise CorpusError(f"{where}, 'text': 문장은 문자열이어야 하는데 {json_value(text)}입니다. 따옴표로 감싸 "
                          f"\"...\"로 쓰세요.")
    if is_blank(text):
        raise CorpusError(f"{where}, 'text': 문장이 비어 있습니다. 문장을 채우거나 줄을 지우세요.")
    if not isinstance(entities, list):
        raise CorpusError(f"{where}, 'entities': 개체명 목록([[시작, 끝, \"유형\"], ...])이어야 하는데 "
                          f"{json_value(entities)}입니다. 개체명이 없는 문장이면 []로 쓰세요.")
    spans = [_span(where, text, entity) for entity in entities]
    spans.sort()
    for (s1, e1, t1), (s2, e2, t2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise CorpusError(f"{where}, 'entities': 개체명 [{s1}, {e1}, {t1!r}]({text[s1:e1]!r})와 "
                              f"[{s2}, {e2}, {t2!r}]({text[s2:e2]!r})가 겹칩니다. 한 글자는 개체명 하나에만 "
                              f"속할 수 있습니다.")
    return NERExample(text, spans)


def _span(where, text, entity):
    def shape(problem=""):
        return CorpusError(f"{where}, 'entities': 개체명은 [시작, 끝, \"유형\"] 모양이어야 하는데 {json_value(entity)}입니다"
                           f"{problem}(시작과 끝은 0부터 세는 글자 위치, 끝은 포함하지 않음).")
    if not isinstance(entity, list) or len(entity) != 3:
        raise shape()
    start, end = as_position(entity[0]), as_position(entity[1])
    if start is None or end is None:
        raise shape(": 시작과 끝은 정수여야 합니다")
    if not isinstance(entity[2], str) or isinstance(entity[2], NonFinite) or not clean_name(entity[2]):
        raise shape(": 유형은 비어 있지 않은 문자열이어야 합니다")
    type_ = clean_name(entity[2])
    check_entity_type(type_, f"{where}, 'entities'")
    described = f"개체명 {json_value(entity)}"
    if start < 0 or end < 0:
        raise CorpusError(f"{where}, 'entities': {described}의 위치가 음수입니다. 위치는 문장의 첫 글자를 0으로 셉니다.")
    if start == end:
        raise CorpusError(f"{where}, 'entities': {described}은(는) 시작과 끝이 같아 글자가 하나도 없습니다(끝은 포함하지 "
                          f"않습니다). 한 글자 개체명이면 끝을 시작 + 1({start + 1})로 쓰세요.")
    if end < start:
        raise CorpusError(f"{where}, 'entities': {described}은(는) 끝({end})이 시작({start})보다 앞입니다. [시작, 끝, "
                          f"\"유형\"] 순서로 쓰세요.")
    if end > len(text):
        raise CorpusError(f"{where}, 'entities': {described}의 위치가 문장 밖입니다. 문장은 {len(text)}자"
                          f"(위치 0~{len(text)})입니다.")
    return start, end, type_
