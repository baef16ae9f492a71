"""NER: both corpus formats, subword labels from character spans, entity F1, prediction, demo."""
import logging
import random
import warnings
from pathlib import Path

import pytest
import torch

from nlpbook_helpers import CorpusError, InputError, download_corpus, read_examples
from nlpbook_helpers.corpora import book_ner, klue_ner
from nlpbook_helpers.corpora.entities import NERExample, parse_marked, render_marked, tags_to_spans
from nlpbook_helpers.data import PadCollator
from nlpbook_helpers.ner import (Entity, EntityRecognizer, align_tags, entity_f1, entity_scores,
                                 encode_ner, ner_labels)
from nlpbook_helpers.quick import FIXTURES_DIR
from pipeline import load_for_inference

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
KLUE_LABELS = ["O", "B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI"]
BOOK_TO_KLUE = {"PER": "PS", "LOC": "LC", "ORG": "OG", "DAT": "DT", "TIM": "TI", "NOH": "QT", "MNY": "QT", "PNT": "QT"}


# --- reading both formats -------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "klue-ner").exists(), reason="../shared/data is not beside the repo")
def test_real_klue_ner_sample_spans(capsys):
    examples = klue_ner.read_file(SHARED / "klue-ner" / "klue-ner-v1.1_dev.sample.tsv", strict=True)
    assert len(examples) == 300 and sum(len(e.entities) for e in examples) == 882
    first = examples[0]
    assert first.text.startswith("경찰은 또 성매매 알선 자금을 관리한 박씨의 딸(32)과")
    assert first.entities == [(0, 2, "OG"), (21, 22, "PS"), (27, 29, "QT"), (39, 40, "PS"),
                              (42, 44, "QT"), (49, 52, "QT")]
    assert [first.text[s:e] for s, e, _ in first.entities] == ["경찰", "박", "32", "김", "33", "16명"]
    assert {t for e in examples for _, _, t in e.entities} == {"PS", "LC", "OG", "DT", "TI", "QT"}
    assert capsys.readouterr().out == ""  # every sentence line agrees with its characters


@pytest.mark.skipif(not (SHARED / "book-ner").exists(), reason="../shared/data is not beside the repo")
def test_real_book_sample_spans_and_a_literal_bracket():
    examples = book_ner.read_file(SHARED / "book-ner" / "ner.sample.txt")
    assert len(examples) == 300 and sum(len(e.entities) for e in examples) == 918
    assert examples[1] == NERExample("이미 수상자(2000년 김대중 전 대통령)를 배출한 데다",
                                     [(7, 12, "DAT"), (13, 16, "PER")])
    bracket = examples[218]  # "시점이 내일>(<18일:DAT>)": that ">" is text, not a mark
    assert "내일>(18일)" in bracket.text
    assert [bracket.text[s:e] for s, e, _ in bracket.entities] == ["최", "3명", "18일"]


def test_fixtures_hold_the_same_sentences_in_both_formats():
    klue = read_examples("klue-ner", FIXTURES_DIR, "train") + read_examples("klue-ner", FIXTURES_DIR, "val")
    book = read_examples("book-ner", FIXTURES_DIR, "train") + read_examples("book-ner", FIXTURES_DIR, "val")
    assert len(klue) == len(book) == 1100
    assert [e.text for e in klue] == [e.text for e in book]
    assert [e.entities for e in klue] == [[(s, t, BOOK_TO_KLUE[x]) for s, t, x in e.entities] for e in book]
    literal = next(e for e in klue if "2<3" in e.text)
    assert [(s, t) for s, t, _ in literal.entities] == [(12, 15)]  # only the name, not "<3 이었고 ..."
    assert ner_labels(read_examples("klue-ner", FIXTURES_DIR, "train")) == KLUE_LABELS


def test_marks_parse_and_render_back():
    text = "점수는 2<3 이었고 김민준가 이겼다."
    marked = "점수는 2<3 이었고 <김민준:PS>가 이겼다."
    assert parse_marked(marked, text) == [(12, 15, "PS")]
    assert render_marked(text, [(12, 15, "PS")]) == marked
    assert parse_marked("<10:30:TI>에 <서울 시청:LC>", "10:30에 서울 시청") == [(0, 5, "TI"), (7, 12, "LC")]
    # from the KLUE train file: brackets inside an entity
    assert parse_marked("<중국 선전(深천<土+川>)시:LC>는", "중국 선전(深천<土+川>)시는") == [(0, 15, "LC")]


KLUE_SENTENCE = "## klue-ner-v1_dev_00001-test\t<박:PS>씨의 딸(<32:QT>)\n" + "".join(
    f"{c}\t{t}\n" for c, t in zip("박씨의 딸(32)", ["B-PS", "O", "O", "O", "O", "O", "B-QT", "I-QT", "O"]))
KLUE_HEADER = "## 토큰, 레이블 구분자 : \\t\n## 컬럼명 : CHAR\tNE_TAG\n"


def write(tmp_path, folder, name, text):
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_klue_reader_reads_a_hand_checked_file(tmp_path):
    # sentences end at a blank line or, as KLUE's own reader allows, a line holding only a tab
    write(tmp_path, "klue-ner", "klue-ner-v1.1_dev.tsv", KLUE_HEADER + KLUE_SENTENCE + "\t\n" + KLUE_SENTENCE + "\n")
    examples = read_examples("klue-ner", tmp_path, "val")
    assert examples == [NERExample("박씨의 딸(32)", [(0, 1, "PS"), (6, 8, "QT")])] * 2


@pytest.mark.parametrize("body, words", [
    (KLUE_SENTENCE.replace("딸\tO", "딸 O"), "19번째 줄: '<글자 하나><TAB><태그>' 형식이어야"),
    (KLUE_SENTENCE.replace("딸\tO", "딸\tX-PS"), "19번째 줄: '<글자 하나><TAB><태그>' 형식이어야 하고 태그는 O, B-PS"),
    (KLUE_SENTENCE.replace("\t<박", " <박"), "14번째 줄: '## <id><TAB><문장>' 형식이어야 하는데 탭이 없습니다"),
    (KLUE_SENTENCE.split("\n")[0] + "\n", "14번째 줄: 문장 klue-ner-v1_dev_00001-test에 글자 줄이 없습니다"),
])
def test_klue_malformed_lines_are_named(tmp_path, body, words):
    write(tmp_path, "klue-ner", "klue-ner-v1.1_dev.tsv", KLUE_HEADER + KLUE_SENTENCE + "\n" + body + "\n")
    with pytest.raises(CorpusError) as error:
        read_examples("klue-ner", tmp_path, "val")
    assert f"klue-ner-v1.1_dev.tsv, {words}" in str(error.value)  # lines 1-13: header, a good sentence


DISAGREEMENTS = [
    (KLUE_SENTENCE.replace("3\tB-QT", "3\tB-LC"), [(0, 1, "PS"), (6, 7, "LC"), (7, 8, "QT")],
     "14번째 줄: klue-ner-v1_dev_00001-test의 문장 줄과 글자 태그(15-23번째 줄)가 개체명 '3'(LC, 글자 위치 6-7)에서 서로 다릅니다"),
    (KLUE_SENTENCE.replace("(\tO", "[\tO"), [(0, 1, "PS"), (6, 8, "QT")],
     "14번째 줄, 41번째 글자: klue-ner-v1_dev_00001-test의 문장 줄과 글자 줄(15-23번째 줄)이 서로 다릅니다. 같은 자리에 태그를 단 문장은 '(', 원래 문장은 '['입니다"),
    (KLUE_SENTENCE.replace("(<32:QT>)", "(<32:QT)"), [(0, 1, "PS"), (6, 8, "QT")],
     "14번째 줄, 42번째 글자: klue-ner-v1_dev_00001-test의 문장 줄과 글자 줄(15-23번째 줄)이 서로 다릅니다. 개체명 표시를 여는 '<' 뒤에 이를 닫는 ':TAG>'가 없습니다"),
]


@pytest.mark.parametrize("body, entities, words", DISAGREEMENTS)
def test_klue_sentence_line_disagreeing_with_its_characters(tmp_path, capsys, body, entities, words):
    # The published train file has such sentences (KLUE pull request #39): by default a notice
    # names file and line and the character tags are kept; strict reading refuses the file.
    path = write(tmp_path, "klue-ner", "klue-ner-v1.1_dev.tsv", KLUE_HEADER + KLUE_SENTENCE + "\n" + body + "\n")
    examples = read_examples("klue-ner", tmp_path, "val")
    assert [e.entities for e in examples] == [[(0, 1, "PS"), (6, 8, "QT")], entities]
    notice = capsys.readouterr().out
    assert notice.startswith("klue-ner-v1.1_dev.tsv의 문장 2개 중 1개는") and f"{path}, {words}" in notice
    with pytest.raises(CorpusError) as error:
        klue_ner.read_file(path, strict=True)
    assert f"{path}, {words}" in str(error.value)


@pytest.mark.parametrize("line, words", [
    ("효진 역의 김환희\u241e<효진:PER 역의 <김환희:PER>",
     "2번째 줄, 11번째 글자(태그를 단 문장 안): 개체명 표시를 여는 '<' 뒤에 이를 닫는 ':TAG>'가 없습니다"),
    ("효진 역의 김환희<효진:PER> 역의 <김환희:PER>",
     "2번째 줄: 줄은 '<문장>\u241e<태그를 단 문장>' 형식이어야 합니다(구분자 \u241e 1개). 이 줄에는 구분자가 0개"),
    ("효진 역의 김환희\u241e<효진:PER> 역에 <김환희:PER>",
     "2번째 줄, 21번째 글자(태그를 단 문장 안): 같은 자리에 태그를 단 문장은 '에', 원래 문장은 '의'입니다"),
])
def test_book_errors_name_file_line_and_column(tmp_path, line, words):
    write(tmp_path, "book-ner", "train.txt", "효진\u241e<효진:PER>\n" + line + "\n")
    with pytest.raises(CorpusError) as error:
        read_examples("book-ner", tmp_path, "train")
    assert "train.txt, " in str(error.value) and words in str(error.value)


def test_book_download_says_where_the_files_go(tmp_path):
    with pytest.raises(CorpusError, match=r"공개된 주소가 없습니다\)\. train.txt, val.txt 파일.*book-ner"):
        download_corpus("book-ner", tmp_path)
    write(tmp_path, "book-ner", "train.txt", "효진\u241e<효진:PER>\n")
    write(tmp_path, "book-ner", "val.txt", "효진\u241e<효진:PER>\n")
    assert download_corpus("book-ner", tmp_path) == tmp_path / "book-ner"


def test_klue_download_checks_each_file(tmp_path, monkeypatch):
    source = tmp_path / "source"
    write(tmp_path, "source", "klue-ner-v1.1_train.tsv", KLUE_HEADER + KLUE_SENTENCE)
    monkeypatch.setattr(klue_ner, "URL", source.as_uri() + "/{}")
    for cut in (KLUE_SENTENCE[:-9], KLUE_SENTENCE[:-4]):  # inside a line; at a line end, mid-sentence
        write(tmp_path, "source", "klue-ner-v1.1_dev.tsv", KLUE_HEADER + KLUE_SENTENCE + "\n" + cut)
        with pytest.raises(CorpusError, match="내려받지 못했습니다"):
            download_corpus("klue-ner", tmp_path / "root")
        assert sorted(p.name for p in (tmp_path / "root" / "klue-ner").iterdir()) == ["klue-ner-v1.1_train.tsv"]
    write(tmp_path, "source", "klue-ner-v1.1_dev.tsv", KLUE_HEADER + KLUE_SENTENCE)
    download_corpus("klue-ner", tmp_path / "root")
    assert len(read_examples("klue-ner", tmp_path / "root", "val")) == 1


# --- subword labels --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hand_tokenizer(tmp_path_factory):
    """A WordPiece tokenizer with a vocabulary we wrote, so every split is known."""
    from transformers import BertTokenizerFast  # a vocab.txt file: the form transformers 4 and 5 both read

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "박씨", "##의", "딸", "(", "32", ")", "과",
             "김", "##환희", "##가", "갔다"]
    vocab_file = tmp_path_factory.mktemp("hand-vocab") / "vocab.txt"
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    return BertTokenizerFast(str(vocab_file), do_lower_case=False, strip_accents=False)


# "박씨의 딸(32)과 김환희가 ☃호텔에 갔다": 박 ends inside the token 박씨, 32 starts inside the
# word 딸(32)과, 김환희 spans two subwords, and the word ☃호텔에 is one [UNK].
SENTENCE = NERExample("박씨의 딸(32)과 김환희가 ☃호텔에 갔다", [(0, 1, "PS"), (6, 8, "QT"), (11, 14, "PS"), (16, 19, "OG")])
TOKENS = ["[CLS]", "박씨", "##의", "딸", "(", "32", ")", "과", "김", "##환희", "##가", "[UNK]", "갔다", "[SEP]"]
TAGS = [None, "B-PS", "O", "O", "O", "B-QT", "O", "O", "B-PS", "I-PS", "O", "B-OG", "O", None]


def test_subword_tags_follow_character_offsets(hand_tokenizer):
    encoded = hand_tokenizer(SENTENCE.text, return_offsets_mapping=True, return_special_tokens_mask=True)
    assert hand_tokenizer.convert_ids_to_tokens(encoded["input_ids"]) == TOKENS
    assert align_tags(encoded["offset_mapping"], encoded["special_tokens_mask"], SENTENCE.entities) == TAGS


def test_encoded_labels_and_minus_100_positions(hand_tokenizer):
    labels = ["O", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT"]
    short = NERExample("김환희가 갔다", [(0, 3, "PS")])
    features = encode_ner([SENTENCE, short], hand_tokenizer, max_length=64, labels=labels)
    assert features["labels"][0] == [-100 if t is None else labels.index(t) for t in TAGS]
    assert features["labels"][0] == [-100, 3, 0, 0, 0, 5, 0, 0, 3, 4, 0, 1, 0, -100]
    assert features["labels"][1] == [-100, 3, 4, 0, 0, -100]
    batch = PadCollator(hand_tokenizer.pad_token_id)([{k: torch.tensor(v[1]) for k, v in features.items()},
                                                      {k: torch.tensor(v[0]) for k, v in features.items()}])
    assert (batch["labels"][0] == -100).nonzero().flatten().tolist() == [0, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    truncated = encode_ner([SENTENCE], hand_tokenizer, max_length=6, labels=labels)["labels"][0]
    assert truncated == [-100, 3, 0, 0, 0, -100]


# --- decoding and scoring --------------------------------------------------------------

def test_spans_from_tags_follow_seqeval_rules():
    assert tags_to_spans(["B-PS", "I-PS", "O", "B-LC", "B-LC", "I-LC"]) == [(0, 2, "PS"), (3, 4, "LC"), (4, 6, "LC")]
    assert tags_to_spans(["O", "I-PS", "I-PS", "I-QT", "O", "B-OG"]) == [(1, 3, "PS"), (3, 4, "QT"), (5, 6, "OG")]
    assert tags_to_spans(["B-PS", "I-LC"]) == [(0, 1, "PS"), (1, 2, "LC")]
    assert tags_to_spans([]) == [] and tags_to_spans(["O", "O"]) == []


def test_entity_scores_on_a_hand_checked_example():
    true = [["B-PS", "I-PS", "O", "B-LC", "O"], ["B-QT", "O"]]
    pred = [["B-PS", "I-PS", "O", "B-LC", "I-LC"], ["B-QT", "B-QT"]]
    scores = entity_scores(true, pred)
    # found PS and QT; LC has the wrong end; one extra QT: 2 of 4 predicted, 2 of 3 true
    assert (scores["precision"], scores["recall"]) == (0.5, pytest.approx(2 / 3))
    assert scores["f1"] == pytest.approx(4 / 7)
    assert scores["per_type"]["LC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert scores["per_type"]["QT"]["f1"] == pytest.approx(2 / 3)
    assert entity_f1([["O"]], [["O"]]) == 0.0  # nothing to find, as seqeval says


def test_entity_f1_equals_seqeval_on_random_sequences():
    from seqeval.metrics import f1_score

    rng = random.Random(0)
    tags = ["O", "O", "B-PS", "I-PS", "B-LC", "I-LC", "B-QT", "I-QT"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # seqeval warns when nothing is predicted
        for _ in range(500):
            true = [[rng.choice(tags) for _ in range(rng.randint(0, 15))] for _ in range(rng.randint(1, 5))]
            pred = [[rng.choice(tags) if rng.random() < 0.4 else t for t in sentence] for sentence in true]
            assert entity_f1(true, pred) == pytest.approx(f1_score(true, pred), abs=1e-12)


# --- prediction and the demo -------------------------------------------------------------

class FixedTagger(torch.nn.Module):
    """A stand-in model that predicts given tags for the tokens of SENTENCE."""

    def __init__(self, labels, tags):
        super().__init__()
        from transformers import BertConfig

        self.config = BertConfig(id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
        self.labels, self.tags = labels, tags
        self.weight = torch.nn.Parameter(torch.zeros(1))

    @property
    def device(self):
        return self.weight.device

    def forward(self, input_ids, **kwargs):
        logits = torch.zeros(*input_ids.shape, len(self.labels))
        for row in range(input_ids.shape[0]):
            for k, tag in enumerate(self.tags[: input_ids.shape[1]]):
                logits[row, k, self.labels.index(tag or "O")] = 1.0
        return type("Output", (), {"logits": logits})


def test_predicted_tags_become_entities_over_the_original_string(hand_tokenizer):
    labels = ["O", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT"]
    predict = EntityRecognizer(FixedTagger(labels, TAGS), hand_tokenizer, max_length=64)
    assert predict.types == ["OG", "PS", "QT"]
    result = predict([SENTENCE.text])[0]
    # token boundaries: 박 comes back as the whole token 박씨, the [UNK] covers the word ☃호텔에
    assert result["entities"] == [Entity("박씨", "PS", 0, 2), Entity("32", "QT", 6, 8),
                                  Entity("김환희", "PS", 11, 14), Entity("☃호텔에", "OG", 16, 20)]
    assert result["truncated"] is False
    assert predict([SENTENCE.text + " 갔다 갔다"])[0]["truncated"] is False
    cut = EntityRecognizer(FixedTagger(labels, TAGS), hand_tokenizer, max_length=8)([SENTENCE.text])[0]
    assert cut["truncated"] is True and cut["entities"][-1] == Entity("32", "QT", 6, 8)
    with pytest.raises(InputError):
        predict(["  "])


def test_demo_colours_entities_and_handles_empty_input(hand_tokenizer):
    from nlpbook_helpers.widgets.ner import ner_demo

    labels = ["O", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT"]
    demo = ner_demo(EntityRecognizer(FixedTagger(labels, TAGS), hand_tokenizer, max_length=64))
    assert [demo.legend.value.count(t) for t in ("OG 기관", "PS 인물", "QT 수량")] == [1, 1, 1]
    demo.text.value = ""
    demo.button.click()
    assert "문장이 비어 있습니다" in demo.result.value
    demo.text.value = SENTENCE.text
    assert demo.result.value.count('class="nlpbook-entity"') == 4
    assert 'data-type="PS"' in demo.result.value and "☃호텔에" in demo.result.value
    assert "박씨:인물" in demo.history.value  # the history names types in Korean, like the legend


# --- training -----------------------------------------------------------------------------

def test_training_logs_entity_f1_and_inference_uses_the_training_labels(quick_args):
    import pytorch_lightning as pl
    from transformers import AutoTokenizer, BertForTokenClassification

    from nlpbook_helpers.checkpoints import load_checkpoint, find_best_checkpoint
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader
    from nlpbook_helpers.ner import predict_tags
    from pipeline import notebook_fit, notebook_task, notebook_trainer

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    args = quick_args(downstream_corpus_name="klue-ner", epochs=1)
    pl.seed_everything(args.seed, verbose=False)
    labels = ner_labels(read_examples(args.downstream_corpus_name, args.downstream_corpus_root_dir, "train"))
    tokenizer = AutoTokenizer.from_pretrained(args.pretrained_model_name)
    train_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "train"), encode_ner, labels=labels), args, tokenizer,
                                   shuffle=True)
    val_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_ner, labels=labels), args, tokenizer,
                                 shuffle=False)
    model = BertForTokenClassification.from_pretrained(args.pretrained_model_name, num_labels=len(labels))
    task = notebook_task("ner")(model, args, labels)
    trainer = notebook_trainer(args, train_loader)
    notebook_fit(trainer, task, train_loader, val_loader)

    metrics = trainer.callback_metrics
    assert {"val_loss", "val_f1", "val_precision", "val_recall"} <= set(metrics)
    assert {f"val_f1_{t}" for t in ("DT", "LC", "OG", "PS", "QT", "TI")} <= set(metrics)
    true_tags, pred_tags = predict_tags(task.model, val_loader, labels)
    assert len(true_tags) == 200 and sum(len(tags_to_spans(t)) for t in true_tags) == 548  # no entity cut
    assert float(metrics["val_f1"]) == pytest.approx(entity_f1(true_tags, pred_tags))

    _, metadata = load_checkpoint(find_best_checkpoint(args.downstream_model_dir), "ner")
    assert metadata["labels"] == labels == KLUE_LABELS
    model, tokenizer, info = load_for_inference(args.downstream_model_dir, "ner")
    assert type(model) is BertForTokenClassification and info["max_seq_length"] == args.max_seq_length
    predict = EntityRecognizer(model, tokenizer, max_length=info["max_seq_length"])
    assert predict.labels == KLUE_LABELS and info["labels"] == KLUE_LABELS


class GoldTagger(torch.nn.Module):
    """A stand-in model that predicts the gold tag of every token, except that it calls ``forget`` tags O."""

    def __init__(self, labels, forget=()):
        super().__init__()
        self.labels, self.forget = labels, {labels.index(tag) for tag in forget}
        self.weight = torch.nn.Parameter(torch.zeros(1))

    def forward(self, input_ids, labels, **kwargs):
        predicted = labels.clamp(min=0)
        for index in self.forget:
            predicted = predicted.masked_fill(predicted == index, 0)
        logits = torch.nn.functional.one_hot(predicted, len(self.labels)).float() + self.weight
        loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=-100)
        return type("Output", (), {"logits": logits, "loss": loss})


def test_validation_logs_entity_scores_of_the_predicted_tags(quick_args):
    """The scores the notebook's NERTask logs are the scores of what the model predicts, per type too."""
    from transformers import AutoTokenizer

    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader
    from pipeline import notebook_task, notebook_trainer

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    args = quick_args(downstream_corpus_name="klue-ner")
    tokenizer = AutoTokenizer.from_pretrained(args.pretrained_model_name)
    val_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_ner, labels=KLUE_LABELS), args,
                                 tokenizer, shuffle=False)
    true_tags = [t for batch in val_loader
                 for t in [[KLUE_LABELS[i] for i in row if i != -100] for row in batch["labels"].tolist()]]
    persons = sum(span[2] == "PS" for tags in true_tags for span in tags_to_spans(tags))
    total = sum(len(tags_to_spans(tags)) for tags in true_tags)
    assert total == 548 and 0 < persons < total

    def validate(model):
        trainer = notebook_trainer(args, val_loader, logger=False, enable_checkpointing=False, callbacks=[])
        return trainer.validate(notebook_task("ner")(model, args, KLUE_LABELS), val_loader, verbose=False)[0]

    perfect = validate(GoldTagger(KLUE_LABELS))
    assert perfect["val_f1"] == perfect["val_precision"] == perfect["val_recall"] == 1.0
    assert all(perfect[f"val_f1_{t}"] == 1.0 for t in ("DT", "LC", "OG", "PS", "QT", "TI"))
    no_persons = validate(GoldTagger(KLUE_LABELS, forget=("B-PS", "I-PS")))
    recall = (total - persons) / total
    assert no_persons["val_precision"] == 1.0 and no_persons["val_recall"] == pytest.approx(recall)
    assert no_persons["val_f1"] == pytest.approx(2 * recall / (1 + recall))
    assert no_persons["val_f1_PS"] == 0.0 and no_persons["val_f1_LC"] == 1.0
