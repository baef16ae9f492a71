"""Prediction and the demo widget of document classification."""
import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from nlpbook_helpers import InputError
from nlpbook_helpers.classification import Classifier, macro_f1
from nlpbook_helpers.widgets.classification import classification_demo


@pytest.fixture(scope="module")
def predict(tiny_bert_path):
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    config = BertConfig.from_pretrained(tiny_bert_path, num_labels=2, id2label={0: "부정", 1: "긍정"},
                                        label2id={"부정": 0, "긍정": 1})
    torch.manual_seed(0)
    return Classifier(BertForSequenceClassification(config), tokenizer, max_length=16)


def test_predict_returns_labels_and_probabilities(predict):
    results = predict(["정말 재밌어요", "돈이 아깝다 최악의 영화"])
    assert [r["text"] for r in results] == ["정말 재밌어요", "돈이 아깝다 최악의 영화"]
    for r in results:
        assert set(r["probs"]) == {"부정", "긍정"} and sum(r["probs"].values()) == pytest.approx(1.0)
        assert r["label"] == max(r["probs"], key=r["probs"].get) and r["score"] == r["probs"][r["label"]]
        assert r["truncated"] is False


def test_predict_flags_truncation_and_refuses_empty_text(predict):
    assert predict(["정말 재밌어요 " * 20])[0]["truncated"] is True
    assert predict(["정말 재밌어요 " * 7])[0]["truncated"] is False  # exactly 14 tokens + 2 specials fit
    for bad in ["", "   \n"]:
        with pytest.raises(InputError, match="empty"):
            predict([bad])
    with pytest.raises(InputError, match="list of texts"):
        predict("정말 재밌어요")


def test_macro_f1_by_hand():
    labels, preds = torch.tensor([0, 0, 1, 1, 2]), torch.tensor([0, 1, 1, 1, 0])
    # class 0: tp1 fp1 fn1 -> 0.5; class 1: tp2 fp1 fn0 -> 0.8; class 2: 0
    assert macro_f1(labels, preds, 3) == pytest.approx((0.5 + 0.8 + 0.0) / 3)


def test_demo_shows_label_bars_history_and_messages(predict):
    demo = classification_demo(predict)
    demo.text.value = ""
    demo.button.click()
    assert "비어 있습니다" in demo.result.value
    demo.text.value = "정말 재밌어요"  # Enter submits
    expected = predict(["정말 재밌어요"])[0]
    assert f"<b>{expected['label']}</b>" in demo.result.value
    assert demo.result.value.count("nlpbook-bar") == 2
    demo.button.click()  # the same sentence again: one history entry
    assert demo.history.value.count("<tr>") == 2  # header + one row
    demo.text.value = "정말 재밌어요 " * 20
    assert "길어" in demo.result.value
    demo.text.value = "돈이 아깝다"  # the demo still answers after a notice
    assert demo.history.value.count("<tr>") == 4
