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
    lines = read_lines(path, f"먼저 download_corpus({FOLDER!r}, root)를 실행하거나, 말뭉치 루트 폴더가 맞는지 확인하세요.")
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
            raise CorpusError(f"{path}, {line_number}번째 줄: 문장은 글자 줄들 앞에 '## <id><TAB><문장>' "
                              f"줄로 시작해야 합니다. 파일을 고치거나, 지우고 다시 내려받으세요.")
        sentence_line, sentence = comments[-1]
        guid, tab, marked = sentence[3:].partition("\t")
        if not tab:
            raise CorpusError(f"{path}, {sentence_line}번째 줄: '## <id><TAB><문장>' 형식이어야 하는데 "
                              f"탭이 없습니다. 이 줄을 고치거나 파일을 다시 내려받으세요.")
        chars, tags = [], []
        for line_number, line in block[len(comments):]:
            fields = line.split("\t")
            if len(fields) != 2 or len(fields[0]) != 1 or not TAG.fullmatch(fields[1]):
                raise CorpusError(f"{path}, {line_number}번째 줄: '<글자 하나><TAB><태그>' 형식이어야 하고 "
                                  f"태그는 O, B-PS, I-PS 같은 모양이어야 하는데 {line!r}입니다. 이 줄을 "
                                  f"고치거나 파일을 다시 내려받으세요.")
            chars.append(fields[0])
            tags.append(fields[1])
        if not chars:
            raise CorpusError(f"{path}, {sentence_line}번째 줄: 문장 {guid}에 글자 줄이 없습니다. "
                              f"파일을 고치거나 다시 내려받으세요.")
        text = "".join(chars)
        entities = tags_to_spans(tags)
        where = f"{path}, {sentence_line}번째 줄"
        lines = f"{sentence_line + 1}-{sentence_line + len(chars)}번째 줄"
        try:
            marked_entities = parse_marked(marked, text)
        except MarkError as error:
            column = len("## ") + len(guid) + len("\t") + error.column
            disagreements.append((len(examples), f"{where}, {column}번째 글자: {guid}의 문장 줄과 "
                                                 f"글자 줄({lines})이 서로 다릅니다. {error.problem}"))
        else:
            if marked_entities != entities:
                s, e, t = sorted(set(marked_entities) ^ set(entities))[0]
                disagreements.append((len(examples), f"{where}: {guid}의 문장 줄과 글자 태그({lines})가 "
                                                     f"개체명 {text[s:e]!r}({t}, 글자 위치 {s}-{e})에서 "
                                                     f"서로 다릅니다"))
        examples.append(NERExample(text, entities))
    if not examples:
        raise CorpusError(f"{path} 파일에 문장이 하나도 없습니다. 이 파일을 지우고 말뭉치를 다시 내려받으세요.")
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
        raise CorpusError(f"{disagreements[0][1]}. 파일을 고치거나 다시 내려받으세요.")
    if disagreements:
        shown = "\n  ".join(message for _, message in disagreements[:5])
        more = f"\n  ... 외 {len(disagreements) - 5}개" if len(disagreements) > 5 else ""
        print(f"{Path(path).name}의 문장 {len(examples)}개 중 {len(disagreements)}개는 태그를 단 문장 줄과 "
              f"글자 태그가 다릅니다. 글자 태그를 씁니다.\n  {shown}{more}")
    return examples


def check_download(path):
    """A downloaded file must read, and its last sentence must agree with its marks (not be cut off)."""
    examples, disagreements = _read(path)
    if disagreements and disagreements[-1][0] == len(examples) - 1:
        raise CorpusError(f"{disagreements[-1][1]}. 파일이 중간에 잘린 것 같습니다. 다시 내려받으세요.")


def download(root_dir):
    """Download the KLUE-NER train and dev files into ``<root_dir>/klue-ner`` (kept when there)."""
    folder = Path(root_dir) / FOLDER
    for name in FILES.values():
        download_file(URL.format(name), folder / name, check=check_download)
    return folder


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/klue-ner``."""
    return read_file(Path(root_dir) / FOLDER / FILES[split])
