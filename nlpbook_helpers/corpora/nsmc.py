"""NSMC: Naver movie reviews labelled negative (0) or positive (1), via Korpora."""
from pathlib import Path

from ..errors import CorpusError
from .download import fetch_with_korpora
from .examples import ClassificationExample
from .tsv import read_tsv

HEADER = ["id", "document", "label"]
LABELS = ["부정", "긍정"]  # label ids 0 and 1, as in the NSMC files
# NSMC has no validation file: like the book, the test file serves as validation.
FILES = {"train": "ratings_train.txt", "val": "ratings_test.txt", "test": "ratings_test.txt"}


def read_file(path):
    """Read one NSMC-format file: one example per data line, labels 0/1.

    >>> read_file("corpora/nsmc/ratings_test.txt")[0]   # doctest: +SKIP
    ClassificationExample(text_a='굳 ㅋ', text_b=None, label=1)
    """
    examples = []
    for line_number, (_, document, label) in read_tsv(path, HEADER):
        if label not in ("0", "1"):
            raise CorpusError(
                f"{path}, {line_number}번째 줄: 레이블이 {label!r}입니다. NSMC 레이블은 0 또는 1이어야 "
                f"합니다. 이 줄을 고치거나 파일을 다시 내려받으세요."
            )
        examples.append(ClassificationExample(text_a=document, label=int(label)))
    return examples


def download(root_dir):
    """Download NSMC with Korpora into ``<root_dir>/nsmc`` (kept when already there)."""
    return fetch_with_korpora("nsmc", root_dir, sorted(set(FILES.values())), check=read_file)


def read(root_dir, split):
    """Examples of one split (``train``, ``val`` or ``test``) under ``<root_dir>/nsmc``."""
    return read_file(Path(root_dir) / "nsmc" / FILES[split])
