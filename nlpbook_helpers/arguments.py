"""The settings of a training or inference notebook, checked when they are made."""
import os
from dataclasses import dataclass, field
from typing import Optional, Union

from . import quick
from .corpora import get_corpus


def _default_workers():
    # Colab has 2 cores; tokenization is cached, so a couple of workers keep up with the GPU.
    return min(2, os.cpu_count() or 1)


@dataclass
class Arguments:
    """Settings for one task, shared by its training and inference notebooks.

    Invalid values fail here, with a message that says what to change. With the
    environment variable ``NLPBOOK_QUICK=1`` the model, corpus root and step counts
    are replaced by the offline quick-mode settings (see :mod:`nlpbook_helpers.quick`).

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
    group_by_length: bool = True  # training batches of similar length: less padding (data.LengthGroupedSampler)
    cpu_workers: int = field(default_factory=_default_workers)
    val_check_interval: Union[int, float] = 1.0
    checkpoint_every_minutes: float = 10.0  # last.ckpt also this often during training: a reset loses at most this
    limit_train_batches: Union[int, float] = 1.0
    limit_val_batches: Union[int, float] = 1.0
    log_every_n_steps: int = 10
    accelerator: Optional[str] = None
    devices: Optional[Union[int, str]] = None
    precision: Optional[str] = None
    feature_cache_dir: Optional[str] = None
    quick: bool = field(default_factory=quick.quick_mode_enabled)

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
        if self.feature_cache_dir is None:
            self.feature_cache_dir = str(quick.cache_dir() / "features")
        if self.quick:
            self._use_quick_mode()

    def _use_quick_mode(self):
        settings = quick.quick_settings(self.pretrained_model_name, self.downstream_corpus_name)
        self.pretrained_model_name = quick.tiny_model_for(self.pretrained_model_name)
        self.downstream_corpus_root_dir = quick.fixture_corpus_root()
        self.max_seq_length = min(self.max_seq_length, settings["max_seq_length"])
        self.batch_size = settings["batch_size"]
        self.learning_rate = settings["learning_rate"]  # random tiny weights need a large one
        self.epochs = settings["epochs"]
        self.cpu_workers = 0
        self.log_every_n_steps = 5
        print(f"빠른 모드({quick.QUICK_ENV}=1)로 실행합니다: 작은 모델 {self.pretrained_model_name}, "
              f"픽스처 말뭉치 {self.downstream_corpus_root_dir}, {self.epochs} 에폭.")
