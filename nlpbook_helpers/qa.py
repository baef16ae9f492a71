"""Extractive question answering (KorQuAD 1.0): sliding-window features, the validation
windows and their scores, post-processing of start/end logits into answers, the official EM/F1, and prediction."""
import math
import string
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass

import torch

from .arguments import Arguments
from .corpora.korquad import QAExample
from .data import FeatureDataset, PadCollator
from .errors import InputError, is_blank, text_value

# What the model takes; the other feature columns (example_index, offsets) are for post-processing.
MODEL_INPUTS = ("input_ids", "token_type_ids", "attention_mask", "start_positions", "end_positions")


@dataclass
class QAArguments(Arguments):
    """:class:`Arguments` plus the sliding-window and answer settings of question answering.

    ``doc_stride`` is how many context tokens two neighbouring windows share (the fast
    tokenizer's ``stride``); ``max_query_length`` caps the question's tokens;
    ``max_answer_length`` caps an answer's tokens; ``n_best`` is how many of the best
    start and end positions of a window are paired up when looking for the answer.

    >>> args = QAArguments(downstream_model_dir="/content/drive/MyDrive/nlpbook/checkpoint-qa")   # doctest: +SKIP
    """

    downstream_corpus_name: str = "korquad-v1"
    max_seq_length: int = 256
    doc_stride: int = 64
    max_query_length: int = 32
    max_answer_length: int = 30
    n_best: int = 20

    def __post_init__(self):
        super().__post_init__()
        for name in ("max_query_length", "max_answer_length", "n_best"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name}는 0보다 커야 합니다(지금 {getattr(self, name)}).")
        room = self.max_seq_length - self.max_query_length - 3  # [CLS] question [SEP] context [SEP]
        if not 0 <= self.doc_stride < room:
            raise ValueError(
                f"doc_stride는 0 이상이고, 한 구간에서 문단이 차지하는 토큰 수(max_seq_length - max_query_length - 3 "
                f"= {room})보다 작아야 합니다(지금 {self.doc_stride}). doc_stride나 max_query_length를 줄이거나 "
                f"max_seq_length를 늘리세요."
            )


# ---------------------------------------------------------------- features


def truncate_questions(questions, tokenizer, max_query_length):
    """Cut each question after its first ``max_query_length`` tokens, so every window keeps room for context.

    >>> truncate_questions(["1930년 광주에서 태어난 영화감독의 이름은?"], tokenizer, 4)   # doctest: +SKIP
    ['1930년 광주에서']
    """
    offsets = tokenizer(questions, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    return [q[:o[max_query_length - 1][1]] if len(o) > max_query_length else q for q, o in zip(questions, offsets)]


def answer_positions(offset_start, offset_end, answer):
    """Token indices ``(start, end)`` of ``answer`` in one window, or ``(0, 0)`` ([CLS]) when
    the window does not hold the whole answer.

    ``offset_start``/``offset_end`` are the character offsets of the window's tokens in
    the context, -1 for question and special tokens.

    >>> answer_positions([-1, -1, 0, 3, 4, -1], [-1, -1, 2, 4, 7, -1], Answer("다섯", 4))   # doctest: +SKIP
    (4, 4)
    """
    context = [i for i, start in enumerate(offset_start) if start >= 0]
    char_start, char_end = answer.start, answer.start + len(answer.text)
    if not context or not (offset_start[context[0]] <= char_start and char_end <= offset_end[context[-1]]):
        return 0, 0
    start, end = context[0], context[-1]
    while start < end and offset_end[start] <= char_start:  # first token that reaches into the answer
        start += 1
    while end > start and offset_start[end] >= char_end:  # last token that begins inside the answer
        end -= 1
    return start, end


def encode_qa(examples, tokenizer, max_length, doc_stride=64, max_query_length=32, chunk_size=1000):
    """Question + context windows of at most ``max_length`` tokens, sliding over long contexts.

    Built with batched calls of the fast tokenizer (``chunk_size`` examples each) with
    ``return_overflowing_tokens`` and ``return_offsets_mapping``: neighbouring windows
    share ``doc_stride`` context tokens. Each window is a feature with ``input_ids``, ``token_type_ids``,
    ``example_index`` (its example), ``offset_start``/``offset_end`` (character offsets
    of its context tokens, -1 elsewhere) and, for labelled examples, ``start_positions``
    and ``end_positions`` of the first answer: 0 ([CLS]) in a window without the answer.

    >>> train_dataset = build_dataset(args, tokenizer, train_examples, encode_qa, doc_stride=64, max_query_length=32)   # doctest: +SKIP
    >>> features = encode_qa(examples, tokenizer, 256, doc_stride=64, max_query_length=32)   # doctest: +SKIP
    >>> features["example_index"][:4]                                                        # doctest: +SKIP
    [0, 0, 1, 2]
    """
    labelled = any(e.answers for e in examples)
    features = defaultdict(list)
    for first in range(0, len(examples), chunk_size):  # chunks bound the tokenizer's memory on 60k questions
        chunk = examples[first:first + chunk_size]
        questions = truncate_questions([e.question for e in chunk], tokenizer, max_query_length)
        encoded = tokenizer(questions, [e.context for e in chunk], truncation="only_second",
                            max_length=max_length, stride=doc_stride, return_overflowing_tokens=True,
                            return_offsets_mapping=True, return_attention_mask=False)
        _add_windows(features, encoded, examples, first, labelled)
    return dict(features)


def _add_windows(features, encoded, examples, first, labelled):
    """Append the windows of one tokenized chunk (whose first example is ``examples[first]``) to ``features``."""
    for i, offsets in enumerate(encoded["offset_mapping"]):
        example_index = first + encoded["overflow_to_sample_mapping"][i]
        in_context = [s == 1 for s in encoded.sequence_ids(i)]
        offset_start = [o[0] if c else -1 for o, c in zip(offsets, in_context)]
        offset_end = [o[1] if c else -1 for o, c in zip(offsets, in_context)]
        features["input_ids"].append(encoded["input_ids"][i])
        if "token_type_ids" in encoded:
            features["token_type_ids"].append(encoded["token_type_ids"][i])
        features["example_index"].append(example_index)
        features["offset_start"].append(offset_start)
        features["offset_end"].append(offset_end)
        if labelled:
            answers = examples[example_index].answers
            start, end = answer_positions(offset_start, offset_end, answers[0]) if answers else (0, 0)
            features["start_positions"].append(start)
            features["end_positions"].append(end)


def model_inputs(batch):
    """The part of a batch the model takes (metadata columns left out).

    >>> loss = model(**model_inputs(batch)).loss   # doctest: +SKIP
    """
    return {k: v for k, v in batch.items() if k in MODEL_INPUTS}


# ---------------------------------------------------------------- post-processing


def best_span(start_logits, end_logits, offset_start, offset_end, n_best=20, max_answer_length=30):
    """The best answer span of one window: ``(logit, start, end, probability)`` or None.

    Only context tokens count (offset end > offset start; -1 marks question/special
    tokens, 0/0 padding). The ``n_best`` best starts and ends are paired; a pair is
    valid when start <= end and the span has at most ``max_answer_length`` tokens;
    the best valid pair has the largest start logit + end logit. ``probability`` is
    the softmax probability of its start times that of its end, over the window's context.

    >>> best_span(torch.tensor([0., 0, 5, 1]), torch.tensor([0., 0, 1, 4]), [-1, -1, 0, 2], [-1, -1, 2, 3])   # doctest: +SKIP
    (9.0, 2, 3, 0.935...)
    """
    start_logits, end_logits = torch.as_tensor(start_logits).float(), torch.as_tensor(end_logits).float()
    offset_start, offset_end = torch.as_tensor(offset_start), torch.as_tensor(offset_end)
    in_context = offset_end > offset_start
    k = min(n_best, int(in_context.sum()))
    if k == 0:
        return None
    starts = start_logits.masked_fill(~in_context, -math.inf)
    ends = end_logits.masked_fill(~in_context, -math.inf)
    top_starts, top_ends = starts.topk(k).indices, ends.topk(k).indices
    length = top_ends[None, :] - top_starts[:, None] + 1
    scores = (starts[top_starts][:, None] + ends[top_ends][None, :]).masked_fill(
        (length < 1) | (length > max_answer_length), -math.inf)
    best = int(scores.argmax())
    if scores.flatten()[best] == -math.inf:
        return None
    start, end = int(top_starts[best // k]), int(top_ends[best % k])
    probability = float(starts.softmax(-1)[start] * ends.softmax(-1)[end])
    return float(scores.flatten()[best]), start, end, probability


def postprocess(examples, features, start_logits, end_logits, n_best=20, max_answer_length=30):
    """Answers for the examples that have features: the best valid span over all their windows.

    ``features`` are dicts (e.g. items of the feature dataset) with ``example_index``,
    ``offset_start`` and ``offset_end``, in the order of ``start_logits``/``end_logits``.
    Returns question id -> ``{"text", "start", "end", "score", "logit"}``; the text is the
    substring ``context[start:end]`` of the original context. An example without any
    valid span gets the empty answer (score 0).

    >>> predictions = postprocess(val_examples, val_dataset, start_logits, end_logits)   # doctest: +SKIP
    >>> predictions["6566495-0-0"]["text"]                                              # doctest: +SKIP
    '1989년 2월 15일'
    """
    best = {}
    for feature, starts, ends in zip(features, start_logits, end_logits):
        index = int(feature["example_index"])
        span = best_span(starts, ends, feature["offset_start"], feature["offset_end"], n_best, max_answer_length)
        if span is not None and (best.get(index) is None or span[0] > best[index][0][0]):
            best[index] = (span, feature)
        best.setdefault(index, None)
    predictions = {}
    for index, found in best.items():
        example = examples[index]
        if found is None:
            predictions[example.id] = {"text": "", "start": 0, "end": 0, "score": 0.0, "logit": -math.inf}
            continue
        (logit, start, end, probability), feature = found
        char_start, char_end = int(feature["offset_start"][start]), int(feature["offset_end"][end])
        predictions[example.id] = {"text": example.context[char_start:char_end], "start": char_start,
                                   "end": char_end, "score": probability, "logit": logit}
    return predictions


# ---------------------------------------------------------------- the official KorQuAD 1.0 metric


def normalize_answer(s):
    """The official KorQuAD 1.0 normalisation: quotes, brackets and ASCII punctuation out, lower case, single spaces.

    >>> normalize_answer("《토지》 (1969년)")
    '토지 1969년'
    """

    def remove_(text):
        for mark in ("'", '"', "《", "》", "<", ">", "〈", "〉", "(", ")", "‘", "’"):
            text = text.replace(mark, " ")
        return text

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_punc(remove_(s).lower()))


def exact_match_score(prediction, ground_truth):
    """True when both normalise to the same string.

    >>> exact_match_score("'토지'", "토지")
    True
    """
    return normalize_answer(prediction) == normalize_answer(ground_truth)


def f1_score(prediction, ground_truth):
    """KorQuAD's F1 over the characters (spaces left out) of the normalised answers.

    >>> round(f1_score("서울에서", "서울"), 4)   # 2 of 4 predicted characters right, all 2 gold ones found
    0.6667
    """
    prediction_chars = [ch for token in normalize_answer(prediction).split() for ch in token]
    truth_chars = [ch for token in normalize_answer(ground_truth).split() for ch in token]
    common = Counter(prediction_chars) & Counter(truth_chars)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = num_same / len(prediction_chars)
    recall = num_same / len(truth_chars)
    return 2 * precision * recall / (precision + recall)


def answer_scores(predictions, gold):
    """EM and F1 (0-100) of ``predictions`` (id -> text) against ``gold`` (id -> list of answer texts).

    Each question scores its best match over its gold answers; a question without a
    prediction scores 0, as in the official script.

    >>> answer_scores({"q1": "서울"}, {"q1": ["서울", "서울시"]})
    {'exact_match': 100.0, 'f1': 100.0}
    """
    exact_match = f1 = 0.0
    unanswered = [qid for qid in gold if qid not in predictions]
    if unanswered:
        warnings.warn(f"{len(unanswered)} question(s) have no prediction and score 0, e.g. {unanswered[0]}.",
                      stacklevel=2)
    for qid, truths in gold.items():
        if qid in predictions:
            exact_match += max(exact_match_score(predictions[qid], t) for t in truths)
            f1 += max(f1_score(predictions[qid], t) for t in truths)
    total = max(1, len(gold))
    return {"exact_match": 100.0 * exact_match / total, "f1": 100.0 * f1 / total}


def squad_scores(predictions, dataset):
    """Exact match and F1 on a 0-100 scale, as the official KorQuAD 1.0 evaluation script computes them.

    ``predictions`` maps question id to answer text; ``dataset`` is the parsed KorQuAD
    JSON (the whole file, or its ``data`` list).

    >>> squad_scores({"q1": "서울에서"}, {"data": [{"paragraphs": [{"qas": [{"id": "q1", "answers": [{"text": "서울"}]}]}]}]})
    {'exact_match': 0.0, 'f1': 66.66666666666666}
    """
    articles = dataset["data"] if isinstance(dataset, dict) else dataset
    gold = {qa["id"]: [a["text"] for a in qa["answers"]]
            for article in articles for paragraph in article["paragraphs"] for qa in paragraph["qas"]}
    return answer_scores(predictions, gold)


# ---------------------------------------------------------------- training


def window_logits(batch, output):
    """One entry per window of a validation batch: its question, its context offsets, its start and end logits.

    Cut to the window's own length and copied to the CPU once per batch; what
    :func:`score_windows` turns into answers at the end of validation.

    >>> self.val_outputs.append((loss, len(batch["input_ids"]), window_logits(batch, output)))   # doctest: +SKIP
    """
    starts, ends = output.start_logits.float().cpu(), output.end_logits.float().cpu()
    offset_start, offset_end = batch["offset_start"].cpu(), batch["offset_end"].cpu()
    example_index = batch["example_index"].tolist()
    return [{"example_index": example_index[row], "offset_start": offset_start[row, :length],
             "offset_end": offset_end[row, :length], "start_logits": starts[row, :length], "end_logits": ends[row, :length]}
            for row, length in enumerate(batch["attention_mask"].sum(-1).tolist())]


def prediction_scores(examples, predictions):
    """KorQuAD 1.0 EM and F1 (0-100) of ``predictions`` (:func:`postprocess`) against the answers of ``examples``.

    >>> prediction_scores(val_examples, predict_examples(model, val_examples, val_dataset, tokenizer))   # doctest: +SKIP
    {'exact_match': 71.7, 'f1': 85.3}
    """
    return answer_scores({qid: p["text"] for qid, p in predictions.items()},
                         {example.id: [a.text for a in example.answers] for example in examples})


def score_windows(examples, windows, n_best=20, max_answer_length=30):
    """KorQuAD 1.0 EM and F1 of the answers :func:`postprocess` picks from ``windows`` (lists of :func:`window_logits`).

    Only the questions that have windows are scored (all of them, after a whole validation
    gathered from every process); ``"examples"`` says how many.

    >>> score_windows(val_examples, windows, n_best=20, max_answer_length=30)   # doctest: +SKIP
    {'exact_match': 71.7, 'f1': 85.3, 'examples': 120}
    """
    windows = [window for batch in windows for window in batch]
    if not windows:
        return {"exact_match": 0.0, "f1": 0.0, "examples": 0}
    predictions = postprocess(examples, windows, [w["start_logits"] for w in windows],
                              [w["end_logits"] for w in windows], n_best, max_answer_length)
    seen = [examples[i] for i in sorted({w["example_index"] for w in windows})]
    return dict(prediction_scores(seen, predictions), examples=len(seen))


@torch.no_grad()
def predict_examples(model, examples, dataset, tokenizer, n_best=20, max_answer_length=30, batch_size=64):
    """Answers (id -> dict, as :func:`postprocess`) for ``examples`` and their feature ``dataset``.

    >>> predictions = predict_examples(model, val_examples, val_dataset, tokenizer, args.n_best, args.max_answer_length)   # doctest: +SKIP
    """
    model.eval()
    device = next(model.parameters()).device
    collate = PadCollator(tokenizer.pad_token_id)
    features, starts, ends = [], [], []
    for first in range(0, len(dataset), batch_size):
        items = [dataset[i] for i in range(first, min(first + batch_size, len(dataset)))]
        batch = collate(items)
        inputs = {k: v.to(device) for k, v in model_inputs(batch).items() if not k.endswith("_positions")}
        output = model(**inputs)
        for row, item in enumerate(items):
            length = len(item["input_ids"])
            features.append(item)
            starts.append(output.start_logits[row, :length].float().cpu())
            ends.append(output.end_logits[row, :length].float().cpu())
    return postprocess(examples, features, starts, ends, n_best, max_answer_length)


# ---------------------------------------------------------------- inference


class QuestionAnswerer:
    """``predict(question, context)`` for a fine-tuned reader, as the inference notebook uses it.

    The context may be longer than one window: it is read in overlapping windows
    (``doc_stride`` shared tokens) and the best span over all of them wins. The result
    is a dict with the ``answer`` text (a substring of the context), its character
    ``start``/``end``, its ``score`` (start probability x end probability in its window)
    and the number of ``windows`` read. An empty question or context raises :class:`InputError`.

    >>> predict = QuestionAnswerer(model, tokenizer, max_length=256, doc_stride=64, max_query_length=32)   # doctest: +SKIP
    >>> predict("훈민정음을 만든 임금은?", "훈민정음은 조선의 제4대 임금인 세종이 만든 문자다.")["answer"]   # doctest: +SKIP
    '세종'
    """

    def __init__(self, model, tokenizer, max_length, doc_stride=64, max_query_length=32, max_answer_length=30,
                 n_best=20):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length, self.doc_stride, self.max_query_length = max_length, doc_stride, max_query_length
        self.max_answer_length, self.n_best = max_answer_length, n_best

    def __call__(self, question, context):
        text_value(question, "question", 'predict("세종이 훈민정음을 만든 해는?", "훈민정음은 세종이 1443년에 만든 문자다.")')
        text_value(context, "context", 'predict("세종이 훈민정음을 만든 해는?", "훈민정음은 세종이 1443년에 만든 문자다.")')
        if is_blank(question):  # empty, spaces or control characters (NUL) only
            raise InputError("질문이 비어 있습니다. 문단에 대해 질문을 입력하세요.")
        if is_blank(context):
            raise InputError("문단이 비어 있습니다. 답이 들어 있는 문단을 붙여 넣으세요.")
        example = QAExample("question", question.strip(), context, [])
        dataset = FeatureDataset(encode_qa([example], self.tokenizer, self.max_length,
                                           self.doc_stride, self.max_query_length))
        found = predict_examples(self.model, [example], dataset, self.tokenizer, self.n_best,
                                 self.max_answer_length)["question"]
        return {"question": question, "answer": found["text"], "start": found["start"], "end": found["end"],
                "score": found["score"], "windows": len(dataset)}
