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
    lines = read_lines(path, f"Copy the book's NER files ({', '.join(FILES.values())}) into {Path(path).parent}, "
                             f"or use the corpus 'klue-ner'.")
    examples = []
    for line_number, line in enumerate(lines, start=1):
        parts = line.split(SEPARATOR)
        if len(parts) != 2:
            raise CorpusError(f"{path}, line {line_number}: expected '<sentence>{SEPARATOR}<tagged sentence>' "
                              f"(one {SEPARATOR} separator), found {len(parts) - 1} separators. Fix or "
                              f"delete that line.")
        text, marked = parts
        try:
            entities = parse_marked(marked, text)
        except MarkError as error:
            column = len(text) + 1 + error.column
            raise CorpusError(f"{path}, line {line_number}, column {column}: in the tagged sentence, "
                              f"{error.problem}. Fix that line.") from None
        examples.append(NERExample(text, entities))
    return examples


def download(root_dir):
    """The book's NER data has no public download: check the files are in place, or say where they go."""
    folder = Path(root_dir) / FOLDER
    missing = [name for name in FILES.values() if not (folder / name).exists()]
    if missing:
        raise CorpusError(
            f"The book's NER data cannot be downloaded (it has no public address). Copy "
            f"{' and '.join(missing)} (lines '<sentence>{SEPARATOR}<tagged sentence>') into {folder}, "
            f"or set downstream_corpus_name='klue-ner' to train on KLUE-NER, which downloads itself.")
    for name in FILES.values():
        read_file(folder / name)
    return folder


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/book-ner``."""
    return read_file(Path(root_dir) / FOLDER / FILES[split])
