"""Features, their cache, dynamic padding and dataloaders: the data path every task shares."""
import hashlib
import json
import os
from pathlib import Path

import torch
from torch.utils.data import DataLoader, Dataset, Sampler

from .distributed import rank_and_world


def tokenizer_fingerprint(tokenizer):
    """A short hash of everything that decides how a fast tokenizer splits text."""
    state = json.loads(tokenizer.backend_tokenizer.to_str())
    state.pop("truncation", None)  # set and reset by each call, not part of the vocabulary
    state.pop("padding", None)
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode())
    digest.update(repr(sorted(tokenizer.special_tokens_map.items())).encode())
    return digest.hexdigest()[:16]


class FeatureDataset(Dataset):
    """Token features stored compactly: one flat tensor plus offsets per ragged column.

    ``features`` maps a column name to a list with one entry per example: a list of
    ints (``input_ids``, ``token_type_ids``, token ``labels``) or one int (a class label).
    An item is a dict of 1-D tensors (or 0-D for scalar columns), unpadded.

    >>> ds = FeatureDataset({"input_ids": [[2, 10, 3], [2, 3]], "labels": [1, 0]})
    >>> ds[1]["input_ids"].tolist(), int(ds[1]["labels"])
    ([2, 3], 0)
    """

    def __init__(self, features=None, *, columns=None):
        if columns is None:
            columns = {name: _pack(values) for name, values in features.items()}
        self.columns = columns
        first = next(iter(columns.values()))
        self.length = len(first["offsets"]) - 1 if "offsets" in first else len(first["values"])

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        item = {}
        for name, column in self.columns.items():
            if "offsets" in column:
                start, end = column["offsets"][index], column["offsets"][index + 1]
                item[name] = column["values"][start:end].long()
            else:
                item[name] = column["values"][index].long()
        return item

    def lengths(self):
        """Token count of every example (from ``input_ids``)."""
        return self.columns["input_ids"]["offsets"].diff().tolist()


def _pack(values):
    if values and isinstance(values[0], (list, tuple)):
        lengths = torch.tensor([len(v) for v in values], dtype=torch.int64)
        offsets = torch.zeros(len(values) + 1, dtype=torch.int64)
        offsets[1:] = lengths.cumsum(0)
        flat = torch.tensor([x for v in values for x in v], dtype=torch.int64)
        return {"values": _narrow(flat), "offsets": offsets}
    return {"values": _narrow(torch.tensor(values, dtype=torch.int64))}


def _narrow(tensor):
    """The smallest integer dtype that holds the values: the cache stays small."""
    if tensor.numel() == 0:
        return tensor.to(torch.int32)
    low, high = int(tensor.min()), int(tensor.max())
    for dtype in (torch.int8, torch.int16, torch.int32):
        info = torch.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return tensor.to(dtype)
    return tensor


def cached_features(cache_path, build):
    """Load a :class:`FeatureDataset` from ``cache_path``, or ``build()`` it and save it there.

    Loading uses ``torch.load(weights_only=True)``; a file that does not load
    (truncated, from an older version) is rebuilt, never half-used. Writes are atomic.
    """
    cache_path = Path(cache_path)
    if cache_path.exists():
        try:
            return FeatureDataset(columns=torch.load(cache_path, weights_only=True))
        except Exception as error:
            print(f"특성 캐시 {cache_path.name}를 읽을 수 없어({type(error).__name__}) 다시 만듭니다.")
    dataset = build()
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    partial = cache_path.with_name(cache_path.name + f".tmp{os.getpid()}")
    torch.save(dataset.columns, partial)
    os.replace(partial, cache_path)
    return dataset


def encoder_key(encode, settings):
    """The part of the cache key that names the encoder: its name, a hash of its code and of ``settings``.

    A learner who edits an encoder in the notebook, or passes other settings (a sliding
    window's stride, a label list), gets another cache file, never stale features.

    >>> encoder_key(encode_qa, {"doc_stride": 64, "max_query_length": 32})   # doctest: +SKIP
    'encode_qa-3f2a9c1d'
    """
    code = encode.__code__
    digest = hashlib.sha256(code.co_code + repr((code.co_consts, code.co_names)).encode())
    digest.update(repr(sorted(settings.items())).encode())
    return f"{encode.__name__}-{digest.hexdigest()[:8]}"


def examples_fingerprint(examples):
    """A short hash of the examples' content: edited or filtered examples mean new features.

    >>> examples_fingerprint(["재밌어요"]) == examples_fingerprint(["재밌어요!"])
    False
    """
    digest = hashlib.sha256()
    for example in examples:
        digest.update(repr(example).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:8]


def build_dataset(args, tokenizer, examples, encode, **settings):
    """Turn the examples the notebook read into features, cached in ``args.feature_cache_dir``.

    ``encode(examples, tokenizer, max_length, **settings)`` returns the feature columns;
    each task has its own. The cache is keyed by the examples' content, the tokenizer,
    the max length, the encoder and its settings: a learner who filters or edits
    ``train_examples`` gets features of exactly those examples, never stale ones.

    >>> train_dataset = build_dataset(args, tokenizer, train_examples, encode_classification)   # doctest: +SKIP
    >>> train_dataset = build_dataset(args, tokenizer, train_examples, encode_ner, labels=labels)   # doctest: +SKIP
    """
    if isinstance(examples, (str, bytes)) or not hasattr(examples, "__len__"):
        raise TypeError(f"build_dataset에는 읽은 예제 목록을 주세요. 예: build_dataset(args, tokenizer, train_examples, "
                        f"{encode.__name__}) (지금 {type(examples).__name__} {examples!r:.40})")
    key = "-".join([args.downstream_corpus_name, f"{len(examples)}ex", encoder_key(encode, settings),
                    str(args.max_seq_length), tokenizer_fingerprint(tokenizer), examples_fingerprint(examples)])
    cache_path = Path(args.feature_cache_dir) / f"{key}.pt"
    return cached_features(cache_path, lambda: FeatureDataset(encode(examples, tokenizer, args.max_seq_length, **settings)))


class PadCollator:
    """Pad each batch to its own longest sequence (dynamic padding).

    ``input_ids`` are padded with ``pad_token_id``, sequence ``labels`` with -100
    (ignored by the loss), other sequence columns with 0; an ``attention_mask`` is
    added. Scalar columns (a class label) are stacked.

    >>> batch = PadCollator(pad_token_id=0)([{"input_ids": torch.tensor([2, 5, 3])}, {"input_ids": torch.tensor([2, 3])}])
    >>> batch["input_ids"].tolist(), batch["attention_mask"].tolist()
    ([[2, 5, 3], [2, 3, 0]], [[1, 1, 1], [1, 1, 0]])
    """

    def __init__(self, pad_token_id, label_pad_id=-100):
        self.pad_token_id = pad_token_id
        self.label_pad_id = label_pad_id

    def __call__(self, items):
        longest = max(len(item["input_ids"]) for item in items)
        batch = {}
        for name in items[0]:
            if items[0][name].dim() == 0:
                batch[name] = torch.stack([item[name] for item in items])
                continue
            pad = {"input_ids": self.pad_token_id, "labels": self.label_pad_id}.get(name, 0)
            padded = torch.full((len(items), longest), pad, dtype=torch.long)
            for row, item in enumerate(items):
                padded[row, : len(item[name])] = item[name]
            batch[name] = padded
        mask = torch.zeros((len(items), longest), dtype=torch.long)
        for row, item in enumerate(items):
            mask[row, : len(item["input_ids"])] = 1
        batch["attention_mask"] = mask
        return batch


class LengthGroupedSampler(Sampler):
    """Shuffled indices, in batches of similar length: far less padding, the same examples.

    Each epoch the indices are shuffled and cut into chunks of ``chunk_batches``
    batches; each chunk is sorted by length and cut into batches, and the full
    batches are shuffled together. The one short batch, if any, comes last, so a
    DataLoader with the same ``batch_size`` cuts exactly these batches. Every index
    appears once per epoch (with several processes, each takes every ``world``-th batch,
    see :func:`_shard_batches`). The order depends only on ``seed`` and the epoch
    (Lightning calls :meth:`set_epoch`; otherwise each pass is the next epoch), so
    an interrupted epoch can be continued (:meth:`resume_at`). With ``group=False``
    the batches are a plain seeded shuffle.

    >>> sampler = LengthGroupedSampler(train_dataset.lengths(), batch_size=32, seed=7)   # doctest: +SKIP
    >>> loader = DataLoader(train_dataset, batch_size=32, sampler=sampler, collate_fn=PadCollator(0))   # doctest: +SKIP
    """

    def __init__(self, lengths, batch_size, seed=0, chunk_batches=50, group=True):
        self.lengths = torch.as_tensor(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.chunk_size = batch_size * chunk_batches if group else len(self.lengths) + 1
        self.group = group
        self.epoch = 0
        self.skip = 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def resume_at(self, epoch, batches_done):
        """Make the next pass the rest of ``epoch``: its batches after the first ``batches_done``.

        :class:`~nlpbook_helpers.checkpoints.ResumeMidEpoch` calls it when training
        resumes from a checkpoint written in the middle of an epoch.
        """
        self.epoch, self.skip = epoch, batches_done

    def batches(self):
        """This epoch's batches, as lists of indices."""
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
        order = torch.randperm(len(self.lengths), generator=generator)
        batches = []
        for chunk in order.split(self.chunk_size):
            if self.group:
                chunk = chunk[torch.argsort(self.lengths[chunk], descending=True, stable=True)]
            batches += chunk.split(self.batch_size)
        full = [b for b in batches if len(b) == self.batch_size]
        short = [b for b in batches if 0 < len(b) < self.batch_size]  # at most one: the end of the last chunk
        full = [full[i] for i in torch.randperm(len(full), generator=generator)]
        return [b.tolist() for b in full + short]

    def __iter__(self):
        rank, world = rank_and_world()
        batches, skip = _shard_batches(self.batches(), self.batch_size, rank, world), self.skip
        self.epoch, self.skip = self.epoch + 1, 0
        for batch in batches[skip:]:
            yield from batch

    def __len__(self):
        # An epoch's full length, also when resumed: Lightning counts on it. With several
        # processes, this process's share (every share has the same number of full batches).
        _, world = rank_and_world()
        if world == 1:
            return len(self.lengths)
        batches = -(-len(self.lengths) // self.batch_size)
        return -(-batches // world) * self.batch_size


def _shard_batches(batches, batch_size, rank, world):
    """This process's batches of an epoch: every ``world``-th, all full, as many in every process.

    Distributed training needs the same number of steps in every process, so (as
    ``DistributedSampler`` does) the one short batch is filled up with the epoch's first
    indices and whole batches from the start are repeated until the count divides evenly.

    >>> _shard_batches([[0, 1], [2, 3], [4]], 2, rank=1, world=2)
    [[2, 3], [0, 1]]
    """
    if world == 1:
        return batches
    flat = [i for b in batches for i in b]
    if batches and len(batches[-1]) < batch_size:
        batches = batches[:-1] + [batches[-1] + (flat * batch_size)[: batch_size - len(batches[-1])]]
    batches = batches + (batches * world)[: -len(batches) % world]
    return batches[rank::world]


class ShardSampler(Sampler):
    """The indices in order, and with several processes every ``world``-th of them: each example once in all.

    For validation and prediction: unlike ``DistributedSampler`` it never repeats an
    example to even out the shards, so metrics gathered from all processes
    (:func:`~nlpbook_helpers.distributed.gather_outputs`) count every example exactly once.

    >>> list(ShardSampler(5))
    [0, 1, 2, 3, 4]
    """

    def __init__(self, length):
        self.length = length

    def __iter__(self):
        rank, world = rank_and_world()
        return iter(range(rank, self.length, world))

    def __len__(self):
        rank, world = rank_and_world()
        return len(range(rank, self.length, world))


def make_dataloader(dataset, args, tokenizer, shuffle, group=True):
    """The training notebooks' DataLoader cell as one function, for scripts and tests.

    With ``shuffle``, a :class:`LengthGroupedSampler` seeded with ``args.seed`` (batches of
    similar length; ``group=False``: a plain seeded shuffle, still resumable mid-epoch);
    without, the examples in order (:class:`ShardSampler`). Both give each process of a
    multi-GPU run its own share (the Trainer gets ``use_distributed_sampler=False`` from
    :func:`~nlpbook_helpers.accelerator.accelerator_settings`). Batches are padded to their
    own longest sequence (:class:`PadCollator`).

    >>> train_dataloader = make_dataloader(train_dataset, args, tokenizer, shuffle=True)   # doctest: +SKIP
    """
    if shuffle:
        sampler = LengthGroupedSampler(dataset.lengths(), args.batch_size, seed=args.seed, group=group)
    else:
        sampler = ShardSampler(len(dataset))
    return DataLoader(dataset, batch_size=args.batch_size, sampler=sampler,
                      collate_fn=PadCollator(tokenizer.pad_token_id), num_workers=args.cpu_workers)
