"""What tests that train share: the notebooks' code, their Trainer and fit cells, quick-mode settings.

tests/ is on sys.path (pytest puts it there): ``from pipeline import notebook_code``.
"""
import json
from pathlib import Path


def notebook_trainer(args, train_dataloader, monitor="val_loss", mode="min", **overrides):
    """The Trainer of the training notebooks' "트레이너 정의" cell (quiet: no progress bar, no summary).

    ``overrides`` replace Trainer arguments (``callbacks=[]`` and ``logger=False`` for a bare validation run).
    """
    import pytorch_lightning as pl
    from pytorch_lightning.callbacks import TQDMProgressBar
    from pytorch_lightning.loggers import CSVLogger

    from nlpbook_helpers import accelerator_settings, drive_checkpoints

    checkpoints = drive_checkpoints(args, train_dataloader, monitor=monitor, mode=mode)
    checkpoints["callbacks"] = [c for c in checkpoints["callbacks"] if not isinstance(c, TQDMProgressBar)]  # quiet
    settings = dict(
        max_epochs=args.epochs,
        val_check_interval=args.val_check_interval,
        logger=CSVLogger(args.downstream_model_dir, name="logs"),
        log_every_n_steps=args.log_every_n_steps,
        num_sanity_val_steps=0,
        **checkpoints,
        **accelerator_settings(args.accelerator, args.devices, args.precision, verbose=False),
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    settings.update(overrides)
    return pl.Trainer(**settings)


def notebook_task(folder, replace=()):
    """The task class that ``notebooks/<folder>/train.ipynb`` writes in its "태스크 정의" cell.

    The cell runs without its last line (which makes ``task`` from the notebook's model).
    ``replace`` is a list of ``(old, new)`` edits to the cell first, as a learner would make
    them: each ``old`` must be in the cell.

    >>> NERTask = notebook_task("ner")
    """
    from nlpbook_helpers.training import Task

    cell = next(c for c in notebook_code(folder, until=None) if "(Task):" in c)
    for old, new in replace:
        assert old in cell, old
        cell = cell.replace(old, new)
    namespace = {}
    exec(cell[: cell.rindex("\ntask = ")], namespace)
    return next(v for v in namespace.values() if isinstance(v, type) and issubclass(v, Task) and v is not Task)


def load_for_inference(model_dir, task_name, load_tokenizer=None):
    """The inference notebooks' "모델 불러오기" cell: ``(model, tokenizer, info)`` of the best model of ``model_dir``."""
    import transformers

    from nlpbook_helpers.checkpoints import find_export

    path, info = find_export(model_dir, task_name)
    model = getattr(transformers, info["model_class"]).from_pretrained(path)
    return model, (load_tokenizer or transformers.AutoTokenizer.from_pretrained)(path), info


def notebook_fit(trainer, task, train_dataloader, val_dataloader):
    """The training notebooks' "학습" cell: resume from the model folder when it holds a checkpoint."""
    from nlpbook_helpers.checkpoints import resume_checkpoint

    ckpt_path = resume_checkpoint(task.args.downstream_model_dir, task.metadata())
    trainer.fit(task, train_dataloader, val_dataloader, ckpt_path=ckpt_path, weights_only=True)
    return trainer


def train_doc_classification(args, callbacks=(), best_weights_only=True, task_class=None):
    """The document classification notebook's pipeline on NSMC's labels; return (trainer, task, tokenizer).

    ``callbacks`` run before the notebook's own; ``best_weights_only=False`` writes the best
    checkpoint with the full training state, as the older scheme did. ``task_class`` replaces
    the notebook's task class (a variant from :func:`notebook_task` with ``replace``).
    """
    import pytorch_lightning as pl
    from transformers import AutoTokenizer, BertForSequenceClassification

    from nlpbook_helpers.classification import encode_classification
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader

    pl.seed_everything(args.seed, verbose=False)
    tokenizer = AutoTokenizer.from_pretrained(args.pretrained_model_name)
    train_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification), args, tokenizer, True)
    val_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification), args, tokenizer, False)
    model = BertForSequenceClassification.from_pretrained(args.pretrained_model_name, num_labels=2)
    task = (task_class or notebook_task("doc_classification"))(model, args, ["부정", "긍정"])
    trainer = notebook_trainer(args, train_loader)
    trainer.callbacks[:0] = list(callbacks)
    trainer.checkpoint_callbacks[0].save_weights_only = best_weights_only
    notebook_fit(trainer, task, train_loader, val_loader)
    return trainer, task, tokenizer


def quick_arguments(arguments_class, tmp_path, overrides):
    """``apply_quick_mode(arguments_class(**overrides))``, with the quick-mode step settings overridden afterwards."""
    from nlpbook_helpers.quick import apply_quick_mode

    overrides.setdefault("downstream_model_dir", str(tmp_path / "model"))
    after = {k: overrides.pop(k) for k in ("epochs", "batch_size", "learning_rate") if k in overrides}
    args = apply_quick_mode(arguments_class(**overrides))  # already applied when NLPBOOK_QUICK is set: no-op
    for name, value in after.items():
        setattr(args, name, value)
    return args


NOTEBOOKS = Path(__file__).parent.parent / "notebooks"


def notebook_code(folder, name="train.ipynb", until="trainer.fit("):
    """The code cells of ``notebooks/<folder>/<name>`` up to the first one holding ``until``, as Python.

    Run them with ``exec(cell, namespace)`` in order: a test then runs the notebook's own code.
    ``until=None`` gives every code cell.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    notebook = json.loads((NOTEBOOKS / folder / name).read_text(encoding="utf-8"))
    cells = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    last = len(cells) - 1 if until is None else next(i for i, cell in enumerate(cells) if until in cell)
    return [TransformerManager().transform_cell(cell) for cell in cells[: last + 1]]


def run_notebook(folder, name="train.ipynb", until="trainer.fit(", **settings):
    """Run a notebook's code cells up to the first holding ``until``; return their namespace.

    ``settings`` are set on ``args`` right after the settings cell made it (``seed=3``),
    as a learner would change the settings cell. Quick mode and the drive folder come from
    the environment, as in the notebooks (``NLPBOOK_QUICK``, ``NLPBOOK_DRIVE``).
    """
    namespace = {}
    for cell in notebook_code(folder, name, until):
        exec(cell, namespace)
        if settings and "args = " in cell and "args" in namespace:
            for setting, value in settings.items():
                setattr(namespace["args"], setting, value)
            settings = {}
    return namespace
