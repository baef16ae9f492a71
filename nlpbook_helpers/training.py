"""The plumbing under the task each training notebook writes: the model's mode, checkpoint records, logging."""
import pytorch_lightning as pl

from .checkpoints import monitored_score
from .corpora import data_split

# Settings of a task that inference needs too: recorded in every checkpoint when the settings have them.
_TASK_SETTINGS = ("doc_stride", "max_query_length", "max_answer_length", "n_best")


class Task(pl.LightningModule):
    """Base of the task a training notebook writes (``training_step``, ``validation_step``, metrics, optimizer).

    It holds only plumbing: the model in training mode when fitting starts, the list
    ``val_outputs`` that validation steps fill, :meth:`log_metrics`, :meth:`parameter_groups`
    for AdamW, and the record each checkpoint keeps under the key ``"nlpbook"``
    (:meth:`metadata`), so that inference reads the settings training used and refuses a
    checkpoint of another task. A subclass names its task in the class constant ``task_name``.

    >>> class ClassificationTask(Task):   # doctest: +SKIP
    ...     task_name = "document-classification"
    ...     def training_step(self, batch, batch_idx): ...
    >>> task = ClassificationTask(model, args, labels)   # doctest: +SKIP
    """

    task_name = "task"

    def __init__(self, model, args, labels=None):
        super().__init__()
        self.model = model.train()  # from_pretrained returns eval mode; see on_fit_start
        self.args = args
        self.labels = list(labels) if labels is not None else None
        self.val_outputs = []  # what validation_step collects for on_validation_epoch_end

    def parameter_groups(self):
        """The model's parameters for AdamW: ``args.weight_decay``, except for biases and LayerNorm weights (BERT's recipe).

        >>> optimizer = torch.optim.AdamW(self.parameter_groups(), lr=self.args.learning_rate)   # doctest: +SKIP
        """
        no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "ln_")
        named = list(self.model.named_parameters())
        return [{"params": [p for n, p in named if not any(k in n for k in no_decay)], "weight_decay": self.args.weight_decay},
                {"params": [p for n, p in named if any(k in n for k in no_decay)], "weight_decay": 0.0}]

    # What the progress bar shows at the end of a validation; every metric goes to the logger.
    progress_bar_metrics = ("val_loss", "val_acc", "val_f1", "val_em", "val_ppl")

    def log_metrics(self, **metrics):
        """Log the end-of-validation metrics, computed from every process's outputs.

        The notebooks' tasks compute them from :func:`~nlpbook_helpers.distributed.gather_outputs`,
        so each process holds the same, whole-set value; ``sync_dist=True`` then averages equal
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
        record = {
            "task": self.task_name,
            "pretrained_model_name": self.args.pretrained_model_name,
            "model_class": type(self.model).__name__,
            "corpus": self.args.downstream_corpus_name,
            "labels": self.labels,
            "max_seq_length": self.args.max_seq_length,
            "data": data_split(self.args),  # the learner's files and split: never resumed across a re-split
        }
        record.update({name: getattr(self.args, name) for name in _TASK_SETTINGS if hasattr(self.args, name)})
        return record

    def on_save_checkpoint(self, checkpoint):
        # Also in weights-only checkpoints, which carry no callback states: the score that made it the best.
        checkpoint["nlpbook"] = dict(self.metadata(), score=monitored_score(self.trainer))
