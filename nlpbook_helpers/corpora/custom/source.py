"""The learner's file as text: the path checked, the bytes decoded, the lines numbered.

Everything that can go wrong before a single record is read ends here in a
:class:`CorpusError` that names the file and says what to do: a path that is not a
string, a Drive that is not mounted, a folder, an Excel workbook, a UTF-16 or CP949 file.
"""
import bisect
import difflib
import hashlib
import os
import re
from pathlib import Path

from ...errors import CorpusError

DRIVE_HINT = ("Colab에서는 먼저 구글 드라이브를 연결하고(드라이브 연결 셀), 파일 경로를 "
              "'/content/drive/MyDrive/...'처럼 적으세요(Colab 왼쪽 파일 창에서 파일을 오른쪽 클릭 → '경로 복사').")
DRIVE_ROOT = "/content/drive"
SAVE_AS_CSV = ("엑셀에서 파일을 열고 '다른 이름으로 저장' → 파일 형식 'CSV UTF-8(쉼표로 분리)(*.csv)'로 다시 저장한 뒤 "
               "그 .csv 파일을 주세요(메모장이라면 인코딩 'UTF-8'로 저장)")
DATA_SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".json", ".jsonl")
LINE_END = re.compile(r"\r\n|\r|\n")  # Windows, Unix and old-Mac line ends alike


def as_path_text(value, what="custom_train_file"):
    """The path the learner gave, as text: ``str`` and ``pathlib.Path`` alike, surrounding spaces removed.

    >>> as_path_text(Path("/content/drive/MyDrive/reviews.csv"))
    '/content/drive/MyDrive/reviews.csv'
    """
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bytes) or not isinstance(value, str):
        raise CorpusError(f"{what}에는 파일 경로를 글자로 적으세요(예: \"/content/drive/MyDrive/내데이터/reviews.csv\"). "
                          f"지금 값은 {type(value).__name__} {value!r}입니다.")
    return value.strip()


def _missing_message(path, what):
    text = str(path)
    if text.startswith(DRIVE_ROOT + "/") and not Path(DRIVE_ROOT, "MyDrive").exists():
        return (f"{what}로 준 {text}을(를) 읽을 수 없습니다: 구글 드라이브가 연결되어 있지 않습니다({DRIVE_ROOT}/MyDrive "
                f"폴더가 없습니다). 노트북의 '구글 드라이브 연결' 셀(mount_drive())을 먼저 실행하고, 드라이브에 파일이 "
                f"있는지 확인하세요.")
    hints = []
    if any(mark in text for mark in "\"'"):
        hints.append("경로 앞뒤의 따옴표는 빼고 적으세요.")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder == path.parent and folder.is_dir():
        names = sorted(p.name for p in folder.iterdir())
        close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.5)
        if close:
            hints.append(f"같은 폴더에 있는 비슷한 이름: {', '.join(close)}.")
    elif folder != path.parent:
        hints.append(f"{folder} 폴더까지는 있고, 그 아래 {path.parent.relative_to(folder)} 폴더가 없습니다.")
    return " ".join([f"{what}로 준 파일 {text}이(가) 없습니다. 경로가 맞는지 확인하세요."] + hints + [DRIVE_HINT])


def check_file(path, what="custom_train_file"):
    """Raise :class:`CorpusError` unless ``path`` (``str`` or ``Path``) is an existing, non-empty file.

    A missing Drive mount, a folder and a missing file each get their own message,
    with the Drive hint.

    >>> check_file("/content/drive/MyDrive/reviews.csv")   # doctest: +SKIP
    """
    text = as_path_text(path, what)
    if not text or text == ".":
        raise CorpusError(f"{what}에 파일 경로를 적으세요. {DRIVE_HINT}")
    path = Path(text).expanduser()
    try:
        if not path.exists():
            raise CorpusError(_missing_message(path, what))
        if path.is_dir():
            files = sorted(p.name for p in path.iterdir() if p.suffix.lower() in DATA_SUFFIXES)
            found = f" 이 폴더의 데이터 파일: {', '.join(files[:10])}{' ...' if len(files) > 10 else ''}." if files else ""
            raise CorpusError(f"{what}로 준 {path}는 폴더입니다. 폴더가 아니라 그 안의 파일 경로를 적으세요"
                              f"(예: {path / (files[0] if files else 'reviews.csv')}).{found}")
        if not path.is_file():
            raise CorpusError(f"{what}로 준 {path}는 보통 파일이 아닙니다. 데이터가 든 파일의 경로를 적으세요.")
        if path.stat().st_size == 0:
            raise CorpusError(f"{path} 파일이 비어 있습니다(0바이트). 데이터가 든 파일을 주세요. 드라이브에 막 올린 "
                              f"파일이라면 업로드가 끝났는지 확인하세요.")
    except OSError as error:
        raise CorpusError(f"{what}로 준 {path}을(를) 확인할 수 없습니다({error.strerror or error}). 경로와 권한을 "
                          f"확인하세요. {DRIVE_HINT}") from None
    return path


def read_bytes(path):
    """The bytes of a checked file; a read error (a Drive disconnect) is a :class:`CorpusError`.

    >>> read_bytes("/content/drive/MyDrive/reviews.csv")[:3]   # doctest: +SKIP
    b'\\xef\\xbb\\xbf'
    """
    path = check_file(path, "파일")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}을(를) 읽을 수 없습니다({error.strerror or error}). 드라이브 연결이 끊겼다면 "
                          f"'구글 드라이브 연결' 셀을 다시 실행하세요.") from None


_FINGERPRINTS = {}


def fingerprint_file(path):
    """The first 16 hex digits of the file's SHA-256, remembered per (path, size, mtime).

    >>> fingerprint_file("/content/drive/MyDrive/reviews.csv")   # doctest: +SKIP
    '9f86d081884c7d65'
    """
    stat = Path(path).stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _FINGERPRINTS:
        _FINGERPRINTS[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return _FINGERPRINTS[key]


def _not_text(path, data):
    """The message for bytes that are not a text file at all (a workbook, UTF-16, a PDF), else None."""
    suffix = Path(path).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm") or b"xl/" in data[:2000]:
            return f"엑셀 통합 문서(.xlsx)입니다. 노트북은 엑셀 파일을 직접 읽지 않습니다. {SAVE_AS_CSV}."
        return "압축(zip) 파일이나 문서 파일입니다. 압축을 풀거나 프로그램에서 텍스트(CSV UTF-8, TSV, JSON) 파일로 저장해 주세요."
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "엑셀 97-2003 통합 문서(.xls)" if suffix == ".xls" else "엑셀·한글·워드 같은 프로그램의 문서 파일"
        return f"{kind}입니다. 노트북은 텍스트 파일만 읽습니다. {SAVE_AS_CSV}."
    if data.startswith(b"%PDF"):
        return "PDF 파일입니다. 노트북은 텍스트 파일(CSV UTF-8, TSV, JSON)만 읽습니다."
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return f"UTF-32 인코딩으로 저장된 파일입니다. UTF-8로 저장해 주세요: {SAVE_AS_CSV}."
    head = data[:4000]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4:
        return ("UTF-16 인코딩으로 저장된 파일입니다(엑셀의 '유니코드 텍스트' 저장 형식이나 메모장의 'UTF-16'). "
                f"UTF-8로 저장해 주세요: {SAVE_AS_CSV}.")
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        return f"{line}번째 줄에 NUL 바이트가 있습니다: 텍스트 파일이 아닌 것 같습니다. 데이터를 텍스트(CSV UTF-8, TSV, JSON)로 저장해 주세요."
    return None


def read_text(path):
    """The text of a UTF-8 file (byte-order mark removed); anything else stops with the fix.

    An Excel "CSV" in Korean Windows is CP949: it is never decoded as something else
    (that would be mojibake). A workbook (``.xlsx``), a UTF-16 file and a PDF each get
    their own message; all say how to save the file as "CSV UTF-8".

    >>> read_text("/content/drive/MyDrive/reviews.csv")[:10]   # doctest: +SKIP
    'text,label'
    """
    data = read_bytes(path)
    problem = _not_text(path, data)
    if problem:
        raise CorpusError(f"{path}: 이 파일은 읽을 수 없습니다. {problem}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = len(LINE_END.findall(data[:error.start].decode("utf-8", "replace"))) + 1
        try:
            data.decode("cp949")
            guess = "CP949(EUC-KR, 한국어 윈도우 엑셀의 'CSV' 저장 형식)로 저장된 것 같습니다"
        except UnicodeDecodeError:
            guess = "UTF-8이 아닌 인코딩으로 저장된 것 같습니다"
        raise CorpusError(f"{path}, {line}번째 줄: 이 파일은 UTF-8로 읽을 수 없습니다. {guess}. {SAVE_AS_CSV}.") from None
    if not text.strip():
        raise CorpusError(f"{path} 파일이 비어 있습니다(공백뿐입니다). 데이터가 든 파일을 주세요.")
    return text


class Lines:
    """Line numbers of positions in a text whose lines end in ``\\r\\n``, ``\\n`` or ``\\r``.

    >>> Lines("a\\r\\nb\\rc").line_of(5), Lines("a\\r\\nb\\rc").column_of(5)
    (3, 1)
    """

    def __init__(self, text):
        self.starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def line_of(self, position):
        return bisect.bisect_right(self.starts, position)

    def column_of(self, position):
        return position - self.starts[self.line_of(position) - 1] + 1


def split_lines(text):
    """``[(line_number, line)]`` of a text, with any line end; the empty text after a final line end is dropped.

    >>> split_lines("가\\r나\\r\\n다\\n")
    [(1, '가'), (2, '나'), (3, '다')]
    """
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return list(enumerate(lines, start=1))
