"""nlpbook_helpers: what the nlpbook notebooks share, one small module per concern.

- ``drive``: Google Drive on Colab, a local folder elsewhere
- ``accelerator``: GPU/TPU/Apple/CPU, precision and devices for the Trainer
- ``arguments``: the settings dataclass, checked when made; quick mode
- ``corpora``: download and read the corpora (``read_examples``)
- ``data``: cached features, dynamic padding, dataloaders
- ``training``: the shared optimizer schedule, the Trainer, resuming
- ``checkpoints``: best checkpoint, safe loading, export to Hugging Face format
- one module per task: ``classification`` (documents and sentence pairs), ``ner``,
  ``qa``, ``generation``; ``widgets`` holds their demos
- ``plots``: learning curve, confusion matrix; ``quantization``: int8 for a CPU demo
"""
from .accelerator import accelerator_settings
from .arguments import Arguments
from .corpora import download_corpus, read_examples
from .drive import mount_drive
from .errors import CheckpointError, CorpusError, InputError, NlpbookError

__all__ = [
    "Arguments", "accelerator_settings", "download_corpus", "mount_drive", "read_examples",
    "CheckpointError", "CorpusError", "InputError", "NlpbookError",
]
