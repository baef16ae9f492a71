"""Property: whatever a learner writes the standard way is read back exactly, in the same label order everywhere.

Random records (Korean text with quotes, commas, tabs, line breaks, emoji; random labels,
numbers among them) are written by Python's ``csv`` module in Excel's dialect, as TSV
(no tabs or line breaks in a field), as JSON Lines (NER spans) and as SQuAD JSON, and
read back with the learner's-file readers. Each property asserts an exact read.

This module is run by tests/test_own_files_property.py in separate processes, one per
``PYTHONHASHSEED``: the examples are derandomized (the same in every process), and each
process prints a digest of everything it read, labels in their order included; the
digests must be equal.

    PYTHONHASHSEED=1 python tests/own_files_property.py   # prints {"examples": ..., "digest": ...}
"""
import csv
import hashlib
import io
import json
import sys
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlpbook_helpers.corpora import custom
from nlpbook_helpers.corpora.custom.names import NUMBER, clean_name
from nlpbook_helpers.errors import is_blank

SETTINGS = settings(max_examples=50, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])
HANGUL = st.integers(0xAC00, 0xD7A3).map(chr)
PIECES = ["영화", "배송", "최고", "별로", " ", "  ", ",", ", ", '"', '""', "'", ".", "!", "?", "~", "ㅋㅋ", "ㅠㅠ",
          "😀", "🎉", "👍🏽", "👨\u200d👩\u200d👧", "1", "0.5", "-", ";", "(", ")", "#", "A", "z"]
BREAKS = ["\n", "\r\n", "\r", "\t"]
READ = []  # what this process read, for the digest


def text(breaks=True, min_size=1):
    pieces = st.one_of(HANGUL, st.sampled_from(PIECES + (BREAKS if breaks else [])))
    return st.lists(pieces, min_size=min_size, max_size=12).map("".join).filter(lambda t: not is_blank(t))


def label():
    word = st.lists(st.one_of(HANGUL, st.sampled_from(["긍정", "부정", "😀", "1", "10", "2", "0.5", "A", "b", "x y",
                                                       '"', ",", "'"])), min_size=1, max_size=3).map("".join)
    return word.filter(lambda w: clean_name(w) == w)  # written the way it reads: NFC, trimmed, one space


def look_alike(name):
    plain = unicodedata.normalize("NFKC", name).casefold()
    return ("number", Decimal(plain)) if NUMBER.fullmatch(plain) else ("text", plain)


def labels(min_size=2, max_size=4):
    return st.lists(label(), min_size=min_size, max_size=max_size, unique_by=look_alike)


def expected_order(names):
    """The documented order, computed here on its own: by value when all are numbers, else by code point."""
    names = sorted(set(names))
    if all(NUMBER.fullmatch(n) for n in names):
        return sorted(names, key=Decimal)
    return names


def rows(columns, breaks=True):
    """Strategy: ``(label names, records)``; a record is ``texts + (label,)``, every label used at least twice."""
    @st.composite
    def build(draw):
        names = draw(labels())
        count = draw(st.integers(max(10, 2 * len(names)), 24))
        chosen = names * 2 + [draw(st.sampled_from(names)) for _ in range(count - 2 * len(names))]
        chosen = draw(st.permutations(chosen))
        return names, [tuple(draw(text(breaks)) for _ in range(columns)) + (name,) for name in chosen]
    return build()


def write_csv(path, header, records, bom):
    out = io.StringIO()
    csv.writer(out, dialect="excel").writerows([header] + list(records))  # Excel's dialect: CRLF, minimal quoting
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8", newline="")


def read_table_task(task, path, pair=False):
    data = custom.CustomData(task, str(path), str(path), text_b_column="hypothesis" if pair else "",
                             text_column="premise" if pair else "text")
    names = custom.labels(data)
    examples = custom.read(data, "train")
    READ.append([names] + [[e.text_a, e.text_b, e.label] for e in examples])
    return names, [((e.text_a, e.text_b) if pair else (e.text_a,)) + (names[e.label],) for e in examples]


@SETTINGS
@given(st.sampled_from([1, 2]).flatmap(rows), st.booleans())
def excel_csv_reads_back_exactly(written, bom):
    """Documents (one text column) and sentence pairs (two), with or without a byte-order mark."""
    names, records = written
    pair = len(records[0]) == 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.csv"
        write_csv(path, ("premise", "hypothesis", "label") if pair else ("text", "label"), records, bom)
        read_names, read = read_table_task("pair-classification" if pair else "document-classification", path, pair)
    assert read == records and read_names == expected_order(names)


@SETTINGS
@given(rows(1, breaks=False), st.sampled_from(["\n", "\r\n", "\r"]))
def tsv_reads_back_exactly_quotes_as_text(written, line_end):
    names, records = written
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.tsv"
        path.write_text(line_end.join("\t".join(r) for r in [("text", "label")] + records) + line_end,
                        encoding="utf-8", newline="")
        read_names, read = read_table_task("document-classification", path)
    assert read == records and read_names == expected_order(names)


@st.composite
def ner_sentences(draw):
    types = draw(labels(1, 3).map(lambda ts: [t for t in ts if not t.startswith(("B-", "I-"))] or ["인물"]))
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        sentence = draw(text())
        cuts = sorted(set(draw(st.lists(st.integers(0, len(sentence)), max_size=6))))
        spans = [(s, e, draw(st.sampled_from(types))) for s, e in zip(cuts[::2], cuts[1::2]) if s < e]
        sentences.append((sentence, spans))
    return sentences


@SETTINGS
@given(ner_sentences(), st.sampled_from(["\n", "\r\n"]))
def json_lines_ner_reads_back_exactly(sentences, line_end):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ner.jsonl"
        path.write_text("".join(json.dumps({"text": t, "entities": [list(s) for s in spans]}, ensure_ascii=False)
                                + line_end for t, spans in sentences), encoding="utf-8", newline="")
        read = [(e.text, e.entities) for _, e in custom.read_records(custom.CustomData("ner", str(path)), path)]
    READ.append(read)
    assert read == [(t, sorted(spans)) for t, spans in sentences]


@st.composite
def squad_files(draw):
    paragraphs, number = [], 0
    for _ in range(draw(st.integers(1, 3))):
        context = draw(text(min_size=2))
        qas = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, len(context) - 1))
            end = draw(st.integers(start + 1, len(context)))
            answer = context[start:end]
            if is_blank(answer):
                continue
            number += 1
            qas.append({"id": f"q{number}", "question": draw(text()), "answers": [{"text": answer, "answer_start": start}]})
        paragraphs.append({"context": context, "qas": qas})
    if not number:
        paragraphs[0]["qas"].append({"id": "q0", "question": "무엇?", "answers": [
            {"text": paragraphs[0]["context"], "answer_start": 0}]})
    return {"version": "1", "data": [{"title": draw(text(breaks=False)), "paragraphs": paragraphs}]}


@SETTINGS
@given(squad_files(), st.sampled_from([None, 1]))
def squad_reads_back_exactly(document, indent):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qa.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=indent), encoding="utf-8")
        read = [(e.id, e.question, e.context, [tuple(a) for a in e.answers])
                for _, e in custom.read_records(custom.CustomData("qa", str(path)), path)]
    READ.append(read)
    assert read == [(q["id"], q["question"], p["context"], [(a["text"], a["answer_start"]) for a in q["answers"]])
                    for p in document["data"][0]["paragraphs"] for q in p["qas"]]


@SETTINGS
@given(st.lists(text(breaks=False), min_size=1, max_size=10), st.sampled_from(["\n", "\r\n", "\r"]))
def text_file_lines_read_back_exactly(lines, line_end):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "diary.txt"
        path.write_text(line_end.join(lines) + line_end, encoding="utf-8", newline="")
        data = custom.CustomData("generation", str(path), label_column="")
        read = [e.text_a for _, e in custom.read_records(data, path)]
    READ.append(read)
    assert read == lines


PROPERTIES = [excel_csv_reads_back_exactly, tsv_reads_back_exactly_quotes_as_text,
              json_lines_ner_reads_back_exactly, squad_reads_back_exactly, text_file_lines_read_back_exactly]

if __name__ == "__main__":
    for prop in PROPERTIES:
        prop()
    digest = hashlib.sha256(json.dumps(READ, ensure_ascii=False).encode()).hexdigest()
    sys.stdout.write(json.dumps({"examples": len(READ), "digest": digest}) + "\n")
