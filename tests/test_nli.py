"""Sentence-pair classification (NLI): KorNLI and KLUE-NLI readers, pair features, the demo."""
import shutil
from pathlib import Path

import pytest

from nlpbook_helpers import CorpusError, read_examples
from nlpbook_helpers.classification import Classifier, encode_classification
from nlpbook_helpers.corpora import CORPORA, klue_nli, kornli
from nlpbook_helpers.corpora.examples import ClassificationExample
from nlpbook_helpers.widgets.pair_classification import pair_classification_demo

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
ENTAILMENT, NEUTRAL, CONTRADICTION = 0, 1, 2


def test_both_corpora_are_registered_with_the_same_labels():
    assert CORPORA["kornli"] is kornli and CORPORA["klue-nli"] is klue_nli
    assert kornli.LABELS == klue_nli.LABELS == ["entailment", "neutral", "contradiction"]


# --- real samples -------------------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "kornli").exists(), reason="shared real-data samples not on this machine")
def test_kornli_real_dev_sample_gives_one_example_per_line(tmp_path):
    (tmp_path / "kornli").mkdir()
    shutil.copy(SHARED / "kornli" / "xnli.dev.ko.sample.tsv", tmp_path / "kornli" / "xnli.dev.ko.tsv")
    examples = read_examples("kornli", tmp_path, "val")
    assert len(examples) == 600
    # data lines 1-3 of the file, checked by hand
    assert examples[0] == ClassificationExample('그리고 그가 말했다, "엄마, 저 왔어요."',
                                                "그는 학교 버스가 그를 내려주자마자 엄마에게 전화를 걸었다.", NEUTRAL)
    assert (examples[1].text_b, examples[1].label) == ("그는 한마디도 하지 않았다.", CONTRADICTION)
    assert (examples[2].text_b, examples[2].label) == ("그는 엄마에게 집에 갔다고 말했다.", ENTAILMENT)
    assert (examples[-1].text_b, examples[-1].label) == ("언덕 꼭대기에 장미가 있었다.", ENTAILMENT)
    assert [sum(e.label == i for e in examples) for i in range(3)] == [200, 200, 200]


@pytest.mark.skipif(not (SHARED / "klue-nli").exists(), reason="shared real-data samples not on this machine")
def test_klue_nli_real_dev_sample_gives_300_examples(tmp_path):
    (tmp_path / "klue-nli").mkdir()
    shutil.copy(SHARED / "klue-nli" / "klue-nli-v1.1_dev.sample.json", tmp_path / "klue-nli" / "klue-nli-v1.1_dev.json")
    examples = read_examples("klue-nli", tmp_path, "val")
    assert len(examples) == 300
    assert examples[0] == ClassificationExample("흡연자분들은 발코니가 있는 방이면 발코니에서 흡연이 가능합니다.",
                                                "어떤 방에서도 흡연은 금지됩니다.", CONTRADICTION)
    assert [sum(e.label == i for e in examples) for i in range(3)] == [100, 100, 100]


# --- fixtures and errors ------------------------------------------------------------------

def test_kornli_fixture_counts_and_labels(fixture_root):
    train, val, test = (read_examples("kornli", fixture_root, split) for split in ("train", "val", "test"))
    assert (len(train), len(val), len(test)) == (1200, 150, 150)  # train = multinli 600 + snli 600
    assert [e.label for e in val[:6]] == [ENTAILMENT, NEUTRAL, CONTRADICTION] * 2
    # Sentences that open with a quote stay intact, the one that never closes it too.
    assert val[34].text_a == '"라고 적힌 표지판 앞에서 민지가 멈췄다. 그리고 운동장에서 커피를 마신다.'
    assert val[35].text_a == '"안녕하세요," 농부가 웃으며 인사했다. 그리고 마당에서 강아지와 논다.'
    assert all(e.text_b for e in train)


def test_klue_nli_fixture_and_its_other_file_names(fixture_root, tmp_path):
    assert len(read_examples("klue-nli", fixture_root, "train")) == 600
    assert len(read_examples("klue-nli", fixture_root, "val")) == 150
    (tmp_path / "klue-nli").mkdir()
    shutil.copy(Path(fixture_root) / "klue-nli" / "klue-nli-v1.1_dev.json", tmp_path / "klue-nli" / "klue_nli_dev.json")
    shutil.copy(Path(fixture_root) / "klue-nli" / "klue-nli-v1.1_train.json", tmp_path / "klue-nli" / "klue_nli_train.json")
    assert len(read_examples("klue-nli", tmp_path, "val")) == 150
    assert len(read_examples("klue-nli", tmp_path, "train")) == 600
    with pytest.raises(CorpusError, match="klue-nli 말뭉치에는 'test' 데이터가 없습니다"):
        read_examples("klue-nli", tmp_path, "test")


def test_kornli_unknown_label_names_file_and_line(tmp_path):
    (tmp_path / "kornli").mkdir()
    path = tmp_path / "kornli" / "xnli.test.ko.tsv"
    path.write_text("sentence1\tsentence2\tgold_label\n가\t나\tneutral\n다\t라\t-\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"xnli.test.ko.tsv, 3번째 줄: 레이블이 '-'입니다"):
        read_examples("kornli", tmp_path, "test")
    path.write_text("sentence1\tsentence2\tgold_label\n가\t나\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"2번째 줄: 탭으로 나뉜 칸이 3개"):
        read_examples("kornli", tmp_path, "test")


def test_klue_nli_errors_name_the_file_and_example(tmp_path):
    (tmp_path / "klue-nli").mkdir()
    path = tmp_path / "klue-nli" / "klue-nli-v1.1_dev.json"
    path.write_text('[{"guid": "g0", "premise": "가", "hypothesis": "나", "gold_label": "maybe"}]', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"0번 예제\(guid 'g0'\): 레이블이 'maybe'입니다"):
        read_examples("klue-nli", tmp_path, "val")
    path.write_text('[{"guid": "g0",', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"klue-nli-v1.1_dev.json, 1번째 줄: 올바른 JSON이 아닙니다"):
        read_examples("klue-nli", tmp_path, "val")
    path.unlink()
    with pytest.raises(CorpusError, match="download_corpus"):
        read_examples("klue-nli", tmp_path, "val")


# --- pair features ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tokenizer(tiny_bert_path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_bert_path)


def test_pair_features_have_segment_ids_and_labels(tokenizer):
    example = ClassificationExample("철수가 공원에서 책을 읽는다.", "누군가 책을 읽는다.", ENTAILMENT)
    features = encode_classification([example], tokenizer, 64)
    len_a = len(tokenizer.tokenize(example.text_a))
    len_b = len(tokenizer.tokenize(example.text_b))
    assert features["token_type_ids"][0] == [0] * (len_a + 2) + [1] * (len_b + 1)  # [CLS] a [SEP] | b [SEP]
    assert features["labels"] == [ENTAILMENT]


def test_truncation_keeps_both_sentences(tokenizer):
    long_premise = " ".join(["할머니가 시장에서 노래를 부른다."] * 20)
    example = ClassificationExample(long_premise, "할머니가 노래를 부른다.", NEUTRAL)
    ids = encode_classification([example], tokenizer, 24)
    types = ids["token_type_ids"][0]
    assert len(ids["input_ids"][0]) == 24
    assert ids["input_ids"][0].count(tokenizer.sep_token_id) == 2
    # longest_first cuts the long premise only: the short hypothesis is whole
    assert types.count(1) == len(tokenizer.tokenize(example.text_b)) + 1
    assert types.count(0) == 24 - types.count(1)


# --- the demo -----------------------------------------------------------------------------

class FakePredict:
    """Records its calls; answers with fixed probabilities."""

    def __init__(self):
        self.calls = []

    def __call__(self, premises, hypotheses):
        from nlpbook_helpers import InputError

        self.calls.append((premises[0], hypotheses[0]))
        if not premises[0].strip() or not hypotheses[0].strip():
            raise InputError("empty")
        return [{"label": "entailment", "score": 0.7, "truncated": False,
                 "probs": {"entailment": 0.7, "neutral": 0.2, "contradiction": 0.1}}]


def test_demo_messages_on_empty_input():
    demo = pair_classification_demo(FakePredict())
    demo.premise.value, demo.hypothesis.value = "", "누군가 책을 읽는다."
    demo.button.click()
    assert "전제 문장이 비어 있습니다" in demo.result.value
    demo.premise.value, demo.hypothesis.value = "철수가 책을 읽는다.", "   "
    demo.button.click()
    assert "가설 문장이 비어 있습니다" in demo.result.value
    assert demo.history.value == ""


def test_demo_swap_is_one_click_and_shows_three_bars():
    predict = FakePredict()
    demo = pair_classification_demo(predict)
    demo.premise.value, demo.hypothesis.value = "철수가 공원에서 책을 읽는다.", "누군가 책을 읽는다."
    demo.button.click()
    demo.swap.click()
    assert (demo.premise.value, demo.hypothesis.value) == ("누군가 책을 읽는다.", "철수가 공원에서 책을 읽는다.")
    assert predict.calls == [("철수가 공원에서 책을 읽는다.", "누군가 책을 읽는다."),
                             ("누군가 책을 읽는다.", "철수가 공원에서 책을 읽는다.")]
    assert demo.result.value.count('class="nlpbook-bar"') == 3
    assert "함의 (entailment)" in demo.result.value and "70.0%" in demo.result.value
    # Every bar names its label in Korean too; the history says what the label says.
    assert all(f"{name} ({label})</span>" in demo.result.value
               for label, name in (("entailment", "함의"), ("neutral", "중립"), ("contradiction", "모순")))
    assert "함의 (entailment) 70.0%" in demo.history.value
    assert demo.history.value.count("<tr>") == 3  # header + two entries


def test_classifier_on_pairs_gives_three_probabilities(tiny_bert_path, tokenizer):
    from transformers import BertForSequenceClassification

    model = BertForSequenceClassification.from_pretrained(
        tiny_bert_path, num_labels=3, id2label=dict(enumerate(kornli.LABELS)))
    predict = Classifier(model, tokenizer, max_length=16)
    short, long = predict(["철수가 책을 읽는다.", "철수가 공원에서 책을 읽는다. " * 10], ["누군가 책을 읽는다."] * 2)
    assert list(short["probs"]) == kornli.LABELS
    assert abs(sum(short["probs"].values()) - 1) < 1e-5
    assert (short["truncated"], long["truncated"]) == (False, True)
    demo = pair_classification_demo(predict)
    demo.premise.value, demo.hypothesis.value = "철수가 책을 읽는다.", ""
    demo.button.click()
    assert "가설 문장이 비어 있습니다" in demo.result.value


def test_downloads_fetch_the_right_files(tmp_path, monkeypatch):
    fetched = []
    monkeypatch.setattr(kornli, "fetch_with_korpora", lambda name, root, names, check: fetched.append((name, names)))
    kornli.download(tmp_path)
    assert fetched == [("kornli", ["multinli.train.ko.tsv", "snli_1.0_train.ko.tsv", "xnli.dev.ko.tsv", "xnli.test.ko.tsv"])]

    downloaded = []
    monkeypatch.setattr(klue_nli, "download_file", lambda url, path, check: downloaded.append((url, Path(path).name)))
    (tmp_path / "klue-nli").mkdir()
    (tmp_path / "klue-nli" / "klue_nli_dev.json").write_text("[]", encoding="utf-8")  # dev is there under its other name
    klue_nli.download(tmp_path)
    assert downloaded == [("https://raw.githubusercontent.com/KLUE-benchmark/KLUE/main/klue_benchmark/"
                           "klue-nli-v1.1/klue-nli-v1.1_train.json", "klue-nli-v1.1_train.json")]
    (tmp_path / "not-a-list.json").write_text('{"premise": "가"}', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"예제 목록\(JSON list\)이 아니라 JSON dict"):
        klue_nli.load_json_list(tmp_path / "not-a-list.json")
