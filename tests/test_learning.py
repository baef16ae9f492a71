"""Quick mode learns every task: the training notebooks' own code, tiny models, fixture corpora.

Each test runs a training notebook's code cells (``pipeline.run_notebook``), checks the
final validation scores against thresholds, then runs the inference notebook up to its
predictor and checks that the demo's own example comes out right. The thresholds sit
below the lowest score of five seeds (README, "빠른 모드"), with margin; a regression
that stops a task from learning (labels shifted by a token, a lost loss mask, answer
positions that point elsewhere) fails here.

Set ``NLPBOOK_LEARNING_SEED`` to run the same checks with another seed.
"""
import math
import os
import re
from collections import Counter

import pytest
import torch

from pipeline import run_notebook

SEED = int(os.environ.get("NLPBOOK_LEARNING_SEED", "7"))
HANGUL_TEXT = re.compile(r"[가-힣0-9 .,!?~'\"ㅋㅠ%()-]*")


@pytest.fixture(scope="module")
def drive(tmp_path_factory):
    """A drive folder of this module's own: the training notebooks write, the inference notebooks read."""
    folder = tmp_path_factory.mktemp("drive")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NLPBOOK_QUICK", "1")
        mp.setenv("NLPBOOK_DRIVE", str(folder))
        yield folder


def scores(namespace):
    """The last validation's scores of a training notebook run: ``{"val_acc": 0.98, ...}``."""
    result = {name: round(float(value), 4) for name, value in namespace["trainer"].callback_metrics.items()
              if name.startswith("val")}
    print(f"scores of {namespace['args'].downstream_model_dir} (seed {SEED}): {result}")  # seen with -s
    return result


@pytest.fixture(scope="module")
def doc_classification(drive):
    """The trained document classifier (notebook namespaces of training and inference)."""
    train = run_notebook("doc_classification", until=None, seed=SEED)
    return train, run_notebook("doc_classification", "inference.ipynb", until="predict = ")


def test_document_classification_learns(doc_classification):
    train, inference = doc_classification
    assert scores(train)["val_acc"] >= 0.95, scores(train)
    predict = inference["predict"]
    good, bad = predict(["정말 재밌어요. 배우들 연기가 최고!", "시간 낭비였다. 돈이 아깝다"])
    assert (good["label"], bad["label"]) == ("긍정", "부정")


def test_pair_classification_learns(drive):
    train = run_notebook("pair_classification", until=None, seed=SEED)
    assert scores(train)["val_acc"] >= 0.80, scores(train)
    predict = run_notebook("pair_classification", "inference.ipynb", until="predict = ")["predict"]
    premise = "철수가 공원에서 자전거를 탄다."
    results = predict([premise, premise], ["누군가 자전거를 탄다.", "철수는 아무것도 하지 않는다."])
    assert [r["label"] for r in results] == ["entailment", "contradiction"]


def test_ner_learns(drive):
    train = run_notebook("ner", until=None, seed=SEED)
    assert scores(train)["val_f1"] >= 0.85, scores(train)
    predict = run_notebook("ner", "inference.ipynb", until="predict = ")["predict"]
    entities = predict(["이순신 장군은 1545년 서울 건천동에서 태어났다."])[0]["entities"]
    found = {(text, type_) for text, type_, *_ in entities}
    assert {("이순신", "PS"), ("1545년", "DT")} <= found, entities
    assert any(type_ == "LC" and text.startswith("서울") for text, type_ in found), entities


def test_qa_learns(drive):
    train = run_notebook("qa", until=None, seed=SEED)
    assert scores(train)["val_em"] >= 50 and scores(train)["val_f1"] >= 70, scores(train)
    # The demo's paragraph has two years: 1443 (made) and 1446 (published as a book).
    from nlpbook_helpers.widgets.qa import EXAMPLE_CONTEXT, EXAMPLE_QUESTION

    predict = run_notebook("qa", "inference.ipynb", until="predict = ")["predict"]
    assert predict(EXAMPLE_QUESTION, EXAMPLE_CONTEXT)["answer"] == "1443년"


def unigram_perplexity(train_ids, val_ids, vocab_size):
    """Perplexity on ``val_ids`` of a unigram model of ``train_ids`` (add-one smoothing).

    Both are lists of token id lists starting with ``</s>``; the first id of a row is never
    a target, as in the language model's loss.
    """
    counts = Counter(i for ids in train_ids for i in ids[1:])
    total = sum(counts.values()) + vocab_size
    targets = [i for ids in val_ids for i in ids[1:]]
    return math.exp(-sum(math.log((counts[i] + 1) / total) for i in targets) / len(targets))


def test_generation_learns_and_follows_its_prefix(drive, doc_classification):
    train = run_notebook("generation", until=None, seed=SEED)
    tokenizer = train["tokenizer"]
    train_ids, val_ids = ([item["input_ids"].tolist() for item in train[name]] for name in ("train_dataset", "val_dataset"))
    unigram = unigram_perplexity(train_ids, val_ids, len(tokenizer))
    print(f"unigram perplexity (seed {SEED}): {unigram:.2f}")  # seen with -s
    assert scores(train)["val_ppl"] <= unigram / 2, (scores(train), unigram)
    # The logged perplexity counts real tokens only: the same as the model's, review by review, unpadded.
    model, nll, targets = train["task"].model.eval(), 0.0, 0
    with torch.no_grad():
        for ids in val_ids:
            ids = torch.tensor([ids])
            nll += model(input_ids=ids, labels=ids).loss.item() * (ids.shape[1] - 1)
            targets += ids.shape[1] - 1
    assert math.exp(nll / targets) == pytest.approx(scores(train)["val_ppl"], rel=1e-3)

    predict = run_notebook("generation", "inference.ipynb", until="predict = ")["predict"]
    classify = doc_classification[1]["predict"]
    for sentiment in ("긍정", "부정"):
        texts = [predict("", sentiment, max_new_tokens=30, do_sample=True, top_k=0, top_p=0.9, seed=seed) for seed in range(50)]
        assert not any("\ufffd" in text for text in texts)
        labelled = [result["label"] for result in classify([text or "." for text in texts])]
        print(f"{sentiment} samples labelled {sentiment} (seed {SEED}): {labelled.count(sentiment)}/{len(texts)}")
        assert labelled.count(sentiment) >= 0.8 * len(texts), (sentiment, Counter(labelled), texts[:5])

    text = predict("이 영화", "긍정", max_new_tokens=30, do_sample=True, top_k=0, top_p=0.9, seed=7)
    assert text.startswith("이 영화") and len(text) > len("이 영화 ") + 4, text
    assert HANGUL_TEXT.fullmatch(text), text  # readable Korean: no <unk>, no stray symbols


def test_the_demos_examples_are_not_in_the_fixtures():
    """The demos' examples come out right because the models learned, not because they saw them."""
    from nlpbook_helpers.quick import FIXTURES_DIR
    from nlpbook_helpers.widgets.qa import EXAMPLE_CONTEXT, EXAMPLE_QUESTION

    # Every fixture file whole, markup included (the JSON files keep Hangul as is).
    fixtures = "\n".join(path.read_text(encoding="utf-8") for path in sorted(FIXTURES_DIR.rglob("*")) if path.is_file())
    assert len(fixtures) > 500_000
    examples = ["정말 재밌어요. 배우들 연기가 최고!", "시간 낭비였다. 돈이 아깝다", "철수가 공원에서 자전거를 탄다.",
                "철수는 아무것도 하지 않는다.", "이순신 장군은 1545년 서울 건천동에서 태어났다.", "이순신",
                EXAMPLE_QUESTION, *EXAMPLE_CONTEXT.split(". "), "세종", "훈민정음", "조선"]
    assert [example for example in examples if example in fixtures] == []
