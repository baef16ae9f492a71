"""Records of the table tasks (classification, sentence pairs, generation) and of plain text files."""
from pathlib import Path

from ...errors import CorpusError, is_blank
from ..examples import ClassificationExample
from .names import clean_name
from .source import read_text, split_lines
from .table import TSV_SUFFIXES, Table

TABLE_SUFFIXES = (".csv",) + TSV_SUFFIXES


def classification_records(data, path, pair):
    """``[(line_number, ClassificationExample with the clean label *string*)]`` of a CSV/TSV file.

    For generation (``pair=False`` and ``data.task == "generation"``) the label column is
    optional: without the ``label`` column the texts have no prefix; a label column the
    settings name must be there.

    >>> classification_records(CustomData("document-classification", "reviews.csv"), "reviews.csv", pair=False)[0]   # doctest: +SKIP
    (2, ClassificationExample(text_a='배송이 빨라요, 포장도 꼼꼼했어요', text_b=None, label='칭찬'))
    """
    table = Table(path)
    text_index = table.column(data.text_column, "text_column")
    b_index = table.column(data.text_b_column, "text_b_column") if pair else None
    label_name = data.label_column
    if data.task == "generation" and not label_name:
        label_name = "label" if "label" in table.header else ""  # the default column is optional here
    label_index = table.column(label_name, "label_column") if label_name else None
    records = []
    for line_number, fields in table.rows:
        for index in (text_index, b_index):
            if index is not None and is_blank(fields[index]):
                raise CorpusError(f"{path}, {line_number}번째 줄, {table.header[index]!r} 열: 글이 비어 있습니다. 이 줄에 "
                                  f"글을 채우거나 줄을 지우세요.")
        label = None
        if label_index is not None:
            label = clean_name(fields[label_index])
            if not label:
                raise CorpusError(f"{path}, {line_number}번째 줄, {table.header[label_index]!r} 열: 레이블이 비어 "
                                  f"있습니다. 레이블을 적거나 줄을 지우세요.")
        text_b = fields[b_index] if b_index is not None else None
        records.append((line_number, ClassificationExample(fields[text_index], text_b, label)))
    return records


def text_records(data, path):
    """One document per line of a text file; blank lines are skipped. Column settings do not apply here.

    >>> text_records(CustomData("generation", "diary.txt", label_column=""), "diary.txt")[0]   # doctest: +SKIP
    (1, ClassificationExample(text_a='오늘은 맑았다.', text_b=None, label=None))
    """
    if data.label_column:
        raise CorpusError(f"{path}는 텍스트 파일이라 열이 없는데 설정에 label_column={data.label_column!r}이(가) 있습니다. "
                          f"접두어(레이블)를 쓰려면 text와 label 열이 있는 CSV/TSV를 주고, 아니면 이 설정을 지우세요.")
    records = [(number, ClassificationExample(line)) for number, line in split_lines(read_text(path))
               if not is_blank(line)]
    if not records:
        raise CorpusError(f"{path} 파일에 글이 한 줄도 없습니다(빈 줄뿐입니다).")
    return records


def generation_records(data, path):
    """Lines of a text file, or the ``text`` (and label, if there is one) of a CSV/TSV file.

    >>> generation_records(CustomData("generation", "reviews.csv", label_column=""), "reviews.csv")[0]   # doctest: +SKIP
    (2, ClassificationExample(text_a='배송이 빨라서 좋았어요', text_b=None, label='긍정'))
    """
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        return classification_records(data, path, pair=False)
    return text_records(data, path)
