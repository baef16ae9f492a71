"""Holding out validation records from the training file: seeded, stratified or grouped, and recorded.

The split is written to ``custom_split.json`` in the model folder with the training
file's hash, ``val_ratio`` and ``seed``. A later run with the same file and settings
validates on the same records; a changed file, ratio or seed splits anew and says so in
one line. :func:`split_identity` is what a checkpoint records about the split, so that a
checkpoint is never resumed on another split (its validation records would now be
training records).
"""
import hashlib
import json
import random
from pathlib import Path

from ...distributed import is_main_process
from ...errors import CorpusError
from .source import fingerprint_file

SPLIT_FILE = "custom_split.json"
METHODS = {"stratified": "레이블별", "grouped": "문단별", "random": "무작위"}  # how the records were held out


def split_indices(strata, ratio, seed):
    """The record indices held out for validation: ``ratio`` of each stratum, chosen with ``seed``.

    ``strata`` has one key per record (its label; the same key for all when the split is
    not stratified). A stratum of two or more records keeps at least one record on each
    side; a lone record stays in training.

    >>> split_indices(["a", "a", "a", "b", "b", "b"], 0.34, seed=0)
    [1, 4]
    """
    rng = random.Random(seed)
    groups = {}
    for index, key in enumerate(strata):
        groups.setdefault(key, []).append(index)
    held_out = []
    for key in sorted(groups, key=str):
        members = groups[key]
        if len(members) < 2:
            continue
        count = min(len(members) - 1, max(1, round(len(members) * ratio)))
        held_out += rng.sample(members, count)
    return sorted(held_out)


def group_split_indices(groups, ratio, seed):
    """The record indices held out when records that share a group key stay together (QA: one paragraph).

    ``ratio`` of the groups, at least one and never all, are held out with every record in them.

    >>> group_split_indices(["p1", "p1", "p2", "p3", "p3"], 0.34, seed=0)
    [2]
    """
    members = {}
    for index, key in enumerate(groups):
        members.setdefault(key, []).append(index)
    if len(members) < 2:
        return []
    keys = list(members)  # first-appearance order: a pure function of the file
    count = min(len(keys) - 1, max(1, round(len(keys) * ratio)))
    chosen = random.Random(seed).sample(range(len(keys)), count)
    return sorted(i for k in chosen for i in members[keys[k]])


def _digest(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:16]


def _load(record):
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"{record}을(를) 읽을 수 없어 검증 데이터를 새로 나눕니다.")
        return None


def _changes(saved, current):
    """What differs between a recorded split and this run's settings, in words; empty when nothing."""
    names = {"train_file_sha256": "학습 파일의 내용", "records": "학습 파일의 예제 수", "val_ratio": "custom_val_ratio",
             "seed": "seed", "method": "나누는 방식", "val_file_sha256": "검증 파일의 내용"}
    changes = []
    for key, name in names.items():
        if saved.get(key) != current.get(key):
            if key == "method":
                changes.append(f"{name} {METHODS.get(saved.get(key), '예전 방식')} → {METHODS[current[key]]}")
            elif key in ("val_ratio", "seed", "records"):
                changes.append(f"{name} {saved.get(key)} → {current.get(key)}")
            else:
                changes.append(f"{name}")
    return changes


def held_out(data, records, strata=None, groups=None):
    """Validation record indices of the training file: the recorded ones if nothing changed, else a new split.

    ``strata`` (one label per record) stratifies; ``groups`` (one key per record) keeps
    each group on one side; neither: a plain seeded sample.

    >>> held_out(data, records, strata=[e.label for _, e in records])   # doctest: +SKIP
    [3, 17, 42]
    """
    record = Path(data.record_dir) / SPLIT_FILE if data.record_dir else None
    method = "stratified" if strata is not None else "grouped" if groups is not None else "random"
    current = {"train_file": str(data.train_file), "train_file_sha256": fingerprint_file(data.train_file),
               "records": len(records), "val_ratio": data.val_ratio, "seed": data.seed, "method": method}
    saved = _load(record) if record is not None and record.exists() else None
    if saved is not None:
        changes = _changes(saved, current)
        if not changes:
            return saved["val_indices"]
        print(f"{', '.join(changes)}이(가) 지난번과 달라 검증 데이터를 새로 나눕니다({record} 갱신).")
    if groups is not None:
        indices = group_split_indices(groups, data.val_ratio, data.seed)
    else:
        indices = split_indices(strata if strata is not None else [0] * len(records), data.val_ratio, data.seed)
    if not indices:
        raise CorpusError(_no_split_message(data, records, strata, groups))
    if record is not None and is_main_process():  # one writer when every GPU's process reads the file
        saved = dict(current, val_indices=indices, val_sha256=_digest(indices),
                     val_lines=[records[i][0] for i in indices if records[i][0] is not None],
                     val_ids=[getattr(records[i][1], "id") for i in indices if hasattr(records[i][1], "id")])
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            partial = record.with_name(record.name + ".part")
            partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
            partial.replace(record)
        except OSError as error:
            raise CorpusError(f"{record}에 검증 데이터 나누기를 기록할 수 없습니다({error.strerror or error}). 모델 "
                              f"폴더(downstream_model_dir)가 쓸 수 있는 곳인지 확인하세요.") from None
    return indices


def _no_split_message(data, records, strata, groups):
    fix = "예제를 늘리거나 custom_val_file에 검증 파일을 주세요."
    if groups is not None:
        return (f"{data.train_file}: 문단(context)이 {len(set(groups))}개뿐이라 검증 데이터를 떼어 낼 수 없습니다. 질의응답은 "
                f"같은 문단의 질문이 학습과 검증에 함께 들어가지 않도록(그러면 점수가 부풀려집니다) 문단 단위로 떼어 "
                f"냅니다. 문단을 둘 이상 넣거나 custom_val_file에 검증 파일을 주세요.")
    if strata is not None and len(set(strata)) > 1:
        return (f"{data.train_file}: 레이블 {len(set(strata))}가지가 모두 예제 하나씩뿐이라 검증 데이터를 떼어 낼 수 "
                f"없습니다(레이블마다 같은 비율로 떼어 내므로 레이블마다 예제가 둘 이상 있어야 합니다). {fix}")
    return f"{data.train_file}: 예제가 {len(records)}개뿐이라 검증 데이터를 떼어 낼 수 없습니다. {fix}"


def split_identity(data):
    """What a checkpoint records about the data it was trained on: file hashes and the split; None if unknown.

    >>> split_identity(args.custom_data)   # doctest: +SKIP
    {'train_file_sha256': '9f86d081884c7d65', 'val_ratio': 0.1, 'seed': 7, 'val_sha256': '5d41402abc4b2a76'}
    """
    if data is None:
        return None
    if data.val_file:
        return {"train_file_sha256": fingerprint_file(data.train_file),
                "val_file_sha256": fingerprint_file(data.val_file)}
    record = Path(data.record_dir) / SPLIT_FILE if data.record_dir else None
    saved = _load(record) if record is not None and record.exists() else None
    if saved is None:
        return None
    return {key: saved.get(key) for key in ("train_file_sha256", "val_ratio", "seed", "val_sha256")}


def split_mismatch(path, recorded, current):
    """The message for resuming a checkpoint trained on other data or another split, or None when they agree.

    >>> split_mismatch("last.ckpt", {"val_ratio": 0.1, "seed": 7}, {"val_ratio": 0.2, "seed": 7})   # doctest: +ELLIPSIS
    'last.ckpt는 다른 데이터로 학습한 체크포인트입니다(custom_val_ratio 0.1 → 0.2)...'
    """
    if not recorded or not current or recorded == current:
        return None
    if ("val_file_sha256" in recorded) != ("val_file_sha256" in current):
        ways = ["검증 파일(custom_val_file)", "학습 파일에서 떼어 낸 검증 데이터"]
        before, after = ways if "val_file_sha256" in recorded else ways[::-1]
        changes = [f"검증 데이터 {before} → {after}"]
    else:
        changes = _changes(recorded, current) or ["검증 데이터"]
    return (f"{path}는 다른 데이터로 학습한 체크포인트입니다({', '.join(changes)}). 이어 학습하면 지난번 검증 데이터가 "
            f"이번 학습 데이터에 섞여 검증 점수를 믿을 수 없게 됩니다. 지난번 설정으로 되돌리거나, 이번 학습에 다른 "
            f"downstream_model_dir을 주거나, 처음부터 다시 하려면 그 폴더의 체크포인트(*.ckpt)를 지우세요.")
