"""KLUE-NLI v1.1: Korean NLI written for the KLUE benchmark (CC BY-SA 4.0).

JSON files, each a list of objects with ``premise``, ``hypothesis`` and
``gold_label`` (and more fields we ignore). The test set is not public, so the
splits are ``train`` and ``val`` (the dev file). Downloaded from the KLUE
benchmark's GitHub repository.
"""
from pathlib import Path

from ..errors import CorpusError
from .download import download_file
from .examples import ClassificationExample
from .files import read_json
from .kornli import LABELS  # the same label ids as KorNLI: entailment 0, neutral 1, contradiction 2

NAME = "klue-nli"
URL = "https://raw.githubusercontent.com/KLUE-benchmark/KLUE/main/klue_benchmark/klue-nli-v1.1/{}"
FILES = {"train": "klue-nli-v1.1_train.json", "val": "klue-nli-v1.1_dev.json"}
OTHER_NAMES = {"train": "klue_nli_train.json", "val": "klue_nli_dev.json"}  # names some copies use


def load_json_list(path):
    """The list of objects in a KLUE JSON file; anything else is a :class:`CorpusError` naming the file."""
    data = read_json(path)
    if not isinstance(data, list):
        raise CorpusError(f"{path} 파일에 예제 목록(JSON list)이 아니라 JSON {type(data).__name__} 값이 "
                          f"들어 있습니다. KLUE-NLI 파일이 맞는지 확인하세요.")
    return data


def read_file(path):
    """Read one KLUE-NLI JSON file into examples (premise, hypothesis, label id).

    >>> read_file("corpora/klue-nli/klue-nli-v1.1_dev.json")[0].label   # doctest: +SKIP
    2
    """
    label_ids = {label: i for i, label in enumerate(LABELS)}
    examples = []
    for index, item in enumerate(load_json_list(path)):
        where = f"{path}, {index}번 예제(guid {item.get('guid', '?')!r})" if isinstance(item, dict) else f"{path}, {index}번 예제"
        if not isinstance(item, dict) or not all(k in item for k in ("premise", "hypothesis", "gold_label")):
            raise CorpusError(f"{where}: premise, hypothesis, gold_label이 있는 객체여야 합니다. "
                              f"이 예제를 고치거나 파일을 다시 내려받으세요.")
        if item["gold_label"] not in label_ids:
            raise CorpusError(f"{where}: 레이블이 {item['gold_label']!r}입니다. KLUE-NLI 레이블은 "
                              f"{', '.join(LABELS)} 중 하나여야 합니다. 이 예제를 고치거나 파일을 다시 내려받으세요.")
        examples.append(ClassificationExample(text_a=item["premise"], text_b=item["hypothesis"],
                                              label=label_ids[item["gold_label"]]))
    return examples


def find_file(root_dir, split):
    """The file of ``split`` under ``<root_dir>/klue-nli``: the official name, else the other common name."""
    folder = Path(root_dir) / NAME
    for name in (FILES[split], OTHER_NAMES[split]):
        if (folder / name).exists():
            return folder / name
    raise CorpusError(
        f"{folder / FILES[split]} 파일이 없습니다({OTHER_NAMES[split]} 파일도 없습니다). 먼저 "
        f"download_corpus({NAME!r}, root_dir)를 실행하거나, 말뭉치 루트 폴더가 맞는지 확인하세요."
    )


def download(root_dir):
    """Download the KLUE-NLI train and dev files into ``<root_dir>/klue-nli`` (files already there are kept).

    >>> download("/content/Korpora")   # doctest: +SKIP
    """
    folder = Path(root_dir) / NAME
    for split, name in FILES.items():
        if not (folder / OTHER_NAMES[split]).exists():
            download_file(URL.format(name), folder / name, check=load_json_list)
    return folder


def read(root_dir, split):
    """Examples of one split (``train`` or ``val``) under ``<root_dir>/klue-nli``."""
    return read_file(find_file(root_dir, split))
