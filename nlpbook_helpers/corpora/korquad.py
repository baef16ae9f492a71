"""KorQuAD 1.0: questions on Korean Wikipedia paragraphs, answered by a span of the paragraph.

The files are SQuAD v1.1 JSON, downloaded from the dataset's official address
(Korpora does not carry KorQuAD). There is no public test file: like the book,
the dev file serves as validation.
"""
import warnings
from pathlib import Path
from typing import List, NamedTuple

from ..errors import CorpusError
from .download import download_file
from .files import read_json

FILES = {"train": "KorQuAD_v1.0_train.json", "val": "KorQuAD_v1.0_dev.json"}
URL = "https://korquad.github.io/dataset/{}"


class Answer(NamedTuple):
    """An answer span: its text and the character offset where it starts in the context."""

    text: str
    start: int


class QAExample(NamedTuple):
    """One question on one context, with its gold answers (empty when unlabelled)."""

    id: str
    question: str
    context: str
    answers: List[Answer]


def load_json(path):
    """Parse a SQuAD-format file and return its ``data`` list; a broken file names its line.

    This is also the download check, so a half-downloaded file is never kept.

    >>> len(load_json("corpora/korquad-v1/KorQuAD_v1.0_dev.json"))   # articles   # doctest: +SKIP
    140
    """
    parsed = read_json(path)
    if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), list):
        raise CorpusError(
            f"{path} 파일은 JSON이지만 SQuAD 형식이 아닙니다(맨 위에 'data' 목록이 없습니다). "
            f"그 자리에 공식 KorQuAD 1.0 파일을 두거나, 이 파일을 지우고 다시 내려받으세요."
        )
    return parsed["data"]


def read_file(path):
    """Every question of a KorQuAD-format file as a :class:`QAExample`, in file order.

    Nothing is dropped: an answer starting at character 0 is kept, and an answer whose
    text differs from the context at its offset is kept as written and reported by
    question id in one warning.

    >>> read_file("corpora/korquad-v1/KorQuAD_v1.0_dev.json")[0].answers   # doctest: +SKIP
    [Answer(text='1989년 2월 15일', start=0)]
    """
    examples, mismatched = [], []
    for a, article in enumerate(load_json(path)):
        for p, paragraph in enumerate(article.get("paragraphs", [])):
            try:
                context = paragraph["context"]
                for qa in paragraph["qas"]:
                    answers = [Answer(ans["text"], int(ans["answer_start"])) for ans in qa["answers"]]
                    examples.append(QAExample(qa["id"], qa["question"], context, answers))
                    if any(context[ans.start:ans.start + len(ans.text)] != ans.text for ans in answers):
                        mismatched.append(qa["id"])
            except (KeyError, TypeError, ValueError) as error:
                raise CorpusError(
                    f"{path}: {a}번 문서의 {p}번 문단에 빠진 필드가 있거나 값의 형식이 틀립니다({error!r}). "
                    f"SQuAD 형식에는 context, qas, id, question, answers(text, answer_start)가 있어야 합니다. "
                    f"이 파일을 지우고 다시 내려받으세요."
                ) from error
    if mismatched:
        warnings.warn(
            f"{path}: 질문 {len(mismatched)}개에서 답의 text가 context의 answer_start 위치에 있는 글과 "
            f"다릅니다. 파일에 적힌 그대로 둡니다. 질문 id: {', '.join(mismatched[:20])}"
            f"{' ...' if len(mismatched) > 20 else ''}",
            stacklevel=2,
        )
    return examples


def download(root_dir):
    """Download KorQuAD 1.0 train and dev into ``<root_dir>/korquad-v1`` (kept when already there).

    >>> download("/content/Korpora")   # doctest: +SKIP
    PosixPath('/content/Korpora/korquad-v1')
    """
    target = Path(root_dir) / "korquad-v1"
    for name in FILES.values():
        download_file(URL.format(name), target / name, check=load_json)
    return target


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/korquad-v1``.

    >>> len(read("/content/Korpora", "val"))   # doctest: +SKIP
    5774
    """
    path = Path(root_dir) / "korquad-v1" / FILES[split]
    if not path.exists():
        raise CorpusError(f"{path} 파일이 없습니다. 먼저 download_corpus('korquad-v1', {str(root_dir)!r})를 "
                          f"실행하세요.")
    return read_file(path)
