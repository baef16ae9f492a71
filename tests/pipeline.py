"""The training notebooks' Trainer and fit cells, for tests that train (tests/ is on sys.path)."""
def notebook_trainer(args, train_dataloader, monitor="val_loss", mode="min", **overrides):
    """The Trainer of the training notebooks' "트레이너 정의" cell (quiet: no progress bar, no summary).

    ``overrides`` replace Trainer arguments (``callbacks=[]`` and ``logger=False`` for a bare validation run).
    """
    import pytorch_lightning as pl
    from pytorch_lightning.callbacks import ModelCheckpoint
    from pytorch_lightning.loggers import CSVLogger

    from nlpbook_helpers import accelerator_settings
    from nlpbook_helpers.checkpoints import AtomicCheckpointIO, ResumeMidEpoch

    best_checkpoint = ModelCheckpoint(
        dirpath=args.downstream_model_dir, monitor=monitor, mode=mode, save_top_k=1,
        filename=f"epoch={{epoch}}-step={{step}}-{monitor}={{{monitor}:.4f}}", auto_insert_metric_name=False)
    last_checkpoint = ModelCheckpoint(dirpath=args.downstream_model_dir, filename="last", enable_version_counter=False)
    settings = dict(
        max_epochs=args.epochs,
        callbacks=[best_checkpoint, last_checkpoint, ResumeMidEpoch(train_dataloader)],
        plugins=[AtomicCheckpointIO()],
        logger=CSVLogger(args.downstream_model_dir, name="logs"),
        log_every_n_steps=args.log_every_n_steps,
        num_sanity_val_steps=0,
        enable_progress_bar=False,
        enable_model_summary=False,
        **accelerator_settings(args.accelerator, args.devices, args.precision, verbose=False),
    )
    for name in ("val_check_interval", "limit_train_batches", "limit_val_batches"):
        if getattr(args, name) != 1.0:
            settings[name] = getattr(args, name)
    settings.update(overrides)
    return pl.Trainer(**settings)


def notebook_fit(trainer, task, train_dataloader, val_dataloader):
    """The training notebooks' "학습" cell: resume from the model folder when it holds a checkpoint."""
    from nlpbook_helpers.checkpoints import resume_checkpoint

    ckpt_path = resume_checkpoint(task.args.downstream_model_dir, task.metadata())
    trainer.fit(task, train_dataloader, val_dataloader, ckpt_path=ckpt_path, weights_only=True)
    return trainer
