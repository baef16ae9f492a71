"""The learner's own data (corpus name ``"custom"``): CSV/TSV, JSON Lines, SQuAD JSON or text files.

Which reader runs depends on the notebook's task (``Arguments.task``), not on guesses:

==========================  =============================================================
task                        file
==========================  =============================================================
``document-classification`` CSV/TSV with a header: ``text`` and ``label`` columns
``pair-classification``     CSV/TSV with a header: ``premise``, ``hypothesis``, ``label``
``ner``                     JSON Lines ``{"text": ..., "entities": [[start, end, "TYPE"]]}``
                            (``.jsonl``/``.json``), or the book's ``sentence␞tagged`` (``.txt``)
``qa``                      SQuAD-format JSON (KorQuAD's own format)
``generation``              a text file, one document per line; or CSV/TSV with ``text`` and
                            an optional ``label`` column (prefixes for conditioning)
==========================  =============================================================

Column names are settings (``text_column``, ``text_b_column``, ``label_column``). CSV files
are read with Python's ``csv`` module (RFC 4180: quoted commas, doubled quotes and line
breaks inside quotes are one field); a UTF-8 byte-order mark and CRLF line ends are fine.
Label names are the strings of the training file, sorted (numerically when all are
numbers), so the order does not depend on the order of the rows. Without a validation
file, ``val_ratio`` of the training file is held out with a fixed seed (stratified by
label for classification) and the held-out rows are recorded in ``custom_split.json`` in
the model folder: a resumed run validates on the same rows. Every problem is a
:class:`CorpusError` naming the file, the line and, where one applies, the column.
"""
import csv
import hashlib
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import CorpusError, is_blank
from .entities import MarkError, NERExample, parse_marked
from .examples import ClassificationExample
from .korquad import Answer, QAExample

TASKS = ("document-classification", "pair-classification", "ner", "qa", "generation")
FILES = {"train": "custom_train_file", "val": "custom_val_file"}
SPLIT_FILE = "custom_split.json"
DRIVE_HINT = ("Colab에서는 먼저 구글 드라이브를 연결하고(드라이브 연결 셀), 파일 경로를 "
              "'/content/drive/MyDrive/...'처럼 적으세요(Colab 왼쪽 파일 창에서 파일을 오른쪽 클릭 → '경로 복사').")
NER_SEPARATOR = "\u241e"  # ␞, as in the book's NER files


@dataclass(frozen=True)
class CustomData:
    """Where the learner's data is and how to read it (made by ``Arguments.custom_data``).

    >>> data = CustomData("document-classification", "/content/drive/MyDrive/reviews.csv")   # doctest: +SKIP
    >>> train_examples = read(data, "train")   # doctest: +SKIP
    """

    task: str
    train_file: str
    val_file: str = ""
    val_ratio: float = 0.1
    seed: int = 7
    text_column: str = "text"
    text_b_column: str = ""
    label_column: str = "label"
    record_dir: Optional[str] = None  # the model folder: where the split is recorded


def default_columns(task):
    """``(text_column, text_b_column, label_column)`` of a task's files when the settings name none.

    >>> default_columns("pair-classification")
    ('premise', 'hypothesis', 'label')
    """
    return ("premise", "hypothesis", "label") if task == "pair-classification" else ("text", "", "label")


def check_file(path, what="custom_train_file"):
    """Raise :class:`CorpusError` unless ``path`` is an existing, non-empty file (with the Drive hint).

    >>> check_file("/content/drive/MyDrive/reviews.csv")   # doctest: +SKIP
    """
    path = Path(path)
    if not str(path).strip() or str(path) == ".":
        raise CorpusError(f"{what}에 파일 경로를 적으세요. {DRIVE_HINT}")
    if not path.exists():
        raise CorpusError(f"{what}로 준 파일 {path}이(가) 없습니다. 경로가 맞는지 확인하세요. {DRIVE_HINT}")
    if path.is_dir():
        raise CorpusError(f"{what}로 준 {path}는 폴더입니다. 폴더 안의 파일 경로를 적으세요. {DRIVE_HINT}")
    if path.stat().st_size == 0:
        raise CorpusError(f"{path} 파일이 비어 있습니다. 데이터가 든 파일을 주세요.")


# ---------------------------------------------------------------- text and CSV


def read_text(path):
    """The text of a UTF-8 file (byte-order mark removed); CP949 or other bytes stop with the fix.

    An Excel "CSV" in Korean Windows is CP949: it is never decoded as something else
    (that would be mojibake). The message names the file and line and says to save it
    again as "CSV UTF-8".

    >>> read_text("/content/drive/MyDrive/reviews.csv")[:10]   # doctest: +SKIP
    'text,label'
    """
    check_file(path, "파일")
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        try:
            data.decode("cp949")
            guess = "CP949(EUC-KR, 한국어 윈도우 엑셀의 'CSV' 저장 형식)로 저장된 것 같습니다"
        except UnicodeDecodeError:
            guess = "UTF-8이 아닌 인코딩으로 저장된 것 같습니다"
        raise CorpusError(
            f"{path}, {line}번째 줄: 이 파일은 UTF-8로 읽을 수 없습니다. {guess}. 엑셀에서 파일을 열고 "
            f"'다른 이름으로 저장' → 파일 형식 'CSV UTF-8(쉼표로 분리)(*.csv)'로 다시 저장하세요"
            f"(메모장이라면 인코딩 'UTF-8'로 저장)."
        ) from None
    if not text.strip():
        raise CorpusError(f"{path} 파일이 비어 있습니다. 데이터가 든 파일을 주세요.")
    return text


def _delimiter(path, first_line):
    suffix = Path(path).suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_table(path, columns):
    """Yield ``(line_number, {column: value})`` for every record of a CSV/TSV file with a header row.

    ``columns`` are the names that must be in the header; a missing one lists the
    columns found. ``line_number`` is the file line where the record starts (a quoted
    field may span lines). The delimiter is a tab for ``.tsv``, a comma for ``.csv``,
    and for other names whichever the header line has more of.

    >>> next(read_table("reviews.csv", ["text", "label"]))   # doctest: +SKIP
    (2, {'text': '배송이 빨라요, 좋아요', 'label': '긍정'})
    """
    text = read_text(path)
    delimiter = _delimiter(path, text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CorpusError(f"{path}, 1번째 줄: 머리글 줄을 CSV로 읽을 수 없습니다({error}).") from None
    header = [name.strip() for name in header]
    missing = [name for name in columns if name not in header]
    if missing:
        sep = "탭" if delimiter == "\t" else "쉼표"
        raise CorpusError(
            f"{path}, 1번째 줄(머리글): {', '.join(repr(m) for m in missing)} 열이 없습니다. 찾은 열: "
            f"{', '.join(repr(h) for h in header)}({sep}로 나눔). 머리글을 고치거나, 설정에서 열 이름"
            f"(text_column, text_b_column, label_column)을 파일의 것으로 바꾸세요."
        )
    index = {name: header.index(name) for name in columns}
    start = reader.line_num + 1
    count = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CorpusError(f"{path}, {start}번째 줄: CSV로 읽을 수 없습니다({error}). 큰따옴표가 "
                              f"짝이 맞는지 확인하세요.") from None
        line_number, start = start, reader.line_num + 1
        if not fields or all(not field.strip() for field in fields):
            continue  # a blank line (Excel leaves some at the end)
        if len(fields) != len(header):
            raise CorpusError(
                f"{path}, {line_number}번째 줄: 칸이 {len(fields)}개인데 머리글은 {len(header)}개입니다. "
                f"글 안에 {'탭' if delimiter == chr(9) else '쉼표'}가 있다면 그 칸을 큰따옴표로 감싸세요"
                f"(엑셀로 저장하면 그렇게 됩니다)."
            )
        count += 1
        yield line_number, {name: fields[i] for name, i in index.items()}
    if not count:
        raise CorpusError(f"{path} 파일에 머리글 줄만 있고 데이터 줄이 없습니다. 예제를 한 줄 이상 넣으세요.")


def _sorted_labels(labels):
    labels = set(labels)
    try:
        return sorted(labels, key=float)
    except ValueError:
        return sorted(labels)


# ---------------------------------------------------------------- records of each task


def _classification_records(data, path, pair, label_required=True):
    """``[(line_number, ClassificationExample with the label *string*)]`` of a CSV/TSV file."""
    text_col, text_b_col, label_col = data.text_column, data.text_b_column, data.label_column
    names = [text_col] + ([text_b_col] if pair else [])
    required = names + ([label_col] if label_required else [])
    records = []
    for line_number, row in read_table(path, required):
        for name in names:
            if is_blank(row[name]):
                raise CorpusError(f"{path}, {line_number}번째 줄, {name!r} 열: 글이 비어 있습니다. 이 줄에 글을 "
                                  f"채우거나 줄을 지우세요.")
        label = row.get(label_col)
        if label is not None:
            label = label.strip()
            if not label:
                raise CorpusError(f"{path}, {line_number}번째 줄, {label_col!r} 열: 레이블이 비어 있습니다. "
                                  f"레이블을 적거나 줄을 지우세요.")
        records.append((line_number, ClassificationExample(row[text_col], row[text_b_col] if pair else None, label)))
    return records


def _generation_records(data, path):
    """Lines of a text file, or the ``text`` (and ``label``, if the file has it) of a CSV/TSV file."""
    if Path(path).suffix.lower() in (".csv", ".tsv", ".tab"):
        first_line = read_text(path).split("\n", 1)[0]
        header = next(csv.reader(io.StringIO(first_line), delimiter=_delimiter(path, first_line)))
        has_label = data.label_column in [h.strip() for h in header]
        return _classification_records(data, path, pair=False, label_required=has_label)
    records = []
    for line_number, line in enumerate(read_text(path).split("\n"), start=1):
        line = line.removesuffix("\r")
        if not is_blank(line):  # blank lines separate nothing: they are skipped
            records.append((line_number, ClassificationExample(line)))
    return records


def _ner_records(data, path):
    """NER sentences of a JSON Lines file or of a book-format (``sentence␞tagged``) text file."""
    text = read_text(path)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    book_format = Path(path).suffix.lower() == ".txt"
    records = []
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if book_format:
            records.append((line_number, _book_line(path, line_number, line)))
        else:
            records.append((line_number, _jsonl_line(path, line_number, line)))
    if not records:
        raise CorpusError(f"{path} 파일에 문장이 하나도 없습니다.")
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


def _jsonl_line(path, line_number, line):
    where = f"{path}, {line_number}번째 줄"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{where}, {error.colno}번째 글자: 올바른 JSON이 아닙니다({error.msg}). JSON Lines는 "
                          f"한 줄에 JSON 객체 하나입니다.") from None
    if not isinstance(item, dict) or "text" not in item or "entities" not in item:
        found = ", ".join(repr(k) for k in item) if isinstance(item, dict) else type(item).__name__
        raise CorpusError(f"{where}: 'text'와 'entities'가 있는 객체여야 합니다(이 줄에 있는 것: {found}). "
                          f'예: {{"text": "이순신은 서울에서 태어났다", "entities": [[0, 3, "PER"], [5, 7, "LOC"]]}}')
    text, entities = item["text"], item["entities"]
    if not isinstance(text, str) or is_blank(text):
        raise CorpusError(f"{where}, 'text': 문장이 비어 있습니다. 문장을 채우거나 줄을 지우세요.")
    spans = []
    for entity in entities if isinstance(entities, list) else [entities]:
        if (not isinstance(entity, (list, tuple)) or len(entity) != 3 or not all(
                isinstance(x, int) and not isinstance(x, bool) for x in entity[:2]) or not isinstance(entity[2], str)
                or not entity[2].strip()):
            raise CorpusError(f"{where}, 'entities': 개체명은 [시작, 끝, \"유형\"] 모양이어야 하는데 {entity!r}입니다"
                              f"(시작과 끝은 글자 위치 정수, 끝은 포함하지 않음).")
        start, end, type_ = entity
        if not 0 <= start < end <= len(text):
            raise CorpusError(f"{where}, 'entities': 개체명 {entity!r}의 위치가 문장 밖입니다. 문장은 {len(text)}자"
                              f"(위치 0~{len(text)})이고, 시작 < 끝이어야 합니다.")
        spans.append((start, end, type_.strip()))
    spans.sort()
    for (s1, e1, t1), (s2, e2, t2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise CorpusError(f"{where}, 'entities': 개체명 [{s1}, {e1}, {t1!r}]({text[s1:e1]!r})와 "
                              f"[{s2}, {e2}, {t2!r}]({text[s2:e2]!r})가 겹칩니다. 한 글자는 개체명 하나에만 "
                              f"속할 수 있습니다.")
    return NERExample(text, spans)


def _line_of(text, needle, default=1):
    position = text.find(needle)
    return text[:position].count("\n") + 1 if position >= 0 else default


def _qa_records(data, path):
    """Every question of a SQuAD-format JSON file; an answer must be the context's text at its start."""
    text = read_text(path)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}, {error.lineno}번째 줄, {error.colno}번째 글자: 올바른 JSON이 아닙니다"
                          f"({error.msg}).") from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), list):
        raise CorpusError(f"{path}: SQuAD 형식이 아닙니다(맨 위에 'data' 목록이 없습니다). 형식은 README의 "
                          f"'내 데이터로 학습하기'와 examples/qa.json을 보세요.")
    records = []
    for a, article in enumerate(parsed["data"]):
        for p, paragraph in enumerate(article.get("paragraphs", []) if isinstance(article, dict) else []):
            try:
                context = paragraph["context"]
                for qa in paragraph["qas"]:
                    qid = str(qa["id"])
                    line = _line_of(text, json.dumps(qa["id"], ensure_ascii=False))
                    where = f"{path}, {line}번째 줄(질문 id {qid!r})"
                    if is_blank(qa["question"]):
                        raise CorpusError(f"{where}: 질문이 비어 있습니다.")
                    if is_blank(context):
                        raise CorpusError(f"{where}: 문단(context)이 비어 있습니다.")
                    answers = [Answer(ans["text"], int(ans["answer_start"])) for ans in qa["answers"]]
                    for answer in answers:
                        found = context[answer.start:answer.start + len(answer.text)]
                        if not answer.text or found != answer.text:
                            raise CorpusError(
                                f"{where}: 답 {answer.text!r}이(가) 문단의 answer_start {answer.start} 위치에 "
                                f"없습니다(그 자리의 글: {found!r}). answer_start는 문단(context)에서 답이 "
                                f"시작하는 글자 위치(0부터)입니다"
                                + (f"; 이 답은 {context.find(answer.text)} 위치에 있습니다"
                                   if answer.text and answer.text in context else "") + ".")
                    records.append((line, QAExample(qid, qa["question"], context, answers)))
            except (KeyError, TypeError, ValueError) as error:
                line = _line_of(text, json.dumps(paragraph.get("context", ""), ensure_ascii=False)[:40]) \
                    if isinstance(paragraph, dict) else 1
                raise CorpusError(f"{path}, {line}번째 줄 근처({a}번 문서의 {p}번 문단): 빠진 필드가 있거나 값의 "
                                  f"형식이 틀립니다({error!r}). SQuAD 형식에는 context, qas, id, question, "
                                  f"answers(text, answer_start)가 있어야 합니다.") from None
    if not records:
        raise CorpusError(f"{path} 파일에 질문이 하나도 없습니다.")
    return records


def read_records(data, path):
    """``[(line_number, example)]`` of one file of the learner's data, read the way ``data.task`` needs.

    Classification examples hold their label as the file's *string* here;
    :func:`read` turns it into the label id.

    >>> read_records(CustomData("ner", "ner.jsonl"), "ner.jsonl")[0]   # doctest: +SKIP
    (1, NERExample(text='이순신은 서울에서 태어났다', entities=[(0, 3, 'PER'), (5, 7, 'LOC')]))
    """
    if data.task in ("document-classification", "pair-classification"):
        return _classification_records(data, path, pair=data.task == "pair-classification")
    if data.task == "ner":
        return _ner_records(data, path)
    if data.task == "qa":
        return _qa_records(data, path)
    if data.task == "generation":
        return _generation_records(data, path)
    raise CorpusError(f"알 수 없는 과제 {data.task!r}입니다. 쓸 수 있는 과제: {', '.join(TASKS)}.")


# ---------------------------------------------------------------- labels and the split


def _label_of(example):
    return example.label if isinstance(example, ClassificationExample) else None


def labels(data):
    """The label names of the learner's training file, sorted; ``None`` for QA (and NER, whose labels
    come from the entity types, see :func:`~nlpbook_helpers.ner.ner_labels`) and for
    generation without a label column.

    Classification needs at least two labels; fewer is a :class:`CorpusError`.

    >>> labels(CustomData("document-classification", "reviews.csv"))   # doctest: +SKIP
    ['긍정', '부정']
    """
    if data.task in ("ner", "qa"):
        return None
    records = read_records(data, data.train_file)
    found = _sorted_labels(_label_of(e) for _, e in records if _label_of(e) is not None)
    if data.task == "generation":
        return found or None
    if len(found) < 2:
        raise CorpusError(f"{data.train_file}: 레이블이 {len(found)}가지({', '.join(found)})뿐입니다. 분류 모델을 "
                          f"학습하려면 {data.label_column!r} 열에 레이블이 두 가지 이상 있어야 합니다.")
    return found


def _fingerprint(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def split_indices(strata, ratio, seed):
    """The record indices held out for validation: ``ratio`` of each stratum, chosen with ``seed``.

    ``strata`` has one key per record (its label; the same key for all when the split is
    not stratified). A stratum of two or more records keeps at least one record on each
    side; a lone record stays in training.

    >>> split_indices(["a", "a", "a", "b", "b", "b"], 0.34, seed=0)
    [1, 4]
    """
    rng = random.Random(seed)
    groups = {}
    for index, key in enumerate(strata):
        groups.setdefault(key, []).append(index)
    held_out = []
    for key in sorted(groups, key=str):
        members = groups[key]
        if len(members) < 2:
            continue
        count = min(len(members) - 1, max(1, round(len(members) * ratio)))
        held_out += rng.sample(members, count)
    return sorted(held_out)


def _held_out(data, records):
    """Validation record indices: those recorded in the model folder for this file, else a new split."""
    record = Path(data.record_dir) / SPLIT_FILE if data.record_dir else None
    fingerprint = _fingerprint(data.train_file)
    if record is not None and record.exists():
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("train_file_sha256") == fingerprint and saved.get("records") == len(records):
            return saved["val_indices"]
        print(f"{data.train_file}이(가) 지난번과 달라져서 검증 데이터를 새로 나눕니다({record} 갱신).")
    stratified = data.task in ("document-classification", "pair-classification")
    strata = [_label_of(e) if stratified else 0 for _, e in records]
    indices = split_indices(strata, data.val_ratio, data.seed)
    if not indices:
        raise CorpusError(f"{data.train_file}: 예제가 {len(records)}개뿐이라 검증 데이터를 떼어 낼 수 없습니다. "
                          f"예제를 늘리거나 custom_val_file에 검증 파일을 주세요.")
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        saved = {"train_file": str(data.train_file), "train_file_sha256": fingerprint, "records": len(records),
                 "val_ratio": data.val_ratio, "seed": data.seed, "stratified": stratified,
                 "val_indices": indices, "val_lines": [records[i][0] for i in indices]}
        partial = record.with_name(record.name + ".part")
        partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        partial.replace(record)
    return indices


def read(data, split):
    """Examples of one split (``train`` or ``val``) of the learner's data, as the task's notebook uses them.

    Classification labels become ids into :func:`labels`; a validation label the
    training file does not have is an error naming its line.

    >>> train_examples = read(args.custom_data, "train")   # doctest: +SKIP
    """
    if split not in FILES:
        raise CorpusError(f"내 데이터(custom)에는 {split!r} 데이터가 없습니다. split은 train 또는 val입니다.")
    label_names = labels(data)  # None for NER, QA and generation without labels
    if split == "val" and data.val_file:
        path, records = data.val_file, read_records(data, data.val_file)
    else:
        path, records = data.train_file, read_records(data, data.train_file)
        held_out = set(_held_out(data, records)) if not data.val_file else set()
        records = [r for i, r in enumerate(records) if (i in held_out) == (split == "val")]
    if data.task == "ner" and split == "val" and data.val_file:
        known = {type_ for _, e in read_records(data, data.train_file) for _, _, type_ in e.entities}
        for line_number, example in records:
            for start, end, type_ in example.entities:
                if type_ not in known:
                    raise CorpusError(
                        f"{path}, {line_number}번째 줄: 개체명 유형 {type_!r}({example.text[start:end]!r})은(는) "
                        f"학습 파일 {data.train_file}에 없습니다. 학습 파일의 유형: {', '.join(sorted(known))}. "
                        f"유형을 고치거나 학습 파일에 이 유형의 예제를 넣으세요.")
    if label_names is None:
        return [example for _, example in records]
    label_ids = {label: i for i, label in enumerate(label_names)}
    examples = []
    for line_number, example in records:
        if example.label is None:
            examples.append(example)
            continue
        if example.label not in label_ids:
            raise CorpusError(f"{path}, {line_number}번째 줄, {data.label_column!r} 열: 레이블 {example.label!r}은"
                              f"(는) 학습 파일 {data.train_file}에 없습니다. 학습 파일의 레이블: "
                              f"{', '.join(label_names)}. 레이블을 고치거나 학습 파일에 이 레이블의 예제를 넣으세요.")
        examples.append(ClassificationExample(example.text_a, example.text_b, label_ids[example.label]))
    return examples


def fingerprint(data):
    """A short hash of the files and settings a split is read from: the feature cache key of ``custom``.

    >>> fingerprint(args.custom_data)   # doctest: +SKIP
    '5d41402a'
    """
    stats = [(str(p), Path(p).stat().st_size, Path(p).stat().st_mtime_ns)
             for p in (data.train_file, data.val_file) if p and Path(p).exists()]
    record = Path(data.record_dir) / SPLIT_FILE if data.record_dir else None
    split = record.read_text(encoding="utf-8") if record is not None and record.exists() else ""
    return hashlib.sha256(repr((data, stats, split)).encode()).hexdigest()[:8]


def download(root_dir):
    """Nothing to download: the learner's files are read where they are.

    >>> download_corpus("custom", args.downstream_corpus_root_dir)   # doctest: +SKIP
    내 데이터(custom)는 내려받을 것이 없습니다. 설정의 custom_train_file을 그대로 읽습니다.
    """
    print("내 데이터(custom)는 내려받을 것이 없습니다. 설정의 custom_train_file을 그대로 읽습니다.")
