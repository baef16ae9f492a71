"""Reading corpus files: every reader's first step, with the same clear errors."""
import json
from pathlib import Path

from ..errors import CorpusError


def read_lines(path, missing_hint):
    """The lines of a UTF-8 text file, one item per line exactly as stored.

    Only line ends (``\\n``, ``\\r\\n``) and a byte-order mark are removed: no csv
    quoting, no stripping, so line numbers in errors are the file's own (1-based
    index + 1). A missing file raises :class:`CorpusError` ending in ``missing_hint``;
    an empty (or whitespace-only) file raises one too.

    >>> read_lines("corpora/nsmc/ratings_test.txt", "먼저 download_corpus('nsmc', root)를 실행하세요.")[0]   # doctest: +SKIP
    'id\\tdocument\\tlabel'
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path} 파일이 없습니다. {missing_hint}")
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if not text.strip():
        raise CorpusError(f"{path} 파일이 비어 있습니다. 이 파일을 지우고 말뭉치를 다시 내려받으세요"
                          f"(또는 파일을 다시 복사하세요).")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    lines = [line.removesuffix("\r") for line in lines]
    lines[0] = lines[0].lstrip("\ufeff")
    return lines


def read_json(path):
    """Parse a JSON corpus file; a broken one (e.g. a cut-off download) names its line and the fix.

    >>> read_json("corpora/klue-nli/klue-nli-v1.1_dev.json")[0]["gold_label"]   # doctest: +SKIP
    'contradiction'
    """
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as error:
        raise CorpusError(
            f"{path}, {error.lineno}번째 줄: 올바른 JSON이 아닙니다({error.msg}, {error.colno}번째 글자). "
            f"파일이 중간에 잘린 것 같습니다. 이 파일을 지우고 말뭉치를 다시 내려받으세요."
        ) from error
