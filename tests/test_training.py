"""The schedule, resuming after an interruption, the best checkpoint, safe loading, export."""
import json
import logging
import math
import os
from pathlib import Path

import pytest
import pytorch_lightning as pl
import torch
from transformers import BertForSequenceClassification, pipeline

from nlpbook_helpers import CheckpointError
from nlpbook_helpers.checkpoints import (export_model, find_best_checkpoint, find_export, load_checkpoint,
                                         recorded_score)
from nlpbook_helpers.plots import read_logged_metrics
from pipeline import load_for_inference, notebook_task, train_doc_classification

logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
LABELS = ["부정", "긍정"]


class Record(pl.Callback):
    def __init__(self):
        self.lrs, self.training = [], []

    def on_train_batch_start(self, trainer, module, batch, batch_idx):
        self.lrs.append(trainer.optimizers[0].param_groups[0]["lr"])
        self.training.append(module.model.training)


def test_schedule_is_applied_and_dropout_is_on(quick_args):
    record = Record()
    args = quick_args(epochs=1, warmup_ratio=0.2, batch_size=48)  # 1200 reviews: 25 steps
    trainer, task, _ = train_doc_classification(args, callbacks=[record])
    steps = trainer.global_step
    assert steps == 25 and len(record.lrs) == 25
    warmup = int(steps * 0.2)
    assert record.lrs[0] == 0.0 and record.lrs[warmup] == pytest.approx(args.learning_rate)
    assert record.lrs[-1] == pytest.approx(args.learning_rate / (steps - warmup))  # decays towards 0
    assert all(record.training)  # transformers hands back an eval-mode model; training must switch it


def test_resumed_run_ends_where_an_uninterrupted_run_ends(quick_args, tmp_path, capsys):
    full, _, _ = train_doc_classification(quick_args(epochs=2, batch_size=48, downstream_model_dir=str(tmp_path / "full")))
    # The fixture's sentiment is learnable in 50 steps (measured here over seeds 1-3 and 7: 0.99-1.00);
    # a model that learned nothing sits near 0.5. The bound leaves room for another CPU's rounding.
    assert full.callback_metrics["val_acc"] > 0.8
    # "Runtime reset" after the first epoch's checkpoint, then every cell run again.
    first, _, _ = train_doc_classification(quick_args(epochs=1, batch_size=48, downstream_model_dir=str(tmp_path / "cut")))
    assert first.global_step == 25 and (tmp_path / "cut" / "last.ckpt").exists()
    before = sorted(p.name for p in (tmp_path / "cut").glob("epoch=*.ckpt"))
    resumed, _, _ = train_doc_classification(quick_args(epochs=2, batch_size=48, downstream_model_dir=str(tmp_path / "cut")))
    assert "이어서 학습합니다" in capsys.readouterr().out
    assert resumed.global_step == full.global_step == 50
    assert resumed.current_epoch == full.current_epoch == 2
    # save_top_k=1 survives the reset: one named checkpoint is left, the one with the lowest val_loss
    # of both runs' logs (the first run's log and the resumed run's log), and it is the best one.
    kept = sorted((tmp_path / "cut").glob("epoch=*.ckpt"))
    val_losses = [row["val_loss"] for row in read_logged_metrics(tmp_path / "cut") if "val_loss" in row]
    assert len(kept) == 1 and len(val_losses) == 2 and len(before) == 1
    assert recorded_score(torch.load(kept[0], weights_only=True)) == ("val_loss", "min", pytest.approx(min(val_losses)))
    assert find_best_checkpoint(tmp_path / "cut") == str(kept[0])


def fake_checkpoint(path, score, mode="min", task="document-classification"):
    key = f"ModelCheckpoint{{'monitor': 'val_loss', 'mode': '{mode}', 'every_n_train_steps': 0}}"
    torch.save({"state_dict": {"model.w": torch.zeros(1)},
                "callbacks": {key: {"monitor": "val_loss", "current_score": torch.tensor(score)}},
                "nlpbook": {"task": task, "pretrained_model_name": "x", "labels": LABELS, "max_seq_length": 8}}, path)


def test_best_checkpoint_by_recorded_value_not_file_name(tmp_path, capsys):
    # The names lie on purpose: only the values recorded inside count.
    fake_checkpoint(tmp_path / "epoch=0-val_loss=0.1000.ckpt", 0.52)
    fake_checkpoint(tmp_path / "epoch=1-val_loss=0.9000.ckpt", 0.31)
    fake_checkpoint(tmp_path / "last.ckpt", 0.31)
    (tmp_path / "epoch=2-val_loss=0.0000.ckpt").write_bytes(b"PK\x03\x04 cut off")  # killed mid-write
    assert Path(find_best_checkpoint(tmp_path)).name == "epoch=1-val_loss=0.9000.ckpt"
    assert "epoch=2-val_loss=0.0000.ckpt는 건너뜁니다" in capsys.readouterr().out


def test_checkpoint_errors_say_what_to_do(tmp_path):
    with pytest.raises(CheckpointError, match="학습 노트북을 먼저 실행하세요"):
        find_best_checkpoint(tmp_path)
    with pytest.raises(CheckpointError, match="학습 노트북을 먼저 실행하세요"):
        load_for_inference(tmp_path, "document-classification")
    fake_checkpoint(tmp_path / "ner.ckpt", 0.3, task="ner")
    with pytest.raises(CheckpointError, match="'ner' 과제의 모델입니다. 이 노트북은 'document-classification' 과제"):
        load_checkpoint(tmp_path / "ner.ckpt", "document-classification")


def test_loading_never_unpickles_objects(tmp_path):
    class Payload:
        def __reduce__(self):
            return (os.system, ("echo hacked",))

    torch.save({"state_dict": {}, "evil": Payload()}, tmp_path / "evil.ckpt")
    with pytest.raises(CheckpointError, match="읽을 수 없습니다"):
        load_checkpoint(tmp_path / "evil.ckpt", "document-classification")


def folder_state(folder):
    """Every file under ``folder`` with its size and modification time: equal means nothing was written."""
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in Path(folder).rglob("*") if p.is_file())


def test_export_loads_in_a_pipeline_and_leaves_the_model_alone(quick_args, tmp_path):
    args = quick_args(epochs=1, downstream_model_dir=str(tmp_path / "m"))
    trainer, task, tokenizer = train_doc_classification(args)
    best = find_best_checkpoint(args.downstream_model_dir)
    # A freshly loaded pretrained model lends its architecture: the weights must come from the file,
    # and the model itself keeps its own weights.
    fresh = BertForSequenceClassification.from_pretrained(args.pretrained_model_name, num_labels=2)
    before = {k: v.clone() for k, v in fresh.state_dict().items()}
    export_dir = export_model(args.downstream_model_dir, fresh, tokenizer, best, task.task_name)
    assert all(torch.equal(v, fresh.state_dict()[k]) for k, v in before.items())
    assert fresh.config.id2label == {0: "LABEL_0", 1: "LABEL_1"}
    info = json.loads((Path(export_dir) / "nlpbook.json").read_text(encoding="utf-8"))
    assert info["task"] == "document-classification" and info["labels"] == LABELS and info["corpus"] == "nsmc"
    assert info["model_class"] == "BertForSequenceClassification" and info["max_seq_length"] == args.max_seq_length
    assert info["source_checkpoint"] == Path(best).name and (Path(export_dir) / "model.safetensors").exists()
    written = folder_state(args.downstream_model_dir)
    model, _, loaded_info = load_for_inference(args.downstream_model_dir, "document-classification")
    assert folder_state(args.downstream_model_dir) == written  # loading writes nothing
    assert loaded_info["labels"] == LABELS and loaded_info["max_seq_length"] == args.max_seq_length
    saved = torch.load(best, map_location="cpu", weights_only=True)["state_dict"]
    assert torch.equal(model.classifier.weight, saved["model.classifier.weight"])
    assert torch.equal(model.bert.embeddings.word_embeddings.weight, saved["model.bert.embeddings.word_embeddings.weight"])
    assert not torch.equal(model.classifier.weight, before["classifier.weight"])
    assert model.config.id2label == dict(enumerate(LABELS))
    text = "정말 재밌어요 강력 추천합니다"
    with torch.no_grad():
        logits = model(**tokenizer(text, return_tensors="pt")).logits[0]
    classify = pipeline("text-classification", model=export_dir)
    assert classify(text)[0]["label"] == LABELS[int(logits.argmax())]
    assert classify(text)[0]["score"] == pytest.approx(float(logits.softmax(-1).max()), abs=1e-5)
    with pytest.raises(CheckpointError, match="이 노트북은 'ner' 과제"):
        load_for_inference(args.downstream_model_dir, "ner")


def test_loading_without_an_export_reads_the_checkpoint_and_writes_nothing(quick_args, tmp_path):
    args = quick_args(epochs=1, downstream_model_dir=str(tmp_path / "m"))
    _, task, tokenizer = train_doc_classification(args)
    written = folder_state(args.downstream_model_dir)
    assert not (tmp_path / "m" / "export").exists()
    model, loaded_tokenizer, info = load_for_inference(args.downstream_model_dir, "document-classification")
    assert folder_state(args.downstream_model_dir) == written and not (tmp_path / "m" / "export").exists()
    best = find_best_checkpoint(args.downstream_model_dir)
    assert info["source_checkpoint"] == Path(best).name and info["labels"] == LABELS
    saved = torch.load(best, map_location="cpu", weights_only=True)["state_dict"]
    compared = [k for k in model.state_dict() if "model." + k in saved]
    assert len(compared) >= len(saved) - 1  # every saved tensor (position_ids may be a buffer left out)
    assert all(torch.equal(model.state_dict()[k], saved["model." + k]) for k in compared)
    assert loaded_tokenizer.get_vocab() == tokenizer.get_vocab()
    assert model.config.id2label == dict(enumerate(LABELS)) and not model.training
    path, again = find_export(args.downstream_model_dir, "document-classification")  # exported once, then reused
    assert not path.startswith(args.downstream_model_dir) and again == info and Path(path, "model.safetensors").exists()
    assert folder_state(args.downstream_model_dir) == written
    # The best checkpoint rewritten (as a later, better epoch would): the cached export is replaced in its
    # folder with the new weights, and no second model folder is left beside it.
    checkpoint = torch.load(best, map_location="cpu", weights_only=True)
    checkpoint["state_dict"]["model.classifier.weight"] += 1.0
    torch.save(checkpoint, best)
    newer, _ = find_export(args.downstream_model_dir, "document-classification")
    reloaded = BertForSequenceClassification.from_pretrained(newer)
    assert newer == path and torch.equal(reloaded.classifier.weight, checkpoint["state_dict"]["model.classifier.weight"])
    assert [p.name for p in Path(path).parent.iterdir() if p.name.startswith(Path(path).name)] == [Path(path).name]


@pytest.mark.parametrize("minutes", [60, 1e-9])
def test_one_writer_of_last_ckpt_at_every_validation_and_on_time(quick_args, monkeypatch, minutes):
    """drive_checkpoints has one ``last.ckpt`` writer: at each validation (twice an epoch here), and every N minutes."""
    from nlpbook_helpers.checkpoints import LastCheckpoint

    saves = []
    save = LastCheckpoint._save_checkpoint
    monkeypatch.setattr(LastCheckpoint, "_save_checkpoint",
                        lambda self, trainer, path: (saves.append((trainer.global_step, Path(path).name)),
                                                     save(self, trainer, path))[1])
    args = quick_args(epochs=1, batch_size=50, val_check_interval=0.5, checkpoint_every_minutes=minutes)  # 24 steps
    trainer, _, _ = train_doc_classification(args)
    writers = [c for c in trainer.checkpoint_callbacks if c.filename == "last"]
    assert len(writers) == 1 and isinstance(writers[0], LastCheckpoint)
    assert {name for _, name in saves} == {"last.ckpt"}
    steps = [step for step, _ in saves]
    if minutes == 60:  # the validations at steps 12 and 24
        assert steps == [12, 24]
    else:  # after every batch, and a timed save never holds back the validation's own save at that step
        assert steps == list(range(1, 13)) + [12] + list(range(13, 25)) + [24]
    assert read_checkpoint_step(Path(args.downstream_model_dir) / "last.ckpt") == 24


def read_checkpoint_step(path):
    return torch.load(path, map_location="cpu", weights_only=True)["global_step"]


def test_the_task_cell_of_the_notebook_is_what_trains(quick_args, tmp_path):
    """A learner's edit to the notebook's task cell changes the training: here a step that returns no loss to learn from."""
    learned, _, _ = train_doc_classification(quick_args(epochs=2, downstream_model_dir=str(tmp_path / "a")))
    frozen_class = notebook_task("doc_classification", replace=[("        return loss\n", "        return loss * 0.0\n")])
    frozen, _, _ = train_doc_classification(quick_args(epochs=2, downstream_model_dir=str(tmp_path / "b")),
                                            task_class=frozen_class)
    untrained = math.log(2)  # two labels, no learning: about ln 2
    assert float(learned.callback_metrics["val_loss"]) < untrained - 0.3
    assert abs(float(frozen.callback_metrics["val_loss"]) - untrained) < 0.1
    assert float(frozen.callback_metrics["val_acc"]) < 0.8 <= float(learned.callback_metrics["val_acc"])
