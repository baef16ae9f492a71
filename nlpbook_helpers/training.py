"""The base of every task module: the optimizer and its schedule, the training step, what a checkpoint records."""
import pytorch_lightning as pl
import torch
from transformers import get_linear_schedule_with_warmup

from .checkpoints import monitored_score
from .corpora import data_split


class Task(pl.LightningModule):
    """Base of the task modules: AdamW with linear warmup and decay, the training step, checkpoint metadata.

    Subclasses set the class constant ``task_name`` and write the validation steps;
    the training step (the model's own loss, logged as ``train_loss``) is shared.
    Each checkpoint records :meth:`metadata` under the key ``"nlpbook"``, so that
    inference reads the settings training used and refuses a checkpoint of another task.
    """

    task_name = "task"

    def __init__(self, model, args, labels=None):
        super().__init__()
        self.model = model.train()  # from_pretrained returns eval mode; see on_fit_start
        self.args = args
        self.labels = list(labels) if labels is not None else None
        self._val_outputs = []  # what validation_step collects for on_validation_epoch_end

    def configure_optimizers(self):
        # No weight decay for biases and LayerNorm weights, as in BERT's own recipe.
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

    # What the progress bar shows at the end of a validation; every metric goes to the logger.
    progress_bar_metrics = ("val_loss", "val_acc", "val_f1", "val_em", "val_ppl")

    def log_metrics(self, **metrics):
        """Log the end-of-validation metrics, computed from every process's outputs.

        The tasks compute them from :func:`~nlpbook_helpers.distributed.gather_outputs`, so
        each process holds the same, whole-set value; ``sync_dist=True`` then averages equal
        numbers (no change) and keeps every process's logger in step. ``val_examples`` says
        how many validation examples were scored.

        >>> self.log_metrics(val_loss=0.31, val_acc=0.88, val_examples=5000)   # doctest: +SKIP
        """
        for name, value in metrics.items():
            self.log(name, value, prog_bar=name in self.progress_bar_metrics, sync_dist=True)

    def on_fit_start(self):
        # transformers returns models in eval mode and Lightning keeps the mode it finds at the
        # start of fit: without this, fine-tuning would run with dropout switched off.
        self.model.train()

    def metadata(self):
        """What a checkpoint of this task records about itself, for resuming and for inference."""
        return {
            "task": self.task_name,
            "pretrained_model_name": self.args.pretrained_model_name,
            "model_class": type(self.model).__name__,
            "corpus": self.args.downstream_corpus_name,
            "labels": self.labels,
            "max_seq_length": self.args.max_seq_length,
            "data": data_split(self.args),  # the learner's files and split: never resumed across a re-split
        }

    def on_save_checkpoint(self, checkpoint):
        # Also in weights-only checkpoints, which carry no callback states: the score that made it the best.
        checkpoint["nlpbook"] = dict(self.metadata(), score=monitored_score(self.trainer))
