"""NSMC reading and corpus downloads: counts, labels, line numbers, no half files."""
import csv
import shutil
from pathlib import Path

import pytest

from nlpbook_helpers import CorpusError, download_corpus, read_examples
from nlpbook_helpers.corpora.download import download_file
from nlpbook_helpers.corpora.nsmc import read_file
from nlpbook_helpers.quick import FIXTURES_DIR

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (SHARED / "nsmc").exists(), reason="../shared/data is not beside the repo")
def test_real_nsmc_sample_reads_every_line():
    train = read_examples("nsmc", SHARED, "train")
    test = read_examples("nsmc", SHARED, "test")
    assert (len(train), len(test)) == (2000, 500)
    assert {e.label for e in train} == {0, 1} and {e.label for e in test} == {0, 1}
    assert train[1].text_a == "최악" and train[1].label == 0


def test_fixture_keeps_lines_that_csv_quoting_merges():
    path = FIXTURES_DIR / "nsmc" / "ratings_train.txt"
    data_lines = path.read_text(encoding="utf-8").count("\n") - 1
    examples = read_file(path)
    assert len(examples) == data_lines == 1200
    with open(path, encoding="utf-8") as f:
        assert len(list(csv.reader(f, delimiter="\t"))) - 1 < 1200  # the quirk is in the fixture
    assert examples[1].text_a.startswith('"인생은 아름다워" 대사가')
    assert examples[7].text_a == "" and examples[7].label == 1  # an empty review is still an example
    assert [e.label for e in examples[:4]] == [0, 1, 0, 1]


def write(tmp_path, text):
    path = tmp_path / "nsmc" / "ratings_train.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, line, words", [
    ("1\t좋다\t1\n2\t탭이\t빠진\t줄\t0\n", 3, "탭으로 나뉜 칸이 3개(id, document, label)여야 하는데 5개입니다"),
    ("1\t좋다\t1\n2\t별로\t5\n", 3, "NSMC 레이블은 0 또는 1이어야"),
    ("1\t좋다\t1\n2\t잘린 줄\n", 3, "2개입니다"),
])
def test_malformed_line_is_named(tmp_path, body, line, words):
    write(tmp_path, "id\tdocument\tlabel\n" + body)
    with pytest.raises(CorpusError) as error:
        read_examples("nsmc", tmp_path, "train")
    assert f"ratings_train.txt, {line}번째 줄" in str(error.value) and words in str(error.value)


def test_missing_empty_and_unknown(tmp_path):
    with pytest.raises(CorpusError, match="download_corpus"):
        read_examples("nsmc", tmp_path, "train")
    write(tmp_path, "")
    with pytest.raises(CorpusError, match="파일이 비어 있습니다"):
        read_examples("nsmc", tmp_path, "train")
    with pytest.raises(CorpusError, match="쓸 수 있는 말뭉치: .*nsmc"):
        read_examples("nsmcc", tmp_path, "train")
    with pytest.raises(CorpusError, match="nsmc 말뭉치에는 'dev' 데이터가 없습니다.*train, val, test"):
        read_examples("nsmc", tmp_path, "dev")


def test_download_keeps_nothing_partial(tmp_path, monkeypatch):
    import Korpora

    calls = []

    def fake_fetch(name, root_dir, force_download=False):
        calls.append(name)
        folder = Path(root_dir) / "nsmc"
        folder.mkdir(parents=True)
        (folder / "ratings_train.txt").write_text("id\tdocument\tlabel\n1\t좋다\t1\n", encoding="utf-8")
        (folder / "ratings_test.txt").write_text("id\tdocument\tlabel\n2\t잘린", encoding="utf-8")  # cut off

    monkeypatch.setattr(Korpora.Korpora, "fetch", fake_fetch)
    with pytest.raises(CorpusError, match="ratings_test.txt, 2번째 줄"):
        download_corpus("nsmc", tmp_path)
    assert not (tmp_path / "nsmc" / "ratings_test.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["nsmc"]  # the staging folder is gone


def test_download_reuses_files_in_place(tmp_path, monkeypatch):
    import Korpora

    shutil.copytree(FIXTURES_DIR / "nsmc", tmp_path / "nsmc")
    monkeypatch.setattr(Korpora.Korpora, "fetch", lambda *a, **k: pytest.fail("fetched again"))
    download_corpus("nsmc", tmp_path)
    assert len(read_examples("nsmc", tmp_path, "val")) == 200


def test_download_file_checks_before_moving_into_place(tmp_path):
    source = tmp_path / "source.json"
    source.write_text("{not json", encoding="utf-8")
    target = tmp_path / "out" / "data.json"

    def must_parse(path):
        import json
        json.loads(Path(path).read_text(encoding="utf-8"))

    with pytest.raises(CorpusError, match="내려받지 못했습니다"):
        download_file(source.as_uri(), target, check=must_parse, retries=1)
    assert not target.exists() and not target.with_name("data.json.part").exists()
    source.write_text('{"version": "1"}', encoding="utf-8")
    assert download_file(source.as_uri(), target, check=must_parse) == target
    assert target.read_text(encoding="utf-8") == '{"version": "1"}'


def test_bom_and_windows_line_ends_are_read_like_the_real_files(tmp_path):
    # A file re-saved on Windows: a byte-order mark and CRLF line ends, same examples.
    write(tmp_path, "\ufeffid\tdocument\tlabel\r\n1\t\"좋다\" 정말\t1\r\n2\t별로\t0\r\n")
    examples = read_examples("nsmc", tmp_path, "train")
    assert [(e.text_a, e.label) for e in examples] == [('"좋다" 정말', 1), ("별로", 0)]


def test_json_corpus_cut_off_names_the_line(tmp_path):
    from nlpbook_helpers.corpora.files import read_json

    path = tmp_path / "cut.json"
    path.write_text('[\n {"premise": "a",\n  "hypothesis": ', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"cut.json, 3번째 줄: 올바른 JSON이 아닙니다.*지우고 .*다시 내려받으세요"):
        read_json(path)
