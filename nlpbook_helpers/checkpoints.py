"""Find the best checkpoint, load it safely, export it in Hugging Face format."""
import hashlib
import json
from pathlib import Path

import torch

from .errors import CheckpointError

EXPORT_DIR = "export"
EXPORT_INFO = "nlpbook.json"


def _read_checkpoint(path):
    """A Lightning checkpoint loaded without unpickling arbitrary objects."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as error:
        raise CheckpointError(
            f"The checkpoint {path} cannot be read ({type(error).__name__}: {error}). It may be "
            f"incomplete (a runtime reset while it was written): delete it and use another one."
        ) from error


def recorded_score(checkpoint):
    """``(metric, mode, value)`` that ModelCheckpoint recorded when it wrote ``checkpoint``."""
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

    >>> find_best_checkpoint("/content/drive/MyDrive/nlpbook/checkpoint-doccls")   # doctest: +SKIP
    '/content/drive/MyDrive/nlpbook/checkpoint-doccls/epoch=1-step=9376-val_loss=0.2571.ckpt'
    """
    model_dir = Path(model_dir)
    paths = sorted(model_dir.glob("*.ckpt"), key=lambda p: (p.name == "last.ckpt", p.name))
    best = None
    for path in paths:
        try:
            score = recorded_score(_read_checkpoint(path))
        except CheckpointError as error:
            if verbose:
                print(f"Skipping {path.name}: {error}")
            continue
        if score is None:
            continue
        _, mode, value = score
        better = best is None or (value < best[1] if mode == "min" else value > best[1])
        if better:
            best = (path, value)
    if best is None:
        raise CheckpointError(
            f"No usable checkpoint in {model_dir}. Run the training notebook first, with the same "
            f"downstream_model_dir as here (in Colab, Drive must be mounted)."
        )
    return str(best[0])


def load_checkpoint(path, task_name):
    """Load a checkpoint of ``task_name``: returns ``(model_state_dict, metadata)``.

    A checkpoint written by another task is refused with a message naming both.
    """
    checkpoint = _read_checkpoint(path)
    metadata = checkpoint.get("nlpbook")
    if metadata is None:
        raise CheckpointError(f"{path} was not written by an nlpbook training notebook (no 'nlpbook' record).")
    if metadata["task"] != task_name:
        raise CheckpointError(
            f"{path} is a checkpoint of the task {metadata['task']!r}, not {task_name!r}. "
            f"Point downstream_model_dir at the folder of a {task_name} training run."
        )
    state = {k.removeprefix("model."): v for k, v in checkpoint["state_dict"].items()}
    return state, metadata


def export_model(model_dir, model, tokenizer, checkpoint_path, task_name):
    """Put the weights of ``checkpoint_path`` into ``model`` and save model + tokenizer to ``<model_dir>/export``.

    Saved with ``save_pretrained`` (safetensors), so ``from_pretrained`` and
    ``transformers.pipeline`` load it. Label names go into the config.

    >>> export_model(args.downstream_model_dir, model, tokenizer, find_best_checkpoint(args.downstream_model_dir), "classification")  # doctest: +SKIP
    """
    state, metadata = load_checkpoint(checkpoint_path, task_name)
    try:
        missing, unexpected = model.load_state_dict(state, strict=False)
    except RuntimeError as error:  # a tensor of another shape: another label count or model size
        labels = metadata.get("labels")
        raise CheckpointError(
            f"{checkpoint_path} does not fit this model: its tensors have other shapes"
            + (f" (it was trained with {len(labels)} labels {labels}, this model has "
               f"{model.config.num_labels})" if labels else "")
            + f". Build the model with the checkpoint's labels and {metadata['pretrained_model_name']!r}, "
              f"or use the model folder of this run. ({str(error).splitlines()[-1].strip()})"
        ) from None
    if unexpected or [k for k in missing if not k.endswith("position_ids")]:
        raise CheckpointError(
            f"{checkpoint_path} does not fit this model (missing {missing[:3]}, unexpected {unexpected[:3]}). "
            f"Was it trained from another pretrained model than {metadata['pretrained_model_name']!r}?"
        )
    if metadata.get("labels"):
        model.config.id2label = dict(enumerate(metadata["labels"]))
        model.config.label2id = {label: i for i, label in enumerate(metadata["labels"])}
    export_dir = Path(model_dir) / EXPORT_DIR
    model.save_pretrained(export_dir)
    tokenizer.save_pretrained(export_dir)
    info = dict(metadata, source_checkpoint=Path(checkpoint_path).name, vocabulary=vocabulary_fingerprint(tokenizer))
    (export_dir / EXPORT_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(export_dir)


def load_for_inference(model_dir, task_name, model_class, load_tokenizer=None):
    """``(model, tokenizer, metadata)`` from the best checkpoint of ``model_dir``, via its export.

    Exports the best checkpoint first when there is no export yet, or when the
    export came from another checkpoint. ``model_class`` is e.g.
    ``BertForSequenceClassification``. Model in eval mode, on the CPU.
    ``load_tokenizer(name_or_path)`` replaces ``AutoTokenizer.from_pretrained`` for
    models whose files it misreads (KoGPT2: ``generation.load_tokenizer``).

    >>> model, tokenizer, info = load_for_inference(args.downstream_model_dir, "classification", BertForSequenceClassification)  # doctest: +SKIP
    """
    from transformers import AutoTokenizer

    load_tokenizer = load_tokenizer or AutoTokenizer.from_pretrained
    model_dir = Path(model_dir)
    export_dir = model_dir / EXPORT_DIR
    info_path = export_dir / EXPORT_INFO
    has_checkpoints = any(model_dir.glob("*.ckpt"))
    if not has_checkpoints and not info_path.exists():
        raise CheckpointError(
            f"{model_dir} holds no checkpoint and no export. Run the training notebook first, with the "
            f"same downstream_model_dir as here (in Colab, Drive must be mounted)."
        )
    if has_checkpoints:
        best = find_best_checkpoint(model_dir)
        exported = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        if exported.get("source_checkpoint") != Path(best).name:
            _, metadata = load_checkpoint(best, task_name)
            labels = metadata.get("labels")
            kwargs = {"num_labels": len(labels)} if labels else {}
            model = model_class.from_pretrained(metadata["pretrained_model_name"], **kwargs)
            tokenizer = load_tokenizer(metadata["pretrained_model_name"])
            export_model(model_dir, model, tokenizer, best, task_name)
            print(f"Exported {Path(best).name} to {export_dir}.")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    if info["task"] != task_name:
        raise CheckpointError(
            f"{export_dir} holds a model of the task {info['task']!r}, not {task_name!r}. "
            f"Point downstream_model_dir at the folder of a {task_name} training run."
        )
    model = model_class.from_pretrained(export_dir).eval()
    tokenizer = load_tokenizer(export_dir)
    check_tokenizer_fits(model, tokenizer, info.get("vocabulary"), where=export_dir)
    return model, tokenizer, info


def vocabulary_fingerprint(tokenizer):
    """Size and a short hash of the token -> id map: recorded at export, checked at load."""
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    return {"size": len(vocab), "sha256": hashlib.sha256(repr(vocab).encode()).hexdigest()[:16]}


def check_tokenizer_fits(model, tokenizer, recorded=None, where="the model folder"):
    """Raise :class:`CheckpointError` when ``tokenizer`` is not the one ``model`` was trained with.

    Token ids past the model's embedding table would crash (or, on a GPU, corrupt)
    every prediction; a different vocabulary of the same size would silently give
    nonsense. ``recorded`` is :func:`vocabulary_fingerprint` of the training tokenizer.

    >>> check_tokenizer_fits(model, tokenizer)   # doctest: +SKIP
    """
    rows = model.get_input_embeddings().num_embeddings
    found = vocabulary_fingerprint(tokenizer)
    if found["size"] > rows or (recorded and found != recorded):
        expected = f"{recorded['size']} tokens" if recorded else f"at most {rows} tokens"
        raise CheckpointError(
            f"The tokenizer does not match the model in {where}: it has {found['size']} tokens "
            f"(another vocabulary), the model was trained with {expected}. Load the tokenizer from the "
            f"same folder as the model (load_for_inference does), not from another pretrained model."
        )
