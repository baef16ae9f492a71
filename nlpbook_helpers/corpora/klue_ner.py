"""KLUE-NER v1.1: Korean sentences with PS LC OG DT TI QT entities, tagged per character.

File format (``klue-ner-v1.1_{train,dev}.tsv``): a few ``##`` comment lines, then per
sentence a line ``## <id><TAB><sentence with <text:TAG> marks>``, one line
``<char><TAB><tag>`` per character (spaces too), and a blank line. The reader checks
that the character lines and the marked sentence say the same thing.
"""
import re
from pathlib import Path

from ..errors import CorpusError
from .download import download_file
from .entities import MarkError, NERExample, parse_marked, tags_to_spans
from .files import read_lines

URL = "https://raw.githubusercontent.com/KLUE-benchmark/KLUE/main/klue_benchmark/klue-ner-v1.1/{}"
FOLDER = "klue-ner"
# KLUE's test labels are not public: the dev file serves as validation.
FILES = {"train": "klue-ner-v1.1_train.tsv", "val": "klue-ner-v1.1_dev.tsv"}
TAG = re.compile(r"O|[BI]-[A-Z]{2,3}")


def _blocks(path):
    """Yield the non-empty blocks of lines between blank lines as ``[(line_number, line), ...]``."""
    lines = read_lines(path, f"Run download_corpus({FOLDER!r}, root) first, or check the corpus root folder.")
    block = []
    for line_number, line in enumerate(lines, start=1):
        if line in ("", "\t"):  # KLUE's own reader also splits sentences on a lone tab line
            if block:
                yield block
            block = []
        else:
            block.append((line_number, line))
    if block:
        yield block


def _read(path):
    """``(examples, disagreements)``: disagreements are ``(example_index, message)`` for sentence
    lines whose marks differ from their character tags (the character tags are kept)."""
    examples, disagreements = [], []
    for block in _blocks(path):
        comments = [item for item in block if item[1].startswith("##")]
        if len(block) == len(comments) and not examples:
            continue  # the header comments, on their own before the first sentence
        if not comments or block[len(comments) - 1] != comments[-1]:
            line_number = block[0][0]
            raise CorpusError(f"{path}, line {line_number}: a sentence must start with a line "
                              f"'## <id><TAB><sentence>' before its character lines. Fix the file "
                              f"or delete it and download it again.")
        sentence_line, sentence = comments[-1]
        guid, tab, marked = sentence[3:].partition("\t")
        if not tab:
            raise CorpusError(f"{path}, line {sentence_line}: expected '## <id><TAB><sentence>', "
                              f"found no tab. Fix that line or download the file again.")
        chars, tags = [], []
        for line_number, line in block[len(comments):]:
            fields = line.split("\t")
            if len(fields) != 2 or len(fields[0]) != 1 or not TAG.fullmatch(fields[1]):
                raise CorpusError(f"{path}, line {line_number}: expected '<one character><TAB><tag>' "
                                  f"with a tag like O, B-PS or I-PS, found {line!r}. Fix that line or "
                                  f"download the file again.")
            chars.append(fields[0])
            tags.append(fields[1])
        if not chars:
            raise CorpusError(f"{path}, line {sentence_line}: the sentence {guid} has no character "
                              f"lines. Fix the file or download it again.")
        text = "".join(chars)
        entities = tags_to_spans(tags)
        where = f"{path}, line {sentence_line}"
        lines = f"lines {sentence_line + 1}-{sentence_line + len(chars)}"
        try:
            marked_entities = parse_marked(marked, text)
        except MarkError as error:
            column = len("## ") + len(guid) + len("\t") + error.column
            disagreements.append((len(examples), f"{where}, column {column}: the sentence line of {guid} "
                                                 f"and its character lines ({lines}) disagree: {error.problem}"))
        else:
            if marked_entities != entities:
                s, e, t = sorted(set(marked_entities) ^ set(entities))[0]
                disagreements.append((len(examples), f"{where}: the sentence line of {guid} and its character "
                                                     f"tags ({lines}) disagree about the entity {text[s:e]!r} "
                                                     f"({t}, characters {s}-{e})"))
        examples.append(NERExample(text, entities))
    if not examples:
        raise CorpusError(f"{path} holds no sentences. Delete it and download the corpus again.")
    return examples, disagreements


def read_file(path, strict=False):
    """Read a KLUE-NER file: one :class:`NERExample` per sentence, entity spans in characters.

    The published train file has a few sentence lines whose marks do not match their
    character tags (see KLUE-benchmark/KLUE pull request #39). Those sentences keep the
    character tags, which KLUE's own evaluation uses, and a notice names each file and
    line; with ``strict=True`` the first one is a :class:`CorpusError` instead.

    >>> read_file("klue-ner/klue-ner-v1.1_dev.tsv")[0].entities[:2]   # doctest: +SKIP
    [(0, 2, 'OG'), (21, 22, 'PS')]
    """
    examples, disagreements = _read(path)
    if disagreements and strict:
        raise CorpusError(f"{disagreements[0][1]}. Fix the file or download it again.")
    if disagreements:
        shown = "\n  ".join(message for _, message in disagreements[:5])
        more = f"\n  ... and {len(disagreements) - 5} more" if len(disagreements) > 5 else ""
        print(f"{len(disagreements)} of {len(examples)} sentences in {Path(path).name}: the marked sentence "
              f"line disagrees with the character tags; the character tags are used.\n  {shown}{more}")
    return examples


def check_download(path):
    """A downloaded file must read, and its last sentence must agree with its marks (not be cut off)."""
    examples, disagreements = _read(path)
    if disagreements and disagreements[-1][0] == len(examples) - 1:
        raise CorpusError(f"{disagreements[-1][1]}: the file looks cut off. Download it again.")


def download(root_dir):
    """Download the KLUE-NER train and dev files into ``<root_dir>/klue-ner`` (kept when there)."""
    folder = Path(root_dir) / FOLDER
    for name in FILES.values():
        download_file(URL.format(name), folder / name, check=check_download)
    return folder


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/klue-ner``."""
    return read_file(Path(root_dir) / FOLDER / FILES[split])
