"""Everything about checkpoints: atomic writing, resuming (mid-epoch too), picking the best, export, loading.

A checkpoint is Lightning's file plus our record under the key ``"nlpbook"`` (the
task, the pretrained model, the model class, the labels and the task's settings; see
``Task.metadata``), so inference reads what training used and refuses a checkpoint of
another task.
"""
import contextlib
import copy
import hashlib
import json
import os
import shutil
import warnings
from datetime import timedelta
from pathlib import Path

import pytorch_lightning as pl
import torch
from lightning_fabric.plugins.io.torch_io import TorchCheckpointIO
from lightning_fabric.utilities.apply_func import apply_to_collection
from pytorch_lightning.callbacks import ModelCheckpoint, TQDMProgressBar

from .corpora.custom import split_mismatch
from .distributed import gather_outputs, is_main_process, rank_and_world
from .errors import CheckpointError

EXPORT_DIR = "export"
EXPORT_INFO = "nlpbook.json"
LAST = "last.ckpt"

# The model class of checkpoints written before the class was recorded in them.
_LEGACY_MODEL_CLASSES = {"document-classification": "BertForSequenceClassification",
                         "pair-classification": "BertForSequenceClassification",
                         "ner": "BertForTokenClassification", "qa": "BertForQuestionAnswering",
                         "generation": "GPT2LMHeadModel"}


# ---------------------------------------------------------------- writing


class AtomicCheckpointIO(TorchCheckpointIO):
    """Write each checkpoint to ``<name>.part<pid>``, fsync it, then rename it into place.

    A runtime reset in the middle of a save leaves the previous checkpoint under the
    real name, never a half-written one; :func:`resume_checkpoint` removes the stray
    ``.part`` file. Tensors on a TPU are copied to the CPU first.

    >>> trainer = pl.Trainer(plugins=[AtomicCheckpointIO()])   # doctest: +SKIP
    """

    def save_checkpoint(self, checkpoint, path, storage_options=None):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        checkpoint = apply_to_collection(checkpoint, torch.Tensor, lambda t: t.cpu() if t.device.type == "xla" else t)
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


# ---------------------------------------------------------------- resuming

_MID_EPOCH_WARNING = "You're resuming from a checkpoint that ended before the epoch ended"


class ResumeMidEpoch(pl.Callback):
    """Continue an interrupted epoch from the batch it stopped at, as if it had never stopped.

    Lightning restores its step and batch counters from a mid-epoch checkpoint (one
    written at a validation inside the epoch, or by the timed ``last.ckpt``) but starts
    the epoch's data over. Its own fix, a loader with ``state_dict``, is never restored
    when ``configure_optimizers`` asks for ``trainer.estimated_stepping_batches``
    (Lightning issue #20550), as our schedule does. So this callback reads the batch
    counter from the checkpoint and has the training loader's sampler
    (:class:`~nlpbook_helpers.data.LengthGroupedSampler`, whose order depends only on the
    epoch) skip the batches already trained. It also keeps the random number generators'
    state in the checkpoint and puts it back before the first resumed batch, so dropout
    draws the same masks as an uninterrupted run. Lightning's warning that the loader
    cannot resume no longer applies and is silenced.

    >>> trainer = pl.Trainer(callbacks=[ResumeMidEpoch(train_dataloader)], ...)   # doctest: +SKIP
    """

    def __init__(self, train_dataloader):
        self.sampler = train_dataloader.sampler
        self._rng_to_restore = None

    def state_dict(self):
        # Every process saves (only rank 0 writes the file), so with several GPUs the
        # generators' state of each process is gathered and each gets its own back.
        state = {"torch": torch.get_rng_state()}
        if torch.cuda.is_available():
            state["cuda"] = torch.cuda.get_rng_state_all()
        _, world = rank_and_world()
        if world == 1:
            return state
        return {"per_rank": [dict(s) for s in gather_outputs([state])]}

    def load_state_dict(self, state_dict):
        per_rank = state_dict.get("per_rank")
        if per_rank is not None:
            rank, _ = rank_and_world()
            state_dict = per_rank[rank] if rank < len(per_rank) else None  # more GPUs now: fresh draws there
        self._rng_to_restore = state_dict

    def on_load_checkpoint(self, trainer, pl_module, checkpoint):
        progress = checkpoint.get("loops", {}).get("fit_loop", {}).get("epoch_loop.batch_progress")
        if not progress or not hasattr(self.sampler, "resume_at"):
            return
        # "processed": a checkpoint written at the end of a training batch counts that batch as
        # processed but not yet completed; Lightning completes it on restore.
        done = progress["current"]["processed"]
        if done > 0 and not progress.get("is_last_batch"):
            self.sampler.resume_at(checkpoint["epoch"], done)
            warnings.filterwarnings("ignore", message=_MID_EPOCH_WARNING)

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx):
        if self._rng_to_restore is not None:
            torch.set_rng_state(self._rng_to_restore["torch"])
            if "cuda" in self._rng_to_restore and torch.cuda.is_available():
                torch.cuda.set_rng_state_all(self._rng_to_restore["cuda"])
            self._rng_to_restore = None


class LastCheckpoint(ModelCheckpoint):
    """The one writer of ``last.ckpt`` (weights and optimizer state): at every validation and every ``minutes``.

    Lightning's ``ModelCheckpoint`` saves either by time or at validations, not both; this
    one does both, so a runtime reset loses at most ``minutes`` of training, and every
    validation leaves a checkpoint to resume from. A timed save never holds back the save
    of a validation at the same step (that one has the validation's scores).

    >>> trainer = pl.Trainer(callbacks=[LastCheckpoint(args.downstream_model_dir, minutes=10)])   # doctest: +SKIP
    """

    def __init__(self, dirpath, minutes):
        super().__init__(dirpath=dirpath, filename="last", enable_version_counter=False,
                         train_time_interval=timedelta(minutes=minutes))
        self._every_n_epochs = 1  # also at validations, which train_time_interval alone turns off

    def on_train_batch_end(self, trainer, *args, **kwargs):
        saved = self._last_global_step_saved
        super().on_train_batch_end(trainer, *args, **kwargs)
        self._last_global_step_saved = saved  # the validation at this step still saves


def drive_checkpoints(args, train_dataloader, monitor="val_loss", mode="min"):
    """The Trainer's checkpoint settings for the model folder on Drive: ``callbacks`` and ``plugins``.

    - the best checkpoint by ``monitor`` (``mode="min"`` or ``"max"``), weights only;
    - ``last.ckpt`` with the optimizer state, at every validation and every
      ``args.checkpoint_every_minutes`` (:class:`LastCheckpoint`);
    - :class:`ResumeMidEpoch`, which continues an interrupted epoch at its next batch;
    - :class:`AtomicCheckpointIO`, which never leaves a half-written file;
    - a ``TQDMProgressBar`` (Lightning's Rich bar puts a widget in the cell that swallows the
      output of ``ddp_notebook``'s processes).

    >>> trainer = pl.Trainer(max_epochs=3, **drive_checkpoints(args, train_dataloader, monitor="val_f1", mode="max"))   # doctest: +SKIP
    """
    best = ModelCheckpoint(
        dirpath=args.downstream_model_dir, monitor=monitor, mode=mode, save_top_k=1, save_weights_only=True,
        filename=f"epoch={{epoch}}-step={{step}}-{monitor}={{{monitor}:.4f}}", auto_insert_metric_name=False)
    last = LastCheckpoint(args.downstream_model_dir, minutes=args.checkpoint_every_minutes)
    return {"callbacks": [best, last, ResumeMidEpoch(train_dataloader), TQDMProgressBar()],
            "plugins": [AtomicCheckpointIO()]}


def monitored_score(trainer):
    """``{"monitor", "mode", "value"}`` of the Trainer's metric-watching ModelCheckpoint, or None.

    ``Task.on_save_checkpoint`` records it in every checkpoint, so that a weights-only
    best checkpoint (which holds no callback states) still says how good it is.
    """
    for callback in trainer.checkpoint_callbacks:
        if callback.monitor and callback.current_score is not None:
            return {"monitor": callback.monitor, "mode": callback.mode, "value": float(callback.current_score)}
    return None


def read_checkpoint(path):
    """A Lightning checkpoint as a dict, loaded without unpickling arbitrary objects (``weights_only``).

    >>> read_checkpoint("/content/drive/MyDrive/nlpbook/checkpoint-doccls-nsmc/last.ckpt")["global_step"]   # doctest: +SKIP
    9376
    """
    path = os.fspath(path)  # torch 2.1 memory-maps only a str path
    try:
        return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as error:
        raise CheckpointError(
            f"체크포인트 {path}를 읽을 수 없습니다({type(error).__name__}: {error}). 저장하는 도중에 런타임이 "
            f"끊겨 덜 쓰인 파일일 수 있습니다. 이 파일을 지우고 다른 체크포인트를 쓰세요."
        ) from error


def resume_checkpoint(model_dir, metadata=None):
    """The checkpoint to resume from: ``last.ckpt``, else the newest other full one that loads, else None.

    Only full checkpoints (with the optimizer's state) can resume training; the
    weights-only best checkpoints cannot. A checkpoint that does not load (cut off by a
    runtime reset) is reported by name,
    renamed to ``<name>.broken`` and skipped. A checkpoint of another task, or with
    other labels than ``metadata`` (``task.metadata()``), is an error: this folder
    belongs to another run. Stray ``.part`` files of an interrupted save are removed.

    >>> ckpt_path = resume_checkpoint(args.downstream_model_dir, task.metadata())   # doctest: +SKIP
    >>> trainer.fit(task, train_dataloader, val_dataloader, ckpt_path=ckpt_path, weights_only=True)   # doctest: +SKIP
    """
    model_dir = Path(model_dir)
    for stray in model_dir.glob("*.ckpt.part*"):
        stray.unlink(missing_ok=True)
    candidates = sorted(model_dir.glob("*.ckpt"), key=lambda p: (p.name != LAST, -p.stat().st_mtime))
    usable = []
    for path in candidates:
        try:
            checkpoint = read_checkpoint(path)
        except CheckpointError as error:
            print(f"읽을 수 없는 체크포인트 {path.name}는 {path.name}.broken으로 이름을 바꾸고 건너뜁니다: {error}")
            os.replace(path, path.with_name(path.name + ".broken"))
            continue
        _check_same_run(path, checkpoint.get("nlpbook"), metadata)
        if "optimizer_states" in checkpoint:  # a weights-only (best) checkpoint cannot resume training
            usable.append((path.name == LAST, checkpoint.get("global_step", -1), str(path)))
    if not usable:
        if candidates:
            print("이 폴더에는 이어 학습할 체크포인트(옵티마이저 상태가 든 last.ckpt)가 없고 가중치만 남아 있어, "
                  "처음부터 학습합니다. 지난 모델을 따로 남기려면 다른 downstream_model_dir을 쓰세요.")
        else:
            print("처음부터 학습합니다.")
        return None
    path = max(usable)[2]
    print(f"이어서 학습합니다: {path} (처음부터 하려면 이 파일을 지우세요)")
    return path


def _check_same_run(path, recorded, metadata):
    if metadata is None or recorded is None:
        return
    for key in ("task", "labels"):
        if key == "labels" and recorded.get("task") == "generation" and recorded.get(key) is None:
            continue  # generation checkpoints written before they recorded their prefixes
        if recorded.get(key) != metadata.get(key):
            raise CheckpointError(
                f"{path}는 다른 학습에서 저장한 체크포인트입니다({key}: {recorded.get(key)!r}, 이번 학습: "
                f"{metadata.get(key)!r}). 이번 학습에 다른 downstream_model_dir을 주거나, 처음부터 다시 하려면 "
                f"그 폴더의 체크포인트를 지우세요."
            )
    mismatch = split_mismatch(path, recorded.get("data"), metadata.get("data"))
    if mismatch:
        raise CheckpointError(mismatch)


# ---------------------------------------------------------------- picking the best


def recorded_score(checkpoint):
    """``(metric, mode, value)`` recorded in ``checkpoint``: by us (:func:`monitored_score`), else by ModelCheckpoint.

    Weights-only checkpoints carry only our record; full ones written before it existed
    carry only ModelCheckpoint's state.
    """
    score = (checkpoint.get("nlpbook") or {}).get("score")
    if score:
        return score["monitor"], score["mode"], float(score["value"])
    for key, state in checkpoint.get("callbacks", {}).items():
        if key.startswith("ModelCheckpoint") and state.get("current_score") is not None:
            mode = "max" if "'mode': 'max'" in key else "min"
            return state["monitor"], mode, float(state["current_score"])
    return None


def find_best_checkpoint(model_dir, verbose=True):
    """The checkpoint in ``model_dir`` with the best monitored value it recorded.

    The value is read from inside each checkpoint, not parsed from file names. A file
    that cannot be read is reported by name and skipped. On a tie the named checkpoint
    wins over ``last.ckpt``.

    >>> find_best_checkpoint("/content/drive/MyDrive/nlpbook/checkpoint-doccls-nsmc")   # doctest: +SKIP
    '/content/drive/MyDrive/nlpbook/checkpoint-doccls-nsmc/epoch=1-step=9376-val_loss=0.2571.ckpt'
    """
    model_dir = Path(model_dir)
    paths = sorted(model_dir.glob("*.ckpt"), key=lambda p: (p.name == LAST, p.name))
    best = None
    for path in paths:
        try:
            score = recorded_score(read_checkpoint(path))
        except CheckpointError as error:
            if verbose:
                print(f"{path.name}는 건너뜁니다: {error}")
            continue
        if score is None:
            continue
        _, mode, value = score
        if best is None or (value < best[1] if mode == "min" else value > best[1]):
            best = (path, value)
    if best is None:
        raise CheckpointError(
            f"{model_dir}에 쓸 수 있는 체크포인트가 없습니다. 같은 downstream_model_dir로 학습 노트북을 먼저 "
            f"실행하세요(Colab에서는 구글 드라이브가 연결되어 있어야 합니다)."
        )
    return str(best[0])


# ---------------------------------------------------------------- Drive space


def _size(path):
    path = Path(path)
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def describe_model_dir(model_dir):
    """Print what the model folder holds, each entry's size and the total; return the total in bytes.

    In a multi-GPU run started once per GPU (``RANK`` set), only rank 0 prints.

    >>> describe_model_dir(args.downstream_model_dir)   # doctest: +SKIP
    모델 폴더 .../checkpoint-doccls-nsmc: 모두 1,745.2 MB
    """
    model_dir = Path(model_dir)
    if not is_main_process():
        return _size(model_dir)
    roles = {LAST: "이어 학습용: 가중치와 옵티마이저 상태", EXPORT_DIR: "추론용 허깅페이스 형식", "logs": "학습 기록",
             "custom_split.json": "내 데이터의 검증 데이터 나누기 기록"}
    rows = []
    for path in sorted(model_dir.iterdir(), key=lambda p: (p.name == "logs", p.name)):
        if path.suffix == ".ckpt" and path.name != LAST:
            role = "가장 좋은 모델의 가중치" if "optimizer_states" not in read_checkpoint(path) else "가중치와 옵티마이저 상태"
        else:
            role = roles.get(path.name, "")
        rows.append((path.name + ("/" if path.is_dir() else ""), _size(path), role))
    total = sum(size for _, size, _ in rows)
    print(f"모델 폴더 {model_dir}: 모두 {total / 2**20:,.1f} MB")
    for name, size, role in rows:
        print(f"  {name:<46} {size / 2**20:>10,.1f} MB  {role}")
    return total


def free_optimizer_state(model_dir):
    """After training: delete ``last.ckpt`` and keep only weights in every other checkpoint; return the bytes freed.

    The optimizer's state is what lets training resume; once training is over it is
    two thirds of every full checkpoint. The best checkpoint (weights only) and the
    export stay, so inference and export still work; a later training run in this
    folder starts over. Checkpoints from before weights-only best checkpoints are
    rewritten without their optimizer state. Broken and half-written files go too.

    >>> free_optimizer_state(args.downstream_model_dir)   # doctest: +SKIP
    """
    model_dir = Path(model_dir)
    if not is_main_process():  # rank 0 alone rewrites the folder
        return 0
    before = _size(model_dir)
    for junk in list(model_dir.glob("*.broken")) + list(model_dir.glob("*.ckpt.part*")):
        junk.unlink()
    named = [p for p in model_dir.glob("*.ckpt") if p.name != LAST]
    for path in sorted(model_dir.glob("*.ckpt")):
        checkpoint = read_checkpoint(path)
        if "optimizer_states" not in checkpoint:
            continue
        if path.name == LAST and named:
            path.unlink()
            continue
        score = recorded_score(checkpoint)
        record = dict(checkpoint.get("nlpbook") or {})
        if score and not record.get("score"):
            record["score"] = {"monitor": score[0], "mode": score[1], "value": score[2]}
        weights = {key: checkpoint[key] for key in ("epoch", "global_step", "pytorch-lightning_version", "state_dict")
                   if key in checkpoint}
        AtomicCheckpointIO().save_checkpoint(dict(weights, nlpbook=record), path)
    freed = before - _size(model_dir)
    print(f"옵티마이저 상태를 지워 {freed / 2**20:,.1f} MB를 비웠습니다. 가장 좋은 체크포인트와 export는 그대로입니다.")
    return freed


# ---------------------------------------------------------------- loading and export


def load_checkpoint(path, task_name):
    """Load a checkpoint of ``task_name``: returns ``(model_state_dict, metadata)``.

    A checkpoint written by another task is refused with a message naming both.

    >>> state, info = load_checkpoint(find_best_checkpoint(model_dir), "ner")   # doctest: +SKIP
    """
    checkpoint = read_checkpoint(path)
    metadata = checkpoint.get("nlpbook")
    if metadata is None:
        raise CheckpointError(f"{path}는 nlpbook 학습 노트북이 저장한 체크포인트가 아닙니다('nlpbook' 기록이 없습니다).")
    _check_task(path, metadata["task"], task_name)
    metadata = dict(metadata)
    metadata.setdefault("model_class", _LEGACY_MODEL_CLASSES.get(task_name))
    state = {k.removeprefix("model."): v for k, v in checkpoint["state_dict"].items()}
    return state, metadata


def _check_task(path, found, task_name):
    if found != task_name:
        raise CheckpointError(
            f"{path}에 있는 것은 '{found}' 과제의 모델입니다. 이 노트북은 '{task_name}' 과제입니다. "
            f"downstream_model_dir이 '{task_name}' 학습 노트북의 모델 폴더를 가리키게 하세요."
        )


def _check_fits(state, model, path, metadata):
    """Raise :class:`CheckpointError` unless ``state`` has exactly ``model``'s tensors, in its shapes."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state and not k.endswith("position_ids")]
    unexpected = [k for k in state if k not in expected]
    wrong = [k for k in state if k in expected and state[k].shape != expected[k].shape]
    if missing or unexpected or wrong:
        labels = metadata.get("labels")
        raise CheckpointError(
            f"{path}는 이 모델에 맞지 않습니다(없는 텐서 {missing[:3]}, 모르는 텐서 {unexpected[:3]}, 모양이 다른 텐서 "
            f"{wrong[:3]}). 체크포인트는 {metadata['pretrained_model_name']!r}"
            + (f"에서 레이블 {len(labels)}개 {labels}로 학습했고, 이 모델의 레이블은 "
               f"{getattr(model.config, 'num_labels', '?')}개입니다" if labels else "에서 학습했습니다")
            + ". 같은 사전학습 모델과 레이블로 만든 모델을 주세요."
        )


def _labelled_config(config, metadata):
    config = copy.deepcopy(config)
    if metadata.get("labels"):
        config.id2label = dict(enumerate(metadata["labels"]))
        config.label2id = {label: i for i, label in enumerate(metadata["labels"])}
    return config


def export_model(model_dir, model, tokenizer, checkpoint_path, task_name):
    """Save the weights of ``checkpoint_path`` with ``model``'s config and ``tokenizer`` to ``<model_dir>/export``.

    Saved with ``save_pretrained`` (safetensors), so ``from_pretrained`` and
    ``transformers.pipeline`` load it; label names go into the config. ``model`` only
    lends its architecture and config: its own weights are left as they were.

    In a multi-GPU run started once per GPU (``RANK`` set), only rank 0 writes; every
    process gets the folder's path.

    >>> export_dir = export_model(args.downstream_model_dir, model, tokenizer, best_checkpoint, task.task_name)   # doctest: +SKIP
    """
    export_dir = Path(model_dir) / EXPORT_DIR
    if not is_main_process():
        return str(export_dir)
    state, metadata = load_checkpoint(checkpoint_path, task_name)
    _check_fits(state, model, checkpoint_path, metadata)
    model.save_pretrained(export_dir, state_dict=state)
    _labelled_config(model.config, metadata).save_pretrained(export_dir)
    tokenizer.save_pretrained(export_dir)
    info = dict(metadata, model_class=type(model).__name__, source_checkpoint=Path(checkpoint_path).name,
                vocabulary=vocabulary_fingerprint(tokenizer))
    (export_dir / EXPORT_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(export_dir)


def find_export(model_dir, task_name):
    """``(path, info)``: the folder to load the best model of ``model_dir`` from, and what training recorded.

    ``path`` is ``<model_dir>/export`` when the export holds the best checkpoint. When
    there is no export, or the best checkpoint is newer (training stopped before its
    export cell), that checkpoint is exported to a local cache folder instead (nothing
    is written to ``model_dir``). ``info`` is the record of training: the task, the
    pretrained model, the model class, the labels, ``max_seq_length`` and the task's
    own settings. Refused with a message that says what to do: a folder with no model,
    a model of another task, a tokenizer that is not the one the model was trained with.

    >>> path, info = find_export(downstream_model_dir, "document-classification")   # doctest: +SKIP
    >>> model = BertForSequenceClassification.from_pretrained(path)                    # doctest: +SKIP
    """
    model_dir = Path(model_dir)
    export_dir = model_dir / EXPORT_DIR
    info_path = export_dir / EXPORT_INFO
    exported = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else None
    has_checkpoints = any(model_dir.glob("*.ckpt"))
    if not has_checkpoints and exported is None:
        raise CheckpointError(
            f"{model_dir}에 체크포인트도, 내보낸 모델도 없습니다. 같은 downstream_model_dir로 학습 노트북을 먼저 "
            f"실행하세요(Colab에서는 구글 드라이브가 연결되어 있어야 합니다)."
        )
    best = find_best_checkpoint(model_dir) if has_checkpoints else None
    if best is None or (exported and exported.get("source_checkpoint") == Path(best).name):
        _check_task(export_dir, exported["task"], task_name)
        path, info = export_dir, exported
        print(f"최고 체크포인트 {info['source_checkpoint']}를 내보낸 폴더입니다: {path}")
    else:
        path, info = _export_to_cache(best, task_name)
        print(f"{EXPORT_DIR} 폴더에 최고 체크포인트 {Path(best).name}가 아직 없어서, 그 체크포인트를 이 컴퓨터의 "
              f"{path}에 내보냈습니다(모델 폴더에는 쓰지 않습니다).")
    _check_vocabulary(path, info, where=model_dir)
    return str(path), info


def _export_to_cache(checkpoint_path, task_name):
    """Export ``checkpoint_path`` as :func:`export_model` would, into a local cache folder.

    One folder per model folder: it is reused while it holds this very checkpoint file (name,
    size and modification time), and replaced when the best checkpoint has changed, so the
    cache holds one model per model folder, not one per checkpoint ever loaded.
    """
    import transformers

    from .quick import cache_dir

    checkpoint_path = Path(checkpoint_path).resolve()
    stat = checkpoint_path.stat()
    stamp = f"{checkpoint_path.name}|{stat.st_size}|{stat.st_mtime_ns}"
    path = cache_dir() / "exports" / hashlib.sha256(str(checkpoint_path.parent).encode()).hexdigest()[:16]
    info_path, stamp_path = path / EXPORT_INFO, path / "source_checkpoint.txt"
    if info_path.exists() and stamp_path.exists() and stamp_path.read_text(encoding="utf-8") == stamp:
        return path, json.loads(info_path.read_text(encoding="utf-8"))
    state, info = load_checkpoint(checkpoint_path, task_name)
    config = transformers.AutoConfig.from_pretrained(info["pretrained_model_name"])
    model = getattr(transformers, info["model_class"])(_labelled_config(config, info))
    _check_fits(state, model, checkpoint_path, info)
    if info["model_class"] == "GPT2LMHeadModel":  # KoGPT2's tokenizer files need their own loader
        from .generation import load_tokenizer
    else:
        load_tokenizer = transformers.AutoTokenizer.from_pretrained
    tokenizer = load_tokenizer(info["pretrained_model_name"])
    staging = path.with_name(f"{path.name}.tmp{os.getpid()}")
    model.save_pretrained(staging, state_dict=state)
    tokenizer.save_pretrained(staging)
    info = dict(info, source_checkpoint=Path(checkpoint_path).name, vocabulary=vocabulary_fingerprint(tokenizer))
    (staging / EXPORT_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    (staging / "source_checkpoint.txt").write_text(stamp, encoding="utf-8")
    stale = path.with_name(f"{path.name}.old{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):  # the export of an earlier best checkpoint of this model folder
        os.replace(path, stale)
    try:
        os.replace(staging, path)
    except OSError:  # another process exported the same file first; its folder is identical
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(stale, ignore_errors=True)
    return path, info


def _check_vocabulary(path, info, where):
    """Refuse a folder whose tokenizer is not the one its model was trained with (read from the files)."""
    from tokenizers import Tokenizer

    for name in ("config.json", "tokenizer.json"):
        if not (Path(path) / name).exists():
            raise CheckpointError(f"{path}에 {name}이 없습니다. 학습 노트북의 '최고 체크포인트 내보내기' 셀을 다시 "
                                  f"실행해 이 폴더를 새로 만드세요.")
    vocab = Tokenizer.from_file(str(Path(path) / "tokenizer.json")).get_vocab(with_added_tokens=True)
    rows = json.loads((Path(path) / "config.json").read_text(encoding="utf-8"))["vocab_size"]
    _refuse_other_vocabulary(_fingerprint(vocab), rows, info.get("vocabulary"), where)


def vocabulary_fingerprint(tokenizer):
    """Size and a short hash of the token -> id map: recorded at export, checked at load."""
    return _fingerprint(tokenizer.get_vocab())


def _fingerprint(vocab):
    vocab = sorted(vocab.items(), key=lambda item: item[1])
    return {"size": len(vocab), "sha256": hashlib.sha256(repr(vocab).encode()).hexdigest()[:16]}


def check_tokenizer_fits(model, tokenizer, recorded=None, where="모델 폴더"):
    """Raise :class:`CheckpointError` when ``tokenizer`` is not the one ``model`` was trained with.

    Token ids past the model's embedding table would crash (or, on a GPU, corrupt)
    every prediction; a different vocabulary of the same size would silently give
    nonsense. ``recorded`` is :func:`vocabulary_fingerprint` of the training tokenizer.

    >>> check_tokenizer_fits(model, tokenizer)   # doctest: +SKIP
    """
    _refuse_other_vocabulary(vocabulary_fingerprint(tokenizer), model.get_input_embeddings().num_embeddings,
                             recorded, where)


def _refuse_other_vocabulary(found, rows, recorded, where):
    if found["size"] > rows or (recorded and found != recorded):
        expected = f"토큰 {recorded['size']}개" if recorded else f"토큰 {rows}개 이하"
        raise CheckpointError(
            f"{where}의 모델과 토크나이저가 맞지 않습니다: 토크나이저는 토큰 {found['size']}개(다른 어휘)이고, "
            f"모델은 {expected}로 학습했습니다. 토크나이저를 모델과 같은 폴더에서 불러오세요"
            f"(find_export가 돌려준 폴더)."
        )
