"""The document classification training notebook's cells as a script, for the runtime-reset tests.

    NLPBOOK_QUICK=1 NLPBOOK_DRIVE=/tmp/drive python tests/reliability/train_doccls.py [--pause after|during]

Same helper calls, in the same order, as ``notebooks/doc_classification/train.ipynb``
up to ``trainer.fit`` (the Trainer and fit cells are ``tests/pipeline.py``). The last line printed is ``RESULT {json}`` with the step and epoch reached.

``--pause after`` stops the run right after its first ``last.ckpt`` is written;
``--pause during`` stops it halfway through writing its first ``last.ckpt``;
``--pause timed`` stops it right after the first ``last.ckpt`` written in the middle of an
epoch, which only the timed checkpoint (``--every-seconds``) writes. Either
way it creates the file ``$NLPBOOK_PAUSE_FILE`` and sleeps, so the test can kill it
with SIGKILL at exactly that moment, as a Colab runtime reset would.

``--devices 2`` trains with two CPU processes forked from this one, as the notebook does
on Kaggle's two GPUs (``ddp_notebook``); rank 0 writes the checkpoints and pauses.
"""
import argparse
import io
import json
import os
import sys
import time

import torch


sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/: the pipeline module


def pause_at(moment, steps_per_epoch=25):
    """Patch ``torch.save`` so that the run waits to be killed at ``moment`` of a ``last.ckpt`` save."""
    real_save = torch.save
    saves = []

    def wait_for_kill():
        open(os.environ["NLPBOOK_PAUSE_FILE"], "w").close()
        time.sleep(120)
        raise SystemExit("not killed within 120 s")

    def save(obj, f, *a, **kw):
        name = getattr(f, "name", str(f))
        if not (isinstance(obj, dict) and "state_dict" in obj and "last.ckpt" in os.path.basename(name)):
            return real_save(obj, f, *a, **kw)
        saves.append(name)
        if moment == "during":
            buffer = io.BytesIO()
            real_save(obj, buffer, *a, **kw)
            f.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])
            f.flush()
            wait_for_kill()
        real_save(obj, f, *a, **kw)
        mid_epoch = obj.get("global_step", 0) % steps_per_epoch != 0  # the notebook validates at epoch ends only
        if (moment == "after" and len(saves) == 1) or (moment == "timed" and mid_epoch):
            f.flush()
            os.fsync(f.fileno())
            pause_after_rename(name)

    def pause_after_rename(partial_name):
        # AtomicCheckpointIO renames the file once torch.save returns: wait for that, then pause.
        real_replace = os.replace

        def replace(src, dst):
            real_replace(src, dst)
            if str(src) == partial_name:
                wait_for_kill()

        os.replace = replace

    torch.save = save


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--pause", choices=["after", "during", "timed"])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--every-seconds", type=float, default=600.0, help="the timed last.ckpt's interval")
    parser.add_argument("--devices", type=int, default=1, help="CPU processes, as GPUs on Kaggle")
    options = parser.parse_args(argv)
    if options.pause:
        pause_at(options.pause, steps_per_epoch=-(-25 // options.devices))  # each process: its share of 25 batches

    # The notebook's cells, in order.
    from nlpbook_helpers import Arguments, download_corpus, mount_drive, read_examples

    drive = mount_drive()
    args = Arguments(
        pretrained_model_name="beomi/kcbert-base",
        downstream_corpus_name="nsmc",
        downstream_model_dir=f"{drive}/nlpbook/checkpoint-doccls-nsmc",
        max_seq_length=128,
        batch_size=32,
        learning_rate=5e-5,
        epochs=options.epochs,
        seed=7,
        checkpoint_every_minutes=options.every_seconds / 60,
    )
    args.epochs = options.epochs  # the test's choice; quick mode sets its own number of epochs
    args.batch_size = 48  # 1200 fixture reviews: 25 steps an epoch, as the tests count
    if options.devices > 1:
        args.accelerator, args.devices = "cpu", options.devices
    import pytorch_lightning as pl

    pl.seed_everything(args.seed)
    download_corpus(args.downstream_corpus_name, args.downstream_corpus_root_dir)
    read_examples(args.downstream_corpus_name, args.downstream_corpus_root_dir, "train")
    from transformers import AutoTokenizer, BertForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(args.pretrained_model_name)
    from nlpbook_helpers.classification import encode_classification
    from nlpbook_helpers.corpora import get_corpus
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader

    train_dataset = build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification)
    val_dataset = build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification)
    train_dataloader = make_dataloader(train_dataset, args, tokenizer, shuffle=True)
    val_dataloader = make_dataloader(val_dataset, args, tokenizer, shuffle=False)
    labels = get_corpus(args.downstream_corpus_name).LABELS
    model = BertForSequenceClassification.from_pretrained(args.pretrained_model_name, num_labels=len(labels))
    from pipeline import notebook_fit, notebook_task, notebook_trainer

    task = notebook_task("doc_classification")(model, args, labels)

    # A script is no notebook, so name the notebook's strategy for several processes.
    trainer = notebook_trainer(args, train_dataloader, **({"strategy": "ddp_notebook"} if options.devices > 1 else {}))
    notebook_fit(trainer, task, train_dataloader, val_dataloader)
    result = {"global_step": trainer.global_step, "epoch": trainer.current_epoch,
              "val_loss": float(trainer.callback_metrics["val_loss"])}
    if options.devices > 1:  # the processes' counters stay in them: read the final last.ckpt
        last = torch.load(os.path.join(args.downstream_model_dir, "last.ckpt"), map_location="cpu", weights_only=True)
        result.update(global_step=last["global_step"], epoch=last["epoch"] + 1)
    print("RESULT " + json.dumps(result))
    return result


if __name__ == "__main__":
    main()
