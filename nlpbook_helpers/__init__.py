"""nlpbook_helpers: what the nlpbook notebooks share, one small module per concern.

- ``drive``: Google Drive on Colab, a local folder elsewhere
- ``accelerator``: GPU/TPU/Apple/CPU, precision and devices for the Trainer
- ``arguments``: the settings dataclass, checked when made; ``quick``: the offline quick mode
  (``NLPBOOK_QUICK=1``), which changes those settings from outside, through one hook
- ``corpora``: download and read the corpora (``read_examples``, ``read_corpus``, ``corpus_labels``),
  the learner's own files too (``corpora.custom``)
- ``data``: cached features, dynamic padding, the length-grouped sampler, dataloaders
- ``training``: ``Task``, the plumbing under the task each training notebook writes
- ``checkpoints``: the Trainer's Drive checkpoints (``drive_checkpoints``), atomic writes, resuming (mid-epoch too), the best checkpoint, export, loading
- one module per task: ``classification`` (documents and sentence pairs), ``ner``,
  ``qa``, ``generation``; ``widgets`` holds their demos
- ``report``: what the learner reads after the data is read and after ``fit``, the QA prediction table
- ``plots``: figures with Hangul (learning curve, confusion matrix, entity F1);
  ``quantization``: int8 for a CPU demo; ``label_names``: Korean names of labels and entity types;
  ``quiet``: silences a few framework messages, narrowly, on import
"""
from . import quiet  # noqa: F401  (silences framework noise on import; see quiet.py)
from .accelerator import accelerator_settings
from .arguments import Arguments
from .checkpoints import drive_checkpoints, resume_checkpoint
from .corpora import corpus_labels, download_corpus, read_corpus, read_examples
from .drive import mount_drive
from .errors import CheckpointError, CorpusError, InputError, NlpbookError
from .report import data_summary, score_summary

__all__ = [
    "Arguments", "accelerator_settings", "drive_checkpoints", "download_corpus", "mount_drive", "read_examples",
    "read_corpus", "corpus_labels", "data_summary", "resume_checkpoint", "score_summary",
    "CheckpointError", "CorpusError", "InputError", "NlpbookError",
]
