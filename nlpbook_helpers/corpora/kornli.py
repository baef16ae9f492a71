"""KorNLI: Korean natural language inference (KakaoBrain), via Korpora.

Each line is a premise, a hypothesis and whether the premise entails the
hypothesis, contradicts it, or neither (neutral). Training uses the translated
MultiNLI and SNLI training sets together; XNLI dev and test are human translations.
"""
from pathlib import Path

from ..errors import CorpusError
from .download import fetch_with_korpora
from .examples import ClassificationExample
from .tsv import read_tsv

HEADER = ["sentence1", "sentence2", "gold_label"]
LABELS = ["entailment", "neutral", "contradiction"]  # label ids 0, 1, 2 (the KLUE-NLI order too)
FILES = {
    "train": ("multinli.train.ko.tsv", "snli_1.0_train.ko.tsv"),
    "val": ("xnli.dev.ko.tsv",),
    "test": ("xnli.test.ko.tsv",),
}


def read_file(path):
    """Read one KorNLI file: one example per data line (premise, hypothesis, label id).

    >>> read_file("corpora/kornli/xnli.dev.ko.tsv")[0]   # doctest: +SKIP
    ClassificationExample(text_a='그리고 그가 말했다, "엄마, 저 왔어요."', text_b='그는 학교 버스가 그를 내려주자마자 엄마에게 전화를 걸었다.', label=1)
    """
    label_ids = {label: i for i, label in enumerate(LABELS)}
    examples = []
    for line_number, (premise, hypothesis, label) in read_tsv(path, HEADER):
        if label.strip() not in label_ids:
            raise CorpusError(
                f"{path}, {line_number}번째 줄: 레이블이 {label!r}입니다. KorNLI 레이블은 "
                f"{', '.join(LABELS)} 중 하나여야 합니다. 이 줄을 고치거나 지우세요. 아니면 파일을 "
                f"다시 내려받으세요."
            )
        examples.append(ClassificationExample(text_a=premise, text_b=hypothesis, label=label_ids[label.strip()]))
    return examples


def download(root_dir):
    """Download KorNLI with Korpora into ``<root_dir>/kornli`` (files already there are kept)."""
    names = [name for split in ("train", "val", "test") for name in FILES[split]]
    return fetch_with_korpora("kornli", root_dir, names, check=read_file)


def read(root_dir, split):
    """Examples of one split (``train``, ``val`` or ``test``) under ``<root_dir>/kornli``.

    >>> len(read("/content/Korpora", "val"))   # doctest: +SKIP
    2490
    """
    return [example for name in FILES[split] for example in read_file(Path(root_dir) / "kornli" / name)]
