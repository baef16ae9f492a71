"""What every task's training shares: the optimizer schedule, the Trainer, resuming."""
from pathlib import Path

import pytorch_lightning as pl
import torch
from pytorch_lightning.callbacks import ModelCheckpoint
from pytorch_lightning.loggers import CSVLogger
from transformers import get_linear_schedule_with_warmup

from .accelerator import accelerator_settings


class Task(pl.LightningModule):
    """Base of the task modules: AdamW with linear warmup and decay, and checkpoint metadata.

    Subclasses set ``task_name`` and write ``training_step`` / ``validation_step``.
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


def make_trainer(args, **overrides):
    """A Trainer for ``args``: checkpoints (best + ``last.ckpt``) and CSV logs in the model folder.

    The accelerator and precision come from :func:`accelerator_settings`, overridable
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
        save_last=True,
    )
    settings = dict(
        max_epochs=args.epochs,
        callbacks=[checkpoint],
        logger=CSVLogger(args.downstream_model_dir, name="logs"),
        log_every_n_steps=args.log_every_n_steps,
        num_sanity_val_steps=0,
        **accelerator_settings(args.accelerator, args.devices, args.precision),
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


def fit(trainer, task, train_dataloader, val_dataloader):
    """``trainer.fit``, resuming from ``last.ckpt`` in the model folder when there is one.

    After a Colab runtime reset, re-running every cell continues the interrupted run.

    >>> fit(trainer, task, train_dataloader, val_dataloader)   # doctest: +SKIP
    """
    ckpt_path = last_checkpoint(task.args.downstream_model_dir)
    if ckpt_path:
        print(f"Resuming from {ckpt_path} (delete it to start over).")
    trainer.fit(task, train_dataloader, val_dataloader, ckpt_path=ckpt_path, weights_only=True)
    return trainer
