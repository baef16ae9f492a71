"""The length-grouped sampler: every example once per epoch, little padding, accuracy unchanged."""
import statistics

import pytest
import torch
from transformers import AutoTokenizer, BertForSequenceClassification, get_linear_schedule_with_warmup

from nlpbook_helpers.classification import encode_classification, predict_dataloader
from nlpbook_helpers import data as data_module
from nlpbook_helpers import read_corpus
from nlpbook_helpers.data import LengthGroupedSampler, ShardSampler, build_dataset, make_dataloader


def review_lengths(n, seed=0):
    """Token counts shaped like NSMC's (kcbert-base: mean about 20, long right tail), 3 to 128."""
    generator = torch.Generator().manual_seed(seed)
    lengths = torch.empty(n).log_normal_(2.8, 0.6, generator=generator)
    return lengths.round().clamp(3, 128).long().tolist()


def padding_share(batches, lengths):
    """Share of the padded batch tensors that is padding."""
    padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    return 1 - sum(lengths) / padded


@pytest.mark.parametrize("n", [0, 1, 15, 16, 17, 799, 800, 801, 5000])
@pytest.mark.parametrize("batch_size", [1, 3, 16])
def test_every_index_exactly_once_per_epoch(n, batch_size):
    sampler = LengthGroupedSampler(review_lengths(n), batch_size, seed=3, chunk_batches=50)
    for epoch in range(3):
        sampler.set_epoch(epoch)
        batches = sampler.batches()
        order = list(sampler)
        assert sorted(order) == list(range(n)) and len(sampler) == n
        # A DataLoader with the same batch size cuts exactly the sampler's batches; only the last may be short.
        assert [order[i:i + batch_size] for i in range(0, n, batch_size)] == batches
        assert all(len(b) == batch_size for b in batches[:-1])


def as_process(monkeypatch, rank, world):
    monkeypatch.setattr(data_module, "rank_and_world", lambda: (rank, world))


@pytest.mark.parametrize("n, batch_size, world", [(1200, 48, 2), (1201, 16, 2), (17, 3, 2), (100, 7, 3), (1, 4, 2)])
def test_each_process_gets_its_own_share_of_whole_batches(monkeypatch, n, batch_size, world):
    """Several GPUs: each process takes every world-th batch of the epoch's one order, all full, as many as the
    others (distributed training steps together); together they cover every example, and a resumed epoch
    continues each process at its own batch."""
    lengths = review_lengths(n)
    shares = []
    for rank in range(world):
        as_process(monkeypatch, rank, world)
        sampler = LengthGroupedSampler(lengths, batch_size, seed=3)
        sampler.set_epoch(1)
        shares.append(list(sampler))
        assert len(shares[-1]) == len(sampler) and len(sampler) % batch_size == 0
        sampler.set_epoch(1)
        assert list(sampler) == shares[-1]  # the same order each time: deterministic per rank
        sampler.resume_at(1, 2)
        assert list(sampler) == shares[-1][2 * batch_size:]
    assert len({len(share) for share in shares}) == 1
    assert set().union(*map(set, shares)) == set(range(n))
    as_process(monkeypatch, 0, 1)
    one = LengthGroupedSampler(lengths, batch_size, seed=3)
    one.set_epoch(1)
    whole = one.batches()
    for rank, share in enumerate(shares):  # the one-process batches, dealt out in turn
        if len(whole) > rank and len(whole[rank]) == batch_size:
            assert share[:batch_size] == whole[rank]


@pytest.mark.parametrize("n, world", [(200, 2), (201, 2), (5, 3), (1, 2), (0, 2)])
def test_validation_shards_hold_every_example_exactly_once(monkeypatch, n, world):
    shares = []
    for rank in range(world):
        as_process(monkeypatch, rank, world)
        shares.append(list(ShardSampler(n)))
        assert len(ShardSampler(n)) == len(shares[-1])
    assert sorted(i for share in shares for i in share) == list(range(n))


def test_batches_hold_similar_lengths():
    lengths = review_lengths(20_000)
    sampler = LengthGroupedSampler(lengths, batch_size=32, seed=7)
    grouped = sampler.batches()
    shuffled = torch.randperm(len(lengths), generator=torch.Generator().manual_seed(7)).split(32)
    random_share = padding_share([b.tolist() for b in shuffled], lengths)
    grouped_share = padding_share(grouped, lengths)
    # Measured (mean length 20, p95 45, batches of 32): random batches 67% padding, grouped ones 7%.
    assert random_share > 0.6 and grouped_share < 0.1
    # Still random across batches: the batch lengths in order are not sorted, and neighbours differ.
    longest = [max(lengths[i] for i in b) for b in grouped]
    assert longest != sorted(longest) and longest != sorted(longest, reverse=True)
    assert sum(abs(a - b) for a, b in zip(longest, longest[1:])) / len(longest) > 5  # measured: 15.5


def test_order_depends_on_seed_and_epoch_only():
    lengths = review_lengths(1000)
    first = LengthGroupedSampler(lengths, 16, seed=7)
    epoch0, epoch1 = list(first), list(first)  # without set_epoch each pass is the next epoch
    assert epoch0 != epoch1
    assert list(LengthGroupedSampler(lengths, 16, seed=8)) != epoch0
    resumed = LengthGroupedSampler(lengths, 16, seed=7)
    resumed.set_epoch(1)  # what Lightning does when a run resumes in epoch 1
    assert list(resumed) == epoch1


def test_make_dataloader_groups_training_batches_only(quick_args, tiny_bert_path):
    tokenizer = AutoTokenizer.from_pretrained(tiny_bert_path)
    args = quick_args()
    dataset = build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification)
    lengths = dataset.lengths()
    train_loader = make_dataloader(dataset, args, tokenizer, shuffle=True)
    assert isinstance(train_loader.sampler, LengthGroupedSampler)
    widths = [batch["input_ids"].shape[1] for batch in train_loader]
    seen = sum(batch["input_ids"].shape[0] for batch in make_dataloader(dataset, args, tokenizer, shuffle=True))
    assert seen == len(dataset) == 1200
    plain = make_dataloader(dataset, args, tokenizer, shuffle=True, group=False)
    assert plain.sampler.group is False  # a plain seeded shuffle, still resumable mid-epoch
    plain_widths = [batch["input_ids"].shape[1] for batch in plain]
    # Fewer padded tokens per epoch than random batches of the same size (fixture: 12 tokens on average).
    assert sum(widths) * 16 < 0.8 * sum(plain_widths) * 16
    assert sum(widths) * 16 - sum(lengths) < 0.1 * sum(lengths)
    val_loader = make_dataloader(dataset, args, tokenizer, shuffle=False)
    assert [int(b["labels"][0]) for b in val_loader][:3] == [int(dataset[i]["labels"]) for i in (0, 16, 32)]


def fit_accuracy(args, group, epochs=3):
    """Validation accuracy of the tiny model after ``epochs`` epochs of AdamW with the tasks' warmup schedule."""
    torch.manual_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.pretrained_model_name)
    train_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification), args, tokenizer, True,
                                   group=group)
    val_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification), args, tokenizer, False)
    model = BertForSequenceClassification.from_pretrained(args.pretrained_model_name, num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    # Without the warmup the tasks use, a large quick-mode rate sometimes diverges at the first steps
    # (CI once saw a 0.5 run on seed 1), and the test would judge the optimizer, not the sampler.
    total = epochs * len(train_loader)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total * args.warmup_ratio), total)
    model.train()
    for _ in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
    labels, preds = predict_dataloader(model, val_loader)
    return sum(a == b for a, b in zip(labels, preds)) / len(labels)


@pytest.fixture
def one_thread():
    """A tiny model gains nothing from 2 threads; on a busy machine they wait for each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_grouping_leaves_validation_accuracy_unchanged(quick_args, one_thread):
    seeds = range(1, 8)
    grouped = [fit_accuracy(quick_args(seed=s), group=True) for s in seeds]
    shuffled = [fit_accuracy(quick_args(seed=s), group=False) for s in seeds]
    # Measured here, seeds 1-10 (3 epochs = 225 steps each): grouped and shuffled both 0.995-1.00.
    # Single tiny-model runs sometimes stall (CI once saw a grouped 0.5, and an earlier quick-mode
    # learning rate of 3e-3 a shuffled 0.745), so the test judges 7-seed medians, which three such
    # runs cannot move. A model that learned nothing scores about 0.5 on this balanced split.
    median_grouped, median_shuffled = statistics.median(grouped), statistics.median(shuffled)
    assert median_grouped >= 0.95 and median_shuffled >= 0.95, (grouped, shuffled)
    assert abs(median_grouped - median_shuffled) <= 0.03, (grouped, shuffled)
