"""What every task's training shares: the optimizer schedule, the Trainer, resuming."""
import os
import warnings
from pathlib import Path

import pytorch_lightning as pl
import torch
from lightning_fabric.plugins.io.torch_io import TorchCheckpointIO
from pytorch_lightning.callbacks import ModelCheckpoint
from pytorch_lightning.loggers import CSVLogger
from transformers import get_linear_schedule_with_warmup

from .accelerator import accelerator_settings
from .checkpoints import _read_checkpoint
from .errors import CheckpointError


class Task(pl.LightningModule):
    """Base of the task modules: AdamW with linear warmup and decay, and checkpoint metadata.

    Subclasses set ``task_name`` and write the validation steps; the training step
    (the model's own loss, logged as ``train_loss``) is shared.
    Each checkpoint records the task, the pretrained model and the labels under
    the key ``"nlpbook"``, so inference can refuse a checkpoint of another task.
    """

    task_name = "task"

    def __init__(self, model, args, labels=None):
        super().__init__()
        self.model = model
        self.args = args
        self.labels = list(labels) if labels is not None else None

    def configure_optimizers(self):
        no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "ln_")
        groups = [
            {"params": [p for n, p in self.model.named_parameters() if not any(k in n for k in no_decay)],
             "weight_decay": self.args.weight_decay},
            {"params": [p for n, p in self.model.named_parameters() if any(k in n for k in no_decay)],
             "weight_decay": 0.0},
        ]
        optimizer = torch.optim.AdamW(groups, lr=self.args.learning_rate)
        total_steps = self.trainer.estimated_stepping_batches
        scheduler = get_linear_schedule_with_warmup(
            optimizer, num_warmup_steps=int(total_steps * self.args.warmup_ratio), num_training_steps=total_steps)
        # Lightning reads the key "lr_scheduler"; any other key is silently ignored.
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}

    def training_step(self, batch, batch_idx):
        # Hugging Face models compute the task's loss themselves when the batch has labels.
        loss = self.model(**batch).loss
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def on_fit_start(self):
        # transformers returns models in eval mode and Lightning keeps the mode it finds:
        # without this, fine-tuning would run with dropout switched off.
        self.model.train()

    def metadata(self):
        """What a checkpoint of this task must say about itself."""
        return {
            "task": self.task_name,
            "pretrained_model_name": self.args.pretrained_model_name,
            "labels": self.labels,
            "max_seq_length": self.args.max_seq_length,
        }

    def on_save_checkpoint(self, checkpoint):
        checkpoint["nlpbook"] = self.metadata()


class AtomicCheckpointIO(TorchCheckpointIO):
    """Write each checkpoint to ``<name>.part<pid>``, fsync it, then rename it into place.

    A runtime reset in the middle of a save leaves the previous checkpoint under the
    real name, never a half-written one; :func:`fit` removes the stray ``.part`` file.
    :func:`make_trainer` passes it to the Trainer.

    >>> trainer = pl.Trainer(plugins=[AtomicCheckpointIO()])   # doctest: +SKIP
    """

    def save_checkpoint(self, checkpoint, path, storage_options=None):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.part{os.getpid()}")
        try:
            with open(partial, "wb") as f:
                torch.save(checkpoint, f)
                f.flush()
                os.fsync(f.fileno())  # on Drive, the bytes must be out before the rename
            os.replace(partial, path)
        except BaseException:  # disk full, Ctrl-C: no stray partial file
            partial.unlink(missing_ok=True)
            raise


def make_trainer(args, **overrides):
    """A Trainer for ``args``: checkpoints (best + ``last.ckpt``) and CSV logs in the model folder.

    Checkpoints are written atomically (:class:`AtomicCheckpointIO`): a runtime reset
    during a save never leaves a half-written file under a checkpoint's name. The
    accelerator and precision come from :func:`accelerator_settings`, overridable
    through ``args.accelerator``, ``args.devices`` and ``args.precision``.

    >>> trainer = make_trainer(args)   # doctest: +SKIP
    """
    metric = args.monitor_metric
    checkpoint = ModelCheckpoint(
        dirpath=args.downstream_model_dir,
        filename=f"epoch={{epoch}}-step={{step}}-{metric}={{{metric}:.4f}}",
        auto_insert_metric_name=False,
        monitor=metric,
        mode=args.monitor_mode,
        save_top_k=args.save_top_k,
    )
    # last.ckpt at every validation, better or not (ModelCheckpoint's save_last only
    # writes it when the monitored value improved): a runtime reset loses little.
    last = ModelCheckpoint(dirpath=args.downstream_model_dir, filename="last", enable_version_counter=False)
    hardware = accelerator_settings(args.accelerator, args.devices, args.precision)
    settings = dict(
        max_epochs=args.epochs,
        callbacks=[checkpoint, last],  # this order: last.ckpt records the newest best score
        # A TPU keeps Lightning's XLA writer, which moves the tensors to the CPU first.
        plugins=[] if hardware["accelerator"] == "tpu" else [AtomicCheckpointIO()],
        logger=CSVLogger(args.downstream_model_dir, name="logs"),
        log_every_n_steps=args.log_every_n_steps,
        num_sanity_val_steps=0,
        **hardware,
    )
    for name in ("val_check_interval", "limit_train_batches", "limit_val_batches"):
        if getattr(args, name) != 1.0:  # Lightning prints a line for each one passed
            settings[name] = getattr(args, name)
    settings.update(overrides)
    return pl.Trainer(**settings)


def last_checkpoint(model_dir):
    """``<model_dir>/last.ckpt`` if a previous run left it, else None."""
    path = Path(model_dir) / "last.ckpt"
    return str(path) if path.exists() else None


def resume_checkpoint(model_dir, metadata=None):
    """The checkpoint to resume from: ``last.ckpt``, else the newest other one that loads, else None.

    A checkpoint that does not load (cut off by a runtime reset) is reported by name,
    renamed to ``<name>.broken`` and skipped. A checkpoint of another task or with
    other labels than ``metadata`` (``task.metadata()``) is an error: this folder
    belongs to another run. Stray ``.part`` files of an interrupted save are removed.

    >>> resume_checkpoint(args.downstream_model_dir, task.metadata())   # doctest: +SKIP
    '/content/drive/MyDrive/nlpbook/checkpoint-doccls/last.ckpt'
    """
    model_dir = Path(model_dir)
    for stray in model_dir.glob("*.ckpt.part*"):
        stray.unlink(missing_ok=True)
    candidates = sorted(model_dir.glob("*.ckpt"), key=lambda p: (p.name != "last.ckpt", -p.stat().st_mtime))
    usable = []
    for path in candidates:
        try:
            checkpoint = _read_checkpoint(path)
        except CheckpointError as error:
            print(f"Skipping the broken checkpoint {path.name}, renamed to {path.name}.broken: {error}")
            os.replace(path, path.with_name(path.name + ".broken"))
            continue
        _check_same_run(path, checkpoint.get("nlpbook"), metadata)
        usable.append((path.name == "last.ckpt", checkpoint.get("global_step", -1), str(path)))
    return max(usable)[2] if usable else None


def _check_same_run(path, recorded, metadata):
    if metadata is None or recorded is None:
        return
    for key in ("task", "labels"):
        if recorded.get(key) != metadata.get(key):
            raise CheckpointError(
                f"{path} was written by another run ({key} {recorded.get(key)!r}, this run has "
                f"{metadata.get(key)!r}). Give this run its own downstream_model_dir, or delete that folder's "
                f"checkpoints to start over."
            )


def fit(trainer, task, train_dataloader, val_dataloader):
    """``trainer.fit``, resuming from ``last.ckpt`` in the model folder when there is one.

    After a Colab runtime reset, re-running every cell continues the interrupted run,
    mid-epoch checkpoints included: the epoch goes on from the batch it stopped at.
    A broken ``last.ckpt`` is reported and the newest checkpoint that loads is used
    instead (see :func:`resume_checkpoint`).

    >>> fit(trainer, task, train_dataloader, val_dataloader)   # doctest: +SKIP
    """
    ckpt_path = resume_checkpoint(task.args.downstream_model_dir, task.metadata())
    if ckpt_path:
        print(f"Resuming from {ckpt_path} (delete it to start over).")
        _continue_epoch(ckpt_path, train_dataloader)
    with warnings.catch_warnings():  # Lightning's warning about mid-epoch resuming: handled above
        warnings.filterwarnings("ignore", message="You're resuming from a checkpoint that ended before")
        trainer.fit(task, train_dataloader, val_dataloader, ckpt_path=ckpt_path, weights_only=True)
    return trainer


def _continue_epoch(ckpt_path, train_dataloader):
    """A checkpoint from the middle of an epoch: let the epoch skip the batches it already trained.

    Lightning restores its batch counter but starts the data of that epoch from the
    beginning (it cannot restore a plain DataLoader's position), so we skip them here.
    """
    progress = _read_checkpoint(ckpt_path).get("loops", {}).get("fit_loop", {}).get("epoch_loop.batch_progress")
    if not progress or not hasattr(train_dataloader, "skip_batches"):
        return
    done = progress["current"]["completed"]
    if 0 < done < len(train_dataloader) and not progress.get("is_last_batch"):
        train_dataloader.skip_batches(done)
