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
    lines = read_lines(path, "Run download_corpus(...) for this corpus first, or check the corpus root folder.")
    first = lines[0].split("\t")
    if first != list(header):
        raise CorpusError(
            f"{path}, line 1: expected the header {'<TAB>'.join(header)}, found "
            f"{'<TAB>'.join(first)!r}. Is this the right file for this corpus?"
        )
    for line_number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            raise CorpusError(
                f"{path}, line {line_number}: expected {len(header)} tab-separated columns "
                f"({', '.join(header)}), found {len(fields)}. Fix or delete that line, or "
                f"delete the file and download it again."
            )
        yield line_number, fields
