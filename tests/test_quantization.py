"""int8 dynamic quantization for the CPU demo."""
import pytest
import torch
from transformers import AutoTokenizer, BertForSequenceClassification

from nlpbook_helpers.classification import Classifier
from nlpbook_helpers.quantization import quantize_for_cpu


def test_quantized_copy_predicts_like_the_original(tiny_bert_path):
    torch.manual_seed(0)
    model = BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2,
                                                          id2label={0: "부정", 1: "긍정"})
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    quantized = quantize_for_cpu(model)
    float_linears = [m for m in model.modules() if type(m) is torch.nn.Linear]
    int8_linears = [m for m in quantized.modules() if isinstance(m, torch.ao.nn.quantized.dynamic.Linear)]
    assert len(float_linears) == len(int8_linears) == 2 * 6 + 2  # per layer q, k, v, out, up, down; pooler; head
    assert not any(type(m) is torch.nn.Linear for m in quantized.modules()) and not quantized.training
    assert isinstance(model.classifier, torch.nn.Linear)  # the original keeps its float weights
    texts = ["정말 재밌어요. 배우들 연기가 최고!", "시간 낭비였다. 돈이 아깝다", "그냥 그랬어요"]
    exact = Classifier(model, tokenizer, 64)(texts)
    approx = Classifier(quantized, tokenizer, 64)(texts)
    for a, b in zip(exact, approx):
        assert b["probs"]["긍정"] == pytest.approx(a["probs"]["긍정"], abs=0.02)


def test_quantizing_a_gpu_model_says_what_to_do(tiny_bert_path):
    model = BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2).to("meta")
    with pytest.raises(ValueError, match=r"CPU only.*quantize_for_cpu\(model.cpu\(\)\)"):
        quantize_for_cpu(model)
