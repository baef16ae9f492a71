"""A lossless reader for tab-separated corpus files (NSMC, KorNLI).

Real corpus lines contain ``"`` (a review quoting a line, a sentence that starts
with a quote). A csv reader with default quoting treats those as quoted fields,
merges lines and silently drops rows, so we split each line on tabs ourselves.
"""
from ..errors import CorpusError
from .files import read_lines


def read_tsv(path, header):
    """Yield ``(line_number, fields)`` for every data line of a TSV file with ``header``.

    Exactly one item per data line; a line with another column count, a missing
    file, an empty file or a wrong header is a :class:`CorpusError` naming file and line.

    >>> for line_number, (id_, text, label) in read_tsv("nsmc/ratings_test.txt", ["id", "document", "label"]):  # doctest: +SKIP
    ...     pass
    """
    lines = read_lines(path, "먼저 download_corpus(...)로 이 말뭉치를 내려받거나, 말뭉치 루트 폴더가 맞는지 확인하세요.")
    first = lines[0].split("\t")
    if first != list(header):
        raise CorpusError(
            f"{path}, 1번째 줄: 머리글 줄이 다릅니다. 있어야 할 머리글: {'<TAB>'.join(header)}, 이 파일의 "
            f"머리글: {'<TAB>'.join(first)!r}. 이 말뭉치의 파일이 맞는지 확인하세요."
        )
    for line_number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            raise CorpusError(
                f"{path}, {line_number}번째 줄: 탭으로 나뉜 칸이 {len(header)}개({', '.join(header)})여야 "
                f"하는데 {len(fields)}개입니다. 이 줄을 고치거나 지우세요. 아니면 파일을 지우고 "
                f"다시 내려받으세요."
            )
        yield line_number, fields
