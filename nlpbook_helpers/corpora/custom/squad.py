"""Questions of a SQuAD-format JSON file (KorQuAD 1.0's format), every key and value checked.

``data`` → articles (``title``, ``paragraphs``) → paragraphs (``context``, ``qas``) →
questions (``id``, ``question``, ``answers``) → answers (``text``, ``answer_start``).
A key that is not one of these is refused with the keys allowed there (a misspelled
``"paragraph"`` would otherwise drop its questions), and so is a key given twice in one
object, a duplicate question id, a question without answers (SQuAD 2.0's unanswerable
questions), and an answer that is not the context's text at ``answer_start``. Each
message names the file, the line and the article/paragraph/question (with its id).
"""
import difflib
import json
import json.decoder
import json.scanner

from ...errors import CorpusError, is_blank
from ..korquad import Answer, QAExample
from .ner_files import NonFinite, as_position, json_value, load_json
from .source import Lines, read_text

KEYS = {
    "top": ("version", "data"),
    "article": ("title", "paragraphs"),
    "paragraph": ("context", "qas"),
    "question": ("id", "question", "answers", "is_impossible"),
    "answer": ("text", "answer_start"),
}
UNANSWERABLE = ("답이 없는 질문(SQuAD 2.0의 is_impossible, plausible_answers)입니다. 이 노트북의 모델(KorQuAD 1.0 방식)은 "
                "문단 안의 답 구간만 배웁니다. 이 질문을 지우거나, 문단에서 답을 찾아 answers에 적으세요.")
FORMAT_HINT = "형식은 README의 '내 데이터로 학습하기'와 examples/qa.json을 보세요."


class _Problem(Exception):
    """A problem with the value at ``route`` (keys and list indices from the top of the file)."""

    def __init__(self, route, message):
        super().__init__(message)
        self.route, self.message = route, message


class _DuplicateKey(Exception):
    def __init__(self, key, position=None):
        super().__init__(key)
        self.key, self.position = key, position


class _Located(dict):
    """A JSON object that remembers where in the text it starts."""

    position = 0


def _refuse_duplicate_keys(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen.add(key)
    return dict(pairs)


def _parse_with_positions(text):
    """The JSON of ``text`` with every object a :class:`_Located`; slow (pure Python), so only for messages."""
    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1] - 1
        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, list, memo)
        try:
            _refuse_duplicate_keys(pairs)
        except _DuplicateKey as error:
            raise _DuplicateKey(error.key, start) from None
        located = _Located(pairs)
        located.position = start
        return located, end

    decoder = json.JSONDecoder(parse_constant=NonFinite)
    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def _line_of(text, route):
    """The line where the innermost object on ``route`` starts."""
    value, position = _parse_with_positions(text), 0
    for step in route:
        if isinstance(value, _Located):
            position = value.position
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(value, _Located):
        position = value.position
    return Lines(text).line_of(position)


def _place(route, titles, ids):
    """``1번째 문서(제목 '이순신')의 2번째 문단, 3번째 질문(id 'q3')`` for a route."""
    indices = [step for step in route if isinstance(step, int)]
    parts = []
    for depth, (index, name) in enumerate(zip(indices, ("문서", "문단", "질문", "답"))):
        part = f"{index + 1}번째 {name}"
        if depth == 0 and titles.get(index):
            part += f"(제목 {titles[index]!r})"
        if depth == 2 and ids.get(tuple(indices[:3])) is not None:
            part += f"(id {ids[tuple(indices[:3])]!r})"
        parts.append(part)
    return ", ".join(parts)


def _check_keys(route, item, kind, what):
    if not isinstance(item, dict):
        raise _Problem(route, f"{what}은(는) 객체({{...}})여야 하는데 {json_value(item)}입니다.")
    allowed = KEYS[kind]
    for key in item:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
            hint = f" 혹시 {close[0]!r}인가요?" if close else ""
            raise _Problem(route, f"알 수 없는 키 {key!r}가 있습니다.{hint} 이 자리에 쓸 수 있는 키: {', '.join(allowed)}. "
                                  f"키 이름을 고치거나, 쓰지 않는 키는 지우세요(모르는 키는 건너뛰지 않습니다: 그 안의 "
                                  f"질문이 빠지기 때문입니다).")


def _required(route, item, key, kind, expected):
    if key not in item:
        raise _Problem(route, f"{key!r}가 없습니다. 이 자리에 있어야 할 키: {', '.join(KEYS[kind])}. 빠진 키를 넣으세요"
                              f"(예: examples/qa.json).")
    value = item[key]
    if not isinstance(value, expected):
        shape = {list: "목록([...])", str: "문자열(\"...\")"}[expected]
        raise _Problem(route + [key], f"{key!r}는 {shape}이어야 하는데 {json_value(value)}입니다. {shape}으로 고치세요"
                                      f"(예: examples/qa.json).")
    return value


def _walk(parsed, titles, ids):
    """Yield ``(route, QAExample)`` for every question; raise :class:`_Problem` at the first bad value.

    ``titles`` (article index -> title) and ``ids`` ((article, paragraph, question) -> id)
    are filled on the way, for messages.
    """
    _check_keys([], parsed, "top", "파일 전체")
    data = _required([], parsed, "data", "top", list)
    seen = {}
    for a, article in enumerate(data):
        route = ["data", a]
        if isinstance(article, dict) and isinstance(article.get("title"), str):
            titles[a] = article["title"]  # for messages about this article
        _check_keys(route, article, "article", "문서")
        for p, paragraph in enumerate(_required(route, article, "paragraphs", "article", list)):
            route = ["data", a, "paragraphs", p]
            _check_keys(route, paragraph, "paragraph", "문단")
            context = _required(route, paragraph, "context", "paragraph", str)
            if is_blank(context):
                raise _Problem(route + ["context"], "문단(context)이 비어 있습니다. 문단을 채우거나 이 문단을 지우세요.")
            for q, qa in enumerate(_required(route, paragraph, "qas", "paragraph", list)):
                route = ["data", a, "paragraphs", p, "qas", q]
                if isinstance(qa, dict) and isinstance(qa.get("id"), (str, int)) and not isinstance(qa["id"], bool):
                    ids[(a, p, q)] = str(qa["id"])  # for messages about this question
                if isinstance(qa, dict) and (qa.get("is_impossible") is True or "plausible_answers" in qa):
                    raise _Problem(route, UNANSWERABLE)
                _check_keys(route, qa, "question", "질문")
                qid = _question_id(route, qa)
                ids[(a, p, q)] = qid
                if qid in seen:
                    raise _Problem(route, f"질문 id {qid!r}가 {_place(seen[qid], titles, ids)}에도 있습니다. id는 "
                                          f"질문마다 달라야 합니다(같으면 채점할 때 한 질문만 남습니다). 한쪽 id를 바꾸세요.")
                seen[qid] = route
                yield route, QAExample(qid, _question(route, qa), context, _answers(route, qa, context))
    if not seen:
        raise _Problem([], "질문이 하나도 없습니다.")


def _question_id(route, qa):
    if "id" not in qa:
        raise _Problem(route, "'id'가 없습니다. 질문마다 서로 다른 id를 주세요(예: \"q1\").")
    qid = qa["id"]
    if isinstance(qid, bool) or not isinstance(qid, (str, int)) or isinstance(qid, NonFinite):
        raise _Problem(route, f"id는 문자열이나 정수여야 하는데 {json_value(qid)}입니다.")
    qid = str(qid)
    if is_blank(qid):
        raise _Problem(route, "id가 비어 있습니다. 질문마다 서로 다른 id를 주세요.")
    return qid


def _question(route, qa):
    if "question" not in qa:
        raise _Problem(route, "'question'이 없습니다.")
    question = qa["question"]
    if not isinstance(question, str) or isinstance(question, NonFinite):
        raise _Problem(route, f"질문(question)은 문자열이어야 하는데 {json_value(question)}입니다. 따옴표로 감싸 "
                              f"\"{json_value(question)}\"처럼 쓰세요.")
    if is_blank(question):
        raise _Problem(route, "질문(question)이 비어 있습니다. 질문을 채우거나 이 질문을 지우세요.")
    return question


def _answers(route, qa, context):
    impossible = qa.get("is_impossible", False)
    if impossible is not False:
        raise _Problem(route, f"is_impossible은 false여야 하는데 {json_value(impossible)}입니다. {UNANSWERABLE}")
    answers = _required(route, qa, "answers", "question", list)
    if not answers:
        raise _Problem(route, "answers가 비어 있습니다([]). 답이 없는 질문(SQuAD 2.0 방식)은 쓸 수 없습니다. 문단에서 "
                              "답을 찾아 {\"text\": ..., \"answer_start\": ...}로 적거나 이 질문을 지우세요.")
    result = []
    for k, answer in enumerate(answers):
        here = route + ["answers", k]
        _check_keys(here, answer, "answer", "답")
        text = _required(here, answer, "text", "answer", str)
        if isinstance(text, NonFinite) or is_blank(text):
            raise _Problem(here, f"답의 text가 비어 있습니다({json_value(text)}).")
        if "answer_start" not in answer:
            raise _Problem(here, "'answer_start'가 없습니다. 문단(context)에서 답이 시작하는 글자 위치(0부터)를 적으세요.")
        start = as_position(answer["answer_start"])
        if start is None or start < 0:
            raise _Problem(here, f"answer_start가 {json_value(answer['answer_start'])}입니다. answer_start는 문단(context)에서 "
                                 f"답이 시작하는 글자 위치로, 0 이상의 정수여야 합니다"
                                 + (f"; 이 답은 {context.find(text)} 위치에 있습니다" if text in context else "") + ".")
        found = context[start:start + len(text)]
        if found != text:
            raise _Problem(here, f"답 {text!r}이(가) 문단의 answer_start {start} 위치에 없습니다(그 자리의 글: {found!r}). "
                                 f"answer_start는 문단(context)에서 답이 시작하는 글자 위치(0부터)입니다"
                                 + (f"; 이 답은 {context.find(text)} 위치에 있습니다" if text in context else "") + ".")
        result.append(Answer(text, start))
    return result


def qa_records(data, path):
    """``[(None, QAExample)]`` for every question of a SQuAD-format file, in file order.

    The line of a question is looked up only for a message (that needs a slow parse), so
    records carry None where the other readers carry a line number.

    >>> qa_records(CustomData("qa", "faq.json"), "faq.json")[0][1].answers   # doctest: +SKIP
    [Answer(text='서울 건천동', start=11)]
    """
    text = read_text(path)
    try:
        parsed = json.loads(text, parse_constant=NonFinite, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        hint = (" 줄마다 JSON이 하나씩 있는 JSON Lines 파일 같습니다. 질의응답 파일은 파일 전체가 SQuAD 형식 JSON 객체 "
                "하나입니다." if error.msg == "Extra data" else "")
        raise CorpusError(f"{path}, {error.lineno}번째 줄, {error.colno}번째 글자: 올바른 JSON이 아닙니다"
                          f"({error.msg}).{hint} {FORMAT_HINT}") from None
    except _DuplicateKey:
        try:
            _parse_with_positions(text)
        except _DuplicateKey as error:
            lines = Lines(text)
            raise CorpusError(f"{path}, {lines.line_of(error.position)}번째 줄: 한 객체에 키 {error.key!r}가 두 번 있습니다. "
                              f"JSON은 뒤의 것만 남기고 앞의 것을 버립니다. 하나로 합치거나 한쪽을 지우세요.") from None
        raise
    if not isinstance(parsed, dict) or "data" not in parsed:
        raise CorpusError(f"{path}: SQuAD 형식이 아닙니다(맨 위에 'data' 목록이 없습니다). {FORMAT_HINT}")
    records, titles, ids = [], {}, {}
    try:
        for _, example in _walk(parsed, titles, ids):
            records.append((None, example))
    except _Problem as problem:
        place = _place(problem.route, titles, ids)
        raise CorpusError(f"{path}, {_line_of(text, problem.route)}번째 줄{f'({place})' if place else ''}: "
                          f"{problem.message}") from None
    return records
