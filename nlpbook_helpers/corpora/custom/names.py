"""Labels, entity types and column names: cleaned, checked for look-alikes, and put in a fixed order.

Two strings that look the same are the same name: Hangul is NFC-normalized (macOS
writes NFD), invisible characters (zero-width space, byte-order mark, Hangul fillers)
are removed and runs of spaces become one. Names that still differ only in case or
width (``Positive``/``positive``, ``1``/``１``), or numbers spelled differently
(``1``/``1.0``/``01``), are refused: the learner says which spelling is meant. The
order of the names depends on the strings alone, never on the order of the rows or on
Python's hash seed.
"""
import re
import unicodedata
from decimal import Decimal

from ...errors import CorpusError

HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"  # drawn as nothing, but not format characters
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
TAG_PREFIX = re.compile(r"[BI]-")


def _keeps_joiner(text, i):
    """A zero-width joiner between two emoji builds one emoji (👨‍👩‍👧): keep it there."""
    def emoji_like(ch):
        return unicodedata.category(ch) in ("So", "Sk", "Mn")
    return 0 < i < len(text) - 1 and emoji_like(text[i - 1]) and emoji_like(text[i + 1])


def clean_name(text):
    """``text`` NFC-normalized, invisible characters removed, spaces trimmed and collapsed.

    >>> clean_name(" 긍\\u200b정 ") == "긍정", clean_name(unicodedata.normalize("NFD", "부정")) == "부정"
    (True, True)
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(ch for i, ch in enumerate(text)
                   if ch not in HANGUL_FILLERS
                   and (unicodedata.category(ch) != "Cf" or (ch == "\u200d" and _keeps_joiner(text, i))))
    return " ".join(kept.split())


def _look_alike_key(name):
    return unicodedata.normalize("NFKC", name).casefold()


def check_look_alikes(first_lines, what, where):
    """Refuse names that differ only in case or width, or numbers spelled two ways.

    ``first_lines`` maps each (clean) name to the line where it first appears;
    ``what`` is the kind of name (``"레이블"``), ``where`` the file and column for the message.

    >>> check_look_alikes({"1": 2, "1.0": 5}, "레이블", "reviews.csv, 'label' 열")
    Traceback (most recent call last):
    ...
    nlpbook_helpers.errors.CorpusError: reviews.csv, 'label' 열: 레이블 '1'(2번째 줄)과 '1.0'(5번째 줄)은 같은 수인데 다르게 적혀 있습니다. ...
    """
    groups = {}
    for name in first_lines:
        plain = _look_alike_key(name)
        key = ("number", Decimal(plain)) if NUMBER.fullmatch(plain) else ("text", plain)
        groups.setdefault(key, []).append(name)
    for (kind, _), names in sorted(groups.items(), key=lambda item: min(first_lines[n] for n in item[1])):
        if len(names) < 2:
            continue
        names = sorted(names, key=lambda n: (first_lines[n], n))
        spelled = "과 ".join(f"{n!r}({first_lines[n]}번째 줄)" for n in names[:2])
        if kind == "number":
            problem = "같은 수인데 다르게 적혀 있습니다"
        else:
            problem = "대소문자나 전각·반각만 다릅니다"
        raise CorpusError(
            f"{where}: {what} {spelled}은 {problem}. 이대로면 서로 다른 {what} 둘이 됩니다. 같은 {what}이면 한 가지로 맞춰 적고"
            f"(예: 모두 {names[0]!r}), 정말 다른 {what}이면 더 다른 이름을 쓰세요.")


def sorted_names(names):
    """The names in their fixed order: by value when every one is a number (``1, 2, 10``), else by text.

    >>> sorted_names(["10", "2", "1"]), sorted_names(["칭찬", "문의", "불만"])
    (['1', '2', '10'], ['문의', '불만', '칭찬'])
    """
    names = sorted(set(names))  # a list first: the result never depends on a set's iteration order
    if names and all(NUMBER.fullmatch(n) for n in names):
        return sorted(names, key=lambda n: (Decimal(n), n))
    return names


def check_entity_type(type_, where):
    """Refuse an entity type that already carries a tag prefix (``B-PER``): the reader adds ``B-``/``I-`` itself.

    >>> check_entity_type("인물", "ner.jsonl, 1번째 줄")
    """
    if TAG_PREFIX.match(type_) and len(type_) > 2:
        raise CorpusError(
            f"{where}: 개체명 유형 {type_!r}에 태그 접두어 {type_[:2]!r}가 붙어 있습니다. 유형은 {type_[2:]!r}처럼 "
            f"접두어 없이 적으세요. B-(개체명의 시작)와 I-(이어지는 부분) 태그는 노트북이 붙입니다.")
