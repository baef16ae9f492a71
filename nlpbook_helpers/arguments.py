"""The settings of a training or inference notebook, checked when they are made."""
import os
from dataclasses import dataclass, field
from typing import Optional, Union

from . import quick
from .corpora import custom, get_corpus
from .errors import CorpusError


def _default_workers():
    # Colab has 2 cores; tokenization is cached, so a couple of workers keep up with the GPU.
    return min(2, os.cpu_count() or 1)


@dataclass
class Arguments:
    """Settings for one task, shared by its training and inference notebooks.

    Invalid values fail here, with a message that says what to change. The offline quick
    mode (``NLPBOOK_QUICK=1``) is no setting of this class: after the checks, one hook
    hands the settings to :mod:`nlpbook_helpers.quick`, which replaces the model, corpus
    root and step counts when the environment variable is set.

    The learner's own data: ``downstream_corpus_name="custom"``, ``task`` (the notebook's
    task, e.g. ``"document-classification"``), ``custom_train_file`` and optionally
    ``custom_val_file`` (else ``custom_val_ratio`` of the training file is held out) and the
    column names (``text_column``, ``text_b_column``, ``label_column``; empty means the
    task's default, see :mod:`nlpbook_helpers.corpora.custom`). Quick mode reads these
    files as they are.

    >>> args = Arguments(downstream_corpus_name="nsmc", downstream_model_dir="/content/drive/MyDrive/nlpbook/doccls")  # doctest: +SKIP
    """

    pretrained_model_name: str = "beomi/kcbert-base"
    downstream_corpus_name: str = "nsmc"
    downstream_corpus_root_dir: str = os.path.expanduser("~/Korpora")
    downstream_model_dir: str = "checkpoint"
    max_seq_length: int = 128
    batch_size: int = 32
    learning_rate: float = 5e-5
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    epochs: int = 3
    seed: int = 7
    cpu_workers: int = field(default_factory=_default_workers)
    val_check_interval: Union[int, float] = 1.0
    checkpoint_every_minutes: float = 10.0  # last.ckpt also this often during training: a reset loses at most this
    log_every_n_steps: int = 10
    accelerator: Optional[str] = None
    devices: Optional[Union[int, str]] = None
    precision: Optional[str] = None
    feature_cache_dir: Optional[str] = None
    task: Optional[str] = None  # the notebook's task; needed to read the learner's own files
    custom_train_file: Union[str, os.PathLike] = ""  # downstream_corpus_name="custom": the learner's file (Drive path)
    custom_val_file: Union[str, os.PathLike] = ""  # optional: else custom_val_ratio of the training file validates
    custom_val_ratio: float = 0.1
    text_column: str = ""  # "" = the task's default: text (pairs: premise)
    text_b_column: str = ""  # "" = the task's default: none (pairs: hypothesis)
    label_column: str = ""  # "" = label (generation: label if the file has it)

    def __post_init__(self):
        get_corpus(self.downstream_corpus_name)  # an unknown name lists the known ones
        for name in ("batch_size", "max_seq_length", "epochs", "log_every_n_steps"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name}는 0보다 커야 합니다 (지금 {getattr(self, name)}).")
        if not self.checkpoint_every_minutes > 0:
            raise ValueError(f"checkpoint_every_minutes는 0보다 커야 합니다 (지금 {self.checkpoint_every_minutes}).")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate는 0보다 커야 합니다 (지금 {self.learning_rate}).")
        if not 0 <= self.warmup_ratio < 1:
            raise ValueError(f"warmup_ratio는 0 이상 1 미만이어야 합니다 (지금 {self.warmup_ratio}).")
        if self.cpu_workers < 0:
            raise ValueError(f"cpu_workers는 0 이상이어야 합니다 (지금 {self.cpu_workers}).")
        self._check_custom_data()
        if self.feature_cache_dir is None:
            self.feature_cache_dir = str(quick.cache_dir() / "features")
        quick.apply_if_enabled(self)  # NLPBOOK_QUICK=1 (README): the offline quick mode changes settings here, from quick.py

    def _check_custom_data(self):
        if self.task is not None and self.task not in custom.TASKS:
            raise ValueError(f"task는 {', '.join(custom.TASKS)} 가운데 하나여야 합니다 (지금 {self.task!r}).")
        for name in ("custom_train_file", "custom_val_file"):  # a pathlib.Path is a path too
            setattr(self, name, custom.as_path_text(getattr(self, name), name))
        if self.downstream_corpus_name != "custom":
            if self.custom_train_file:
                raise ValueError(
                    f"custom_train_file을 주었지만 downstream_corpus_name이 {self.downstream_corpus_name!r}입니다. "
                    f"내 데이터로 학습하려면 downstream_corpus_name을 \"custom\"으로 바꾸고, 아니면 "
                    f"custom_train_file을 비우세요.")
            return
        if self.task is None:
            raise ValueError("내 데이터(custom)로 학습하려면 task(과제)를 정하세요: "
                             f"{', '.join(custom.TASKS)} 가운데 하나. 학습 노트북의 설정 셀에 이미 적혀 있습니다.")
        if not 0 < self.custom_val_ratio < 1:
            raise ValueError(f"custom_val_ratio는 0보다 크고 1보다 작아야 합니다 (지금 {self.custom_val_ratio}).")
        self.custom_train_file = str(custom.check_file(self.custom_train_file, "custom_train_file"))
        if self.custom_val_file:
            self.custom_val_file = str(custom.check_file(self.custom_val_file, "custom_val_file"))
        self._check_columns()

    def _check_columns(self):
        """Fill in the task's default column names; refuse a column setting the task's files do not have."""
        for name, default in zip(("text_column", "text_b_column", "label_column"), custom.default_columns(self.task)):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ValueError(f"{name}에는 열 이름을 글자로 적으세요(지금 {type(value).__name__} {value!r}).")
            value = value.strip()
            if value and default is None:
                raise CorpusError(f"{name}={value!r}를 주었지만 {self.task} 과제의 파일에는 이 열이 없습니다"
                                  f"(README의 '내 데이터로 학습하기' 표). 이 설정을 지우세요.")
            setattr(self, name, value or default or "")
        columns = [c for c in (self.text_column, self.text_b_column, self.label_column) if c]
        if len(set(columns)) < len(columns):
            raise CorpusError(f"열 설정이 겹칩니다: text_column={self.text_column!r}, text_b_column={self.text_b_column!r}, "
                              f"label_column={self.label_column!r}. 열마다 다른 이름을 주세요.")

    @property
    def custom_data(self):
        """Where and how to read the learner's own files (a :class:`~.corpora.custom.CustomData`), or None.

        >>> read_corpus(args, "train")   # reads args.custom_data when the corpus is "custom"   # doctest: +SKIP
        """
        if self.downstream_corpus_name != "custom":
            return None
        return custom.CustomData(
            task=self.task, train_file=self.custom_train_file, val_file=self.custom_val_file,
            val_ratio=self.custom_val_ratio, seed=self.seed, text_column=self.text_column,
            text_b_column=self.text_b_column, label_column=self.label_column, record_dir=self.downstream_model_dir)
