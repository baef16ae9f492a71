"""Checkpoints that fit a free Google Drive: weights-only best checkpoints, a folder size the learner
can see, a clean-up that keeps inference working, and folders written by the older scheme."""
from pathlib import Path

import pytest
import torch

from nlpbook_helpers.checkpoints import (describe_model_dir, export_model, find_best_checkpoint, free_optimizer_state,
                                         recorded_score, resume_checkpoint)
from nlpbook_helpers.classification import Classifier
from pipeline import load_for_inference, train_doc_classification

LABELS = ["부정", "긍정"]


def size(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def test_best_holds_weights_only_and_the_folder_stays_small(quick_args, tmp_path, capsys):
    args = quick_args(epochs=2, batch_size=48, downstream_model_dir=str(tmp_path / "m"))  # 25 steps an epoch
    _, task, tokenizer = train_doc_classification(args)
    model_dir = Path(args.downstream_model_dir)
    best = Path(find_best_checkpoint(model_dir))
    assert best.name.startswith("epoch=") and "-val_loss=" in best.name  # the book's file names
    saved = torch.load(best, weights_only=True)
    assert "optimizer_states" not in saved and "callbacks" not in saved
    assert recorded_score(saved)[:2] == ("val_loss", "min")
    last = torch.load(model_dir / "last.ckpt", weights_only=True)
    assert "optimizer_states" in last and last["global_step"] == 50  # last.ckpt resumes exactly

    # A multi-GPU run started once per GPU: only rank 0 writes the export, prints sizes, frees space.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RANK", "1")
        before = sorted(p.name for p in model_dir.iterdir())
        capsys.readouterr()
        assert export_model(model_dir, task.model, tokenizer, str(best), task.task_name) == str(model_dir / "export")
        assert describe_model_dir(model_dir) == size(model_dir) and free_optimizer_state(model_dir) == 0
        assert sorted(p.name for p in model_dir.iterdir()) == before and capsys.readouterr().out == ""

    export_dir = Path(export_model(model_dir, task.model, tokenizer, str(best), task.task_name))
    weights = (export_dir / "model.safetensors").stat().st_size
    capsys.readouterr()
    total = describe_model_dir(model_dir)
    shown = capsys.readouterr().out
    assert total == size(model_dir) and "last.ckpt" in shown and best.name in shown and "export/" in shown
    # best (1x) + last.ckpt (weights and AdamW's two moments, 3x) + export (1x) + logs: about 5x, not 7x.
    # The tiny model's tokenizer files add 0.2x (transformers 4 also writes vocab.txt): 5.31x there.
    assert total <= 5.5 * weights, total / weights

    freed = free_optimizer_state(model_dir)
    assert not (model_dir / "last.ckpt").exists() and best.exists() and freed > 2 * weights
    assert size(model_dir) <= 2.2 * weights, size(model_dir) / weights
    model, loaded_tokenizer, info = load_for_inference(model_dir, "document-classification")  # still works
    assert Classifier(model, loaded_tokenizer, max_length=info["max_seq_length"])(["정말 재밌어요"])[0]["label"] in LABELS
    assert torch.equal(model.classifier.weight, saved["state_dict"]["model.classifier.weight"])
    capsys.readouterr()
    assert resume_checkpoint(model_dir, task.metadata()) is None  # a finished run: nothing to resume
    assert "처음부터 학습합니다" in capsys.readouterr().out


def test_a_folder_of_the_older_scheme_still_resumes_and_exports(quick_args, tmp_path):
    """Best checkpoints with the optimizer's state and without our score record, as written before."""
    args = quick_args(epochs=1, batch_size=48, downstream_model_dir=str(tmp_path / "old"))
    train_doc_classification(args, best_weights_only=False)
    model_dir = Path(args.downstream_model_dir)
    for path in model_dir.glob("*.ckpt"):  # remove our score record, as the older code never wrote it
        checkpoint = torch.load(path, weights_only=True)
        checkpoint["nlpbook"].pop("score")
        torch.save(checkpoint, path)
    old_best = Path(find_best_checkpoint(model_dir))
    assert "optimizer_states" in torch.load(old_best, weights_only=True)  # the score comes from the callback state

    args.epochs = 2
    _, task, tokenizer = train_doc_classification(args)  # resumes from the older last.ckpt
    assert torch.load(model_dir / "last.ckpt", weights_only=True)["global_step"] == 50
    best = find_best_checkpoint(model_dir)
    export_model(model_dir, task.model, tokenizer, best, task.task_name)
    model, _, info = load_for_inference(model_dir, "document-classification")
    assert info["source_checkpoint"] == Path(best).name and info["labels"] == LABELS

    freed = free_optimizer_state(model_dir)  # the older full best checkpoint loses its optimizer state too
    assert freed > 0 and all("optimizer_states" not in torch.load(p, weights_only=True) for p in model_dir.glob("*.ckpt"))
    assert find_best_checkpoint(model_dir) == best  # its recorded score survives the rewrite


def test_checkpoint_every_minutes_is_checked():
    from nlpbook_helpers import Arguments

    with pytest.raises(ValueError, match="checkpoint_every_minutes는 0보다 커야"):
        Arguments(checkpoint_every_minutes=0)
