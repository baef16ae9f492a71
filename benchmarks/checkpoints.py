"""Drive space and save time of the checkpoint schemes, for a BERT-base-sized model (random weights).

    .venv/bin/python benchmarks/checkpoints.py      # about a minute; writes benchmarks/results/checkpoints.md

Both schemes train one AdamW step through the training notebooks' Trainer set-up and
then validate once (an improving validation, the case that writes the most):
- before: best checkpoint and last.ckpt both with the full training state;
- now: best checkpoint with the weights only (``save_weights_only=True``), last.ckpt full,
  plus the timed last.ckpt every ``checkpoint_every_minutes`` (one full save each time).
Every save goes through ``AtomicCheckpointIO`` (write, fsync, rename), timed here. The
folder sizes are measured after the validation, after the export, and after
``free_optimizer_state``.
"""
import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KCBERT_VOCAB = REPO.parent / "shared" / "data" / "kcbert-base" / "vocab.txt"


class TimedIO:
    """Wraps AtomicCheckpointIO: records each save's file, bytes and seconds."""

    def __new__(cls, saves):
        from nlpbook_helpers.checkpoints import AtomicCheckpointIO

        class Timed(AtomicCheckpointIO):
            def save_checkpoint(self, checkpoint, path, storage_options=None):
                start = time.perf_counter()
                super().save_checkpoint(checkpoint, path, storage_options)
                saves.append({"file": Path(path).name, "bytes": Path(path).stat().st_size,
                              "seconds": time.perf_counter() - start, "full": "optimizer_states" in checkpoint})

        return Timed()


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def run(scheme, work):
    import pytorch_lightning as pl
    import torch
    from pytorch_lightning.callbacks import ModelCheckpoint
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    from nlpbook_helpers import Arguments, quick
    from nlpbook_helpers.checkpoints import export_model, find_best_checkpoint, free_optimizer_state
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the notebooks' own task class
    from pipeline import notebook_task

    model_dir = Path(work) / scheme
    with quick.disabled():  # the real settings, even where NLPBOOK_QUICK is set
        args = Arguments(downstream_model_dir=str(model_dir), epochs=1)
    tokenizer = BertTokenizerFast(vocab_file=str(KCBERT_VOCAB)) if KCBERT_VOCAB.exists() else None
    config = BertConfig(vocab_size=30_000, num_labels=2)  # BERT-base: 12 layers, 768 hidden (kcbert-base's sizes)
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    task = notebook_task("doc_classification")(model, args, ["부정", "긍정"])
    generator = torch.Generator().manual_seed(0)
    batch = {"input_ids": torch.randint(5, 30_000, (2, 16), generator=generator), "labels": torch.tensor([0, 1])}
    loader = torch.utils.data.DataLoader([{k: v[i] for k, v in batch.items()} for i in range(2)], batch_size=2)
    saves = []
    best = ModelCheckpoint(dirpath=model_dir, monitor="val_loss", mode="min", save_top_k=1,
                           save_weights_only=(scheme == "now"),
                           filename="epoch={epoch}-step={step}-val_loss={val_loss:.4f}", auto_insert_metric_name=False)
    last = ModelCheckpoint(dirpath=model_dir, filename="last", enable_version_counter=False)
    callbacks = [best, last]
    if scheme == "now":
        callbacks.append(ModelCheckpoint(dirpath=model_dir, filename="last", enable_version_counter=False,
                                         train_time_interval=timedelta(minutes=args.checkpoint_every_minutes)))
    trainer = pl.Trainer(max_epochs=1, callbacks=callbacks, plugins=[TimedIO(saves)], logger=False,
                         enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0,
                         accelerator="cpu", devices=1)
    trainer.fit(task, loader, loader, weights_only=True)
    during = folder_bytes(model_dir)
    if tokenizer is not None:
        export_model(model_dir, model, tokenizer, find_best_checkpoint(model_dir, verbose=False), task.task_name)
    after_export = folder_bytes(model_dir)
    free_optimizer_state(model_dir)
    return {"saves": saves, "during_training": during, "after_export": after_export,
            "after_free": folder_bytes(model_dir), "weights": sum(p.numel() * 4 for p in model.parameters())}


def write_markdown(results, path):
    gb = 1e9
    rows = []
    for scheme, label in (("before", "before: best and last.ckpt both full"),
                          ("now", "now: best weights only, last.ckpt full")):
        r = results[scheme]
        written = sum(s["bytes"] for s in r["saves"])
        seconds = {True: [s["seconds"] for s in r["saves"] if s["full"]],
                   False: [s["seconds"] for s in r["saves"] if not s["full"]]}
        per_save = ", ".join(f"{'full' if full else 'weights only'} {sum(v) / len(v):.1f} s"
                             for full, v in seconds.items() if v)
        rows.append(f"| {label} | {len(r['saves'])} | {written / gb:.2f} GB | {per_save} | "
                    f"{r['during_training'] / gb:.2f} GB | {r['after_export'] / gb:.2f} GB | {r['after_free'] / gb:.2f} GB |")
    weights = results["now"]["weights"]
    lines = [
        "# Checkpoints: bytes written per validation and Drive space (BERT-base-sized model)", "",
        f"Model: BERT-base-sized classifier (12 layers, 768 hidden, 30,000-token vocabulary, random weights): "
        f"{weights / gb:.2f} GB of fp32 weights. One AdamW step, then one improving validation, through the "
        f"notebooks' Trainer set-up; every save through `AtomicCheckpointIO` (write, fsync, rename) on this machine's "
        f"disk ({results['machine']}). A timed `last.ckpt` (every `checkpoint_every_minutes`, default 10) costs one "
        f"full save each time it fires. {results['date']}.", "",
        "| scheme | files saved at the validation | bytes written | seconds per save | folder during training | "
        "after export | after `free_optimizer_state` |",
        "|---|---:|---:|---|---:|---:|---:|",
        *rows, "",
        "Command: `.venv/bin/python benchmarks/checkpoints.py`",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results-dir", default=str(REPO / "benchmarks" / "results"))
    options = parser.parse_args(argv)
    import platform

    import torch
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory(prefix="nlpbook-ckpt-bench-") as work:
        results = {scheme: run(scheme, work) for scheme in ("before", "now")}
    results["machine"] = f"{platform.machine()}, {torch.get_num_threads()} torch threads"
    results["date"] = time.strftime("%Y-%m-%d")
    out = Path(options.results_dir)
    (out / "checkpoints.json").write_text(json.dumps(results, indent=1))
    write_markdown(results, out / "checkpoints.md")
    print((out / "checkpoints.md").read_text())


if __name__ == "__main__":
    sys.exit(main())
