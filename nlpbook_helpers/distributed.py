"""Several processes (Kaggle's two GPUs): which one this is, sharding, gathering validation outputs."""
import os

import torch
import torch.distributed as dist
from lightning_fabric.utilities.apply_func import apply_to_collection


def rank_and_world():
    """``(rank, world_size)`` of this process: ``(0, 1)`` outside distributed training.

    Asked each time it is needed, not when an object is made: in a notebook the
    dataloaders are made before ``trainer.fit`` starts the processes (``ddp_notebook``).

    >>> rank_and_world()
    (0, 1)
    """
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def is_main_process():
    """True in the one process that writes files (exports, plots, split records): rank 0, or no distribution.

    Under ``ddp_notebook`` the notebook's own process runs every cell after ``fit`` and is
    the main one; a script launched once per GPU (``strategy="ddp"``) has ``RANK`` set.

    >>> is_main_process()
    True
    """
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank() == 0
    return int(os.environ.get("RANK", os.environ.get("LOCAL_RANK", "0"))) == 0


def gather_outputs(outputs):
    """Every process's list of validation outputs, joined in rank order (this process's alone outside DDP).

    Validation is sharded (:class:`~nlpbook_helpers.data.ShardSampler`): each process sees
    part of the validation set, and each example exactly once in all. A metric computed
    from the gathered list is the metric of the whole set, the same in every process, and
    the same as one process computes alone. Tensors are moved to the CPU first.

    >>> gather_outputs([(torch.tensor(0.5), 3)])   # one process: the list as it is
    [(tensor(0.5000), 3)]
    """
    outputs = apply_to_collection(list(outputs), torch.Tensor, lambda t: t.detach().cpu())
    rank, world = rank_and_world()
    if world == 1:
        return outputs
    gathered = [None] * world
    dist.all_gather_object(gathered, outputs)
    return [item for part in gathered for item in part]
