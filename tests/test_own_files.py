"""Files as learners make them (tests/own_files/): each is read exactly or refused with a Korean message.

Each file goes through what the training notebook runs: ``Arguments`` (the settings cell),
``read_corpus(args, "train")``, ``corpus_labels`` and ``read_corpus(args, "val")``; the file
is its own validation file, so the split (tested in test_custom_data.py) is not in the way.
A file that reads is compared record by record with what was written, line numbers
included; a refused file with the line (and column, where there is one) that its message
names and the words that say what to do. A few cases are made in the test (a 5 MB field,
a folder, a ``pathlib.Path``, an unmounted Drive).

``python tests/test_own_files.py`` prints the table of files and outcomes (the README's
list of what is refused is checked against it by hand).
"""
import contextlib
import io
import os
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

import pytest

from nlpbook_helpers import Arguments, CorpusError, corpus_labels, read_corpus
from nlpbook_helpers.corpora import custom
from nlpbook_helpers.qa import QAArguments
from nlpbook_helpers.quick import apply_quick_mode

OWN_FILES = Path(__file__).parent / "own_files"
TASKS = {"doc": "document-classification", "pair": "pair-classification", "ner": "ner", "qa": "qa",
         "gen": "generation"}


class Read(NamedTuple):
    """The file reads: these records (``(line, *fields)``) and these labels (``corpus_labels``)."""

    records: list
    labels: object = None


class Refused(NamedTuple):
    """The file is refused: the message names ``line`` (and ``column``) and says ``words``."""

    line: object
    words: list
    column: str = ""


C1 = "세종은 1443년 훈민정음을 만들었다. 1446년에 반포하였다."
C2 = "이순신은 1545년 서울 건천동에서 태어났다."
BOTH = ["긍정", "부정"]

# file -> (expected outcome, settings)
CASES = {
    # ------------------------------------------------------------ document classification
    "doc_nsmc_quotes.tsv": Read([(2, '"인생은 아름다워" 대사가 좋았다', "긍정"), (3, '"최고라더니 별로', "부정"),
                                 (4, '배우 연기는 ""그럭저럭""', "부정"), (5, "'명작'이다 \"진짜\"", "긍정"),
                                 (6, '끝까지 봤다"', "긍정")], BOTH),
    "doc_tsv_extra_tab.tsv": Refused(3, ["탭으로 나뉜 칸이 3개인데 머리글은 2개", "글 안의 탭·줄바꿈을 지우거나"]),
    "doc_tsv_newline_in_text.tsv": Refused(3, ["칸이 1개인데 머리글은 2개", "줄바꿈"]),
    "doc_csv_unclosed_last_column.csv": Refused(2, ["닫히지 않습니다", "4줄", "\"\"로 두 번"], "'label' 열, 5번째 글자"),
    "doc_csv_text_after_quote.csv": Refused(3, ["닫힌 뒤에 글이 이어집니다", '"""최고""라더니 하루 만에 고장"'],
                                            "'text' 열, 5번째 글자"),
    "doc_csv_stray_quote.csv": Refused(3, ["감싸지 않은 칸", '"최고""라더니 하루 만에 고장"'], "'text' 열, 3번째 글자"),
    "doc_excel_bom_crlf_multiline.csv": Read([
        (2, "배송이 빨라요, 포장도 꼼꼼했어요", "칭찬"), (3, '"최고"라더니 하루 만에 고장', "불만"),
        (4, "색이 사진과 똑같아요\n다음에도 살게요", "칭찬"), (6, "환불은 언제 되나요?", "문의"),
        (7, '따옴표 하나 " 와 쉼표, 탭\t', "문의")], ["문의", "불만", "칭찬"]),
    "doc_cr_only.csv": Read([(i + 2, f"리뷰 {i}", "긍정" if i % 2 else "부정") for i in range(10)], BOTH),
    "doc_mixed_line_ends.tsv": Read([(2, "윈도우 줄끝", "긍정"), (3, "유닉스 줄끝", "부정"), (4, "옛 맥 줄끝", "긍정"),
                                     (5, "마지막", "부정")], BOTH),
    "doc_labels_nfd_nfc.csv": Read([(2, "좋아요", "긍정"), (3, "최고예요", "긍정"), (4, "별로예요", "부정"),
                                    (5, "최악", "부정")], BOTH),
    "doc_labels_zero_width.csv": Read([(2, "좋아요", "긍정"), (3, "최고예요", "긍정"), (4, "별로예요", "부정"),
                                       (5, "최악", "부정")], BOTH),
    "doc_labels_1_and_1.0.csv": Refused(None, ["'1'(2번째 줄)과 '1.0'(6번째 줄)", "같은 수인데 다르게"]),
    "doc_labels_1_and_01.csv": Refused(None, ["'01'(2번째 줄)과 '1'(3번째 줄)", "같은 수인데 다르게"]),
    "doc_labels_case.csv": Refused(None, ["'Positive'(2번째 줄)과 'positive'(3번째 줄)", "대소문자"]),
    "doc_labels_fullwidth.csv": Refused(None, ["'1'(2번째 줄)과 '１'(3번째 줄)", "한 가지로 맞춰"]),
    "doc_labels_numbers_order.csv": Read([(i + 2, t, v) for i, (t, v) in enumerate(zip(
        "가나다라마바사아자차", ["10", "2", "1", "-1", "0.5"] * 2))], ["-1", "0.5", "1", "2", "10"]),
    "doc_duplicate_column.csv": Refused(1, ["열 이름 'text'", "1번째 칸과 3번째 칸에 두 번"]),
    "doc_trailing_empty_columns.csv": Read([(2, "좋아요", "긍정"), (3, "별로예요", "부정"), (4, "최고", "긍정"),
                                            (5, "최악", "부정")], BOTH),
    "doc_swapped_columns.csv": Refused(None, ["'text' 열과 'label' 열이 바뀐 것 같습니다", "text_column='label'"]),
    "doc_semicolon.csv": Refused(1, ["'text' 열이 없습니다", "세미콜론(;)"]),
    "doc_text_zero_width_only.csv": Refused(3, ["글이 비어 있습니다"], "'text' 열"),
    "doc_header_case.csv": Refused(1, ["'text' 열이 없습니다", "대소문자만 다른 'Text' 열"]),
    "doc_reviews.xlsx": Refused(None, ["엑셀 통합 문서(.xlsx)", "CSV UTF-8(쉼표로 분리)"]),
    "doc_unicode_text.txt": Refused(None, ["UTF-16", "유니코드 텍스트", "CSV UTF-8"]),
    "doc_cp949.tsv": Refused(2, ["CP949", "CSV UTF-8"]),
    "doc_blank_lines.csv": Read([(2, "좋아요", "긍정"), (4, "별로예요", "부정"), (6, "최고", "긍정"), (7, "최악", "부정")],
                                BOTH),
    "doc_unclosed_quote_swallows_rest.csv": Refused(2, ["닫히지 않습니다", "51줄"], "'text' 열, 1번째 글자"),
    "doc_label_column_missing.csv": (Refused(1, ["'평가' 열이 없습니다", "찾은 열: 'text', 'label'", "label_column"]),
                                     {"label_column": "평가"}),
    "doc_pdf_named_csv.csv": Refused(None, ["PDF 파일입니다"]),
    # ------------------------------------------------------------ sentence pairs
    "pair_kornli_quotes.tsv": Read([(2, '"안녕"이라고 그가 말했다.', "그는 인사했다.", "함의"),
                                    (3, '"안녕"이라고 그가 말했다.', "그는 아무 말도 하지 않았다.", "모순"),
                                    (4, '그는 "내일 보자', "그는 떠났다.", "중립")], ["모순", "중립", "함의"]),
    "pair_missing_column.csv": Refused(1, ["'hypothesis' 열이 없습니다", "text_b_column"]),
    "pair_csv_multiline.csv": Read([(2, "첫 줄\n둘째 줄", "두 줄이다.", "함의"),
                                    (4, '그가 "네"라고 했다, 정말로.', "그는 거절했다.", "모순")], ["모순", "함의"]),
    # ------------------------------------------------------------ NER
    "ner_b_prefix.jsonl": Refused(1, ["'B-PER'에 태그 접두어 'B-'", "'PER'처럼 접두어 없이"]),
    "ner_case_types.jsonl": Refused(None, ["'PER'(1번째 줄)과 'per'(2번째 줄)", "대소문자"]),
    "ner_nfd_types.jsonl": Read([(1, "이순신은 서울에서 태어났다.", [(0, 3, "인물"), (5, 7, "장소")]),
                                 (2, "김철수는 부산에 산다.", [(0, 3, "인물")])], ["O", "B-인물", "I-인물", "B-장소", "I-장소"]),
    "ner_start_equals_end.jsonl": Refused(1, ["[5, 5, \"LOC\"]", "시작과 끝이 같아", "시작 + 1(6)"]),
    "ner_negative_start.jsonl": Refused(2, ["[-1, 2, \"LOC\"]", "음수"]),
    "ner_end_before_start.jsonl": Refused(1, ["끝(0)이 시작(2)보다 앞"]),
    "ner_fractional_offsets.jsonl": Refused(1, ["[0.5, 2, \"LOC\"]", "정수여야"]),
    "ner_integral_float_offsets.jsonl": Read([(1, "서울에 간다", [(0, 2, "LOC")]), (2, "부산에 간다", [(0, 2, "LOC")])],
                                            ["O", "B-LOC", "I-LOC"]),
    "ner_entities_null.jsonl": Refused(2, ["null", "[]로 쓰세요"]),
    "ner_json_array.json": Refused(1, ["JSON 배열", "JSON Lines로 바꾸세요"]),
    "ner_text_number.jsonl": Refused(1, ["문자열이어야 하는데 2024"]),
    "ner_doccano_label_key.jsonl": Refused(1, ["'label'를 'entities'로 바꾸세요"]),
    "ner_bom_crlf_emoji.jsonl": Read([(1, "😀 서울에 간다", [(2, 4, "장소")]),
                                      (2, "👨\u200d👩\u200d👧 가족과 부산에", [(10, 12, "장소")])], ["O", "B-장소", "I-장소"]),
    "ner_book_cr_only.txt": Read([(1, "이순신은 서울에서 태어났다.", [(0, 3, "PER"), (5, 7, "LOC")]),
                                  (2, "내일 부산에 간다.", [(0, 2, "DAT"), (3, 5, "LOC")])],
                                 ["O", "B-DAT", "I-DAT", "B-LOC", "I-LOC", "B-PER", "I-PER"]),
    "ner_infinity.jsonl": Refused(1, ["[0, Infinity, \"LOC\"]", "정수여야"]),
    # ------------------------------------------------------------ QA (records: id, question, context, answers)
    "qa_misspelled_paragraphs.json": Refused(24, ["2번째 문서(제목 '이순신')", "알 수 없는 키 'paragraph'", "혹시 'paragraphs'"]),
    "qa_duplicate_ids.json": Refused(25, ["2번째 문단, 1번째 질문(id 'q1')", "1번째 문단, 1번째 질문(id 'q1')에도"]),
    "qa_empty_answers.json": Refused(20, ["2번째 질문(id 'q2')", "answers가 비어 있습니다([])"]),
    "qa_negative_start.json": Refused(14, ["1번째 질문(id 'q1'), 1번째 답", "answer_start가 -1", "4 위치에 있습니다"]),
    "qa_fractional_start.json": Refused(14, ["answer_start가 3.5", "0 이상의 정수"]),
    "qa_infinity_start.json": Refused(14, ["answer_start가 Infinity", "0 이상의 정수"]),
    "qa_paragraphs_null.json": Refused(4, ["1번째 문서(제목 '세종')", "'paragraphs'는 목록([...])이어야 하는데 null"]),
    "qa_paragraphs_number.json": Refused(4, ["'paragraphs'는 목록([...])이어야 하는데 3"]),
    "qa_question_number.json": Refused(10, ["문자열이어야 하는데 1443", "\"1443\"처럼"]),
    "qa_json_lines.json": Refused(2, ["JSON Lines 파일 같습니다"]),
    "qa_is_impossible.json": Refused(20, ["2번째 질문(id 'q2')", "답이 없는 질문(SQuAD 2.0"]),
    "qa_duplicate_key.json": Refused(2, ["키 'answers'가 두 번"]),
    "qa_int_ids_two_paragraphs.json": Read([
        (None, "1", "훈민정음을 만든 해는?", C1, [("1443년", 4)]), (None, "2", "반포한 해는?", C1, [("1446년", 22)]),
        (None, "3", "태어난 곳은?", C2, [("서울 건천동", 11)])]),
    "qa_answer_at_zero.json": Read([(None, "q1", "훈민정음을 만든 사람은?", C1, [("세종", 0)]),
                                    (None, "q2", "태어난 사람은?", C2, [("이순신", 0)])]),
    "qa_extra_top_key.json": Refused(1, ["알 수 없는 키 'metadata'", "쓸 수 있는 키: version, data"]),
    # ------------------------------------------------------------ generation (records: line, text, prefix)
    "gen_cr_only.txt": Read([(i + 1, f"옛 맥에서 쓴 문장 {i}", None) for i in range(10)]),
    "gen_missing_label_column.csv": (Refused(1, ["'감성' 열이 없습니다", "label_column"]), {"label_column": "감성"}),
    "gen_text_only.csv": Read([(2, "좋았어요, 정말", None), (3, '"별로"였어요', None)]),
    "gen_crlf_blank_lines.txt": Read([(1, "오늘은 맑았다.", None), (4, "저녁에 산책을 했다.", None)]),
}


def case(name):
    expected = CASES[name]
    return expected if isinstance(expected, tuple) and not isinstance(expected, (Read, Refused)) else (expected, {})


def fields(line, example):
    """A record as plain values: ``(line, text_a[, text_b], label)``, ``(line, text, spans)`` or the QA fields."""
    if hasattr(example, "question"):
        return (line, example.id, example.question, example.context, [tuple(a) for a in example.answers])
    if hasattr(example, "entities"):
        return (line, example.text, example.entities)
    pair = (example.text_b,) if example.text_b is not None else ()
    return (line, example.text_a, *pair, example.label)


def read_like_the_notebook(path, task, quiet=True, **settings):
    """Settings cell, reading cell and the validation read; return ``(records, labels)``."""
    arguments = QAArguments if task == "qa" else Arguments
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
        args = apply_quick_mode(arguments(
            downstream_corpus_name="custom", task=task, custom_train_file=path, custom_val_file=path,
            downstream_model_dir=os.environ.get("OWN_FILES_MODEL_DIR", "unused-model-dir"), **settings))
        train = read_corpus(args, "train")
        labels = corpus_labels(args, train)
        assert read_corpus(args, "val") == train  # the same file, read the same way twice
    records = custom.read_records(args.custom_data, path)
    return [fields(line, example) for line, example in records], labels


def outcome(name):
    """``("read", records, labels)`` or ``("refused", message)`` for one own file."""
    expected, settings = case(name)
    try:
        records, labels = read_like_the_notebook(str(OWN_FILES / name), TASKS[name.split("_")[0]], **settings)
    except CorpusError as error:
        return "refused", str(error)
    return "read", records, labels


def test_there_are_at_least_forty_own_files_and_each_has_a_case():
    names = sorted(p.name for p in OWN_FILES.iterdir())
    assert names == sorted(CASES) and len(names) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_own_file_reads_exactly_or_is_refused_with_the_place_and_the_fix(name, monkeypatch, tmp_path):
    monkeypatch.setenv("OWN_FILES_MODEL_DIR", str(tmp_path / "model"))
    expected, _ = case(name)
    result = outcome(name)
    if isinstance(expected, Read):
        assert result[0] == "read", result
        assert result[1] == expected.records
        assert result[2] == expected.labels
        return
    assert result[0] == "refused", f"{name} was read: {result}"
    message = result[1]
    assert message.startswith(str(OWN_FILES / name)), message  # the file first
    if expected.line is not None:
        assert f"{OWN_FILES / name}, {expected.line}번째 줄" in message, message
    if expected.column:
        assert f"번째 줄, {expected.column}" in message, message
    for words in expected.words:
        assert words in message, message
    assert not any(word in message for word in ("Traceback", "Error", "None")), message
    assert not (tmp_path / "model").exists()  # refused before anything was written


def test_a_nfd_label_and_its_nfc_spelling_are_one_label():
    records, labels = read_like_the_notebook(str(OWN_FILES / "doc_labels_nfd_nfc.csv"), "document-classification")
    raw = (OWN_FILES / "doc_labels_nfd_nfc.csv").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFD", "긍정") in raw  # the file really has both spellings
    assert labels == ["긍정", "부정"] and all(unicodedata.is_normalized("NFC", label) for *_, label in records)


# ---------------------------------------------------------------- cases made here


def test_a_5_mb_field_is_read_whole_not_blamed_on_quoting(tmp_path):
    review = "아주 긴 리뷰, \"인용\"과 줄바꿈\n" * 250_000  # 5 MB of UTF-8
    path = tmp_path / "long.csv"
    path.write_text('text,label\r\n"' + review.replace('"', '""') + '",긍정\r\n짧은 리뷰,부정\r\n', encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    records, labels = read_like_the_notebook(str(path), "document-classification")
    assert records == [(2, review, "긍정"), (250_003, "짧은 리뷰", "부정")] and labels == BOTH


def test_a_pathlib_path_reads_like_its_string(tmp_path):
    path = OWN_FILES / "doc_excel_bom_crlf_multiline.csv"
    assert read_like_the_notebook(path, "document-classification") == \
        read_like_the_notebook(str(path), "document-classification")


@pytest.mark.parametrize("given, words", [
    (OWN_FILES, ["폴더입니다", "그 안의 파일 경로", "doc_blank_lines.csv"]),
    ("/content/drive/MyDrive/내데이터/reviews.csv", ["구글 드라이브가 연결되어 있지 않습니다", "mount_drive()"]),
    (f'"{OWN_FILES / "doc_blank.csv"}"', ["없습니다", "따옴표는 빼고"]),
    (OWN_FILES / "doc_blank_line.csv", ["없습니다", "비슷한 이름: doc_blank_lines.csv"]),
    (OWN_FILES / "없는폴더" / "a.csv", ["없습니다", "없는폴더 폴더가 없습니다"]),
    (123, ["파일 경로를 글자로", "int 123"]),
])
def test_a_path_that_is_not_a_file_gets_a_korean_message(given, words):
    assert not Path("/content/drive/MyDrive").exists()
    with pytest.raises(CorpusError) as error:
        read_like_the_notebook(given, "document-classification")
    for word in words:
        assert word in str(error.value), str(error.value)


def table():
    """The markdown table of the own files and what each gives (for the closing note)."""
    rows = ["| file | outcome |", "|---|---|"]
    for name in sorted(CASES):
        result = outcome(name)
        if result[0] == "read":
            labels = f"; labels {result[2]}" if result[2] else ""
            text = f"read exactly: {len(result[1])} records{labels}"
        else:
            text = "refused: " + result[1].replace(str(OWN_FILES) + "/", "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}` | {text} |")
    return "\n".join(rows)


if __name__ == "__main__":
    os.environ.setdefault("NLPBOOK_QUICK", "1")
    sys.stdout.write(table() + "\n")
