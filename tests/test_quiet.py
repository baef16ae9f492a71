"""quiet.py silences exactly seven framework messages; everything else still comes through.

pytest's own warning filters (pyproject.toml ignores DeprecationWarning, UserWarning and
FutureWarning) would hide the warnings either way, so each check records with
``simplefilter("always")`` and then re-applies the quiet filters on top, as the package
import does in a notebook. Log records are observed by a handler on the library's top
logger, where Lightning and transformers put their own console handlers.
"""
import contextlib
import importlib.util
import logging
import warnings

import pytest
import pytorch_lightning as pl
import torch
from torch.utils import _pytree
from pytorch_lightning.callbacks import ModelCheckpoint
from pytorch_lightning.loggers import CSVLogger
from transformers import BertForSequenceClassification
from transformers.utils import logging as transformers_logging

import nlpbook_helpers  # noqa: F401  (applies the quiet filters, as in a notebook)
from nlpbook_helpers import quiet

TIP = "litlogger"
LEAFSPEC = "`isinstance(treespec, LeafSpec)` is deprecated"
CHECKPOINT_DIR = "exists and is not empty"
LOAD_REPORT = "LOAD REPORT"
LOADING_WEIGHTS, WRITING_SHARDS = "Loading weights", "Writing model shards"
DEFAULT_LOSS = "`loss_type=None` was set in the config but it is unrecognized"

# The oldest supported releases (the lower-bound job installs them) print none of the four
# messages but the checkpoint-folder warning: there a filter is a no-op, and the checks that a
# message really comes without its filter have nothing to see. Told by feature, not version.
HAS_TIP = importlib.util.find_spec("pytorch_lightning.loggers.litlogger") is not None  # Lightning 2.6.1
HAS_LEAFSPEC_DEPRECATION = hasattr(getattr(_pytree, "LeafSpec", None), "__deprecated__")
HAS_LOAD_REPORT = importlib.util.find_spec("transformers.utils.loading_report") is not None  # transformers 5
HAS_TQDM_HOOK = hasattr(transformers_logging, "set_tqdm_hook")  # transformers 5, with its loading bar


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def recording(*logger_names, quiet_filters=True):
    """Yield (log messages, warning messages) seen while the block runs."""
    handler = Recorder()
    levels = {name: logging.getLogger(name).level for name in logger_names}
    for name in logger_names:  # other test modules turn Lightning's logger down to ERROR
        logging.getLogger(name).setLevel(logging.INFO)
        logging.getLogger(name).addHandler(handler)
    caught = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if quiet_filters:
                quiet.silence_framework_noise()
            yield handler.messages, caught
    finally:
        for name in logger_names:
            logging.getLogger(name).removeHandler(handler)
            logging.getLogger(name).setLevel(levels[name])


def warning_texts(caught):
    return [str(w.message) for w in caught]


def containing(messages, text):
    return [m for m in messages if text in m]


@pytest.fixture
def without_log_filters(monkeypatch):
    """The loggers quiet.py filters, with their filters taken away for this test."""
    for name in quiet.LIGHTNING_RANK_ZERO_LOGGERS + (quiet.TRANSFORMERS_LOADING_LOGGER,):
        monkeypatch.setattr(logging.getLogger(name), "filters", [])


class TinyTask(pl.LightningModule):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def training_step(self, batch, batch_idx):
        return self.model(**batch).loss

    def validation_step(self, batch, batch_idx):
        self.log("val_loss", self.model(**batch).loss)

    def on_fit_start(self):
        self.model.train()

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=1e-3)


def _batches():
    g = torch.Generator().manual_seed(0)
    data = [dict(input_ids=torch.randint(5, 100, (4, 8), generator=g),
                 attention_mask=torch.ones(4, 8, dtype=torch.long),
                 labels=torch.randint(0, 2, (4,), generator=g)) for _ in range(2)]
    return torch.utils.data.DataLoader(data, batch_size=None)


def _trainer(folder):
    return pl.Trainer(max_epochs=1, logger=CSVLogger(folder, name="logs"),
                      callbacks=[ModelCheckpoint(dirpath=folder)], accelerator="cpu", devices=1,
                      enable_progress_bar=False, enable_model_summary=False, log_every_n_steps=1)


def test_pipeline_runs_without_the_four_messages(tiny_bert_path, tmp_path, capsys):
    """from_pretrained of a pretraining checkpoint, then two fits into the same folder (a resume)."""
    with recording("transformers", "pytorch_lightning") as (logs, caught):
        model, info = BertForSequenceClassification.from_pretrained(
            tiny_bert_path, num_labels=2, output_loading_info=True)
        for _ in range(2):
            _trainer(tmp_path).fit(TinyTask(model), _batches(), _batches())
    # The new weights stay available to the notebooks.
    assert set(info) >= {"missing_keys", "unexpected_keys", "mismatched_keys", "error_msgs"}
    assert sorted(info["missing_keys"]) == ["classifier.bias", "classifier.weight"]
    assert "cls.seq_relationship.weight" in info["unexpected_keys"]
    assert not info["mismatched_keys"] and not info["error_msgs"]
    for text in (TIP, LOAD_REPORT):
        assert containing(logs, text) == []
    for text in (LEAFSPEC, CHECKPOINT_DIR):
        assert containing(warning_texts(caught), text) == []
    # Lightning's other lines still come through, and nothing was printed on our behalf.
    assert containing(logs, "`Trainer.fit` stopped: `max_epochs=1` reached.")
    out, err = capsys.readouterr()
    for text in (TIP, LEAFSPEC, CHECKPOINT_DIR, LOAD_REPORT, LOADING_WEIGHTS, WRITING_SHARDS):
        assert text not in out and text not in err
    assert (tmp_path / "logs" / "version_1" / "metrics.csv").exists()  # both runs really happened


@pytest.mark.skipif(not HAS_TIP, reason="this Lightning has no litlogger tip")
def test_litlogger_tip_is_really_emitted_without_the_filter(tmp_path, without_log_filters):
    with recording("pytorch_lightning", quiet_filters=False) as (logs, _):
        _trainer(tmp_path)
    assert len(containing(logs, TIP)) == 1
    with recording("pytorch_lightning") as (logs, _):
        quiet.silence_framework_noise()  # the fixture took the filters away: put them back
        _trainer(tmp_path)
    assert containing(logs, TIP) == []
    assert containing(logs, "GPU available:")  # other rank-zero info lines stay


@pytest.mark.skipif(not HAS_LOAD_REPORT, reason="transformers 4 logs no LOAD REPORT")
def test_load_report_is_really_emitted_without_the_filter(tiny_bert_path, without_log_filters):
    with recording("transformers", quiet_filters=False) as (logs, _):
        BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2)
    reports = containing(logs, LOAD_REPORT)
    assert len(reports) == 1 and "classifier.weight" in reports[0] and "MISSING" in reports[0]


@pytest.mark.skipif(not HAS_LOAD_REPORT, reason="transformers 4 logs no LOAD REPORT")
def test_load_report_about_mismatched_shapes_is_kept(tiny_bert_path):
    """A MISMATCH report explains why weights were re-initialised; it is not silenced."""
    with recording("transformers") as (logs, _):
        BertForSequenceClassification.from_pretrained(
            tiny_bert_path, num_labels=2, max_position_embeddings=64, ignore_mismatched_sizes=True)
    reports = containing(logs, LOAD_REPORT)
    assert len(reports) == 1 and "MISMATCH" in reports[0] and "position_embeddings" in reports[0]


def _gpt2_loss():
    """A GPT2LMHeadModel's loss, with transformers' once-a-process memory of logged messages cleared."""
    from transformers import GPT2Config, GPT2LMHeadModel

    logging.Logger.warning_once.cache_clear()  # transformers' warning_once: one message, once a process
    model = GPT2LMHeadModel(GPT2Config(vocab_size=50, n_positions=16, n_embd=8, n_layer=1, n_head=1))
    ids = torch.randint(0, 50, (1, 6), generator=torch.Generator().manual_seed(0))
    return model(input_ids=ids, labels=ids).loss


def test_gpt2_default_loss_notice_is_silenced_and_an_unknown_loss_type_is_not(without_log_filters):
    with recording("transformers", quiet_filters=False) as (logs, _):
        _gpt2_loss()
    if not containing(logs, DEFAULT_LOSS):  # told by feature: transformers 4 computes GPT-2's loss itself
        pytest.skip("this transformers does not log the default-loss notice")
    with recording("transformers") as (logs, _):
        quiet.silence_framework_noise()  # the fixture took the filters away: put them back
        loss = _gpt2_loss()
        logging.getLogger("transformers.modeling_utils").warning(
            "`loss_type=ForMyTask` was set in the config but it is unrecognized. Using the default loss")
    assert loss.item() > 0 and containing(logs, DEFAULT_LOSS) == []
    assert containing(logs, "loss_type=ForMyTask")  # a loss_type someone set and transformers lacks


def test_other_transformers_warnings_come_through():
    with recording("transformers") as (logs, _):
        logging.getLogger("transformers.modeling_utils").warning("an unrelated modeling warning")
        logging.getLogger("transformers.tokenization_utils_base").warning("an unrelated tokenizer warning")
    assert logs == ["an unrelated modeling warning", "an unrelated tokenizer warning"]


def test_leafspec_deprecation_is_silenced_and_others_are_not():
    from pytorch_lightning.utilities._pytree import _tree_flatten

    with recording(quiet_filters=False) as (_, caught):
        _tree_flatten(torch.tensor(1.0))
    if HAS_LEAFSPEC_DEPRECATION:  # really emitted without the filter
        assert len(containing(warning_texts(caught), LEAFSPEC)) == 1
    with recording() as (_, caught):
        _tree_flatten(torch.tensor(1.0))
        warnings.warn("other", DeprecationWarning)
        warnings.warn("other future", FutureWarning)
    assert warning_texts(caught) == ["other", "other future"]


def test_checkpoint_dir_warning_is_silenced_and_others_are_not(tmp_path):
    from pytorch_lightning.utilities.rank_zero import rank_zero_warn

    (tmp_path / "epoch=0-step=2.ckpt").write_bytes(b"")
    checkpoint = ModelCheckpoint(dirpath=tmp_path)
    warn_if_not_empty = checkpoint._ModelCheckpoint__warn_if_dir_not_empty
    with recording(quiet_filters=False) as (_, caught):
        warn_if_not_empty(str(tmp_path))
    assert warning_texts(caught) == [f"Checkpoint directory {tmp_path} exists and is not empty."]
    with recording() as (_, caught):
        warn_if_not_empty(str(tmp_path))
        rank_zero_warn("Checkpoint directory is something else")
        warnings.warn("other", UserWarning)
    assert warning_texts(caught) == ["Checkpoint directory is something else", "other"]


def test_idempotent():
    counts = {name: len(logging.getLogger(name).filters)
              for name in quiet.LIGHTNING_RANK_ZERO_LOGGERS + (quiet.TRANSFORMERS_LOADING_LOGGER,)}
    # One filter a message: the litlogger tip on each Lightning logger; LOAD REPORT and GPT-2's
    # default-loss notice on transformers' modeling logger.
    assert counts.pop(quiet.TRANSFORMERS_LOADING_LOGGER) == 2 and all(n == 1 for n in counts.values())
    counts[quiet.TRANSFORMERS_LOADING_LOGGER] = 2
    with warnings.catch_warnings():
        quiet.silence_framework_noise()
        once = list(warnings.filters)
        quiet.silence_framework_noise()
        assert warnings.filters == once
        assert sum(f[0] == "ignore" and f[1] is not None and "LeafSpec" in f[1].pattern for f in once) == 1
    assert counts == {name: len(logging.getLogger(name).filters) for name in counts}


@pytest.mark.skipif(not HAS_TQDM_HOOK, reason="transformers 4 draws no loading bar")
def test_loading_bars_are_hidden_and_other_bars_are_not(tiny_bert_path, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(transformers_logging, "_tqdm_active", True)  # CI may switch bars off altogether
    previous = transformers_logging.set_tqdm_hook(None)
    try:
        BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2).save_pretrained(tmp_path / "a")
        err = capsys.readouterr().err
        assert LOADING_WEIGHTS in err and WRITING_SHARDS in err  # really drawn without the hook
        quiet.silence_framework_noise()
        quiet.silence_framework_noise()  # idempotent: still one hook, ours
        BertForSequenceClassification.from_pretrained(tiny_bert_path, num_labels=2).save_pretrained(tmp_path / "b")
        for _ in transformers_logging.tqdm(range(3), desc="Downloading other"):
            pass
        err = capsys.readouterr().err
        assert LOADING_WEIGHTS not in err and WRITING_SHARDS not in err and "Downloading other" in err
    finally:
        transformers_logging.set_tqdm_hook(previous)


@pytest.mark.skipif(not HAS_TQDM_HOOK, reason="transformers 4 has no tqdm hook")
def test_someone_elses_tqdm_hook_is_kept():
    def their_hook(factory, args, kwargs):
        return factory(*args, **kwargs)

    previous = transformers_logging.set_tqdm_hook(their_hook)
    try:
        quiet.silence_loading_bars()
        assert transformers_logging.set_tqdm_hook(previous) is their_hook
    finally:
        transformers_logging.set_tqdm_hook(previous)
