"""Question answering (KorQuAD 1.0): reader, sliding windows, post-processing, the official metric, demo."""
import json
import warnings
from pathlib import Path

import pytest
import torch

from nlpbook_helpers import CorpusError, InputError, read_corpus, read_examples
from nlpbook_helpers.corpora import CORPORA, korquad
from nlpbook_helpers.corpora.korquad import Answer, QAExample
from nlpbook_helpers import quick
from nlpbook_helpers.data import build_dataset, encoder_key
from nlpbook_helpers.qa import (QAArguments, QuestionAnswerer, answer_positions, best_span, encode_qa,
                                f1_score, normalize_answer, postprocess, predict_examples, squad_scores)

NEG = -1  # offset of a question or special token


@pytest.fixture(scope="module")
def tokenizer(tiny_bert_path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_bert_path)


@pytest.fixture
def qa_args(tmp_path, _private_cache):
    from pipeline import quick_arguments

    return lambda **overrides: quick_arguments(QAArguments, tmp_path, overrides)


def write_squad(path, paragraphs):
    """A SQuAD-format file from ``[(context, [(id, question, [(text, start), ...]), ...]), ...]``."""
    data = [{"title": "t", "paragraphs": [
        {"context": context, "qas": [{"id": qid, "question": q, "answers": [{"text": t, "answer_start": s} for t, s in answers]}
                                     for qid, q, answers in qas]}
        for context, qas in paragraphs]}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": "KorQuAD_v1.0", "data": data}, ensure_ascii=False), encoding="utf-8")
    return path


# --- the reader -----------------------------------------------------------------------------

def test_fixture_counts_answer_at_zero_and_second_answers(fixture_root):
    assert CORPORA["korquad-v1"] is korquad
    train, val = read_examples("korquad-v1", fixture_root, "train"), read_examples("korquad-v1", fixture_root, "val")
    assert (len(train), len(val)) == (1120, 120)
    # question 0 of every paragraph but the creation ones (4 kinds in 7) has its answer at character 0: none is dropped
    assert sum(e.answers[0].start == 0 for e in train) == 160 and sum(e.answers[0].start == 0 for e in val) == 18
    assert train[0].id == "6500000-0-0" and train[0].answers == [Answer("박건우", 0)]
    assert train[0].context.startswith("박건우는 1928년 대구에서")
    assert sum(len(e.answers) == 2 for e in val) == 5  # e.g. "6800명" and "약 6800명"
    for example in train + val:
        for answer in example.answers:
            assert example.context[answer.start:answer.start + len(answer.text)] == answer.text


def test_reader_keeps_answer_at_zero_and_reports_mismatch_by_id(tmp_path):
    write_squad(tmp_path / "korquad-v1" / "KorQuAD_v1.0_dev.json", [
        ("세종은 한글을 만들었다.", [("q-0", "한글을 만든 사람은?", [("세종", 0)]),
                                ("q-1", "세종이 만든 것은?", [("한글", 5), ("한글을", 4)])]),
    ])
    with pytest.warns(UserWarning, match=r"질문 1개에서.*q-1") as record:
        examples = read_examples("korquad-v1", tmp_path, "val")
    assert "q-0" not in str(record[0].message)
    assert examples == [
        QAExample("q-0", "한글을 만든 사람은?", "세종은 한글을 만들었다.", [Answer("세종", 0)]),
        QAExample("q-1", "세종이 만든 것은?", "세종은 한글을 만들었다.", [Answer("한글", 5), Answer("한글을", 4)]),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        korquad.read_file(write_squad(tmp_path / "ok.json", [("가나다", [("a", "?", [("가", 0)])])]))


def test_cut_off_file_names_its_line_and_the_fix(tmp_path):
    path = tmp_path / "korquad-v1" / "KorQuAD_v1.0_train.json"
    path.parent.mkdir()
    path.write_text('{"version": "KorQuAD_v1.0",\n "data": [{"title": "t", "paragr', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"KorQuAD_v1.0_train.json, 2번째 줄.*지우고"):
        read_examples("korquad-v1", tmp_path, "train")
    with pytest.raises(CorpusError, match="korquad-v1 말뭉치에는 'test' 데이터가 없습니다"):
        read_examples("korquad-v1", tmp_path, "test")


def test_download_reuses_a_file_that_is_there(tmp_path):
    for name in korquad.FILES.values():  # no network needed: both files are in place
        write_squad(tmp_path / "korquad-v1" / name, [("가나다", [("a", "?", [("가", 0)])])])
    assert korquad.download(tmp_path) == tmp_path / "korquad-v1"


# --- windows and answer positions ------------------------------------------------------------

# About 150 tiny-model tokens: several 64-token windows. The answer "지역 신문" is near the end.
LONG_CONTEXT = " ".join([
    "김민준은 1930년 광주에서 태어난 영화감독이다.", "어린 시절부터 그림과 책을 좋아했던 그는 대학에서 철학을 공부했다.",
    "1960년에 발표한 『작은 별의 지도』로 이름을 알렸으며, 이 작품은 22개 언어로 번역되었다.",
    "그는 청년예술상을 받았고, 지금은 전주에 살고 있다.", "자세한 내용은 여러 책에서 다루어졌다.",
    "당시의 기록은 지금도 도서관에 보관되어 있다.", "많은 사람들이 이 일을 오래 기억하고 있다.",
    "본사는 안동에 있으며 직원은 2180명이다.", "매년 11월이면 별빛 축제가 열려 많은 관광객이 찾아온다.",
    "그 뒤 마을 사람들은 해마다 이날 작은 모임을 연다.", "이 이야기는 지역 신문에 여러 번 실렸다.",
])


def test_answer_positions_by_hand():
    # context "ab cd efg": tokens ab(0,2) cd(3,5) ef(6,8) ##g(8,9) after [CLS] q [SEP]
    starts, ends = [NEG, NEG, NEG, 0, 3, 6, 8, NEG], [NEG, NEG, NEG, 2, 5, 8, 9, NEG]
    assert answer_positions(starts, ends, Answer("ab", 0)) == (3, 3)  # answer at character 0
    assert answer_positions(starts, ends, Answer("cd efg", 3)) == (4, 6)
    assert answer_positions(starts, ends, Answer("d", 4)) == (4, 4)  # inside one token
    # a window that holds only part of the context: "cd" is outside, "ab cd" only half inside
    window = [NEG, NEG, NEG, 0, NEG], [NEG, NEG, NEG, 2, NEG]
    assert answer_positions(*window, Answer("cd", 3)) == (0, 0)
    assert answer_positions(*window, Answer("ab cd", 0)) == (0, 0)


def test_windows_share_doc_stride_tokens_and_cover_the_context(tokenizer):
    answer = Answer("지역 신문", LONG_CONTEXT.index("지역 신문"))
    first = Answer("김민준", 0)
    examples = [QAExample("a", "김민준의 이야기는 어디에 실렸나?", LONG_CONTEXT, [answer]),
                QAExample("b", "1930년 광주에서 태어난 영화감독은?", LONG_CONTEXT, [first])]
    features = encode_qa(examples, tokenizer, 64, doc_stride=16, max_query_length=24)
    assert encode_qa(examples, tokenizer, 64, 16, 24, chunk_size=1) == features  # chunks change nothing
    windows = [i for i, e in enumerate(features["example_index"]) if e == 0]
    assert len(windows) >= 3 and features["example_index"] == sorted(features["example_index"])
    for i in windows:
        ids = features["input_ids"][i]
        assert len(ids) <= 64 and ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    spans = [[(s, e) for s, e in zip(features["offset_start"][i], features["offset_end"][i]) if s >= 0] for i in windows]
    for previous, following in zip(spans, spans[1:]):
        assert previous[-16:] == following[:16]  # neighbours share doc_stride context tokens
    assert spans[0][0][0] == 0 and spans[-1][-1][1] == len(LONG_CONTEXT)
    # a window that holds the answer points at it; every other window targets [CLS]
    holds = [span[0][0] <= answer.start and answer.start + len(answer.text) <= span[-1][1] for span in spans]
    assert holds[0] is False and holds[-1] is True
    for i, held in zip(windows, holds):
        s, e = features["start_positions"][i], features["end_positions"][i]
        if held:  # the tokens that cover the answer: 지역 | 신문에 (the particle shares a token)
            assert LONG_CONTEXT[features["offset_start"][i][s]:features["offset_end"][i][e]] == "지역 신문에"
        else:
            assert (s, e) == (0, 0)
    # example b: the answer at character 0 is found in the first window only
    b = [i for i, x in enumerate(features["example_index"]) if x == 1]
    assert [(features["start_positions"][i] > 0) for i in b] == [True] + [False] * (len(b) - 1)
    i = b[0]
    s, e = features["start_positions"][i], features["end_positions"][i]
    assert features["offset_start"][i][s] == 0 and LONG_CONTEXT[:features["offset_end"][i][e]] == "김민준"


def test_long_question_is_cut_to_max_query_length(tokenizer):
    question = " ".join(["영화감독"] * 40)
    features = encode_qa([QAExample("q", question, "짧은 문단이다.", [])], tokenizer, 64, 8, max_query_length=10)
    assert features["token_type_ids"][0].count(0) == 10 + 2  # [CLS] 10 question tokens [SEP]
    assert "start_positions" not in features  # unlabelled examples get no targets


def test_settings_are_checked_and_go_into_the_cache_key(qa_args, tokenizer):
    args = qa_args()
    assert (args.max_seq_length, args.doc_stride, args.max_query_length, args.downstream_corpus_name) == (160, 16, 24, "korquad-v1")
    with quick.disabled(), pytest.raises(ValueError, match="max_seq_length - max_query_length - 3 = 93"):
        QAArguments(max_seq_length=128, doc_stride=100)  # 128 - 32 - 3 context tokens per window
    settings = dict(doc_stride=args.doc_stride, max_query_length=args.max_query_length)
    assert encoder_key(encode_qa, settings) != encoder_key(encode_qa, dict(settings, doc_stride=4))
    assert encoder_key(encode_qa, settings) == encoder_key(encode_qa, dict(settings))  # stable for equal settings
    short = qa_args(max_seq_length=64)  # paragraphs span several windows
    dataset = build_dataset(short, tokenizer, read_corpus(short, "val"), encode_qa, **settings)
    narrower = qa_args(max_seq_length=64, doc_stride=4)
    narrow = build_dataset(narrower, tokenizer, read_corpus(narrower, "val"), encode_qa, doc_stride=4, max_query_length=args.max_query_length)
    build_dataset(short, tokenizer, read_corpus(short, "val"), encode_qa, **settings)  # read back from the cache
    val_count = len(read_corpus(short, "val"))  # the cache is named by the examples' count and content
    names = sorted(p.name for p in Path(args.feature_cache_dir).glob(f"korquad-v1-{val_count}ex-encode_qa-*-64-*.pt"))
    assert len(names) == 2 and {n.split("-")[3] for n in names} == {"encode_qa"}
    # Another overlap of neighbouring windows: other windows, not the cached ones of the first setting.
    assert any(narrow[i]["input_ids"].tolist() != dataset[i]["input_ids"].tolist() for i in range(len(dataset)))
    item = dataset[0]
    assert sorted(item) == ["end_positions", "example_index", "input_ids", "offset_end", "offset_start",
                            "start_positions", "token_type_ids"]


# --- post-processing -------------------------------------------------------------------------

def test_best_span_skips_invalid_pairs_and_question_tokens():
    starts, ends = [NEG, NEG, 0, 3, 6, 10], [NEG, NEG, 2, 5, 9, 12]
    start_logits = torch.tensor([9.0, 9.0, 1.0, 0.0, 4.0, 0.0])  # question tokens score highest: ignored
    end_logits = torch.tensor([9.0, 9.0, 3.0, 2.0, -1.0, -1.0])  # best end (2) lies before the best start (4)
    assert best_span(start_logits, end_logits, starts, ends)[:3] == (4.0, 2, 2)  # 1 + 3, not 4 + 3
    assert best_span(start_logits, end_logits, starts, ends, max_answer_length=1)[:3] == (4.0, 2, 2)
    long_logits = torch.tensor([0.0, 0.0, 5.0, 0.0, 0.0, 0.0]), torch.tensor([0.0, 0.0, 0.0, 1.0, 2.0, 5.0])
    assert best_span(*long_logits, starts, ends, max_answer_length=4)[:3] == (10.0, 2, 5)
    assert best_span(*long_logits, starts, ends, max_answer_length=3)[:3] == (7.0, 2, 4)  # 4 tokens are too long
    assert best_span(start_logits, end_logits, [NEG] * 6, [NEG] * 6) is None


def test_postprocess_takes_the_best_window_and_returns_a_substring():
    context = "가나 다라 마바"
    examples = [QAExample("q1", "?", context, [Answer("다라", 3)]), QAExample("q2", "?", "", [])]
    features = [  # two windows of q1 sharing "다라", one window of q2 with no context tokens
        {"example_index": 0, "offset_start": [NEG, NEG, 0, 3, NEG], "offset_end": [NEG, NEG, 2, 5, NEG]},
        {"example_index": 0, "offset_start": [NEG, NEG, 3, 6, NEG], "offset_end": [NEG, NEG, 5, 8, NEG]},
        {"example_index": 1, "offset_start": [NEG, NEG, NEG], "offset_end": [NEG, NEG, NEG]},
    ]
    start_logits = [torch.tensor([0.0, 0, 2, 1, 0]), torch.tensor([0.0, 0, 1, 3, 0]), torch.zeros(3)]
    end_logits = [torch.tensor([0.0, 0, 1, 2, 0]), torch.tensor([0.0, 0, 0, 4, 0]), torch.zeros(3)]
    predictions = postprocess(examples, features, start_logits, end_logits)
    # window 1: best 마바 (3 + 4 = 7) beats window 0's 가나 다라 (2 + 2 = 4)
    assert {k: predictions["q1"][k] for k in ("text", "start", "end", "logit")} == \
        {"text": "마바", "start": 6, "end": 8, "logit": 7.0}
    assert predictions["q2"]["text"] == "" and predictions["q2"]["score"] == 0.0
    window = torch.tensor([1.0, 3.0]).softmax(-1)[1] * torch.tensor([0.0, 4.0]).softmax(-1)[1]  # context tokens only
    assert predictions["q1"]["score"] == pytest.approx(float(window))


# --- the official KorQuAD 1.0 metric ----------------------------------------------------------

def test_normalisation_of_the_official_script():
    assert normalize_answer(" 《토지》 ") == "토지"
    assert normalize_answer("'박경리'의 (1969년)") == "박경리 의 1969년"
    assert normalize_answer("BTS, 방탄소년단!") == "bts 방탄소년단"
    assert normalize_answer("『토지』") == "『토지』"  # not in the official list: kept


@pytest.mark.parametrize("prediction, truth, f1", [
    ("서울에서", "서울", 2 / 3),          # a particle left on: precision 2/4, recall 2/2
    ("서울", "서울특별시", 4 / 7),        # precision 1, recall 2/5
    ("대한 민국", "대한민국", 1.0),       # characters, spaces ignored: F1 1 although EM is 0
    ("『토지』", "토지", 2 / 3),          # 『』 is not removed
    ("1969년", "1969년.", 1.0),
    ("부산", "서울", 0.0),
])
def test_character_f1_by_hand(prediction, truth, f1):
    assert f1_score(prediction, truth) == pytest.approx(f1)


def test_squad_scores_by_hand():
    dataset = {"version": "KorQuAD_v1.0", "data": [{"title": "t", "paragraphs": [{"context": "...", "qas": [
        {"id": "1", "answers": [{"text": "《토지》", "answer_start": 0}]},
        {"id": "2", "answers": [{"text": "약 6800명", "answer_start": 0}, {"text": "6800명", "answer_start": 2}]},
        {"id": "3", "answers": [{"text": "서울", "answer_start": 0}]},
        {"id": "4", "answers": [{"text": "대한민국", "answer_start": 0}]},
        {"id": "5", "answers": [{"text": "부산", "answer_start": 0}]},
    ]}]}]}
    predictions = {
        "1": "토지",       # EM 1, F1 1 (brackets removed)
        "2": "약 6800",    # EM 0; F1 max(10/11 vs "약 6800명", 4/5 vs "6800명") = 10/11
        "3": "서울에서",    # EM 0, F1 2/3
        "4": "대한 민국",   # EM 0, F1 1
    }                      # "5" unanswered: 0 and 0, still counted
    with pytest.warns(UserWarning, match="1 question"):
        scores = squad_scores(predictions, dataset)
    assert scores["exact_match"] == pytest.approx(100 * 1 / 5)
    assert scores["f1"] == pytest.approx(100 * (1 + 10 / 11 + 2 / 3 + 1) / 5)
    predictions["5"] = "부산"
    assert squad_scores(predictions, dataset["data"])["exact_match"] == pytest.approx(40.0)


# --- the model: validation, prediction, demo --------------------------------------------------

@pytest.fixture(scope="module")
def qa_model(tiny_bert_path):
    from transformers import BertForQuestionAnswering

    torch.manual_seed(0)
    return BertForQuestionAnswering.from_pretrained(tiny_bert_path).eval()


def test_validation_logs_the_scores_of_postprocess(qa_args, qa_model, tokenizer, fixture_root):
    from nlpbook_helpers.data import make_dataloader
    from pipeline import notebook_task, notebook_trainer

    args = qa_args()
    val_examples = read_examples("korquad-v1", fixture_root, "val")
    val_dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_qa, doc_stride=args.doc_stride,
                                max_query_length=args.max_query_length)
    task = notebook_task("qa")(qa_model, args, val_examples)
    val_loader = make_dataloader(val_dataset, args, tokenizer, shuffle=False)
    trainer = notebook_trainer(args, val_loader, logger=False, enable_checkpointing=False, callbacks=[])
    logged = trainer.validate(task, val_loader, verbose=False)[0]
    predictions = predict_examples(qa_model, val_examples, val_dataset, tokenizer, args.n_best, args.max_answer_length)
    assert len(predictions) == 120
    for example in val_examples:
        p = predictions[example.id]
        assert p["text"] == example.context[p["start"]:p["end"]]
    dev = json.loads((Path(fixture_root) / "korquad-v1" / "KorQuAD_v1.0_dev.json").read_text(encoding="utf-8"))
    expected = squad_scores({qid: p["text"] for qid, p in predictions.items()}, dev)
    assert logged["val_em"] == pytest.approx(expected["exact_match"], abs=1e-4)
    assert logged["val_f1"] == pytest.approx(expected["f1"], abs=1e-4)
    assert logged["val_loss"] > 0
    assert task.metadata()["doc_stride"] == 16


class GoldSpans(torch.nn.Module):
    """A stand-in model whose start/end logits peak at the labelled answer positions of each window."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(1))

    def forward(self, input_ids, start_positions, end_positions, **kwargs):
        length = input_ids.shape[1]
        starts = torch.nn.functional.one_hot(start_positions, length).float() * 10 + self.weight
        ends = torch.nn.functional.one_hot(end_positions, length).float() * 10 + self.weight
        loss = (torch.nn.functional.cross_entropy(starts, start_positions)
                + torch.nn.functional.cross_entropy(ends, end_positions)) / 2
        return type("Output", (), {"start_logits": starts, "end_logits": ends, "loss": loss})


def test_validation_with_gold_spans_scores_full_marks(qa_args, tokenizer, fixture_root):
    """Windows, labels and post-processing line up: pointing at the labelled tokens gives the answer's tokens."""
    from nlpbook_helpers.data import make_dataloader
    from pipeline import notebook_task, notebook_trainer

    args = qa_args()
    val_examples = read_examples("korquad-v1", fixture_root, "val")
    val_dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_qa, doc_stride=args.doc_stride,
                                max_query_length=args.max_query_length)
    val_loader = make_dataloader(val_dataset, args, tokenizer, shuffle=False)
    trainer = notebook_trainer(args, val_loader, logger=False, enable_checkpointing=False, callbacks=[])
    logged = trainer.validate(notebook_task("qa")(GoldSpans(), args, val_examples), val_loader, verbose=False)[0]
    # Pointing at the labelled tokens gives the tokens that cover the first gold answer: the tiny
    # tokenizer keeps particles on their word ("철학을" for "철학"), so EM falls short of 100 by design.
    expected = {}
    for example in val_examples:
        answer = example.answers[0]
        offsets = tokenizer(example.context, return_offsets_mapping=True, add_special_tokens=False)["offset_mapping"]
        covering = [(a, b) for a, b in offsets if b > answer.start and a < answer.start + len(answer.text)]
        expected[example.id] = example.context[covering[0][0]:covering[-1][1]]
        assert answer.text in expected[example.id]
    dev = json.loads((Path(fixture_root) / "korquad-v1" / "KorQuAD_v1.0_dev.json").read_text(encoding="utf-8"))
    scores = squad_scores(expected, dev)
    assert 0 < scores["exact_match"] < 100  # measured: 43.75 (14 of 32)
    assert logged["val_em"] == pytest.approx(scores["exact_match"]) and logged["val_f1"] == pytest.approx(scores["f1"])




def predictor_settings(args):
    """What the inference notebook passes to QuestionAnswerer, from the settings training recorded."""
    return dict(max_length=args.max_seq_length, doc_stride=args.doc_stride, max_query_length=args.max_query_length,
                max_answer_length=args.max_answer_length, n_best=args.n_best)


def test_predict_reads_a_long_context_and_refuses_empty_input(qa_args, qa_model, tokenizer):
    predict = QuestionAnswerer(qa_model, tokenizer, **dict(predictor_settings(qa_args()), max_length=64))  # windows
    result = predict("김민준의 이야기는 어디에 실렸나?", LONG_CONTEXT)
    assert result["windows"] >= 3
    assert result["answer"] and result["answer"] == LONG_CONTEXT[result["start"]:result["end"]]
    assert 0 < result["score"] <= 1
    for question, context in (("", LONG_CONTEXT), ("   ", LONG_CONTEXT), ("누구?", ""), ("누구?", " \n")):
        with pytest.raises(InputError):
            predict(question, context)


def test_demo_highlights_the_answer_and_explains_empty_input(qa_args, qa_model, tokenizer):
    from nlpbook_helpers.widgets.qa import EXAMPLE_CONTEXT, qa_demo

    predict = QuestionAnswerer(qa_model, tokenizer, **predictor_settings(qa_args()))
    demo = qa_demo(predict)
    assert demo.context.value == EXAMPLE_CONTEXT
    demo.button.click()
    expected = predict(demo.question.value, EXAMPLE_CONTEXT)
    assert "<mark" in demo.result.value and f"<b>{expected['answer']}</b></mark>" in demo.result.value
    assert f"{100 * expected['score']:.1f}%" in demo.result.value
    demo.question.value = ""  # the box submits on change
    assert "질문과 문단을 모두 입력하세요" in demo.result.value
    demo.question.value = "언제?"
    demo.context.value = "  "
    demo.button.click()
    assert "질문과 문단을 모두 입력하세요" in demo.result.value
