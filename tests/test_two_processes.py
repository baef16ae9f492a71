"""Two processes in one notebook, as on Kaggle's two T4 GPUs: tested here with two CPU processes.

The training notebooks run in a real Jupyter kernel (nbclient) with ``args.devices = 2`` on
the CPU, so ``accelerator_settings`` picks ``ddp_notebook``: Lightning forks the kernel's
process into two, each trains on its own share of every batch list and validates its own
share of the validation set. The tests check what would silently go wrong there: the
validation metrics must count every validation example exactly once, across both
processes, and equal what one process computes from the same weights; only the notebook's
own process writes the export.
"""
import json
import os
import time

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from pipeline import NOTEBOOKS

# Run in the kernel after training: one process validates the same weights again.
ONE_PROCESS_CHECK = """
import json, os
import pytorch_lightning as pl
one = pl.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False, enable_progress_bar=False,
                 enable_model_summary=False).validate(task, val_dataloader, verbose=False)[0]
json.dump({"two": {k: float(v) for k, v in trainer.callback_metrics.items()}, "one": one,
           "val_examples": len(val_dataset), "export": sorted(os.listdir(export_dir)),
           "model_dir": sorted(os.listdir(args.downstream_model_dir))},
          open("two-processes.json", "w"))
"""


def run_with_two_processes(folder, tmp_path, cache):
    """Execute ``notebooks/<folder>/train.ipynb`` in a kernel with two CPU processes; return the check's JSON."""
    notebook = nbformat.read(NOTEBOOKS / folder / "train.ipynb", as_version=4)
    settings = next(i for i, cell in enumerate(notebook.cells) if "args = " in cell.source and "Arguments(" in cell.source)
    # What a learner on Kaggle gets from accelerator_settings() with two GPUs, here on the CPU.
    notebook.cells.insert(settings + 1, new_code_cell('args.accelerator, args.devices = "cpu", 2'))
    notebook.cells.append(new_code_cell(ONE_PROCESS_CHECK))
    env = dict(os.environ, NLPBOOK_QUICK="1", NLPBOOK_DRIVE=str(tmp_path / "drive"), NLPBOOK_CACHE=cache,
               PYTHONUNBUFFERED="1")
    started = time.monotonic()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    print(f"{folder}/train.ipynb with two processes: {time.monotonic() - started:.1f} s")
    text = "\n".join(output.get("text", "") for cell in notebook.cells for output in cell.get("outputs", []))
    assert "분산 전략 ddp_notebook" in text  # the notebook's own Trainer cell chose it
    return json.loads((tmp_path / "two-processes.json").read_text())


@pytest.mark.parametrize("folder, metrics, examples", [
    ("doc_classification", ("val_loss", "val_acc", "val_f1"), 200),
    ("ner", ("val_loss", "val_f1", "val_precision", "val_recall"), 200),
])
def test_two_process_validation_counts_every_example_once(folder, metrics, examples, tmp_path, tiny_bert_path):
    result = run_with_two_processes(folder, tmp_path, os.environ["NLPBOOK_CACHE"])
    two, one = result["two"], result["one"]
    # Every validation example scored once: not half (one process's share), not a repeated one.
    assert result["val_examples"] == examples
    assert two["val_examples"] == one["val_examples"] == examples
    for name in metrics:
        assert two[name] == pytest.approx(one[name], rel=1e-5, abs=1e-6), (name, two, one)
    # The notebook's process alone wrote the export and the folder: one best checkpoint, one last.ckpt.
    assert "model.safetensors" in result["export"]
    checkpoints = [name for name in result["model_dir"] if name.endswith(".ckpt")]
    assert sorted(checkpoints)[-1] == "last.ckpt" and len(checkpoints) == 2, result["model_dir"]
