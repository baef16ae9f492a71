"""Bad input gets a clear message and the session goes on.

One table per kind of input: settings, corpora and checkpoints (``BAD_FILES``), and the
text typed into each demo (``BAD_TEXTS``). Each row says what is wrong, which error it
raises and what the message must say (the problem and the fix); after each, the next
valid call or widget input still gets its answer.
"""
import shutil
from pathlib import Path

import pytest
import torch
from transformers import AutoConfig, AutoTokenizer, BertForSequenceClassification

from nlpbook_helpers import Arguments, CheckpointError, CorpusError, InputError, read_examples
from nlpbook_helpers.checkpoints import check_tokenizer_fits, export_model, resume_checkpoint
from nlpbook_helpers.classification import Classifier
from nlpbook_helpers.quick import apply_quick_mode, build_tiny_bert
from nlpbook_helpers.widgets.classification import classification_demo
from nlpbook_helpers.widgets.pair_classification import pair_classification_demo
from pipeline import load_for_inference

NSMC_HEADER = "id\tdocument\tlabel\n"
LABELS = ["부정", "긍정"]


def write_checkpoint(model_dir, model, task="document-classification", labels=LABELS, score=0.5):
    """A checkpoint shaped like the ones training writes (weights, recorded score, metadata)."""
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    key = "ModelCheckpoint{'monitor': 'val_loss', 'mode': 'min', 'every_n_train_steps': 0}"
    path = model_dir / f"epoch=0-step=1-val_loss={score:.4f}.ckpt"
    torch.save({"state_dict": {f"model.{k}": v for k, v in model.state_dict().items()},
                "callbacks": {key: {"monitor": "val_loss", "current_score": torch.tensor(score)}},
                "nlpbook": {"task": task, "pretrained_model_name": model.name_or_path, "labels": labels,
                            "max_seq_length": 64}}, path)
    return path


@pytest.fixture(scope="module")
def doccls_dir(tmp_path_factory, tiny_bert_path):
    """A document-classification model folder (untrained tiny BERT): its checkpoint and its export."""
    model_dir = tmp_path_factory.mktemp("doccls")
    torch.manual_seed(0)
    model = BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2)
    path = write_checkpoint(model_dir, model)
    export_model(model_dir, model, AutoTokenizer.from_pretrained(tiny_bert_path), path, "document-classification")
    return model_dir


def corpus_root(tmp_path, nsmc_train):
    """A corpus root whose NSMC train file holds ``nsmc_train`` (and a good test file)."""
    (tmp_path / "nsmc").mkdir(parents=True, exist_ok=True)
    (tmp_path / "nsmc" / "ratings_train.txt").write_text(nsmc_train, encoding="utf-8")
    (tmp_path / "nsmc" / "ratings_test.txt").write_text(NSMC_HEADER + "1\t굳\t1\n", encoding="utf-8")
    return tmp_path


def swapped_tokenizer(model_dir, tmp_path):
    """A copy of the export whose tokenizer files come from another vocabulary."""
    other = AutoTokenizer.from_pretrained(build_tiny_bert(tmp_path / "other-bert", merges=50))
    copy = tmp_path / "copy"
    shutil.copytree(model_dir / "export", copy / "export")
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        (copy / "export" / name).unlink(missing_ok=True)
    other.save_pretrained(copy / "export")
    return copy


def export_without(model_dir, tmp_path, name):
    """A copy of the model folder's export with one of its files deleted (a half-copied Drive folder)."""
    copy = tmp_path / "copy"
    shutil.copytree(model_dir / "export", copy / "export")
    (copy / "export" / name).unlink()
    return copy


def another_label_count(model_dir, tmp_path):
    """export_model of a 3-label model from the 2-label checkpoint (a folder reused across tasks)."""
    model = BertForSequenceClassification.from_pretrained(model_dir / "export", num_labels=3,
                                                          ignore_mismatched_sizes=True)
    tokenizer = AutoTokenizer.from_pretrained(model_dir / "export")
    export_model(tmp_path, model, tokenizer, next(model_dir.glob("*.ckpt")), "document-classification")


# (what is wrong, how to cause it given (tmp_path, doccls_dir), error, what the message must say)
BAD_FILES = [
    ("unknown corpus name",
     lambda tmp, _: Arguments(downstream_corpus_name="nsmcc"),
     CorpusError, ["알 수 없는 말뭉치 'nsmcc'", "쓸 수 있는 말뭉치:", "nsmc"]),
    ("corpus folder missing",
     lambda tmp, _: read_examples("nsmc", tmp / "nowhere", "train"),
     CorpusError, ["ratings_train.txt 파일이 없습니다", "download_corpus(...)로 이 말뭉치를 내려받거나"]),
    ("wrong column count",
     lambda tmp, _: read_examples("nsmc", corpus_root(tmp, NSMC_HEADER + "1\t굳\t1\n2\t별로\n"), "train"),
     CorpusError, ["ratings_train.txt, 3번째 줄", "탭으로 나뉜 칸이 3개", "2개입니다",
                   "이 줄을 고치거나 지우세요"]),
    ("unknown label",
     lambda tmp, _: read_examples("nsmc", corpus_root(tmp, NSMC_HEADER + "1\t굳\t1\n2\t별로\t2\n"), "train"),
     CorpusError, ["ratings_train.txt, 3번째 줄", "레이블이 '2'입니다", "0 또는 1", "이 줄을 고치거나"]),
    ("empty corpus file",
     lambda tmp, _: read_examples("nsmc", corpus_root(tmp, ""), "train"),
     CorpusError, ["ratings_train.txt 파일이 비어 있습니다", "말뭉치를 다시 내려받으세요"]),
    ("empty checkpoint folder at inference",
     lambda tmp, _: load_for_inference(tmp, "document-classification"),
     CheckpointError, ["체크포인트도, 내보낸 모델도 없습니다", "학습 노트북을 먼저 실행하세요"]),
    ("export folder without its tokenizer",
     lambda tmp, model_dir: load_for_inference(export_without(model_dir, tmp, "tokenizer.json"), "document-classification"),
     CheckpointError, ["tokenizer.json이 없습니다", "'최고 체크포인트 내보내기' 셀을 다시 실행"]),
    ("checkpoint of another task",
     lambda tmp, model_dir: load_for_inference(model_dir, "ner"),
     CheckpointError, ["'document-classification' 과제의 모델입니다", "이 노트북은 'ner' 과제",
                       "downstream_model_dir이 'ner' 학습 노트북의 모델 폴더를 가리키게"]),
    ("checkpoint with another label count",
     lambda tmp, model_dir: another_label_count(model_dir, tmp),
     CheckpointError, ["이 모델에 맞지 않습니다", "레이블 2개 ['부정', '긍정']로 학습했고", "이 모델의 레이블은 3개",
                       "같은 사전학습 모델과 레이블로 만든 모델을 주세요"]),
    ("training into the folder of a run with other labels",
     lambda tmp, model_dir: resume_checkpoint(model_dir, {"task": "document-classification",
                                                          "labels": ["entailment", "neutral", "contradiction"]}),
     CheckpointError, ["다른 학습에서 저장한 체크포인트", "labels: ['부정', '긍정']", "다른 downstream_model_dir"]),
    ("tokenizer vocabulary does not match the model",
     lambda tmp, model_dir: load_for_inference(swapped_tokenizer(model_dir, tmp), "document-classification"),
     CheckpointError, ["모델과 토크나이저가 맞지 않습니다", "다른 어휘", "토큰 {tiny}개로 학습했습니다",
                       "토크나이저를 모델과 같은 폴더에서 불러오세요"]),
    ("tokenizer larger than the model's embeddings",
     lambda tmp, model_dir: check_tokenizer_fits(
         BertForSequenceClassification(BertForSequenceClassification.config_class(
             vocab_size=300, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8)),
         AutoTokenizer.from_pretrained(model_dir / "export")),
     CheckpointError, ["토크나이저는 토큰 {tiny}개", "토큰 300개 이하", "토크나이저를 모델과 같은 폴더에서 불러오세요"]),
]


@pytest.mark.parametrize("problem, cause, error, must_say", BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_settings_files_and_checkpoints(problem, cause, error, must_say, tmp_path, doccls_dir, fixture_root):
    with pytest.raises(error) as raised:
        cause(tmp_path, doccls_dir)
    tiny = AutoConfig.from_pretrained(doccls_dir / "export").vocab_size  # the tiny BERT's vocabulary
    for words in (w.replace("{tiny}", str(tiny)) for w in must_say):
        assert words in str(raised.value), f"{problem}: {words!r} not in {raised.value}"
    # The session goes on: the next valid calls work.
    assert len(read_examples("nsmc", fixture_root, "val")) == 200
    model, tokenizer, info = load_for_inference(doccls_dir, "document-classification")
    assert info["labels"] == LABELS and Classifier(model, tokenizer, max_length=64)(["정말 재밌어요"])[0]["label"] in LABELS


# --- text typed into each demo -----------------------------------------------------------

LONG = "정말 재밌어요 배우들 연기가 최고 " * 600  # 10,800 characters
assert len(LONG) > 10_000
EMOJI = "😀🎬👍🔥"
CONTEXT = ("훈민정음은 조선의 제4대 임금인 세종이 1443년에 만든 문자로, 백성을 가르치는 바른 소리라는 뜻을 담고 있다. "
           "세종은 집현전 학자들과 함께 글자를 다듬었고, 1446년 음력 9월에 이를 책으로 펴내 널리 알렸다. ")
QUESTION = "세종이 훈민정음을 만든 해는?"


class Refused:
    """The predictor raises InputError saying ``error_words``; the widget shows ``widget_words``."""

    def __init__(self, error_words, widget_words):
        self.error_words, self.widget_words = error_words, widget_words


EMPTY_SENTENCE = Refused(["문장이 비어 있습니다", "입력하세요"], ["비어 있습니다", "입력하세요"])
NO_QUESTION = Refused(["질문이 비어 있습니다", "질문을 입력하세요"], ["질문과 문단을 모두 입력하세요"])
NO_CONTEXT = Refused(["문단이 비어 있습니다", "문단을 붙여 넣으세요"], ["질문과 문단을 모두 입력하세요"])


def out_of_range(*words):
    """A generation control out of range: the same Korean message from the predictor and beside the control."""
    return Refused(list(words), list(words))


@pytest.fixture(scope="module")
def doccls(doccls_dir):
    model, tokenizer, _ = load_for_inference(doccls_dir, "document-classification")
    return Classifier(model, tokenizer, max_length=64)


@pytest.fixture(scope="module")
def ner(tiny_bert_path):
    from transformers import BertForTokenClassification

    from nlpbook_helpers.ner import EntityRecognizer

    labels = ["O", "B-PS", "I-PS", "B-LC", "I-LC"]
    torch.manual_seed(0)
    model = BertForTokenClassification.from_pretrained(
        tiny_bert_path, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)})
    return EntityRecognizer(model, AutoTokenizer.from_pretrained(tiny_bert_path), max_length=64)


@pytest.fixture(scope="module")
def qa(tiny_bert_path, tmp_path_factory):
    from transformers import BertForQuestionAnswering

    from nlpbook_helpers.qa import QAArguments, QuestionAnswerer

    torch.manual_seed(0)
    args = apply_quick_mode(QAArguments(downstream_model_dir=str(tmp_path_factory.mktemp("qa"))))
    return QuestionAnswerer(BertForQuestionAnswering.from_pretrained(tiny_bert_path),
                            AutoTokenizer.from_pretrained(tiny_bert_path), max_length=args.max_seq_length,
                            doc_stride=args.doc_stride, max_query_length=args.max_query_length)


@pytest.fixture(scope="module")
def generation(_private_cache):
    from transformers import GPT2LMHeadModel

    from nlpbook_helpers.generation import Generator, load_tokenizer
    from nlpbook_helpers.quick import tiny_gpt2

    return Generator(GPT2LMHeadModel.from_pretrained(tiny_gpt2()), load_tokenizer(tiny_gpt2()))


class Demo:
    """How the table drives one task's predictor and widget, given one input.

    ``call(predict, given)``: the predictor's result; ``make(predict)``: the widget;
    ``enter(demo, given)``: fill the widget in and press its button; ``shown(demo)``:
    the HTML the widget shows; ``answered(demo)``: whether that is an answer;
    ``valid``: a good input, to check that the demo still answers.
    """

    def __init__(self, call, make, enter, answered, valid, shown=lambda demo: demo.result.value):
        self.call, self.make, self.enter, self.answered = call, make, enter, answered
        self.valid, self.shown = valid, shown


def widgets_module(name):
    import importlib

    return importlib.import_module(f"nlpbook_helpers.widgets.{name}")


def enter_text(demo, text):
    demo.text.value = text
    demo.button.click()


def enter_pair(demo, text):
    demo.premise.value, demo.hypothesis.value = "남자가 길을 걷고 있다.", text
    demo.button.click()


def enter_qa(demo, given):
    demo.question.value, demo.context.value = given
    demo.button.click()


def enter_generation(demo, given):
    prompt, controls = given
    demo.prompt.value = prompt
    for name, value in dict(GOOD_CONTROLS, **controls).items():
        getattr(demo, name).value = value
    demo.button.click()


GOOD_CONTROLS = dict(max_new_tokens=8, do_sample=True, temperature=1.0, top_k=50, top_p=0.95,
                     repetition_penalty=1.2, num_beams=1, seed=7)

DEMOS = {  # the pair demo runs the same Classifier with two texts: the 2-label model checks its input handling
    "doccls": Demo(lambda predict, text: predict([text])[0], classification_demo, enter_text,
                   lambda demo: "nlpbook-label" in demo.result.value, "정말 재밌어요"),
    "pair": Demo(lambda predict, text: predict(["남자가 길을 걷고 있다."], [text])[0],
                 pair_classification_demo, enter_pair, lambda demo: "nlpbook-label" in demo.result.value,
                 "사람이 걷고 있다."),
    "ner": Demo(lambda predict, text: predict([text])[0], lambda p: widgets_module("ner").ner_demo(p), enter_text,
                lambda demo: "nlpbook-entities" in demo.result.value,
                "이순신 장군은 서울에서 태어났다."),
    "qa": Demo(lambda predict, given: predict(*given), lambda p: widgets_module("qa").qa_demo(p), enter_qa,
               lambda demo: "nlpbook-answer" in demo.result.value or "답을 찾지 못했습니다" in demo.result.value,
               (QUESTION, CONTEXT)),
    "generation": Demo(lambda predict, given: predict(given[0], "긍정", **dict(GOOD_CONTROLS, **given[1])),
                       lambda p: widgets_module("generation").generation_demo(p), enter_generation,
                       lambda demo: "nlpbook-generated" in demo.result.value, ("이 영화", {}),
                       shown=lambda demo: demo.result.value + "".join(m.value for m in demo.messages.values())),
}


def classified(truncated):
    return lambda r, predict, given: (r["label"] in predict.labels and abs(sum(r["probs"].values()) - 1) < 1e-5
                               and r["truncated"] is truncated)


def entities_found(truncated):
    return lambda r, predict, given: (r["truncated"] is truncated
                               and all(r["text"][e.start:e.end] == e.text for e in r["entities"]))


def answered_from_context(min_windows=1):
    return lambda r, predict, given: r["windows"] >= min_windows and r["answer"] == given[1][r["start"]:r["end"]]


def generated(r, predict, given):
    """The prompt, as typed, continued by at least one character; the hidden sentiment prefix stays hidden."""
    return r.startswith(given[0]) and len(r) > len(given[0]) and not r.startswith(("긍정", "부정"))


# (what is typed, task, input, expected): Refused(...) or a check of the predictor's result.
BAD_TEXTS = [
    ("doccls: empty", "doccls", "", EMPTY_SENTENCE),
    ("doccls: whitespace", "doccls", " \t\n ", EMPTY_SENTENCE),
    ("doccls: NUL only", "doccls", "\x00\x00", EMPTY_SENTENCE),
    ("doccls: zero-width only", "doccls", "\u200b\ufeff", EMPTY_SENTENCE),  # zero-width characters only
    ("doccls: 10800 characters", "doccls", LONG, classified(truncated=True)),
    ("doccls: emoji only", "doccls", EMOJI, classified(truncated=False)),
    ("doccls: NUL inside", "doccls", "정말\x00 재밌어요", classified(truncated=False)),
    ("pair: empty", "pair", "", EMPTY_SENTENCE),
    ("pair: NUL and whitespace", "pair", "\x00 \n", EMPTY_SENTENCE),
    ("pair: 10800 characters", "pair", LONG, classified(truncated=True)),
    ("pair: emoji only", "pair", EMOJI, classified(truncated=False)),
    ("ner: empty", "ner", "", EMPTY_SENTENCE),
    ("ner: whitespace", "ner", " \t\n ", EMPTY_SENTENCE),
    ("ner: NUL only", "ner", "\x00\x00", EMPTY_SENTENCE),
    ("ner: 10800 characters", "ner", LONG, entities_found(truncated=True)),
    ("ner: emoji only", "ner", EMOJI, entities_found(truncated=False)),
    ("ner: NUL inside", "ner", "이순신\x00 장군은 서울에서 태어났다.", entities_found(truncated=False)),
    ("qa: empty question", "qa", ("", CONTEXT), NO_QUESTION),
    ("qa: empty context", "qa", (QUESTION, ""), NO_CONTEXT),
    ("qa: NUL and whitespace context", "qa", (QUESTION, " \n\x00"), NO_CONTEXT),
    ("qa: NUL question", "qa", ("\x00", CONTEXT), NO_QUESTION),
    ("qa: context of 40 paragraphs", "qa", (QUESTION, CONTEXT * 40), answered_from_context(min_windows=10)),
    ("qa: 10800-character question", "qa", (LONG, CONTEXT), answered_from_context()),  # cut to max_query_length
    ("qa: emoji question", "qa", (EMOJI, CONTEXT), answered_from_context()),
    ("generation: empty prompt", "generation", ("", {}), generated),  # the model starts from the sentiment alone
    ("generation: NUL prompt", "generation", ("\x00", {}), generated),
    ("generation: emoji prompt", "generation", (EMOJI, {}), generated),
    ("generation: 10800-character prompt", "generation", (LONG, {}), out_of_range("프롬프트가", "줄여 주세요")),
    ("generation: temperature 0", "generation", ("이 영화", {"temperature": 0.0}), out_of_range("temperature는 0보다 커야")),
    ("generation: top_p 1.5", "generation", ("이 영화", {"top_p": 1.5}), out_of_range("top_p는 0보다 크고 1 이하")),
    ("generation: top_k -1", "generation", ("이 영화", {"top_k": -1}), out_of_range("top_k는 0 이상의 정수")),
    ("generation: max_new_tokens 0", "generation", ("이 영화", {"max_new_tokens": 0}), out_of_range("max_new_tokens는 1 이상")),
    ("generation: max_new_tokens 100000", "generation", ("이 영화", {"max_new_tokens": 100_000}),
     out_of_range("max_new_tokens는 1 이상", "프롬프트가")),
    ("generation: num_beams 0", "generation", ("이 영화", {"num_beams": 0}), out_of_range("num_beams는 1 이상의 정수")),
    ("generation: repetition_penalty -1", "generation", ("이 영화", {"repetition_penalty": -1.0}),
     out_of_range("repetition_penalty는 0보다 커야")),
    ("generation: seed -3", "generation", ("이 영화", {"seed": -3}), out_of_range("seed는 0 이상의 정수")),
]
FIXTURES = {"doccls": "doccls", "pair": "doccls", "ner": "ner", "qa": "qa", "generation": "generation"}


@pytest.mark.parametrize("typed, task, given, expected", BAD_TEXTS, ids=[row[0] for row in BAD_TEXTS])
def test_bad_text_in_each_demo(typed, task, given, expected, request):
    spec = DEMOS[task]
    predict = request.getfixturevalue(FIXTURES[task])
    demo = spec.make(predict)
    if isinstance(expected, Refused):
        with pytest.raises(InputError) as raised:
            spec.call(predict, given)
        for words in expected.error_words:
            assert words in str(raised.value)
        spec.enter(demo, given)
        for words in expected.widget_words:
            assert words in spec.shown(demo)
        assert not spec.answered(demo)
    else:
        result = spec.call(predict, given)
        assert expected(result, predict, given), result
        spec.enter(demo, given)
        assert spec.answered(demo), spec.shown(demo)
        if isinstance(result, dict) and "truncated" in result:
            assert ("입력이 길어" in spec.shown(demo)) == result["truncated"]
        if isinstance(result, dict) and result.get("windows", 0) > 1 and result.get("answer"):
            assert f"{result['windows']}개 구간으로 나누어 읽었습니다" in spec.shown(demo)
    # The demo still answers the next valid input.
    spec.enter(demo, spec.valid)
    assert spec.answered(demo) and "비어 있습니다" not in spec.shown(demo)


def test_nul_inside_text_is_ignored_like_the_tokenizer_does(doccls):
    with_nul, without = doccls(["정말\x00 재밌어요"])[0], doccls(["정말 재밌어요"])[0]
    assert with_nul["probs"] == pytest.approx(without["probs"])


# (predictor, the wrong call, what the message must say): raw TypeError/AttributeError before, or a dict classified by its keys.
WRONG_TYPES = [
    ("doccls", lambda p: p(123), ["문장 목록(리스트)을 주세요", "int 123", 'predict(["정말 재밌어요"])']),
    ("doccls", lambda p: p(None), ["문장 목록(리스트)을 주세요", "NoneType None"]),
    ("doccls", lambda p: p([]), ["문장 목록이 비어 있습니다", "하나 이상"]),
    ("doccls", lambda p: p({"정말 재밌어요": 1}), ["문장 목록(리스트)을 주세요", "dict"]),
    ("doccls", lambda p: p("정말 재밌어요"), ["문장 목록을 주세요. 문장이 하나여도", 'predict(["정말 재밌어요"])']),
    ("doccls", lambda p: p(["정말 재밌어요", 3]), ["2번째 값이 글자(str)가 아니라 int 3"]),
    ("doccls", lambda p: p(["남자가 걷는다"], ["사람이 움직인다", "여자가 앉았다"]), ["전제 1개와 가설 2개"]),
    ("ner", lambda p: p(123), ["문장 목록(리스트)을 주세요", "int 123", 'predict(["박지성은 수원에서 태어났다"])']),
    ("ner", lambda p: p(None), ["NoneType None"]),
    ("ner", lambda p: p([]), ["문장 목록이 비어 있습니다"]),
    ("ner", lambda p: p({"박지성": "PS"}), ["dict"]),
    ("qa", lambda p: p(123, CONTEXT), ["question에는 글자(str)를 주세요", "int 123"]),
    ("qa", lambda p: p(QUESTION, None), ["context에는 글자(str)를 주세요", "NoneType None"]),
    ("generation", lambda p: p(prompt=123), ["prompt에는 글자(str)를 주세요", "int 123", 'predict("이 영화"']),
    ("generation", lambda p: p("이 영화", sentiment=1), ["sentiment에는 글자(str)를 주세요"]),
]


@pytest.mark.parametrize("fixture, call, words", WRONG_TYPES, ids=[f"{row[0]}-{i}" for i, row in enumerate(WRONG_TYPES)])
def test_each_predictor_says_what_it_takes(fixture, call, words, request):
    predict = request.getfixturevalue(fixture)
    with pytest.raises(InputError) as raised:
        call(predict)
    for word in words:
        assert word in str(raised.value)
    valid = {"doccls": lambda: predict(["정말 재밌어요"]), "ner": lambda: predict(["박지성은 수원에서 태어났다"]),
             "qa": lambda: predict(QUESTION, CONTEXT), "generation": lambda: predict("이 영화", max_new_tokens=3)}
    assert valid[fixture]()  # the next valid call still gets its answer
