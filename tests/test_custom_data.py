"""The learner's own data (``downstream_corpus_name="custom"``): files as learners write them.

Reading: exactly the records, labels and spans in the file (Excel CSV quoting, TSV, BOM +
CRLF, CP949, JSON Lines, SQuAD). The split: stratified, seeded and recorded. Training: the
notebooks' own cells on these files in quick mode, then prediction with the learner's
label names. Bad files: one table, each row's message and the line it names.
"""
import csv
import json
import random
import re
from pathlib import Path

import pytest

from nlpbook_helpers import Arguments, CheckpointError, CorpusError, corpus_labels, read_corpus
from nlpbook_helpers.corpora import custom
from nlpbook_helpers.qa import QAArguments
from nlpbook_helpers.quick import apply_quick_mode
from pipeline import notebook_code

EXCEL_ROWS = [  # (text, label): quoted commas, a line break inside a quoted field, doubled quotes
    ("배송이 빨라요, 포장도 꼼꼼했어요", "칭찬"),
    ("사이즈가 안 맞아요. 교환은 어떻게 하나요?", "문의"),
    ('"최고"라더니 하루 만에 고장 났어요', "불만"),
    ("색이 사진과 똑같아요\n다음에도 살게요", "칭찬"),
    ("환불은 언제 되나요?", "문의"),
    ("상자가 찢어져서 왔어요, 실망입니다", "불만"),
]
LABELS = ["문의", "불만", "칭찬"]  # sorted: the order does not depend on the rows


def excel_rows(n=4):
    """:data:`EXCEL_ROWS` ``n`` times over (numbered): ``2 * n`` rows per label, every trap ``n`` times."""
    return [(f"{text} {i}", label) for i in range(n) for text, label in EXCEL_ROWS]


def write_csv(path, rows, delimiter=",", encoding="utf-8", lineterminator="\r\n"):
    """Write rows as Excel does (csv module: minimal quoting, CRLF) and return the path."""
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return str(path)


def custom_args(tmp_path, task, train_file, cls=Arguments, **settings):
    return apply_quick_mode(cls(downstream_corpus_name="custom", task=task, custom_train_file=str(train_file),
                                downstream_model_dir=str(tmp_path / "model"), **settings))


# ---------------------------------------------------------------- reading


def test_excel_csv_reads_quoted_commas_newlines_and_doubled_quotes(tmp_path):
    path = write_csv(tmp_path / "reviews.csv", [("text", "label")] + EXCEL_ROWS)
    assert Path(path).read_bytes().count(b'"""') == 1  # the file really has a doubled quote
    val = write_csv(tmp_path / "val.csv", [("text", "label")] + EXCEL_ROWS[:3])
    args = custom_args(tmp_path, "document-classification", path, custom_val_file=val)
    train = read_corpus(args, "train")
    assert [(e.text_a, LABELS[e.label]) for e in train] == EXCEL_ROWS  # six records, not more lines
    assert train[3].text_a == "색이 사진과 똑같아요\n다음에도 살게요"
    assert train[2].text_a == '"최고"라더니 하루 만에 고장 났어요'
    assert corpus_labels(args, train) == LABELS
    assert [(e.text_a, LABELS[e.label]) for e in read_corpus(args, "val")] == EXCEL_ROWS[:3]


def test_tsv_and_bom_crlf_and_column_names(tmp_path):
    rows = [("문장1", "문장2", "관계")] + [("철수가 자전거를 탄다.", "누군가 자전거를 탄다.", "함의"),
                                          ("철수가 자전거를 탄다.", "철수는 잠을 잔다.", "모순")]
    path = tmp_path / "pairs.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join("\t".join(r) for r in rows).encode() + b"\r\n")
    args = custom_args(tmp_path, "pair-classification", path, custom_val_file=str(path),
                       text_column="문장1", text_b_column="문장2", label_column="관계")
    examples = read_corpus(args, "train")
    assert [(e.text_a, e.text_b, e.label) for e in examples] == [
        ("철수가 자전거를 탄다.", "누군가 자전거를 탄다.", 1), ("철수가 자전거를 탄다.", "철수는 잠을 잔다.", 0)]
    assert corpus_labels(args, examples) == ["모순", "함의"]


def test_the_nsmc_fixture_as_a_custom_tsv_reads_every_record_exactly(tmp_path):
    """NSMC's reviews start with quotes and hold unbalanced ones: in TSV a quote is text, so nothing merges."""
    from nlpbook_helpers.corpora import nsmc
    from nlpbook_helpers.quick import FIXTURES_DIR

    lines = (FIXTURES_DIR / "nsmc" / "ratings_train.txt").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split("\t")[1].strip()]  # no blank reviews
    assert sum(line.split("\t")[1].startswith('"') for line in kept) > 50  # the trap is really there
    path = tmp_path / "nsmc.tsv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    args = custom_args(tmp_path, "document-classification", path, custom_val_file=str(path), text_column="document")
    read = [(e.text_a, corpus_labels(args, [])[e.label]) for e in read_corpus(args, "train")]
    expected = [(e.text_a, str(e.label)) for e in nsmc.read_file(FIXTURES_DIR / "nsmc" / "ratings_train.txt")
                if e.text_a.strip()]
    assert len(read) == len(kept) - 1 and read == expected


def test_cp949_file_stops_with_the_fix_and_is_never_mojibake(tmp_path):
    path = write_csv(tmp_path / "엑셀.csv", [("text", "label"), ("배송이 빨라요", "칭찬"), ("느려요", "불만")],
                     encoding="cp949")
    args = custom_args(tmp_path, "document-classification", path)
    with pytest.raises(CorpusError) as error:
        read_corpus(args, "train")
    message = str(error.value)
    assert path in message and "2번째 줄" in message and "CP949" in message and "CSV UTF-8" in message
    assert not (tmp_path / "model").exists()  # nothing written, least of all a checkpoint


def test_ner_json_lines_and_book_format(tmp_path):
    lines = [{"text": "이순신은 서울 건천동에서 태어났다.", "entities": [[0, 3, "인물"], [5, 7, "장소"], [8, 11, "장소"]]},
             {"text": "삼성전자는 수원에 있다.", "entities": [[0, 4, "회사"], [6, 8, "장소"]]}]
    path = tmp_path / "ner.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    args = custom_args(tmp_path, "ner", path, custom_val_file=str(path))
    examples = read_corpus(args, "train")
    assert [[e.text[s:t] for s, t, _ in e.entities] for e in examples] == [
        ["이순신", "서울", "건천동"], ["삼성전자", "수원"]]
    assert corpus_labels(args, examples) == ["O", "B-인물", "I-인물", "B-장소", "I-장소", "B-회사", "I-회사"]
    book = tmp_path / "ner.txt"
    book.write_text("이순신은 서울에서 태어났다.\u241e<이순신:PER>은 <서울:LOC>에서 태어났다.\n", encoding="utf-8")
    args = custom_args(tmp_path, "ner", book, custom_val_file=str(book))
    assert read_corpus(args, "val")[0].entities == [(0, 3, "PER"), (5, 7, "LOC")]


CONTEXT = "이순신은 1545년 서울 건천동에서 태어났다. 1598년 노량 해전에서 전사하였다."


def squad(questions, context=CONTEXT, paragraphs=1):
    """A SQuAD-format dict: ``questions`` ((id, question, answer, start or None)) spread over ``paragraphs``.

    The paragraphs are ``context`` with a different ending each (`` (2)``), so answers keep their starts.
    """
    contexts = [context] + [f"{context} ({n})" for n in range(2, paragraphs + 1)]
    return {"version": "1", "data": [{"title": "이순신", "paragraphs": [
        {"context": c, "qas": [{"id": qid, "question": q,
                                "answers": [{"text": a, "answer_start": c.index(a) if s is None else s}]}
                               for qid, q, a, s in questions[n::paragraphs]]}
        for n, c in enumerate(contexts)]}]}


QUESTIONS = [(f"q{i}", q, a, None) for i, (q, a) in enumerate(
    [("이순신은 어디에서 태어났는가?", "서울 건천동"), ("이순신은 어느 해전에서 전사했는가?", "노량 해전"),
     ("이순신이 태어난 해는?", "1545년"), ("이순신이 전사한 해는?", "1598년")] * 3)]


def test_squad_json_reads_every_question(tmp_path):
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(squad(QUESTIONS), ensure_ascii=False, indent=1), encoding="utf-8")
    args = custom_args(tmp_path, "qa", path, cls=QAArguments, custom_val_file=str(path))
    examples = read_corpus(args, "val")
    assert [(e.id, e.question, e.answers[0].text, e.context[e.answers[0].start:][:len(e.answers[0].text)])
            for e in examples[:2]] == [("q0", "이순신은 어디에서 태어났는가?", "서울 건천동", "서울 건천동"),
                                       ("q1", "이순신은 어느 해전에서 전사했는가?", "노량 해전", "노량 해전")]
    assert len(examples) == 12 and corpus_labels(args, examples) is None


def test_generation_text_file_and_csv_prefixes(tmp_path):
    text = tmp_path / "diary.txt"
    text.write_text("오늘은 맑았다.\n\n저녁에 산책을 했다.\r\n", encoding="utf-8")
    args = custom_args(tmp_path, "generation", text, custom_val_file=str(text))
    examples = read_corpus(args, "train")
    assert [(e.text_a, e.label) for e in examples] == [("오늘은 맑았다.", None), ("저녁에 산책을 했다.", None)]
    assert corpus_labels(args, examples) is None
    table = write_csv(tmp_path / "reviews.csv", [("text", "label"), ("좋아요", "긍정"), ("별로예요", "부정")])
    args = custom_args(tmp_path, "generation", table, custom_val_file=table)
    assert corpus_labels(args, read_corpus(args, "train")) == ["긍정", "부정"]


# ---------------------------------------------------------------- the split


def test_split_is_stratified_seeded_and_recorded(tmp_path, capsys):
    rows = [("text", "label")] + [(f"리뷰 {i}-{label}", label) for i in range(10) for label in ("1", "2", "10")]
    path = write_csv(tmp_path / "stars.csv", rows)
    args = custom_args(tmp_path, "document-classification", path, custom_val_ratio=0.2)
    labels = corpus_labels(args, [])
    assert labels == ["1", "2", "10"]  # numbers sort as numbers
    train, val = read_corpus(args, "train"), read_corpus(args, "val")
    assert len(train) == 24 and len(val) == 6
    assert sorted(labels[e.label] for e in val) == ["1", "1", "10", "10", "2", "2"]  # 20% of every label
    assert not {e.text_a for e in train} & {e.text_a for e in val}
    record = json.loads((tmp_path / "model" / custom.SPLIT_FILE).read_text(encoding="utf-8"))
    assert (record["seed"], record["val_ratio"], record["method"]) == (7, 0.2, "stratified")
    # A multi-GPU run started once per GPU: every process splits alike, only rank 0 writes the record.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RANK", "1")
        other = custom_args(tmp_path / "rank1", "document-classification", path, custom_val_ratio=0.2)
        assert [e.text_a for e in read_corpus(other, "val")] == [e.text_a for e in val]
        assert not (tmp_path / "rank1" / "model" / custom.SPLIT_FILE).exists()
    assert [rows[line - 1][0] for line in record["val_lines"]] == [e.text_a for e in val]
    capsys.readouterr()

    # The same settings again (a resumed run): the recorded rows, and not a word about it ...
    again = custom_args(tmp_path, "document-classification", path, custom_val_ratio=0.2)
    capsys.readouterr()
    assert [e.text_a for e in read_corpus(again, "val")] == [e.text_a for e in val]
    assert "새로 나눕니다" not in capsys.readouterr().out
    # ... another seed or ratio: a new split, said in one line.
    for changed, notice in ((dict(custom_val_ratio=0.2, seed=123), "seed 7 → 123"),
                            (dict(custom_val_ratio=0.3, seed=123), "custom_val_ratio 0.2 → 0.3")):
        resplit = custom_args(tmp_path, "document-classification", path, **changed)
        capsys.readouterr()
        assert [e.text_a for e in read_corpus(resplit, "val")] != [e.text_a for e in val]
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and notice in out and "검증 데이터를 새로 나눕니다" in out, out
    record = json.loads((tmp_path / "model" / custom.SPLIT_FILE).read_text(encoding="utf-8"))
    assert (record["seed"], record["val_ratio"]) == (123, 0.3) and len(record["val_indices"]) == 9
    # Back to the first settings: the first split again (it is a function of file, ratio and seed).
    assert [e.text_a for e in read_corpus(again, "val")] == [e.text_a for e in val]


def test_quick_mode_reads_the_learners_file_as_is(tmp_path):
    path = write_csv(tmp_path / "reviews.csv", [("text", "label")] + EXCEL_ROWS)
    args = custom_args(tmp_path, "document-classification", path)
    assert "tiny-bert" in args.pretrained_model_name and args.custom_train_file == path and args.custom_data.train_file == path


# ---------------------------------------------------------------- training through the notebooks


def run_notebook(folder, tmp_path, monkeypatch, params, name="train.ipynb", until="export_model(", epochs=2, after=None):
    """The notebook's code cells with the settings cell's ``#@param`` values replaced by ``params``.

    ``after`` are set on ``args`` right after the settings cell (settings that are not form fields);
    ``epochs`` replaces the epochs just before the Trainer is made (None: the notebook's own).
    """
    monkeypatch.setenv("NLPBOOK_DRIVE", str(tmp_path / "drive"))
    namespace = {}
    for cell in notebook_code(folder, name, until=until):
        for param, value in params.items():
            cell = re.sub(rf"^{param} = .*#@param.*$", f"{param} = {value!r}", cell, flags=re.M)
        if "pl.Trainer(" in cell and epochs is not None:
            namespace["args"].epochs = epochs
        exec(cell, namespace)
        if "args = " in cell and after:
            for setting, value in after.items():
                setattr(namespace["args"], setting, value)
    return namespace


def keyword_rows(count=300, seed=0):
    """``count`` reviews, a third per label, each filler words plus one phrase that only its label uses."""
    rng = random.Random(seed)
    filler = ["오늘", "주문한", "상품이", "도착했는데", "생각보다", "포장은", "그냥", "보통이고", "색깔은", "사진과",
              "비슷해요", "배송은", "이틀", "걸렸어요", "가격은", "적당해요", "다음에", "또", "볼게요"]
    phrases = {"칭찬": ["정말 만족해요", "최고예요", "강력 추천합니다"], "불만": ["완전 실망이에요", "환불 원해요", "다시는 안 사요"],
               "문의": ["언제 오나요?", "교환 되나요?", "재입고 언제인가요?"]}
    rows = []
    for i in range(count):
        label = ["칭찬", "불만", "문의"][i % 3]
        words = rng.sample(filler, rng.randint(3, 8))
        words.insert(rng.randint(0, len(words)), rng.choice(phrases[label]))
        rows.append((" ".join(words), label))
    return rows


def test_a_300_row_keyword_csv_reaches_0_9_and_the_notebook_says_so_in_words(tmp_path, monkeypatch, capsys):
    path = write_csv(tmp_path / "reviews.csv", [("text", "label")] + keyword_rows())
    ns = run_notebook("doc_classification", tmp_path, monkeypatch,
                      {"downstream_corpus_name": "custom", "custom_train_file": path}, until="trainer.fit(", epochs=None)
    accuracy = float(ns["trainer"].callback_metrics["val_acc"])
    assert accuracy >= 0.9, accuracy
    out = capsys.readouterr().out
    assert "학습 270개, 검증 30개(학습 파일에서 떼어 냄), 레이블 ['문의', '불만', '칭찬']" in out
    assert f"{ns['args'].epochs}에폭 뒤 마지막 검증: 손실 " in out and f"정확도 {accuracy:.3f}, F1 " in out
    assert "(레이블 3개: ln 3 = 1.10)" in out  # the untrained loss, computed for this file


def test_resuming_across_a_resplit_is_refused_with_the_reason(tmp_path, monkeypatch, capsys):
    path = write_csv(tmp_path / "reviews.csv", [("text", "label")] + excel_rows())
    params = {"downstream_corpus_name": "custom", "custom_train_file": path}
    run_notebook("doc_classification", tmp_path, monkeypatch, params, until="trainer.fit(", epochs=1)
    capsys.readouterr()
    # The same settings again: the run resumes (it has finished, and says so in words).
    run_notebook("doc_classification", tmp_path, monkeypatch, params, until="trainer.fit(", epochs=1)
    out = capsys.readouterr().out
    assert "이어서 학습합니다" in out and "이번 실행에서는 검증하지 않았습니다" in out
    # Another ratio: a new split, said in one line, and the checkpoints of the old split are not resumed.
    with pytest.raises(CheckpointError) as error:
        run_notebook("doc_classification", tmp_path, monkeypatch, params, until="trainer.fit(", epochs=1,
                     after={"custom_val_ratio": 0.3})
    assert "custom_val_ratio 0.1 → 0.3이(가) 지난번과 달라 검증 데이터를 새로 나눕니다" in capsys.readouterr().out
    message = str(error.value)
    assert "다른 데이터로 학습한 체크포인트입니다(custom_val_ratio 0.1 → 0.3" in message
    assert "지난번 검증 데이터가 이번 학습 데이터에 섞여" in message and "downstream_model_dir" in message
    # Back to the first ratio: the first split again, and the run resumes.
    run_notebook("doc_classification", tmp_path, monkeypatch, params, until="trainer.fit(", epochs=1)
    assert "이어서 학습합니다" in capsys.readouterr().out


def test_document_classification_notebook_trains_on_an_excel_csv_and_predicts_its_labels(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "reviews.csv", [("text", "label")] + excel_rows())
    ns = run_notebook("doc_classification", tmp_path, monkeypatch,
                      {"downstream_corpus_name": "custom", "custom_train_file": path})
    assert ns["labels"] == LABELS and len(ns["train_examples"]) + len(ns["val_dataset"]) == 24
    assert (Path(ns["args"].downstream_model_dir) / custom.SPLIT_FILE).exists()
    inference = run_notebook("doc_classification", tmp_path, monkeypatch, {"downstream_corpus_name": "custom"},
                             name="inference.ipynb", until=None)
    assert inference["info"]["labels"] == LABELS and inference["info"]["corpus"] == "custom"
    assert inference["model"].config.id2label == dict(enumerate(LABELS))
    result = inference["predict"](["배송이 빨라요"])[0]
    assert result["label"] in LABELS and set(result["probs"]) == set(LABELS)
    demo = inference["classification_demo"](inference["predict"])
    demo.text.value = "환불은 언제 되나요?"
    demo.button.click()
    assert any(label in demo.result.value for label in LABELS)


@pytest.mark.parametrize("problem", ["unseen validation label", "cp949 training file"])
def test_a_bad_file_stops_the_notebook_before_any_checkpoint(problem, tmp_path, monkeypatch):
    if problem == "cp949 training file":
        train = write_csv(tmp_path / "reviews.csv", [("text", "label")] + excel_rows(), encoding="cp949")
        val, expected = "", r"reviews.csv, 2번째 줄: 이 파일은 UTF-8로 읽을 수 없습니다. CP949"
    else:
        train = write_csv(tmp_path / "reviews.csv", [("text", "label")] + excel_rows())
        val = write_csv(tmp_path / "val.csv", [("text", "label"), ("좋아요", "칭찬"), ("그저 그래요", "보통")])
        expected = r"val.csv, 3번째 줄, 'label' 열: 레이블 '보통'"
    with pytest.raises(CorpusError, match=expected):
        run_notebook("doc_classification", tmp_path, monkeypatch,
                     {"downstream_corpus_name": "custom", "custom_train_file": train, "custom_val_file": val})
    model_dir = tmp_path / "drive" / "nlpbook" / "checkpoint-doccls-custom"
    assert not list(model_dir.glob("*.ckpt")) and not (model_dir / "export").exists()


def test_pair_notebook_trains_on_a_bom_crlf_tsv(tmp_path, monkeypatch, capsys):
    rows = [("premise", "hypothesis", "label")] + [
        (f"철수가 공원에서 자전거를 탄다 {i}", hypothesis, label) for i in range(6)
        for hypothesis, label in (("누군가 자전거를 탄다.", "함의"), ("철수는 잠을 잔다.", "모순"), ("철수는 학생이다.", "중립"))]
    path = tmp_path / "pairs.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + "".join("\t".join(r) + "\r\n" for r in rows).encode())
    ns = run_notebook("pair_classification", tmp_path, monkeypatch,
                      {"downstream_corpus_name": "custom", "custom_train_file": str(path)})
    assert ns["labels"] == ["모순", "중립", "함의"] and ns["train_examples"][0].text_b in ("누군가 자전거를 탄다.",
                                                                                   "철수는 잠을 잔다.", "철수는 학생이다.")
    out = capsys.readouterr().out
    assert "학습 15개, 검증 3개(학습 파일에서 떼어 냄), 레이블 ['모순', '중립', '함의']" in out
    assert re.search(r"2에폭 뒤 마지막 검증: 손실 \d\.\d{3}, 정확도 \d\.\d{3}, F1 \d\.\d{3}\.", out), out
    from pipeline import load_for_inference
    from nlpbook_helpers.classification import Classifier

    model, tokenizer, info = load_for_inference(ns["args"].downstream_model_dir, "pair-classification")
    assert info["labels"] == ["모순", "중립", "함의"]
    result = Classifier(model, tokenizer, info["max_seq_length"])(["철수가 자전거를 탄다"], ["누군가 탄다"])[0]
    assert set(result["probs"]) == {"모순", "중립", "함의"}


def test_ner_notebook_trains_on_json_lines_and_predicts_its_types(tmp_path, monkeypatch, capsys):
    sentences = [("이순신은 서울에서 태어났다.", [("이순신", "인물"), ("서울", "장소")]),
                 ("김철수는 부산에 산다.", [("김철수", "인물"), ("부산", "장소")]),
                 ("삼성전자는 수원에 있다.", [("삼성전자", "회사"), ("수원", "장소")])] * 4
    path = tmp_path / "ner.jsonl"
    path.write_text("".join(json.dumps({"text": t, "entities": [[t.index(w), t.index(w) + len(w), k] for w, k in e]},
                                       ensure_ascii=False) + "\n" for t, e in sentences), encoding="utf-8")
    ns = run_notebook("ner", tmp_path, monkeypatch, {"downstream_corpus_name": "custom", "custom_train_file": str(path)})
    expected = ["O", "B-인물", "I-인물", "B-장소", "I-장소", "B-회사", "I-회사"]
    assert ns["labels"] == expected
    out = capsys.readouterr().out
    assert "학습 11개, 검증 1개(학습 파일에서 떼어 냄)" in out
    assert re.search(r"2에폭 뒤 마지막 검증: 손실 \d\.\d{3}, F1 \d\.\d{3}, 정밀도 \d\.\d{3}, 재현율 \d\.\d{3}\.", out), out
    from pipeline import load_for_inference
    from nlpbook_helpers.ner import EntityRecognizer

    model, tokenizer, info = load_for_inference(ns["args"].downstream_model_dir, "ner")
    assert info["labels"] == expected and model.config.id2label == dict(enumerate(expected))
    entities = EntityRecognizer(model, tokenizer, max_length=info["max_seq_length"])(["이순신은 서울에서 태어났다."])
    assert all(entity.type in ("인물", "장소", "회사") for entity in entities[0]["entities"])


def test_qa_notebook_trains_on_a_squad_json(tmp_path, monkeypatch, capsys):
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(squad(QUESTIONS, paragraphs=3), ensure_ascii=False), encoding="utf-8")
    ns = run_notebook("qa", tmp_path, monkeypatch, {"downstream_corpus_name": "custom", "custom_train_file": str(path)},
                      until=None)
    # One paragraph of three is held out, with all four of its questions: none of them was seen in training.
    assert len(ns["train_examples"]) == 8 and len(ns["val_examples"]) == 4
    assert len({e.context for e in ns["val_examples"]}) == 1
    assert not {e.context for e in ns["train_examples"]} & {e.context for e in ns["val_examples"]}
    out = capsys.readouterr().out
    assert "학습 8개, 검증 4개(학습 파일에서 떼어 냄) (질문 수)" in out
    assert re.search(r"2에폭 뒤 마지막 검증: 손실 \d\.\d{3}, F1 [\d.]+, EM\(정확 일치\) [\d.]+\.", out), out
    assert ns["predictions"][ns["val_examples"][0].id]["text"] in ns["val_examples"][0].context


def test_generation_notebook_trains_with_the_learners_prefixes(tmp_path, monkeypatch, capsys):
    rows = [("text", "label")] + [(f"{t} {i}", label) for i in range(6)
                                  for t, label in (("배송이 빨라요", "칭찬"), ("포장이 엉망이에요", "불만"))]
    path = write_csv(tmp_path / "reviews.csv", rows)
    ns = run_notebook("generation", tmp_path, monkeypatch,
                      {"downstream_corpus_name": "custom", "custom_train_file": path}, until="Generator(best_model")
    assert ns["labels"] == ["불만", "칭찬"] and ns["predict"].prefixes == ["불만", "칭찬"]
    out = capsys.readouterr().out
    assert "학습 10개, 검증 2개(학습 파일에서 떼어 냄), 접두어 ['불만', '칭찬']" in out
    assert re.search(r"2에폭 뒤 마지막 검증: 손실 \d\.\d{3}, 퍼플렉서티 [\d.]+\.", out), out
    assert ns["text"].split(" ")[0] in ("불만", "칭찬")  # the first example, as the model reads it
    from nlpbook_helpers.checkpoints import find_best_checkpoint, load_checkpoint

    _, recorded = load_checkpoint(find_best_checkpoint(ns["args"].downstream_model_dir), "generation")
    assert recorded["labels"] == ["불만", "칭찬"]
    inference = run_notebook("generation", tmp_path, monkeypatch, {"downstream_corpus_name": "custom"},
                             name="inference.ipynb", until=None)
    assert inference["prefixes"] == ["불만", "칭찬"] and inference["sentiment"] == "칭찬"
    demo = inference["generation_demo"](inference["predict"])
    assert [value for _, value in demo.sentiment.options] == ["불만", "칭찬", ""]  # the learner's prefixes, then none


# ---------------------------------------------------------------- bad files

GOOD = [("text", "label"), ("좋아요", "칭찬"), ("별로예요", "불만"), ("최고", "칭찬"), ("최악", "불만")]

# (id, task, file name, content (str, bytes or rows for a CSV), val content or None,
#  what the message must say, the line it names or None)
BAD_FILES = [
    ("missing column", "document-classification", "a.csv", [("review", "label"), ("좋아요", "칭찬")], None,
     ["'text' 열이 없습니다", "찾은 열: 'review', 'label'"], 1),
    ("empty text", "document-classification", "a.csv", GOOD[:2] + [("  ", "불만")] + GOOD[3:], None,
     ["'text' 열", "글이 비어 있습니다"], 3),
    ("empty label", "document-classification", "a.csv", GOOD[:3] + [("최고", "")], None,
     ["'label' 열", "레이블이 비어 있습니다"], 4),
    ("one label", "document-classification", "a.csv", [("text", "label"), ("좋아요", "칭찬"), ("최고", "칭찬")], None,
     ["레이블이 1가지(칭찬)뿐입니다", "두 가지 이상"], None),
    ("unseen validation label", "document-classification", "a.csv", GOOD,
     [("text", "label"), ("좋아요", "칭찬"), ("그냥 그래요", "보통")],
     ["레이블 '보통'", "학습 파일의 레이블: 불만, 칭찬"], 3),
    ("wrong field count", "document-classification", "a.csv", "text,label\n좋아요,칭찬\n배송이 빨라요, 좋아요,칭찬\n",
     None, ["칸이 3개인데 머리글은 2개", "큰따옴표로 감싸세요"], 3),
    ("empty file", "document-classification", "a.csv", "", None, ["파일이 비어 있습니다"], None),
    ("header only", "document-classification", "a.csv", "text,label\r\n", None, ["데이터 줄이 없습니다"], None),
    ("cp949", "document-classification", "a.csv", "text,label\n좋아요,칭찬\n".encode("cp949"), None,
     ["CP949", "CSV UTF-8"], 2),
    ("pair missing hypothesis", "pair-classification", "p.tsv", "premise\tlabel\n철수\t함의\n", None,
     ["'hypothesis' 열이 없습니다", "찾은 열: 'premise', 'label'"], 1),
    ("entity outside text", "ner", "n.jsonl",
     '{"text": "이순신", "entities": [[0, 3, "PER"]]}\n{"text": "서울", "entities": [[0, 5, "LOC"]]}\n', None,
     ["위치가 문장 밖입니다", "2자"], 2),
    ("overlapping entities", "ner", "n.jsonl",
     '{"text": "서울역 앞", "entities": [[0, 2, "LOC"], [1, 3, "LOC"]]}\n', None, ["겹칩니다", "'서울'", "'울역'"], 1),
    ("ner empty text", "ner", "n.jsonl", '{"text": "이순신", "entities": []}\n\n{"text": " ", "entities": []}\n',
     None, ["문장이 비어 있습니다"], 3),
    ("ner bad json", "ner", "n.jsonl", '{"text": "이순신", "entities": [[0, 3, "PER"]]\n', None,
     ["올바른 JSON이 아닙니다"], 1),
    ("ner unseen validation type", "ner", "n.jsonl", '{"text": "이순신", "entities": [[0, 3, "PER"]]}\n',
     '{"text": "이순신", "entities": [[0, 3, "PER"]]}\n{"text": "서울", "entities": [[0, 2, "LOC"]]}\n',
     ["개체명 유형 'LOC'", "학습 파일의 개체명 유형: PER"], 2),
    ("qa answer not at its start", "qa", "q.json",
     json.dumps(squad([("q1", "어디서 태어났나?", "서울 건천동", None), ("q2", "어느 해전?", "노량 해전", 3)]), indent=1),
     None, ["2번째 질문(id 'q2'), 1번째 답", "answer_start 3 위치에 없습니다", "이 답은 32 위치에 있습니다"], 24),
    ("qa not squad", "qa", "q.json", '[{"question": "?"}]', None, ["SQuAD 형식이 아닙니다"], None),
]


def write_file(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write_csv(path, content, delimiter="\t" if path.suffix == ".tsv" else ",")
    return str(path)


@pytest.mark.parametrize("problem, task, name, content, val, must_say, line", BAD_FILES,
                         ids=[row[0] for row in BAD_FILES])
def test_bad_file_names_file_line_and_fix(problem, task, name, content, val, must_say, line, tmp_path):
    train_file = write_file(tmp_path / name, content)
    val_file = write_file(tmp_path / f"val-{name}", val) if val is not None else ""
    with pytest.raises(CorpusError) as error:
        args = custom_args(tmp_path, task, train_file, cls=QAArguments if task == "qa" else Arguments,
                           custom_val_file=val_file)
        examples = read_corpus(args, "train")
        corpus_labels(args, examples)
        read_corpus(args, "val")
    message = str(error.value)
    assert (val_file if problem.startswith(("unseen", "ner unseen")) else train_file) in message
    for words in must_say:
        assert words in message, message
    if line is not None:
        assert f"{line}번째 줄" in message, message
    assert not list((tmp_path / "model").glob("*.ckpt"))  # nothing half-trained left as "best"


@pytest.mark.parametrize("settings, must_say", [
    (dict(custom_train_file="/content/drive/MyDrive/없는파일.csv"), ["없습니다", "/content/drive/MyDrive/"]),
    (dict(custom_train_file=""), ["custom_train_file에 파일 경로를 적으세요", "/content/drive/MyDrive/"]),
    (dict(custom_val_file="/content/drive/MyDrive/없는검증.csv"), ["custom_val_file", "/content/drive/MyDrive/"]),
])
def test_missing_file_gets_the_drive_hint(settings, must_say, tmp_path):
    settings = dict(dict(custom_train_file=write_csv(tmp_path / "a.csv", GOOD)), **settings)
    with pytest.raises(CorpusError) as error:
        Arguments(downstream_corpus_name="custom", task="document-classification",
                  downstream_model_dir=str(tmp_path / "model"), **settings)
    for words in must_say:
        assert words in str(error.value)


def test_settings_that_do_not_fit_together(tmp_path):
    path = write_csv(tmp_path / "a.csv", GOOD)
    with pytest.raises(ValueError, match='"custom"으로 바꾸고'):
        Arguments(downstream_corpus_name="nsmc", custom_train_file=path)
    with pytest.raises(ValueError, match="task"):
        Arguments(downstream_corpus_name="custom", custom_train_file=path)
    with pytest.raises(ValueError, match="custom_val_ratio"):
        Arguments(downstream_corpus_name="custom", task="document-classification", custom_train_file=path,
                  custom_val_ratio=1.0)


@pytest.mark.parametrize("task, settings, must_say", [
    ("ner", dict(text_column="문장"), "text_column='문장'를 주었지만 ner 과제의 파일에는 이 열이 없습니다"),
    ("qa", dict(label_column="답"), "label_column='답'를 주었지만 qa 과제의 파일에는 이 열이 없습니다"),
    ("document-classification", dict(text_b_column="b"), "text_b_column='b'를 주었지만"),
    ("document-classification", dict(label_column="text"), "열 설정이 겹칩니다"),
])
def test_a_column_setting_the_task_does_not_read_is_refused(task, settings, must_say, tmp_path):
    path = write_csv(tmp_path / "a.csv", GOOD)
    with pytest.raises(CorpusError, match=re.escape(must_say)):
        custom_args(tmp_path, task, path, cls=QAArguments if task == "qa" else Arguments, **settings)


def test_a_text_file_has_no_label_column_to_name(tmp_path):
    path = tmp_path / "diary.txt"
    path.write_text("오늘은 맑았다.\n", encoding="utf-8")
    args = custom_args(tmp_path, "generation", path, label_column="감성")
    with pytest.raises(CorpusError, match="텍스트 파일이라 열이 없는데 설정에 label_column='감성'"):
        read_corpus(args, "train")


@pytest.mark.parametrize("rows, must_say", [
    ([(f"리뷰 {i}", f"레이블{i % 7}") for i in range(12)], "레이블이 7가지로 예제(12개)의 절반이 넘습니다"),
    ([(f"리뷰 {i}", f"레이블{i}") for i in range(3)], "레이블 3가지가 모두 예제 하나씩뿐이라 검증 데이터를 떼어 낼 수 없습니다"),
])
def test_labels_that_cannot_be_learned_or_split_are_named_as_such(rows, must_say, tmp_path):
    args = custom_args(tmp_path, "document-classification", write_csv(tmp_path / "a.csv", [("text", "label")] + rows))
    with pytest.raises(CorpusError, match=re.escape(must_say)):
        read_corpus(args, "val")


def test_qa_with_one_paragraph_cannot_be_split_and_says_why(tmp_path):
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(squad(QUESTIONS), ensure_ascii=False), encoding="utf-8")
    args = custom_args(tmp_path, "qa", path, cls=QAArguments)
    with pytest.raises(CorpusError, match=r"문단\(context\)이 1개뿐이라 .* 문단 단위로 떼어 냅니다"):
        read_corpus(args, "train")


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("task, name, labels, first", [
    ("document-classification", "doc_classification.csv", ["문의", "불만", "칭찬"], "배송이 빨라요, 포장도 꼼꼼했어요"),
    ("pair-classification", "pair_classification.tsv", ["contradiction", "entailment", "neutral"],
     "철수가 공원에서 자전거를 탄다."),
    ("ner", "ner.jsonl", ["O", "B-DAT", "I-DAT", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER",
                          "B-TIM", "I-TIM"], "이순신은 서울 건천동에서 태어났다."),
    ("ner", "ner.txt", ["O", "B-DAT", "I-DAT", "B-LOC", "I-LOC", "B-PER", "I-PER", "B-TIM", "I-TIM"],
     "이순신은 서울에서 태어났다."),
    ("qa", "qa.json", None, "이순신은 어디에서 태어났는가?"),
    ("generation", "generation.csv", ["긍정", "부정"], "배송이 빨라서 좋았어요"),
    ("generation", "generation.txt", None, "오늘은 하늘이 맑고 바람이 시원했다."),
])
def test_readme_example_files_read_and_split(task, name, labels, first, tmp_path):
    """Each example file of the README reads, splits (no validation file) and has the labels it shows."""
    args = custom_args(tmp_path, task, EXAMPLES / name, cls=QAArguments if task == "qa" else Arguments)
    train, val = read_corpus(args, "train"), read_corpus(args, "val")
    records = custom.read_records(args.custom_data, args.custom_train_file)
    assert train and val and len(train) + len(val) == len(records)
    assert corpus_labels(args, train) == labels
    text = getattr(records[0][1], "text_a", None) or getattr(records[0][1], "text", None) or records[0][1].question
    assert text == first
