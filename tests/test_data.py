"""Features, the cache, dynamic padding, the tiny BERT's tokenizer."""
import dataclasses
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer

from nlpbook_helpers import read_corpus
from nlpbook_helpers.classification import encode_classification
from nlpbook_helpers.corpora.examples import ClassificationExample
from nlpbook_helpers.data import FeatureDataset, PadCollator, build_dataset, make_dataloader, tokenizer_fingerprint
from nlpbook_helpers.quick import common_characters

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_feature_dataset_round_trip_is_compact():
    ds = FeatureDataset({"input_ids": [[2, 700, 3], [2, 3], [2, 5, 6, 7, 3]], "labels": [1, 0, 1]})
    assert len(ds) == 3
    assert ds[2]["input_ids"].tolist() == [2, 5, 6, 7, 3] and int(ds[2]["labels"]) == 1
    assert ds.columns["input_ids"]["values"].dtype == torch.int16  # 700 does not fit int8
    assert ds.columns["labels"]["values"].dtype == torch.int8
    assert ds.lengths() == [3, 2, 5]


def test_collator_pads_to_the_longest_in_the_batch():
    items = [{"input_ids": torch.tensor([2, 9, 9, 3]), "labels": torch.tensor([-100, 1, 2, -100])},
             {"input_ids": torch.tensor([2, 3]), "labels": torch.tensor([-100, -100])}]
    batch = PadCollator(pad_token_id=0)(items)
    assert batch["input_ids"].tolist() == [[2, 9, 9, 3], [2, 3, 0, 0]]
    assert batch["labels"].tolist() == [[-100, 1, 2, -100], [-100, -100, -100, -100]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 0, 0]]


def test_encode_classification_pairs_and_truncation(tiny_bert_path):
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    single = encode_classification([ClassificationExample("정말 재밌어요", label=1)], tokenizer, 64)
    ids = single["input_ids"][0]
    assert ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    assert tokenizer.convert_ids_to_tokens(ids[1:-1]) == ["정말", "재밌어요"]
    assert single["labels"] == [1]
    long_a, long_b = "정말 재밌어요 " * 30, "돈이 아깝다 " * 30
    pair = encode_classification([ClassificationExample(long_a, long_b, 0)], tokenizer, 20)
    segments = pair["token_type_ids"][0]
    assert len(pair["input_ids"][0]) == 20
    assert segments.count(0) >= 9 and segments.count(1) >= 9  # both sentences keep tokens


def test_tiny_bert_knows_every_common_syllable_like_kcbert(tiny_bert_path):
    """Korean the fixtures never saw is split into syllables, as kcbert-base splits rare words, never [UNK]."""
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    hangul = "".join(c for c in common_characters() if "가" <= c <= "힣")
    assert len(hangul) == 2350
    # Every syllable first in a word and inside one (50-syllable words: WordPiece gives up at 100 characters).
    words = [hangul[i:i + 50] for i in range(0, len(hangul), 50)]
    tokens = [t for word in words + [w[::-1] for w in words] for t in tokenizer.tokenize(word)]
    assert "[UNK]" not in tokens and len(tokens) >= 2 * 2350
    assert tokenizer.tokenize("세종이 훈민정음을") == ["세", "##종", "##이", "훈", "##민", "##정", "##음", "##을"]
    assert tokenizer.tokenize("정말 재밌어요") == ["정말", "재밌어요"]  # words the fixtures hold stay whole


def test_tiny_bert_builds_the_same_every_time(tmp_path):
    """The same fixtures give the same tokenizer and weights, so quick-mode scores repeat across machines."""
    from nlpbook_helpers.quick import build_tiny_bert

    first, second = Path(build_tiny_bert(tmp_path / "a")), Path(build_tiny_bert(tmp_path / "b"))
    for name in ("tokenizer.json", "model.safetensors", "config.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.skipif(not (SHARED / "kcbert-base").exists(), reason="../shared/data is not beside the repo")
def test_tiny_bert_leaves_as_few_real_reviews_unknown_as_kcbert(tiny_bert_path):
    from transformers import BertTokenizerFast

    from nlpbook_helpers import read_examples

    kcbert = BertTokenizerFast(str(SHARED / "kcbert-base" / "vocab.txt"), do_lower_case=False, strip_accents=False)
    tiny = AutoTokenizer.from_pretrained(tiny_bert_path)
    reviews = [e.text_a for e in read_examples("nsmc", SHARED, "train")]

    def unknown_share(tokenizer):
        tokens = [t for review in reviews for t in tokenizer.tokenize(review)]
        return tokens.count("[UNK]") / len(tokens)

    # Measured on the 2,000 real reviews: kcbert-base 0.46%, tiny 0.44% (emoji and rare syllables).
    assert unknown_share(tiny) <= 1.5 * unknown_share(kcbert) and unknown_share(tiny) < 0.01


def test_dynamic_padding_and_cache(quick_args, tiny_bert_path, capsys):
    args = quick_args()
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    dataset = build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification)
    assert len(dataset) == 1200
    caches = list((__import__("pathlib").Path(args.feature_cache_dir)).glob("nsmc-*-encode_classification-*.pt"))
    assert len(caches) == 1 and tokenizer_fingerprint(tokenizer) in caches[0].name
    lengths = dataset.lengths()
    loader = make_dataloader(dataset, args, tokenizer, shuffle=False)
    first = next(iter(loader))
    assert first["input_ids"].shape == (16, max(lengths[:16]))
    assert max(lengths[:16]) < args.max_seq_length  # not padded to max_seq_length

    # A truncated cache file is rebuilt, not loaded.
    caches[0].write_bytes(caches[0].read_bytes()[:100])
    again = build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification)
    assert "다시 만듭니다" in capsys.readouterr().out
    assert again[5]["input_ids"].tolist() == dataset[5]["input_ids"].tolist()


def test_cache_is_keyed_by_tokenizer(quick_args, tiny_bert_path, tmp_path):
    args = quick_args(feature_cache_dir=str(tmp_path / "features"))  # a folder of its own: counted below
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification)
    tokenizer.add_tokens(["재밌어요오"])  # another vocabulary: another cache file
    build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification)
    assert len(list((tmp_path / "features").glob("nsmc-200ex-encode_classification-*.pt"))) == 2


def test_the_examples_the_notebook_read_are_what_get_encoded(quick_args, tiny_bert_path, tmp_path):
    """A learner who filters or edits ``train_examples`` trains on exactly those: the cache is keyed on their content."""
    args = quick_args(feature_cache_dir=str(tmp_path / "features"))
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    examples = read_corpus(args, "val")
    full = build_dataset(args, tokenizer, examples, encode_classification)
    positive = build_dataset(args, tokenizer, [e for e in examples if e.label == 1], encode_classification)
    assert len(full) == 200 and len(positive) == sum(e.label == 1 for e in examples) < 200
    assert {int(positive[i]["labels"]) for i in range(len(positive))} == {1}
    edited = [dataclasses.replace(examples[0], text_a="완전 다른 문장")] + examples[1:]
    again = build_dataset(args, tokenizer, edited, encode_classification)  # same count, other content: no stale cache
    assert again[0]["input_ids"].tolist() == tokenizer("완전 다른 문장")["input_ids"]
    assert again[0]["input_ids"].tolist() != full[0]["input_ids"].tolist()
    assert len(list((tmp_path / "features").glob("*.pt"))) == 3
    with pytest.raises(TypeError, match="읽은 예제 목록"):
        build_dataset(args, tokenizer, "train", encode_classification)  # the old call: a split's name
