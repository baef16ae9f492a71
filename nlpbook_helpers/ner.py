"""Named-entity recognition: subword labels from character spans, entity F1, prediction.

Entities are character spans ``(start, end, type)`` (see :mod:`.corpora.entities`).
Labels reach the subwords through the fast tokenizer's ``offset_mapping``: the first
subword that overlaps an entity is ``B-<type>``, the following ones ``I-<type>``, the
rest ``O``; special tokens get -100 and count in neither the loss nor the metrics.
"""
from collections import Counter, namedtuple

import torch

from .corpora.entities import ner_labels, tags_to_spans  # noqa: F401  (ner_labels: the task's labels)
from .errors import text_list

Entity = namedtuple("Entity", ["text", "type", "start", "end"])


def align_tags(offsets, special_tokens_mask, entities):
    """One tag per token: ``B-``/``I-``/``O`` from character spans, ``None`` for special tokens.

    A token belongs to an entity when their characters overlap, so an entity that
    starts inside a word still gets its own ``B-`` token, and an ``[UNK]`` token keeps
    the label of the characters it covers.

    >>> align_tags([(0, 0), (0, 1), (1, 3), (4, 5), (0, 0)], [1, 0, 0, 0, 1], [(0, 1, "PS")])
    [None, 'B-PS', 'O', 'O', None]
    """
    tags = []
    started = set()
    for (start, end), special in zip(offsets, special_tokens_mask):
        if special:
            tags.append(None)
            continue
        tag = "O"
        for index, (entity_start, entity_end, type_) in enumerate(entities):
            if start < entity_end and end > entity_start:
                tag = f"{'I' if index in started else 'B'}-{type_}"
                started.add(index)
                break
        tags.append(tag)
    return tags


def encode_ner(examples, tokenizer, max_length, labels):
    """Token features for NER: ``input_ids`` and one label id per token (-100 for special tokens).

    The tags come from :func:`align_tags`; ``labels`` (from :func:`ner_labels`) turns
    them into ids. Entities of a type that is not in ``labels`` (seen only in
    validation) become ``O``, with a notice. Pass ``labels`` through ``build_dataset``,
    so the cache key names them.

    >>> train_dataset = build_dataset(args, tokenizer, train_examples, encode_ner, labels=labels)   # doctest: +SKIP
    """
    label_ids = {label: i for i, label in enumerate(labels)}
    encoded = tokenizer([e.text for e in examples], truncation=True, max_length=max_length,
                        return_offsets_mapping=True, return_special_tokens_mask=True,
                        return_attention_mask=False)
    all_labels, unknown = [], Counter()
    for row, example in enumerate(examples):
        tags = align_tags(encoded["offset_mapping"][row], encoded["special_tokens_mask"][row], example.entities)
        unknown.update(t[2:] for t in tags if t is not None and t not in label_ids)
        all_labels.append([-100 if t is None else label_ids.get(t, 0) for t in tags])
    if unknown:
        print(f"학습 레이블에 없는 개체명 유형은 O로 읽습니다: {dict(unknown)}")
    features = {"input_ids": encoded["input_ids"], "labels": all_labels}
    if "token_type_ids" in encoded:
        features["token_type_ids"] = encoded["token_type_ids"]
    return features


def entity_scores(true_tags, pred_tags):
    """Entity-level precision, recall and F1 (micro) and per type, over lists of BIO tag lists.

    An entity counts as found only when its type and both boundaries match. Entities
    are decoded like ``seqeval``'s default mode; a score with nothing to divide is 0.

    >>> s = entity_scores([["B-PS", "I-PS", "O", "B-LC"]], [["B-PS", "I-PS", "O", "O"]])
    >>> s["precision"], s["recall"], round(s["f1"], 3), s["per_type"]["LC"]["f1"]
    (1.0, 0.5, 0.667, 0.0)
    """
    true_count, pred_count, correct = Counter(), Counter(), Counter()
    for true, pred in zip(true_tags, pred_tags):
        if len(true) != len(pred):
            raise ValueError(f"A true and a predicted tag list differ in length ({len(true)} vs {len(pred)}).")
        true_spans, pred_spans = set(tags_to_spans(true)), set(tags_to_spans(pred))
        true_count.update(t for _, _, t in true_spans)
        pred_count.update(t for _, _, t in pred_spans)
        correct.update(t for _, _, t in true_spans & pred_spans)

    def prf(tp, n_pred, n_true):
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}

    scores = prf(sum(correct.values()), sum(pred_count.values()), sum(true_count.values()))
    scores["per_type"] = {
        t: dict(prf(correct[t], pred_count[t], true_count[t]), support=true_count[t])
        for t in sorted(set(true_count) | set(pred_count))
    }
    return scores


def entity_f1(true_tags, pred_tags):
    """Entity-level micro F1 over lists of BIO tag lists; the same value as ``seqeval.metrics.f1_score``.

    >>> entity_f1([["B-PS", "I-PS", "O", "B-LC"]], [["B-PS", "I-PS", "O", "O"]])
    0.6666666666666666
    """
    return entity_scores(true_tags, pred_tags)["f1"]


def batch_tags(logits, label_ids, label_names):
    """True and predicted tag lists of a batch, without the -100 positions (special tokens, padding).

    >>> batch_tags(torch.tensor([[[0.0, 1.0], [1.0, 0.0]]]), torch.tensor([[1, -100]]), ["O", "B-PS"])
    ([['B-PS']], [['B-PS']])
    """
    preds = logits.argmax(-1).tolist()
    true_tags, pred_tags = [], []
    for row_labels, row_preds in zip(label_ids.tolist(), preds):
        kept = [(t, p) for t, p in zip(row_labels, row_preds) if t != -100]
        true_tags.append([label_names[t] for t, _ in kept])
        pred_tags.append([label_names[p] for _, p in kept])
    return true_tags, pred_tags


@torch.no_grad()
def predict_tags(model, dataloader, labels):
    """``(true_tags, pred_tags)``: BIO tag lists per sentence over a dataloader, for :func:`entity_scores`.

    >>> scores = entity_scores(*predict_tags(task.model, val_dataloader, labels))   # doctest: +SKIP
    """
    model.eval()
    device = next(model.parameters()).device
    all_true, all_pred = [], []
    for batch in dataloader:
        label_ids = batch.pop("labels")
        logits = model(**{k: v.to(device) for k, v in batch.items()}).logits.cpu()
        true_tags, pred_tags = batch_tags(logits, label_ids, labels)
        all_true += true_tags
        all_pred += pred_tags
    return all_true, all_pred


class EntityRecognizer:
    """``predict(texts)`` for a fine-tuned token classifier, as the inference notebook uses it.

    Each result is a dict with the ``text``, its ``entities`` as
    ``Entity(text, type, start, end)`` over the original string (``end`` exclusive),
    and whether the text was ``truncated`` to ``max_length`` tokens. ``types`` lists
    the entity types the model knows. Empty or whitespace-only text raises
    :class:`InputError`.

    >>> predict = EntityRecognizer(model, tokenizer, max_length=128)   # doctest: +SKIP
    >>> predict(["박지성은 수원에서 태어났다"])[0]["entities"]          # doctest: +SKIP
    [Entity(text='박지성', type='PS', start=0, end=3), Entity(text='수원', type='LC', start=5, end=7)]
    """

    def __init__(self, model, tokenizer, max_length):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        self.types = sorted({label[2:] for label in self.labels if label != "O"})

    @torch.no_grad()
    def __call__(self, texts):
        texts = text_list(texts, 'predict(["박지성은 수원에서 태어났다"])',
                          "문장이 비어 있습니다. 개체명을 찾을 문장을 입력하세요.")
        encoded = self.tokenizer(list(texts), padding=True, truncation=True, max_length=self.max_length,
                                 return_offsets_mapping=True, return_special_tokens_mask=True,
                                 return_tensors="pt")
        inputs = {k: v.to(self.model.device) for k, v in encoded.items()
                  if k not in ("offset_mapping", "special_tokens_mask")}
        preds = self.model(**inputs).logits.argmax(-1).cpu()
        results = []
        for row, text in enumerate(texts):
            keep = ((encoded["special_tokens_mask"][row] == 0) & (encoded["attention_mask"][row] == 1)).nonzero()
            positions = keep.flatten().tolist()
            offsets = [tuple(encoded["offset_mapping"][row, k].tolist()) for k in positions]
            tags = [self.labels[int(preds[row, k])] for k in positions]
            entities = []
            for first, last, type_ in tags_to_spans(tags):
                start, end = offsets[first][0], offsets[last - 1][1]
                entities.append(Entity(text[start:end], type_, start, end))
            covered = offsets[-1][1] if offsets else 0
            results.append({"text": text, "entities": entities, "truncated": covered < len(text.rstrip())})
        return results
