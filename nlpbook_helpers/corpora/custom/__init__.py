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

One module per concern: :mod:`.source` (path, bytes, encodings, lines), :mod:`.table`
(strict CSV, TSV without quoting), :mod:`.names` (labels and entity types: cleaned,
look-alikes refused, a fixed order), :mod:`.tables`, :mod:`.ner_files` and
:mod:`.squad` (each task's records), :mod:`.split` (the recorded validation split).
A file is read exactly or refused: every problem is a :class:`CorpusError` naming the
file, the line and, where one applies, the column (for JSON, the article, paragraph and
question), and saying what to do.
"""
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ...errors import CorpusError
from ..examples import ClassificationExample
from .names import check_look_alikes, clean_name, sorted_names
from .ner_files import NER_SEPARATOR, ner_records
from .source import DRIVE_HINT, as_path_text, check_file, fingerprint_file, read_text
from .split import SPLIT_FILE, group_split_indices, held_out, split_identity, split_indices, split_mismatch
from .squad import qa_records
from .table import Table
from .tables import classification_records, generation_records

__all__ = [
    "TASKS", "FILES", "SPLIT_FILE", "DRIVE_HINT", "NER_SEPARATOR", "CustomData", "default_columns", "check_file",
    "as_path_text", "read_text", "Table", "read_records", "labels", "entity_types", "read", "fingerprint", "download",
    "split_indices", "group_split_indices", "split_identity", "split_mismatch",
]

TASKS = ("document-classification", "pair-classification", "ner", "qa", "generation")
TABLE_TASKS = ("document-classification", "pair-classification", "generation")
FILES = {"train": "custom_train_file", "val": "custom_val_file"}


@dataclass(frozen=True)
class CustomData:
    """Where the learner's data is and how to read it (made by ``Arguments.custom_data``).

    ``label_column`` empty for generation means "the ``label`` column if the file has one".

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

    ``None`` where the task's files have no such column (NER and QA files are JSON).
    Generation's label column is optional: ``""`` reads ``label`` if the file has it.

    >>> default_columns("pair-classification"), default_columns("generation")
    (('premise', 'hypothesis', 'label'), ('text', None, ''))
    """
    return {"document-classification": ("text", None, "label"),
            "pair-classification": ("premise", "hypothesis", "label"),
            "generation": ("text", None, "")}.get(task, (None, None, None))


def read_records(data, path):
    """``[(line_number, example)]`` of one file of the learner's data, read the way ``data.task`` needs.

    Classification examples hold their label as the file's (cleaned) *string* here;
    :func:`read` turns it into the label id. QA records have no line number (None).

    >>> read_records(CustomData("ner", "ner.jsonl"), "ner.jsonl")[0]   # doctest: +SKIP
    (1, NERExample(text='이순신은 서울에서 태어났다', entities=[(0, 3, '인물'), (5, 7, '장소')]))
    """
    if data.task in ("document-classification", "pair-classification"):
        return classification_records(data, path, pair=data.task == "pair-classification")
    if data.task == "ner":
        return ner_records(data, path)
    if data.task == "qa":
        return qa_records(data, path)
    if data.task == "generation":
        return generation_records(data, path)
    raise CorpusError(f"알 수 없는 과제 {data.task!r}입니다. 쓸 수 있는 과제: {', '.join(TASKS)}.")


# ---------------------------------------------------------------- labels


def _first_lines(records):
    first = {}
    for line_number, example in records:
        if isinstance(example, ClassificationExample) and example.label is not None:
            first.setdefault(example.label, line_number)
    return first


def _mean_length(values):
    return sum(len(v) for v in values) / max(1, len(values))


def _check_label_column(data, records, found):
    """Refuse a label column that holds texts: swapped columns, or (almost) one label per row."""
    rows = len(records)
    if len(found) < 3 or len(found) * 2 <= rows:
        return
    label_values = [e.label for _, e in records]
    columns = [(data.text_column, [e.text_a for _, e in records])]
    if data.task == "pair-classification":
        columns.append((data.text_b_column, [e.text_b for _, e in records]))
    label_name = data.label_column or "label"
    for name, texts in columns:
        distinct = sorted_names({clean_name(t) for t in texts})
        if len(distinct) < len(found) and _mean_length(texts) < _mean_length(label_values):
            raise CorpusError(
                f"{data.train_file}: {name!r} 열과 {label_name!r} 열이 바뀐 것 같습니다. {label_name!r} 열에는 서로 다른 "
                f"값이 {len(found)}가지(평균 {_mean_length(label_values):.0f}자, 예: {label_values[0][:30]!r})이고, {name!r} "
                f"열에는 {len(distinct)}가지(평균 {_mean_length(texts):.0f}자, 예: {', '.join(distinct[:3])})뿐입니다. "
                f"머리글의 두 열 이름을 서로 바꾸거나, 설정에서 text_column={label_name!r}, label_column={name!r}처럼 주세요.")
    if rows >= 10:
        raise CorpusError(
            f"{data.train_file}: {label_name!r} 열의 레이블이 {len(found)}가지로 예제({rows}개)의 절반이 넘습니다. 레이블마다 "
            f"예제가 평균 두 개도 안 되어 분류를 배울 수 없습니다(예: {', '.join(repr(x) for x in found[:3])}). "
            f"label_column이 레이블 열을 가리키는지 확인하세요.")


def labels(data):
    """The label names of the learner's training file, in their fixed order; None where there are none.

    None for QA and NER (whose labels come from :func:`entity_types`) and for generation
    without a label column. Labels are cleaned (NFC, no invisible characters); look-alike
    spellings are refused; the order is by value when all are numbers, else by text.
    Classification needs at least two labels.

    >>> labels(CustomData("document-classification", "reviews.csv"))   # doctest: +SKIP
    ['문의', '불만', '칭찬']
    """
    if data.task in ("ner", "qa"):
        return None
    records = read_records(data, data.train_file)
    first = _first_lines(records)
    label_name = data.label_column or "label"
    check_look_alikes(first, "레이블", f"{data.train_file}, {label_name!r} 열")
    found = sorted_names(first)
    if data.task == "generation":
        return found or None
    if len(found) < 2:
        raise CorpusError(f"{data.train_file}: 레이블이 {len(found)}가지({', '.join(found)})뿐입니다. 분류 모델을 "
                          f"학습하려면 {label_name!r} 열에 레이블이 두 가지 이상 있어야 합니다.")
    _check_label_column(data, records, found)
    return found


def entity_types(data):
    """The entity types of the learner's whole NER training file, sorted (also those the split holds out).

    >>> entity_types(CustomData("ner", "ner.jsonl"))   # doctest: +SKIP
    ['인물', '장소']
    """
    return sorted({t for _, e in read_records(data, data.train_file) for _, _, t in e.entities})


# ---------------------------------------------------------------- the splits


def _held_out(data, records):
    """Classification (and generation with prefixes) stratified by label; QA by paragraph; else at random."""
    labelled = data.task == "generation" and any(e.label is not None for _, e in records)
    if data.task in ("document-classification", "pair-classification") or labelled:
        return held_out(data, records, strata=[e.label for _, e in records])
    if data.task == "qa":
        return held_out(data, records, groups=[e.context for _, e in records])
    return held_out(data, records)


def _unknown_label_message(path, line_number, column, label, known, train_file, what):
    similar = [k for k in known if k.casefold() == label.casefold()]
    hint = f" 학습 파일에는 대소문자만 다른 {similar[0]!r}가 있습니다." if similar else ""
    return (f"{path}, {line_number}번째 줄{column}: {what} {label!r}은(는) 학습 파일 {train_file}에 없습니다.{hint} 학습 "
            f"파일의 {what}: {', '.join(known)}. {what}을 고치거나 학습 파일에 이 {what}의 예제를 넣으세요.")


def read(data, split):
    """Examples of one split (``train`` or ``val``) of the learner's data, as the task's notebook uses them.

    Classification labels become ids into :func:`labels`; a validation label (or entity
    type) the training file does not have is an error naming its line.

    >>> train_examples = read(args.custom_data, "train")   # doctest: +SKIP
    """
    if split not in FILES:
        raise CorpusError(f"내 데이터(custom)에는 {split!r} 데이터가 없습니다. split은 train 또는 val입니다.")
    label_names = labels(data)  # None for NER, QA and generation without labels
    if split == "val" and data.val_file:
        path, records = data.val_file, read_records(data, data.val_file)
    else:
        path, records = data.train_file, read_records(data, data.train_file)
        held = set(_held_out(data, records)) if not data.val_file else set()
        records = [r for i, r in enumerate(records) if (i in held) == (split == "val")]
    if data.task == "ner" and split == "val" and data.val_file:
        known = entity_types(data)
        for line_number, example in records:
            for start, end, type_ in example.entities:
                if type_ not in known:
                    raise CorpusError(_unknown_label_message(
                        path, line_number, f"({example.text[start:end]!r})", type_, known, data.train_file,
                        "개체명 유형"))
    if label_names is None:
        return [example for _, example in records]
    label_ids = {label: i for i, label in enumerate(label_names)}
    examples = []
    for line_number, example in records:
        if example.label is None:
            examples.append(example)
            continue
        if example.label not in label_ids:
            raise CorpusError(_unknown_label_message(
                path, line_number, f", {data.label_column or 'label'!r} 열", example.label, label_names,
                data.train_file, "레이블"))
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
