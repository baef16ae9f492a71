"""Prediction and the demo widget of document classification."""
import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from nlpbook_helpers import InputError
from nlpbook_helpers.classification import Classifier, macro_f1
from nlpbook_helpers.widgets.classification import classification_demo
from nlpbook_helpers.widgets.common import History


@pytest.fixture(scope="module")
def predict(tiny_bert_path):
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    # initializer_range 0.3, not 0.02: with BERT's default the random model gives about 0.50/0.50 for
    # every input, and a test could not tell one sentence (or a missing attention mask) from another.
    config = BertConfig.from_pretrained(tiny_bert_path, num_labels=2, id2label={0: "부정", 1: "긍정"},
                                        label2id={"부정": 0, "긍정": 1}, initializer_range=0.3)
    torch.manual_seed(0)
    return Classifier(BertForSequenceClassification(config), tokenizer, max_length=16)


def test_predict_returns_labels_and_probabilities(predict):
    results = predict(["정말 재밌어요", "돈이 아깝다 최악의 영화"])
    assert [r["text"] for r in results] == ["정말 재밌어요", "돈이 아깝다 최악의 영화"]
    for r in results:
        assert set(r["probs"]) == {"부정", "긍정"} and sum(r["probs"].values()) == pytest.approx(1.0)
        assert r["label"] == max(r["probs"], key=r["probs"].get) and r["score"] == r["probs"][r["label"]]
        assert r["truncated"] is False
    # The probabilities are the model's own, one sentence at a time (the batch pads the shorter one).
    predict.model.eval()
    for r in results:
        with torch.no_grad():
            p = predict.model(**predict.tokenizer(r["text"], return_tensors="pt")).logits.softmax(-1)[0]
        assert r["probs"] == pytest.approx({"부정": float(p[0]), "긍정": float(p[1])}, abs=1e-5)


def test_predict_flags_truncation_and_refuses_empty_text(predict):
    assert predict(["정말 재밌어요 " * 20])[0]["truncated"] is True
    assert predict(["정말 재밌어요 " * 7])[0]["truncated"] is False  # exactly 14 tokens + 2 specials fit
    for bad in ["", "   \n"]:
        with pytest.raises(InputError, match="비어 있습니다"):
            predict([bad])
    with pytest.raises(InputError, match="문장 목록을 주세요"):
        predict("정말 재밌어요")


def test_macro_f1_by_hand():
    labels, preds = torch.tensor([0, 0, 1, 1, 2]), torch.tensor([0, 1, 1, 1, 0])
    # class 0: tp1 fp1 fn1 -> 0.5; class 1: tp2 fp1 fn0 -> 0.8; class 2: 0
    assert macro_f1(labels, preds, 3) == pytest.approx((0.5 + 0.8 + 0.0) / 3)


def test_history_keeps_the_last_entries_newest_first():
    history = History(size=2)
    for text in ("가", "가", "나", "다"):  # "가" twice in a row (Enter, then the button) is one entry
        history.add(text, "긍정 90%")
    assert history.entries == [("다", "긍정 90%"), ("나", "긍정 90%")]
    assert history.widget.value.count("<tr>") == 3 and history.widget.value.index("다") < history.widget.value.index("나")


def test_demo_shows_label_bars_history_and_messages(predict):
    demo = classification_demo(predict)
    demo.text.value = ""
    demo.button.click()
    assert "비어 있습니다" in demo.result.value
    demo.text.value = "정말 재밌어요"  # Enter submits
    expected = predict(["정말 재밌어요"])[0]
    assert f"<b>{expected['label']}</b>" in demo.result.value
    assert demo.result.value.count("nlpbook-bar") == 2
    # The history says what the label above it says, to the same tenth of a percent.
    shown = f"{100 * expected['score']:.1f}%"
    assert f"({shown})" in demo.result.value and f"{expected['label']} {shown}" in demo.history.value
    demo.button.click()  # the same sentence again: one history entry
    assert demo.history.value.count("<tr>") == 2  # header + one row
    demo.text.value = "정말 재밌어요 " * 20
    assert "길어" in demo.result.value
    demo.text.value = "돈이 아깝다"  # the demo still answers after a notice
    assert demo.history.value.count("<tr>") == 4
