"""Silence a few framework messages that say nothing to a learner; applied when the package is imported.

Each one is silenced narrowly, by its own message, never a whole warning category or logger:

- Lightning's "💡 Tip: ... try installing [litlogger] ..." advertisement, logged at INFO
  by ``rank_zero_info`` whenever a Trainer gets a logger other than LitLogger (our
  CSVLogger). It goes through the module-level logger of ``lightning_utilities``'
  rank_zero helpers, which ``pytorch_lightning`` renames on import to
  ``pytorch_lightning.utilities.rank_zero``; a filter on that logger (and its
  ``lightning_fabric`` / ``lightning`` twins) drops records mentioning ``litlogger``.
- torch's ``FutureWarning`` "`isinstance(treespec, LeafSpec)` is deprecated ...", raised
  inside ``pytorch_lightning/utilities/_pytree.py`` on every ``trainer.fit``: Lightning's
  code, nothing a notebook can change.
- Lightning's ``UserWarning`` "Checkpoint directory ... exists and is not empty.": the
  notebooks resume from that folder on purpose, so it fires on every normal rerun.
- transformers 5's "<Model> LOAD REPORT" table, logged at WARNING by
  ``transformers.modeling_utils`` when ``from_pretrained`` loads a pretraining
  checkpoint into a task model (the new classifier weights MISSING, the pretraining
  heads UNEXPECTED): the expected outcome of fine-tuning. The notebooks print the new
  weights themselves from ``from_pretrained(..., output_loading_info=True)``, which this
  does not touch. A report about MISMATCH (weights of the wrong shape) or CONVERSION
  problems is kept: transformers raises an error that refers to it.
- transformers 5's "`loss_type=None` was set in the config but it is unrecognized. Using
  the default loss: `ForCausalLMLoss`.", logged once by ``transformers.modeling_utils`` the
  first time a ``GPT2LMHeadModel`` (KoGPT2's class) computes its loss: transformers finds
  the loss by the class name, and GPT-2's older name does not end in ``ForCausalLM``. The
  default it falls back to is GPT-2's own loss. A ``loss_type`` that is set and unknown is
  still reported.
- transformers 5's "Loading weights: 100%| 39/39" progress bar, drawn by every
  ``from_pretrained`` (four times in a training notebook), and its "Writing model shards"
  bar, drawn by every ``save_pretrained`` (the export), through a tqdm hook that
  transformers offers for this (``set_tqdm_hook``). Other bars, the Hub's download bars
  among them, are drawn as before.

:func:`silence_framework_noise` is idempotent; of these frameworks it imports only
``transformers.utils.logging``.
"""
import logging
import warnings

# rank_zero_info logs through lightning_utilities.core.rank_zero.log, which whichever of these
# packages is imported last replaces by its own logger (pytorch_lightning in our notebooks).
LIGHTNING_RANK_ZERO_LOGGERS = (
    "pytorch_lightning.utilities.rank_zero",
    "lightning_fabric.utilities.rank_zero",
    "lightning.pytorch.utilities.rank_zero",
    "lightning.fabric.utilities.rank_zero",
    "lightning_utilities.core.rank_zero",
)
TRANSFORMERS_LOADING_LOGGER = "transformers.modeling_utils"

DEFAULT_LOSS_NOTICE = "`loss_type=None` was set in the config but it is unrecognized"
# Regular expressions matched at the start of a warning's message.
LEAFSPEC_WARNING = r"`isinstance\(treespec, LeafSpec\)` is deprecated"
CHECKPOINT_DIR_WARNING = r"Checkpoint directory .* exists and is not empty\."
# The bars' desc in transformers.core_model_loading and transformers.modeling_utils.
HIDDEN_BARS = ("Loading weights", "Writing model shards")


class DropRecords(logging.Filter):
    """A logging filter that drops the records whose message contains ``text``.

    Records that also contain one of ``keep_if`` pass anyway.
    """

    def __init__(self, text, keep_if=()):
        super().__init__()
        self.text = text
        self.keep_if = tuple(keep_if)

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the handler's business, not ours
            return True
        return self.text not in message or any(k in message for k in self.keep_if)


def _add_filter(logger_name, text, keep_if=()):
    logger = logging.getLogger(logger_name)
    if not any(getattr(f, "text", None) == text and type(f).__name__ == DropRecords.__name__
               for f in logger.filters):  # by name: a reloaded module must not add a second one
        logger.addFilter(DropRecords(text, keep_if))


def silence_lightning_litlogger_tip():
    """Drop Lightning's "💡 Tip: ... try installing [litlogger]" line."""
    for name in LIGHTNING_RANK_ZERO_LOGGERS:
        _add_filter(name, "litlogger")


def silence_leafspec_deprecation():
    """Ignore torch's "`isinstance(treespec, LeafSpec)` is deprecated" warning raised inside Lightning."""
    warnings.filterwarnings("ignore", message=LEAFSPEC_WARNING)


def silence_checkpoint_dir_not_empty():
    """Ignore Lightning's "Checkpoint directory ... exists and is not empty." (resuming is our normal path)."""
    warnings.filterwarnings("ignore", message=CHECKPOINT_DIR_WARNING, category=UserWarning)


def silence_load_report():
    """Drop transformers' "LOAD REPORT" table, unless it reports MISMATCH or CONVERSION problems."""
    _add_filter(TRANSFORMERS_LOADING_LOGGER, "LOAD REPORT", keep_if=("MISMATCH", "CONVERSION"))


def silence_default_loss_notice():
    """Drop transformers' notice that GPT-2 (no ``loss_type``) computes the default causal LM loss."""
    _add_filter(TRANSFORMERS_LOADING_LOGGER, DEFAULT_LOSS_NOTICE)


def _hide_loading_bars(factory, args, kwargs):
    """transformers' tqdm hook: the bars in ``HIDDEN_BARS`` are created disabled, any other as asked."""
    if kwargs.get("desc") in HIDDEN_BARS:
        kwargs = {**kwargs, "disable": True}
    return factory(*args, **kwargs)


def silence_loading_bars():
    """Hide transformers' "Loading weights" and "Writing model shards" bars; someone else's tqdm hook is kept."""
    from transformers.utils import logging as transformers_logging

    if not hasattr(transformers_logging, "set_tqdm_hook"):  # transformers 4: no hook, and no such bar
        return
    previous = transformers_logging.set_tqdm_hook(_hide_loading_bars)
    if previous is not None and getattr(previous, "__name__", None) != _hide_loading_bars.__name__:
        transformers_logging.set_tqdm_hook(previous)  # by name: a reloaded module replaces its own hook only


def silence_framework_noise():
    """Apply every filter of this module; calling it again changes nothing.

    >>> silence_framework_noise()   # doctest: +SKIP
    """
    silence_lightning_litlogger_tip()
    silence_leafspec_deprecation()
    silence_checkpoint_dir_not_empty()
    silence_load_report()
    silence_default_loss_notice()
    silence_loading_bars()


silence_framework_noise()
