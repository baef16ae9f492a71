"""CSV and TSV files with a header row, read so that they cannot be misread.

- **TSV** (``.tsv``, ``.tab``): every line is one record, split on tabs. There is no
  quoting: a ``"`` is text, as in NSMC. A line with another number of fields than the
  header is an error naming the line.
- **CSV** (``.csv``): exactly what Excel writes. A field is either plain (no ``"``
  inside) or wrapped in ``"..."`` with every ``"`` inside doubled; a wrapped field may
  hold commas and line breaks. An unclosed quote, text after a closing quote, or a
  ``"`` inside a plain field is refused with the line and column: Excel never writes
  them, and reading them anyway merges or alters records.
- Records end at ``\\r\\n``, ``\\n`` or ``\\r``; a UTF-8 byte-order mark is fine. Lines
  whose fields are all blank are skipped (Excel leaves some at the end).
- Header names are cleaned like labels (:func:`.names.clean_name`); a name that appears
  twice is refused.
"""
import re
from pathlib import Path

from ...errors import CorpusError, is_blank
from .names import clean_name
from .source import Lines, read_text, split_lines

TSV_SUFFIXES = (".tsv", ".tab")


class TableProblem(Exception):
    """Quoting Excel never writes: ``kind`` at ``position`` of the text, in the field that starts at ``field_start``.

    ``field`` is the field's 0-based index in its record.
    """

    def __init__(self, kind, position, field, field_start):
        super().__init__(kind)
        self.kind, self.position, self.field, self.field_start = kind, position, field, field_start


def _quote_end(text, start):
    """The position of the quote that closes the field opened at ``start``, or -1."""
    i = start + 1
    while True:
        j = text.find('"', i)
        if j < 0 or not text.startswith('""', j):
            return j
        i = j + 2


def _field_end(text, position, delimiter):
    """The position of the next delimiter or line end."""
    end = position
    while end < len(text) and text[end] not in (delimiter, "\r", "\n"):
        end += 1
    return end


def parse_csv(text, delimiter=","):
    """Yield ``(start_position, fields)`` for every record of CSV text, strictly as Excel writes it.

    Raises :class:`TableProblem` for quoting Excel never writes.

    >>> [fields for _, fields in parse_csv('a,"b,""c""\\nd"\\r\\n1,2')]
    [['a', 'b,"c"\\nd'], ['1', '2']]
    """
    plain = re.compile(f'[^{re.escape(delimiter)}"\r\n]*')  # a plain field runs to a delimiter, quote or line end
    n, pos = len(text), 0
    while pos < n:
        start, fields = pos, []
        while True:
            field_start = pos
            if text.startswith('"', pos):
                end = _quote_end(text, pos)
                if end < 0:
                    raise TableProblem("unclosed", pos, len(fields), field_start)
                fields.append(text[pos + 1:end].replace('""', '"'))
                pos = end + 1
                if pos < n and text[pos] not in (delimiter, "\r", "\n"):
                    raise TableProblem("after-quote", pos, len(fields) - 1, field_start)
            else:
                end = plain.match(text, pos).end()
                if text.startswith('"', end):
                    raise TableProblem("stray", end, len(fields), field_start)
                fields.append(text[pos:end])
                pos = end
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            break
        pos += 2 if text.startswith("\r\n", pos) else 1
        yield start, fields


def _excel_field(raw):
    """How Excel writes a field whose text is ``raw``: wrapped in quotes, every quote doubled."""
    return '"' + raw.replace('"', '""') + '"'


def _csv_message(path, text, lines, problem, header):
    line, column = lines.line_of(problem.position), lines.column_of(problem.position)
    name = f", {header[problem.field]!r} 열" if header and problem.field < len(header) else ""
    where = f"{path}, {line}번째 줄{name}, {column}번째 글자"
    if problem.kind == "unclosed":
        rest = text[problem.position:]
        return (f"{where}: 큰따옴표(\")로 연 칸이 파일 끝까지 닫히지 않습니다(이대로면 여기서 파일 끝까지 "
                f"{len(split_lines(rest))}줄, {len(rest):,}자가 한 칸이 됩니다). 엑셀이 저장한 CSV에서는 큰따옴표가 든 칸을 "
                f"통째로 큰따옴표로 감싸고 칸 안의 \"는 \"\"로 두 번 씁니다. 이 줄의 큰따옴표를 고치거나, 엑셀에서 열어 "
                f"'CSV UTF-8'로 다시 저장하세요.")
    raw = text[problem.field_start:_field_end(text, problem.position, ",")]
    if problem.kind == "after-quote":
        problem_text = f"큰따옴표로 감싼 칸이 닫힌 뒤에 글이 이어집니다({raw[:40]!r})"
    else:
        problem_text = f"큰따옴표로 감싸지 않은 칸 {raw[:40]!r} 안에 큰따옴표가 있습니다"
    return (f"{where}: {problem_text}. 엑셀은 큰따옴표가 든 칸을 통째로 큰따옴표로 감싸고 안의 \"를 \"\"로 두 번 "
            f"씁니다: {_excel_field(raw[:60])}. 이 칸을 그렇게 고치거나, 엑셀에서 열어 'CSV UTF-8'로 다시 저장하세요.")


def _records(path, text, tsv):
    """``[(line_number, fields)]`` of every record, the header first."""
    if tsv:
        return [(number, line.split("\t")) for number, line in split_lines(text)]
    lines = Lines(text)
    records, header = [], None
    try:
        for start, fields in parse_csv(text):
            records.append((lines.line_of(start), fields))
            if header is None:
                header = [clean_name(name) for name in fields]
    except TableProblem as problem:
        raise CorpusError(_csv_message(path, text, lines, problem, header)) from None
    return records


def is_tsv(path, first_line):
    """Tabs for ``.tsv``/``.tab``, commas for ``.csv``, else whichever the header line has more of.

    >>> is_tsv("reviews.txt", "text\\tlabel"), is_tsv("reviews.csv", "text\\tlabel")
    (True, False)
    """
    suffix = Path(path).suffix.lower()
    if suffix in TSV_SUFFIXES:
        return True
    if suffix == ".csv":
        return False
    return first_line.count("\t") > first_line.count(",")


class Table:
    """A CSV/TSV file with a header row: ``header`` (clean names) and ``rows`` ``[(line_number, fields)]``.

    Blank rows are dropped; every other row has exactly as many fields as the header.

    >>> table = Table("reviews.csv")   # doctest: +SKIP
    >>> table.header, table.rows[0]     # doctest: +SKIP
    (['text', 'label'], (2, ['배송이 빨라요, 좋아요', '칭찬']))
    """

    def __init__(self, path):
        self.path = path
        text = read_text(path)
        self.tsv = is_tsv(path, text.split("\n", 1)[0])
        records = _records(path, text, self.tsv)
        self.header_line, raw_header = records[0]
        self.header = [clean_name(name) for name in raw_header]
        self._check_header()
        self.rows = []
        for line_number, fields in records[1:]:
            if all(is_blank(field) for field in fields):
                continue  # a blank line
            if len(fields) != len(self.header):
                raise CorpusError(self._field_count_message(line_number, fields))
            self.rows.append((line_number, fields))
        if not self.rows:
            raise CorpusError(f"{path} 파일에 머리글 줄만 있고 데이터 줄이 없습니다. 예제를 한 줄 이상 넣으세요.")

    @property
    def separator(self):
        """How the fields are separated, in words with its particle: ``탭으로``/``쉼표로``."""
        return "탭으로" if self.tsv else "쉼표로"

    def _check_header(self):
        seen = {}
        for i, name in enumerate(self.header):
            if name and name in seen:
                raise CorpusError(
                    f"{self.path}, {self.header_line}번째 줄(머리글): 열 이름 {name!r}이(가) {seen[name] + 1}번째 칸과 "
                    f"{i + 1}번째 칸에 두 번 있습니다. 어느 열을 읽을지 알 수 없으니 한쪽 이름을 바꾸거나 지우세요.")
            seen[name] = i

    def _field_count_message(self, line_number, fields):
        where = f"{self.path}, {line_number}번째 줄: {self.separator} 나뉜 칸이 {len(fields)}개인데 머리글은 {len(self.header)}개입니다."
        if self.tsv:
            hint = ("TSV에서는 한 줄이 예제 하나이고 글 안에 탭이나 줄바꿈을 쓸 수 없습니다(큰따옴표로 감싸도 글자로 "
                    "읽습니다). 글 안의 탭·줄바꿈을 지우거나, 엑셀에서 'CSV UTF-8'로 저장해 .csv로 주세요.")
        else:
            hint = ("글 안에 쉼표나 줄바꿈이 있다면 그 칸을 큰따옴표로 감싸세요(엑셀로 저장하면 그렇게 됩니다).")
        return f"{where} {hint}"

    def column(self, name, setting):
        """The index of column ``name`` (a clean name); a missing one lists the columns found."""
        wanted = clean_name(name)
        if wanted in self.header:
            return self.header.index(wanted)
        found = ", ".join(repr(h) for h in self.header)
        hints = [h for h in self.header if h.casefold() == wanted.casefold()]
        hint = f" 대소문자만 다른 {hints[0]!r} 열이 있습니다." if hints else ""
        if len(self.header) == 1 and not self.tsv and ";" in self.header[0]:
            hint += " 머리글이 세미콜론(;)으로 나뉘어 있습니다: 쉼표로 나뉜 CSV로 저장하세요(엑셀의 'CSV UTF-8(쉼표로 분리)')."
        elif len(self.header) == 1 and not self.tsv and "\t" in self.header[0]:
            hint += " 이 파일은 탭으로 나뉜 것 같습니다: 확장자를 .tsv로 바꾸세요."
        raise CorpusError(
            f"{self.path}, {self.header_line}번째 줄(머리글): {wanted!r} 열이 없습니다. 찾은 열: {found}"
            f"({self.separator} 나눔).{hint} 머리글을 고치거나, 설정에서 열 이름({setting})을 파일의 것으로 바꾸세요.")
