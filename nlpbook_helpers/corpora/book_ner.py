"""The book's own NER format (built on the KMOU NER corpus): one sentence per line.

Each line is ``<sentence>␞<the same sentence with <text:TAG> marks>`` (U+241E between
them), with three-letter tags: PER ORG LOC DAT TIM DUR MNY PNT NOH POH. The files
live in ``<root>/book-ner/`` as ``train.txt`` and ``val.txt``. There is no public
download: readers who have the book's data files copy them there.
"""
from pathlib import Path

from ..errors import CorpusError
from .entities import MarkError, NERExample, parse_marked
from .files import read_lines

FOLDER = "book-ner"
FILES = {"train": "train.txt", "val": "val.txt"}
SEPARATOR = "\u241e"  # ␞ SYMBOL FOR RECORD SEPARATOR


def read_file(path):
    """Read a book-format NER file: one :class:`NERExample` per line.

    >>> read_file("book-ner/val.txt")[0]   # doctest: +SKIP
    NERExample(text='이미 수상자(2000년 김대중 전 대통령)를 배출한 데다', entities=[(7, 12, 'DAT'), (13, 16, 'PER')])
    """
    lines = read_lines(path, f"책의 개체명 파일({', '.join(FILES.values())})을 {Path(path).parent}에 복사하거나, "
                             f"'klue-ner' 말뭉치를 쓰세요.")
    examples = []
    for line_number, line in enumerate(lines, start=1):
        parts = line.split(SEPARATOR)
        if len(parts) != 2:
            raise CorpusError(f"{path}, {line_number}번째 줄: 줄은 '<문장>{SEPARATOR}<태그를 단 문장>' 형식이어야 "
                              f"합니다(구분자 {SEPARATOR} 1개). 이 줄에는 구분자가 {len(parts) - 1}개 있습니다. "
                              f"이 줄을 고치거나 지우세요.")
        text, marked = parts
        try:
            entities = parse_marked(marked, text)
        except MarkError as error:
            column = len(text) + 1 + error.column
            raise CorpusError(f"{path}, {line_number}번째 줄, {column}번째 글자(태그를 단 문장 안): "
                              f"{error.problem}. 이 줄을 고치세요.") from None
        examples.append(NERExample(text, entities))
    return examples


def download(root_dir):
    """The book's NER data has no public download: check the files are in place, or say where they go."""
    folder = Path(root_dir) / FOLDER
    missing = [name for name in FILES.values() if not (folder / name).exists()]
    if missing:
        raise CorpusError(
            f"책의 개체명 데이터는 내려받을 수 없습니다(공개된 주소가 없습니다). {', '.join(missing)} 파일"
            f"(각 줄은 '<문장>{SEPARATOR}<태그를 단 문장>')을 {folder}에 복사하세요. 아니면 "
            f"downstream_corpus_name='klue-ner'로 바꿔 KLUE-NER 말뭉치로 학습하세요. 이 말뭉치는 자동으로 "
            f"내려받습니다.")
    for name in FILES.values():
        read_file(folder / name)
    return folder


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/book-ner``."""
    return read_file(Path(root_dir) / FOLDER / FILES[split])
