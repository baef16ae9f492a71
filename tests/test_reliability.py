"""Runtime resets lose nothing: SIGKILL right after and halfway through a checkpoint save,
broken checkpoints on restart, feature caches that do not fit."""
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytorch_lightning as pl
import torch
from transformers import AutoTokenizer

from nlpbook_helpers import CheckpointError, read_corpus
from nlpbook_helpers.checkpoints import find_best_checkpoint, recorded_score, resume_checkpoint
from nlpbook_helpers.classification import encode_classification
from nlpbook_helpers.corpora import read_examples
from nlpbook_helpers.data import build_dataset
from nlpbook_helpers.quick import build_tiny_bert
from pipeline import notebook_code

SCRIPT = Path(__file__).parent / "reliability" / "train_doccls.py"
spec = importlib.util.spec_from_file_location("train_doccls", SCRIPT)
train_doccls = importlib.util.module_from_spec(spec)
spec.loader.exec_module(train_doccls)


def start(drive, log, pause=None, extra=()):
    """The training script in a subprocess, as a fresh Colab runtime would run the notebook.

    In a session of its own: a reset kills it with every process it forked (``--devices 2``).
    """
    env = dict(os.environ, NLPBOOK_QUICK="1", NLPBOOK_DRIVE=str(drive),
               NLPBOOK_PAUSE_FILE=str(log.with_suffix(".paused")))
    command = [sys.executable, str(SCRIPT)] + (["--pause", pause] if pause else []) + list(extra)
    return subprocess.Popen(command, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill_when_paused(process, log, timeout=150):
    """SIGKILL the run once it has reached its pause point (a runtime reset at that moment)."""
    paused = log.with_suffix(".paused")
    deadline = time.monotonic() + timeout
    try:
        while not paused.exists():
            assert process.poll() is None, f"the run ended before its pause point:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "the run did not reach its pause point"
            time.sleep(0.05)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the reset, of every process (none left if the test fails)
        except ProcessLookupError:
            pass
    assert process.wait() == -signal.SIGKILL
    return log.read_text()


def load(path):
    return torch.load(path, map_location="cpu", weights_only=True)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, tiny_bert_path):
    """An uninterrupted run of the training script (2 epochs of 25 steps): its result and model folder."""
    drive = tmp_path_factory.mktemp("full")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NLPBOOK_QUICK", "1")
        mp.setenv("NLPBOOK_DRIVE", str(drive))
        result = train_doccls.main([])
    assert (result["global_step"], result["epoch"]) == (50, 2)
    return result, drive / "nlpbook" / "checkpoint-doccls-nsmc"


def test_killed_runs_resume_and_end_where_an_uninterrupted_run_ends(uninterrupted, tmp_path, monkeypatch, capsys):
    full, _ = uninterrupted
    drive = tmp_path / "cut"
    model_dir = drive / "nlpbook" / "checkpoint-doccls-nsmc"
    # 1. Killed (SIGKILL) right after its first checkpoint (end of epoch 0) is on disk.
    kill_when_paused(start(drive, tmp_path / "run1.log", pause="after"), tmp_path / "run1.log")
    assert load(model_dir / "last.ckpt")["global_step"] == 25
    best_before = find_best_checkpoint(model_dir)
    assert Path(best_before).name.startswith("epoch=0-step=25-val_loss=")
    score_before = recorded_score(load(best_before))[2]

    # 2. Started again: resumes, then is killed halfway through writing the next last.ckpt.
    output = kill_when_paused(start(drive, tmp_path / "run2.log", pause="during"), tmp_path / "run2.log")
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in output
    partial = list(model_dir.glob("last.ckpt.part*"))
    assert len(partial) == 1 and partial[0].stat().st_size < (model_dir / "last.ckpt").stat().st_size
    assert load(model_dir / "last.ckpt")["global_step"] == 25  # the previous checkpoint, intact

    # 3. Started again (in this process, to save an import of torch): resumes from the intact
    #    last.ckpt and ends where the uninterrupted run ended.
    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    monkeypatch.setenv("NLPBOOK_DRIVE", str(drive))
    capsys.readouterr()
    result = train_doccls.main([])
    output = capsys.readouterr().out
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in output and "건너뜁니다" not in output
    assert (result["global_step"], result["epoch"]) == (full["global_step"], full["epoch"])
    assert load(model_dir / "last.ckpt")["global_step"] == 50
    assert not list(model_dir.glob("*.part*"))  # the cut-off write was cleaned up
    best_after = find_best_checkpoint(model_dir)
    assert recorded_score(load(best_after))[2] <= score_before  # the best kept or beaten, never lost


def test_a_reset_between_validations_loses_at_most_one_checkpoint_interval(uninterrupted, tmp_path, monkeypatch,
                                                                           capsys):
    """The notebook validates once an epoch; with the timed last.ckpt every 0.2 s, a reset (SIGKILL) in the
    middle of an epoch resumes from there, and the run ends where the uninterrupted one ends, with the same
    validation loss."""
    full, _ = uninterrupted
    drive = tmp_path / "timed"
    model_dir = drive / "nlpbook" / "checkpoint-doccls-nsmc"
    every = ["--every-seconds", "0.2"]
    output = kill_when_paused(start(drive, tmp_path / "run1.log", pause="timed", extra=every), tmp_path / "run1.log")
    saved = load(model_dir / "last.ckpt")
    assert 0 < saved["global_step"] % 25 and "optimizer_states" in saved  # mid-epoch, full state
    # The kill came right after that save: no step trained after it is lost, as the log's last step shows.
    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    monkeypatch.setenv("NLPBOOK_DRIVE", str(drive))
    capsys.readouterr()
    result = train_doccls.main(every)
    output = capsys.readouterr().out
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in output
    assert (result["global_step"], result["epoch"]) == (full["global_step"], full["epoch"])
    assert result["val_loss"] == pytest.approx(full["val_loss"], rel=1e-6)


def finished(process, log, timeout=300):
    """Wait for a run to end by itself; return its RESULT line as a dict."""
    assert process.wait(timeout) == 0, log.read_text()[-3000:]
    return json.loads(log.read_text().rsplit("RESULT ", 1)[1])


def test_two_processes_killed_mid_epoch_resume_at_the_same_global_step(tmp_path):
    """Kaggle's two GPUs, as two CPU processes forked like ddp_notebook: a reset (SIGKILL of the whole process
    group) right after a timed mid-epoch last.ckpt; the next run resumes at that global step, each process at
    its own batch, and ends where an uninterrupted two-process run ends, with the same validation loss."""
    two, every = ["--devices", "2"], ["--every-seconds", "0.2"]
    full = finished(start(tmp_path / "full", tmp_path / "full.log", extra=two), tmp_path / "full.log")
    assert (full["global_step"], full["epoch"]) == (26, 2)  # 25 batches of 48 shared by 2: 13 steps an epoch

    drive = tmp_path / "cut"
    model_dir = drive / "nlpbook" / "checkpoint-doccls-nsmc"
    kill_when_paused(start(drive, tmp_path / "run1.log", pause="timed", extra=two + every), tmp_path / "run1.log")
    saved = load(model_dir / "last.ckpt")
    step = saved["global_step"]
    assert 0 < step % 13 and "optimizer_states" in saved  # mid-epoch, full state
    assert len(saved["callbacks"]["ResumeMidEpoch"]["per_rank"]) == 2  # each process's random state

    resumed_log = tmp_path / "run2.log"
    resumed = finished(start(drive, resumed_log, extra=two + every), resumed_log)
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in resumed_log.read_text()
    assert (resumed["global_step"], resumed["epoch"]) == (full["global_step"], full["epoch"])
    assert resumed["val_loss"] == pytest.approx(full["val_loss"], rel=1e-6)
    logged = sorted(Path(model_dir, "logs").glob("version_*/metrics.csv"))[-1].read_text().splitlines()
    steps = [int(row.split(",")[header.index("step")]) for header in [logged[0].split(",")] for row in logged[1:]]
    assert min(steps) >= step  # the resumed run's log starts after the checkpoint, not at step 0


def test_broken_last_checkpoint_is_reported_and_training_starts_over(uninterrupted, monkeypatch, capsys):
    # A last.ckpt cut off by something other than our writer (an old version, a Drive sync gone wrong).
    _, model_dir = uninterrupted
    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    monkeypatch.setenv("NLPBOOK_DRIVE", str(model_dir.parent.parent))
    best = Path(find_best_checkpoint(model_dir))
    last = model_dir / "last.ckpt"
    last.write_bytes(last.read_bytes()[: last.stat().st_size // 2])
    capsys.readouterr()
    result = train_doccls.main(["--epochs", "3"])
    output = capsys.readouterr().out
    assert "읽을 수 없는 체크포인트 last.ckpt는" in output
    # The best checkpoint holds weights only: training cannot resume from it, and says so.
    assert "가중치만 남아 있어, 처음부터 학습합니다" in output
    assert (result["global_step"], result["epoch"]) == (75, 3)
    assert (model_dir / "last.ckpt.broken").exists() and load(last)["global_step"] == 75
    assert best.exists()  # kept: find_best_checkpoint weighs it against the new run's best


def fake_checkpoint(path, step, task="document-classification", labels=("부정", "긍정")):
    torch.save({"state_dict": {}, "global_step": step, "optimizer_states": [],
                "nlpbook": {"task": task, "labels": list(labels)}}, path)


def test_resume_checkpoint_skips_broken_files_and_refuses_another_run(tmp_path, capsys):
    metadata = {"task": "document-classification", "labels": ["부정", "긍정"]}
    assert resume_checkpoint(tmp_path, metadata) is None  # empty folder: a fresh start
    fake_checkpoint(tmp_path / "epoch=0-step=25-val_loss=0.5000.ckpt", 25)
    fake_checkpoint(tmp_path / "epoch=1-step=50-val_loss=0.4000.ckpt", 50)
    (tmp_path / "last.ckpt").write_bytes(b"PK\x03\x04 cut off")
    (tmp_path / "last.ckpt.part123").write_bytes(b"PK")
    assert Path(resume_checkpoint(tmp_path, metadata)).name == "epoch=1-step=50-val_loss=0.4000.ckpt"
    assert "읽을 수 없는 체크포인트 last.ckpt는 last.ckpt.broken으로 이름을 바꾸고 건너뜁니다" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "epoch=0-step=25-val_loss=0.5000.ckpt", "epoch=1-step=50-val_loss=0.4000.ckpt", "last.ckpt.broken"]
    for path in tmp_path.glob("*.ckpt"):
        path.write_bytes(b"")
    assert resume_checkpoint(tmp_path, metadata) is None  # nothing loads: start over, do not crash

    other = tmp_path / "other"
    other.mkdir()
    fake_checkpoint(other / "last.ckpt", 25, task="pair-classification", labels=["참", "거짓", "중립"])
    with pytest.raises(CheckpointError, match="다른 학습에서 저장한 체크포인트.*다른 downstream_model_dir"):
        resume_checkpoint(other, metadata)


def test_feature_cache_is_never_reused_across_tokenizers_or_lengths(quick_args, tiny_bert_path, tmp_path, capsys):
    args = quick_args(feature_cache_dir=str(tmp_path / "features"))  # a folder of its own: counted below
    cache_dir = Path(args.feature_cache_dir)
    examples = read_examples("nsmc", args.downstream_corpus_root_dir, "val")
    big = AutoTokenizer.from_pretrained(tiny_bert_path)
    small = AutoTokenizer.from_pretrained(build_tiny_bert(tmp_path / "small-bert", merges=50))
    assert big.tokenize("정말 재밌어요") != small.tokenize("정말 재밌어요")
    for tokenizer in (big, small, big, small):  # the second round reads the caches
        dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification)
        expected = encode_classification(examples, tokenizer, args.max_seq_length)["input_ids"]
        assert [dataset[i]["input_ids"].tolist() for i in (0, 7, len(dataset) - 1)] == [expected[i] for i in (0, 7, -1)]
    assert len(list(cache_dir.glob("nsmc-*.pt"))) == 2

    args.max_seq_length = 8
    short = build_dataset(args, big, read_corpus(args, "val"), encode_classification)
    assert max(short.lengths()) == 8 and len(list(cache_dir.glob("nsmc-*.pt"))) == 3

    # Cut off, empty, or not a feature file at all: rebuilt, never loaded.
    cache = next(p for p in cache_dir.glob("nsmc-*.pt") if p.stat().st_mtime == max(
        q.stat().st_mtime for q in cache_dir.glob("nsmc-*.pt")))
    for damage in (lambda p: p.write_bytes(p.read_bytes()[:200]), lambda p: p.write_bytes(b""),
                   lambda p: torch.save({"input_ids": 3}, p)):
        damage(cache)
        capsys.readouterr()
        again = build_dataset(args, big, read_corpus(args, "val"), encode_classification)
        assert "다시 만듭니다" in capsys.readouterr().out
        assert again.lengths() == short.lengths()


def test_atomic_save_keeps_the_old_checkpoint_when_a_save_fails(tmp_path, monkeypatch):
    from nlpbook_helpers.checkpoints import AtomicCheckpointIO

    io = AtomicCheckpointIO()
    io.save_checkpoint({"global_step": 25}, tmp_path / "last.ckpt")
    real_save = torch.save

    def disk_full(obj, f, *args, **kwargs):
        f.write(b"PK\x03\x04 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        io.save_checkpoint({"global_step": 50}, tmp_path / "last.ckpt")
    monkeypatch.setattr(torch, "save", real_save)
    assert load(tmp_path / "last.ckpt")["global_step"] == 25
    assert [p.name for p in tmp_path.iterdir()] == ["last.ckpt"]


NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
TASKS = sorted(path.parent.name for path in NOTEBOOKS.glob("*/train.ipynb"))


class Batches(pl.Callback):
    """Records a fingerprint of every training batch."""

    def __init__(self):
        self.seen = []

    def on_train_batch_start(self, trainer, module, batch, batch_idx):
        self.seen.append(hash(batch["input_ids"].numpy().tobytes()))


@pytest.fixture(scope="module")
def own_cache(tmp_path_factory, tiny_bert_path):
    """A cache folder of this module's own (its features do not show up in other tests' folders),
    sharing the session's tiny models."""
    cache = tmp_path_factory.mktemp("own-cache")
    for model in Path(os.environ["NLPBOOK_CACHE"]).glob("tiny-*"):
        (cache / model.name).symlink_to(model)
    return cache


@pytest.mark.parametrize("folder", TASKS)
def test_every_task_resumes_after_a_reset(folder, tmp_path, monkeypatch, capsys, own_cache):
    """Each training notebook run to the end of epoch 1, then again from the top for 2 epochs, trains
    the same batches, to the same step, as one uninterrupted 2-epoch run (mid-epoch checkpoints too)."""
    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    monkeypatch.setenv("NLPBOOK_CACHE", str(own_cache))
    cells = notebook_code(folder)

    def run(drive, epochs):
        monkeypatch.setenv("NLPBOOK_DRIVE", str(drive))
        namespace, batches = {}, Batches()
        for cell in cells:
            if "pl.Trainer(" in cell:
                namespace["args"].epochs = epochs  # the only change: a shorter first run
            exec(cell, namespace)
            if "pl.Trainer(" in cell:
                namespace["trainer"].callbacks.insert(0, batches)
        return namespace["trainer"], Path(namespace["args"].downstream_model_dir), batches.seen

    full, _, full_batches = run(tmp_path / "full", epochs=2)
    first, model_dir, _ = run(tmp_path / "cut", epochs=1)
    resumed_at = load(model_dir / "last.ckpt")["global_step"]
    capsys.readouterr()
    second, _, second_batches = run(tmp_path / "cut", epochs=2)
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in capsys.readouterr().out
    assert (second.global_step, second.current_epoch) == (full.global_step, 2) == (2 * first.global_step, 2)
    assert second_batches == full_batches[resumed_at:]  # not one batch lost or repeated
    assert load(model_dir / "last.ckpt")["epoch"] == 1


class Interrupt(Exception):
    """A runtime reset, raised from inside training."""


class ResetMidEpoch(pl.Callback):
    """Raises :class:`Interrupt` at the first training batch of ``epoch`` after ``fraction`` of it has passed."""

    def __init__(self, epoch, fraction):
        self.epoch, self.fraction = epoch, fraction

    def on_train_batch_start(self, trainer, module, batch, batch_idx):
        if trainer.current_epoch == self.epoch and batch_idx >= self.fraction * trainer.num_training_batches:
            raise Interrupt()


def test_a_reset_in_the_middle_of_an_epoch_continues_from_its_batch(tmp_path, monkeypatch, capsys, own_cache):
    """The pair-classification notebook validates (and writes last.ckpt) four times an epoch. Reset in the
    middle of its second epoch, run again from the top: the rest of that epoch's batches, not its start."""
    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    monkeypatch.setenv("NLPBOOK_CACHE", str(own_cache))
    cells = notebook_code("pair_classification")

    def run(drive, reset=None):
        monkeypatch.setenv("NLPBOOK_DRIVE", str(drive))
        namespace, batches = {}, Batches()
        for cell in cells:
            if "pl.Trainer(" in cell:
                namespace["args"].epochs = 2
            try:
                exec(cell, namespace)
            except Interrupt:
                break
            if "pl.Trainer(" in cell:
                namespace["trainer"].callbacks[:0] = [batches] + ([reset] if reset else [])
        return namespace["trainer"], Path(namespace["args"].downstream_model_dir), batches.seen

    full, _, full_batches = run(tmp_path / "full")
    per_epoch = full.num_training_batches
    _, model_dir, _ = run(tmp_path / "cut", reset=ResetMidEpoch(epoch=1, fraction=0.6))
    saved = load(model_dir / "last.ckpt")
    resumed_at = saved["global_step"]
    assert per_epoch < resumed_at < 2 * per_epoch and saved["epoch"] == 1  # written in the middle of epoch 1
    capsys.readouterr()
    second, _, second_batches = run(tmp_path / "cut")
    output = capsys.readouterr().out
    assert f"이어서 학습합니다: {model_dir / 'last.ckpt'}" in output
    assert second.global_step == full.global_step == 2 * per_epoch
    assert second_batches == full_batches[resumed_at:]  # the rest of epoch 1, in the same order
