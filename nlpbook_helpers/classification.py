"""Classification of a text or a text pair: features, the macro F1 the notebooks log, prediction."""
import torch

from .errors import InputError, text_list


def encode_classification(examples, tokenizer, max_length):
    """Tokenize examples in one batched call of the fast tokenizer; no padding (the collator pads).

    Pairs (``text_b`` set) get segment ids 0/1 and are truncated ``longest_first``,
    so both sentences keep tokens.

    >>> features = encode_classification(examples, tokenizer, 128)   # doctest: +SKIP
    >>> sorted(features)                                            # doctest: +SKIP
    ['input_ids', 'labels', 'token_type_ids']
    """
    texts_a = [e.text_a for e in examples]
    texts_b = [e.text_b for e in examples] if examples and examples[0].text_b is not None else None
    encoded = tokenizer(texts_a, texts_b, truncation="longest_first" if texts_b else True,
                        max_length=max_length, return_attention_mask=False)
    features = {"input_ids": encoded["input_ids"]}
    if "token_type_ids" in encoded:
        features["token_type_ids"] = encoded["token_type_ids"]
    if examples and examples[0].label is not None:
        features["labels"] = [e.label for e in examples]
    return features


def macro_f1(labels, preds, num_labels):
    """Macro-averaged F1 over ``num_labels`` classes (a class absent from both counts 0)."""
    scores = []
    for c in range(num_labels):
        tp = int(((preds == c) & (labels == c)).sum())
        fp = int(((preds == c) & (labels != c)).sum())
        fn = int(((preds != c) & (labels == c)).sum())
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / num_labels


@torch.no_grad()
def predict_dataloader(model, dataloader):
    """``(labels, preds)`` as lists over a whole dataloader, e.g. for a confusion matrix.

    >>> labels, preds = predict_dataloader(task.model, val_dataloader)   # doctest: +SKIP
    """
    model.eval()
    device = next(model.parameters()).device
    all_labels, all_preds = [], []
    for batch in dataloader:
        labels = batch.pop("labels")
        logits = model(**{k: v.to(device) for k, v in batch.items()}).logits
        all_labels += labels.tolist()
        all_preds += logits.argmax(-1).tolist()
    return all_labels, all_preds


class Classifier:
    """``predict(texts)`` for a fine-tuned classifier, as the inference notebook uses it.

    Each result is a dict with the ``label``, its ``score``, the probability of every
    label (``probs``) and whether the text was ``truncated`` to ``max_length`` tokens.
    Empty or whitespace-only text raises :class:`InputError`.

    >>> predict = Classifier(model, tokenizer, max_length=128)   # doctest: +SKIP
    >>> predict(["정말 재밌어요"])[0]["label"]                    # doctest: +SKIP
    '긍정'
    """

    def __init__(self, model, tokenizer, max_length):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]

    @torch.no_grad()
    def __call__(self, texts, texts_b=None):
        blank = "문장이 비어 있습니다. 분류할 문장을 입력하세요."
        texts = text_list(texts, 'predict(["정말 재밌어요"])', blank)
        if texts_b is not None:
            texts_b = text_list(texts_b, 'predict(["남자가 걷는다"], ["사람이 움직인다"])', blank, name="texts_b")
            if len(texts_b) != len(texts):
                raise InputError(f"전제 {len(texts)}개와 가설 {len(texts_b)}개의 수가 다릅니다. 문장 쌍마다 하나씩 주세요.")
        encoded = self.tokenizer(list(texts), list(texts_b) if texts_b else None, padding=True,
                                 truncation="longest_first", max_length=self.max_length,
                                 return_offsets_mapping=True, return_tensors="pt")
        truncated = [self._was_truncated(encoded, row, texts, texts_b) for row in range(len(texts))]
        inputs = {k: v.to(self.model.device) for k, v in encoded.items() if k != "offset_mapping"}
        probs = self.model(**inputs).logits.float().softmax(-1).cpu()
        results = []
        for row, text in enumerate(texts):
            best = int(probs[row].argmax())
            results.append({
                "text": text,
                "label": self.labels[best],
                "score": float(probs[row, best]),
                "probs": {label: float(p) for label, p in zip(self.labels, probs[row])},
                "truncated": truncated[row],
            })
        return results

    def _was_truncated(self, encoded, row, texts, texts_b):
        """True when the tokens of ``row`` stop before the end of its text(s)."""
        if int(encoded["attention_mask"][row].sum()) < self.max_length:
            return False
        ends = {}
        for seq, (_, end) in zip(encoded.sequence_ids(row), encoded["offset_mapping"][row].tolist()):
            if seq is not None:
                ends[seq] = max(ends.get(seq, 0), end)
        sources = [texts[row]] + ([texts_b[row]] if texts_b else [])
        return any(ends.get(seq, 0) < len(text.rstrip()) for seq, text in enumerate(sources))
