"""Our data path, training throughput and demo latency against the book's pad-to-128 baseline.

    .venv/bin/python benchmarks/bench.py                                # fixture reviews repeated to 20,000
    .venv/bin/python benchmarks/bench.py --corpus-root ../shared/data   # any NSMC-format root

Both paths get the same reviews and the same BERT-base-sized model (12 layers, 768 hidden,
random weights, the kcbert-base vocabulary from ``../shared/data/kcbert-base/vocab.txt``,
or a generated 30,000-entry one). The baseline is the book's original pipeline: the slow
pure-Python BertTokenizer (``BertTokenizerLegacy`` in transformers 5), every example padded
to 128 tokens and pickled as a list of objects, pad-to-128 training batches, and a web demo
that pads the one sentence to 128. Ours is ``nlpbook_helpers``: fast tokenizer, compact
cache, dynamic padding with length-grouped batches, ``Classifier`` (and its int8 option).

Every measurement runs in a fresh process, so each path's peak memory is its own.
Results go to ``benchmarks/results/<name>.md``, ``.json`` and ``.png``. Ratios are the
headline: on a shared machine absolute times move with the load.
"""
import argparse
import dataclasses
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
KCBERT_VOCAB = REPO.parent / "shared" / "data" / "kcbert-base" / "vocab.txt"
MAX_LENGTH = 128  # the book's max_seq_length
LABELS = ["부정", "긍정"]


# ---------------------------------------------------------------- measuring

class PeakMemory:
    """Peak resident memory (MiB) inside a ``with`` block, from Linux's VmHWM after resetting it."""

    def __enter__(self):
        try:
            Path("/proc/self/clear_refs").write_text("5")  # resets the high-water mark
        except OSError:
            pass  # not Linux: the peak is then the process's whole-life peak
        self.start = self._status("VmRSS")
        return self

    def __exit__(self, *exc):
        self.peak = self._status("VmHWM")
        self.growth = self.peak - self.start

    @staticmethod
    def _status(key):
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(peak):
    return {"peak_mib": round(peak.peak, 1), "growth_mib": round(peak.growth, 1)}


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# ---------------------------------------------------------------- the book's baseline

@dataclasses.dataclass
class BookFeatures:
    """One example as the book cached it: padded lists of ints."""
    input_ids: list
    attention_mask: list
    token_type_ids: list
    label: int


def book_tokenizer(work):
    """The slow pure-Python WordPiece tokenizer (transformers 4's ``BertTokenizer``, renamed in 5)."""
    from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy
    return BertTokenizerLegacy(str(Path(work) / "model" / "vocab.txt"), do_lower_case=False)


def book_collate(features):
    """The book's collator: lists of ints to tensors (they are already padded to 128)."""
    batch = {name: torch_tensor([getattr(f, name) for f in features])
             for name in ("input_ids", "attention_mask", "token_type_ids")}
    batch["labels"] = torch_tensor([f.label for f in features])
    return batch


def torch_tensor(values):
    import torch
    return torch.tensor(values, dtype=torch.long)


# ---------------------------------------------------------------- workers (one process each)

def settings_of(work):
    return json.loads((Path(work) / "settings.json").read_text())


def our_args(work, **overrides):
    from nlpbook_helpers import Arguments, quick
    s = settings_of(work)
    settings = dict(downstream_corpus_name="nsmc", downstream_corpus_root_dir=s["corpus_root"],
                    downstream_model_dir=str(Path(work) / "checkpoints"), feature_cache_dir=str(Path(work) / "features"),
                    max_seq_length=MAX_LENGTH, batch_size=s["batch_size"], cpu_workers=0, seed=7)
    settings.update(overrides)
    with quick.disabled():  # the real settings, even where NLPBOOK_QUICK is set
        return Arguments(**settings)


def our_tokenizer(work):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(str(Path(work) / "model"))


def bert_base(work, seed=0, **sizes):
    """The BERT-base-sized classifier with random weights (the same ones in every process)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification
    config = BertConfig.from_pretrained(str(Path(work) / "model"), num_labels=2,
                                        id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)},
                                        **sizes)
    torch.manual_seed(seed)
    return BertForSequenceClassification(config)


def work_features_baseline(work):
    import torch
    from nlpbook_helpers.corpora import read_examples
    tokenizer = book_tokenizer(work)
    path = Path(work) / "baseline-features.pt"
    with PeakMemory() as peak:
        start = time.perf_counter()
        examples = read_examples("nsmc", settings_of(work)["corpus_root"], "train")
        encoded = tokenizer([e.text_a for e in examples], max_length=MAX_LENGTH, padding="max_length", truncation=True,
                            return_token_type_ids=True)
        features = [BookFeatures(encoded["input_ids"][i], encoded["attention_mask"][i], encoded["token_type_ids"][i],
                                 e.label) for i, e in enumerate(examples)]
        torch.save(features, path)
        seconds = time.perf_counter() - start
    return {"examples": len(examples), "seconds": seconds, "examples_per_s": len(examples) / seconds,
            "cache_bytes": path.stat().st_size, **memory(peak)}


def work_features_ours(work):
    import torch
    from nlpbook_helpers.classification import encode_classification
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import LengthGroupedSampler, build_dataset
    args, tokenizer = our_args(work), our_tokenizer(work)
    with PeakMemory() as peak:
        start = time.perf_counter()
        dataset = build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification)
        seconds = time.perf_counter() - start
    cache_bytes = sum(p.stat().st_size for p in Path(args.feature_cache_dir).glob("nsmc-*.pt"))
    # Same data: our unpadded ids are the baseline's ids without the padding.
    book = torch.load(Path(work) / "baseline-features.pt", weights_only=False)
    for i in range(0, len(book), max(1, len(book) // 500)):
        real = book[i].input_ids[: sum(book[i].attention_mask)]
        assert dataset[i]["input_ids"].tolist() == real, f"example {i}: the two tokenizers disagree"
    # Padded tokens per epoch, by batching scheme (the model's work is about proportional to them).
    lengths, size = dataset.lengths(), args.batch_size
    generator = torch.Generator().manual_seed(0)
    shuffled = [b.tolist() for b in torch.randperm(len(lengths), generator=generator).split(size)]
    grouped = LengthGroupedSampler(lengths, size, seed=7).batches()
    width = {name: sum(len(b) * max(lengths[i] for i in b) for b in batches) / len(lengths)
             for name, batches in (("dynamic", shuffled), ("grouped", grouped))}
    return {"examples": len(dataset), "seconds": seconds, "examples_per_s": len(dataset) / seconds,
            "cache_bytes": cache_bytes, "mean_tokens": statistics.mean(lengths),
            "p95_tokens": percentile(lengths, 95), "max_tokens": max(lengths),
            "padded_tokens_per_example": {"baseline": MAX_LENGTH, **width}, **memory(peak)}


def work_train(work, path):
    """Samples/s over a fixed number of AdamW steps (after one untimed warm-up step)."""
    import torch
    from torch.utils.data import DataLoader, RandomSampler
    from nlpbook_helpers.classification import encode_classification
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader
    s = settings_of(work)
    model = bert_base(work).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    torch.manual_seed(1)
    if path == "baseline":
        features = torch.load(Path(work) / "baseline-features.pt", weights_only=False)
        sampler = RandomSampler(features, generator=torch.Generator().manual_seed(7))
        loader = DataLoader(features, batch_size=s["batch_size"], sampler=sampler, collate_fn=book_collate)
    else:
        args = our_args(work)
        loader = make_dataloader(build_dataset(args, our_tokenizer(work), read_corpus(args, "train"), encode_classification),
                                 args, our_tokenizer(work), shuffle=True, group=(path == "ours"))
    batches = iter(loader)
    widths = []
    with PeakMemory() as peak:
        for step in range(s["train_steps"] + 1):
            if step == 1:
                start = time.perf_counter()  # step 0 warms up (allocations, optimizer state)
            batch = next(batches)
            model(**batch).loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            widths.append(batch["input_ids"].shape[1])
        seconds = time.perf_counter() - start
    samples = s["train_steps"] * s["batch_size"]
    return {"samples_per_s": samples / seconds, "seconds": seconds, "mean_width": statistics.mean(widths[1:]),
            "widths": widths, **memory(peak)}


def model_bytes(model):
    import torch
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell()


def work_latency(work):
    """p50/p95 ms of one sentence through each demo's predict, on the CPU.

    The three paths take turns sentence by sentence in one process, so a burst of load
    on this shared machine hits them alike. Memory: each call's growth over the RSS
    before it (the models' own size is reported apart).
    """
    import torch
    from nlpbook_helpers.classification import Classifier
    from nlpbook_helpers.corpora import read_examples
    from nlpbook_helpers.quantization import quantize_for_cpu
    s = settings_of(work)
    reviews = read_examples("nsmc", s["corpus_root"], "val")
    sentences = [e.text_a for e in reviews if e.text_a.strip()][: s["sentences"]]  # NSMC has empty reviews
    model = bert_base(work).eval()
    book = book_tokenizer(work)

    @torch.no_grad()
    def book_predict(texts):  # the book's web demo: pad the one sentence to 128
        inputs = book(texts, max_length=MAX_LENGTH, padding="max_length", truncation=True, return_token_type_ids=True)
        probs = model(**{k: torch.tensor(v) for k, v in inputs.items()}).logits.softmax(dim=1)[0]
        return {"label": LABELS[int(probs.argmax())], "score": float(probs.max())}

    int8 = quantize_for_cpu(model)
    paths = {"baseline": book_predict, "ours": Classifier(model, our_tokenizer(work), MAX_LENGTH),
             "int8": Classifier(int8, our_tokenizer(work), MAX_LENGTH)}
    times = {name: [] for name in paths}
    growth = {name: 0.0 for name in paths}
    for round_, text in enumerate(sentences[:2] + sentences):  # the first two calls warm up
        for name, predict in paths.items():
            with PeakMemory() as peak:
                start = time.perf_counter()
                predict([text])
                elapsed = (time.perf_counter() - start) * 1000
            if round_ >= 2:
                times[name].append(elapsed)
                growth[name] = max(growth[name], peak.growth)
    results = {}
    for name in paths:
        results[name] = {"p50_ms": statistics.median(times[name]), "p95_ms": percentile(times[name], 95),
                         "mean_ms": statistics.mean(times[name]), "sentences": len(times[name]),
                         "model_bytes": model_bytes(int8 if name == "int8" else model),
                         "growth_mib": round(growth[name], 1)}
    return results


def work_accuracy(work):
    """Validation accuracy of a small model trained here, in float32 and after int8 quantization."""
    import torch
    from nlpbook_helpers.classification import encode_classification, predict_dataloader
    from nlpbook_helpers import read_corpus
    from nlpbook_helpers.data import build_dataset, make_dataloader
    from nlpbook_helpers.quantization import quantize_for_cpu
    s = settings_of(work)
    sizes = dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024)
    model = bert_base(work, **sizes).train()
    args = our_args(work, batch_size=32)
    tokenizer = our_tokenizer(work)
    train_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "train"), encode_classification), args, tokenizer, True)
    val_loader = make_dataloader(build_dataset(args, tokenizer, read_corpus(args, "val"), encode_classification), args, tokenizer, False)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    step, start = 0, time.perf_counter()
    while step < s["accuracy_steps"]:
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            if step == s["accuracy_steps"]:
                break
    train_seconds = time.perf_counter() - start
    labels, fp32 = predict_dataloader(model, val_loader)
    quantized = quantize_for_cpu(model)
    _, int8 = predict_dataloader(quantized, val_loader)

    def accuracy(preds):
        return sum(p == t for p, t in zip(preds, labels)) / len(labels)

    return {"model": "BERT 4 layers x 256 hidden", "train_steps": step, "batch_size": 32,
            "train_seconds": train_seconds, "val_examples": len(labels),
            "fp32_acc": accuracy(fp32), "int8_acc": accuracy(int8),
            "agreement": sum(a == b for a, b in zip(fp32, int8)) / len(labels),
            "fp32_bytes": model_bytes(model), "int8_bytes": model_bytes(quantized)}


WORKERS = {
    "features-baseline": work_features_baseline,
    "features-ours": work_features_ours,
    "train-baseline": lambda work: work_train(work, "baseline"),
    "train-dynamic": lambda work: work_train(work, "dynamic"),
    "train-ours": lambda work: work_train(work, "ours"),
    "latency": work_latency,
    "accuracy": work_accuracy,
}


def run_worker(name, work):
    """Run one measurement in a fresh Python process and return its result."""
    out = Path(work) / f"{name}.json"
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--worker", name, "--work-dir", str(work)], check=True,
                   stdout=subprocess.DEVNULL)
    result = json.loads(out.read_text())
    print(f"  {name}: done in {time.perf_counter() - start:.0f} s", flush=True)
    return result


# ---------------------------------------------------------------- set-up

def make_corpus(work, reviews):
    """``<work>/corpus/nsmc``: the fixture's training reviews repeated to ``reviews`` lines, its test file as is."""
    from nlpbook_helpers.quick import FIXTURES_DIR
    source = FIXTURES_DIR / "nsmc"
    header, *lines = (source / "ratings_train.txt").read_text(encoding="utf-8").splitlines()
    target = Path(work) / "corpus" / "nsmc"
    target.mkdir(parents=True)
    rows = [header]
    for i in range(reviews):
        _, document, label = lines[i % len(lines)].split("\t")
        rows.append(f"{9_000_000 + i}\t{document}\t{label}")
    (target / "ratings_train.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copy(source / "ratings_test.txt", target / "ratings_test.txt")
    return str(target.parent)


def make_vocab(work, vocab, corpus_root, size=30_000):
    """``<work>/model``: the vocabulary, a fast tokenizer saved from it, and BERT-base's config."""
    from transformers import BertConfig, BertTokenizer
    from transformers.models.bert.tokenization_bert_legacy import load_vocab
    model_dir = Path(work) / "model"
    model_dir.mkdir(parents=True)
    if vocab == "generate" or (vocab == "auto" and not KCBERT_VOCAB.exists()):
        from tokenizers import BertWordPieceTokenizer
        from nlpbook_helpers.corpora import read_examples
        texts = [e.text_a for split in ("train", "val") for e in read_examples("nsmc", corpus_root, split)]
        wordpiece = BertWordPieceTokenizer(lowercase=False, strip_accents=False)
        wordpiece.train_from_iterator(texts, vocab_size=size, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        tokens = sorted(wordpiece.get_vocab(), key=wordpiece.get_vocab().get)
        tokens += [f"[unused{i}]" for i in range(size - len(tokens))]  # a small corpus gives fewer: fill up
        (model_dir / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
        source = f"a WordPiece vocabulary generated from the corpus, filled up to {size:,} entries"
    else:
        shutil.copy(KCBERT_VOCAB if vocab == "auto" else vocab, model_dir / "vocab.txt")
        source = "kcbert-base vocab.txt" if vocab == "auto" else str(vocab)
    tokenizer = BertTokenizer(vocab=load_vocab(model_dir / "vocab.txt"), do_lower_case=False, model_max_length=300)
    tokenizer.save_pretrained(model_dir)
    BertConfig(vocab_size=len(tokenizer), hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
               intermediate_size=3072, max_position_embeddings=300).save_pretrained(model_dir)
    return source


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch
    return {"cpu": cpu, "cores": os.cpu_count(),
            "torch": torch.__version__, "python": platform.python_version(), "gpu": None,
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


# ---------------------------------------------------------------- report

def ratio(baseline, ours, lower_is_better=False):
    return baseline / ours if lower_is_better else ours / baseline


def headline(r):
    """(measure, baseline, ours, ratio, target) rows."""
    fb, fo = r["features-baseline"], r["features-ours"]
    tb, to = r["train-baseline"], r["train-ours"]
    lb, lo, lq = r["latency"]["baseline"], r["latency"]["ours"], r["latency"]["int8"]
    return [
        ("features built (examples/s)", fb["examples_per_s"], fo["examples_per_s"],
         ratio(fb["examples_per_s"], fo["examples_per_s"]), 3),
        ("cached features (MiB, smaller is better)", fb["cache_bytes"] / 2**20, fo["cache_bytes"] / 2**20,
         ratio(fb["cache_bytes"], fo["cache_bytes"], True), 5),
        ("training (samples/s)", tb["samples_per_s"], to["samples_per_s"],
         ratio(tb["samples_per_s"], to["samples_per_s"]), 4),
        ("demo p50 (ms, lower is better)", lb["p50_ms"], lo["p50_ms"], ratio(lb["p50_ms"], lo["p50_ms"], True), 3),
        ("demo p50, int8 (ms, lower is better)", lb["p50_ms"], lq["p50_ms"], ratio(lb["p50_ms"], lq["p50_ms"], True), None),
    ]


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}" if x >= 10 else f"{x:,.2f}"


def write_markdown(r, path):
    s, m, fo = r["settings"], r["machine"], r["features-ours"]
    widths = fo["padded_tokens_per_example"]
    lines = [
        f"# Benchmark: ours vs. the book's pad-to-128 baseline ({s['name']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, torch {m['torch']} ({s['threads']} thread(s) per path), no GPU; "
        f"load average at the end {', '.join(f'{x:.1f}' for x in m['load_average'] or [])} (a shared machine: "
        f"ratios are the headline, absolute times move with the load). {r['date']}.",
        "",
        f"Corpus: {s['corpus']} — {fo['examples']:,} training reviews, {fo['mean_tokens']:.1f} tokens on average "
        f"(p95 {fo['p95_tokens']}, max {fo['max_tokens']}). Vocabulary: {s['vocab']}. "
        f"Model: BERT-base-sized (12 layers, 768 hidden, random weights). Training: batch {s['batch_size']}, "
        f"{s['train_steps']} timed AdamW steps after 1 warm-up step. Demo: {s['sentences']} sentences, one at a time, "
        f"after 2 warm-up calls. Full run: {r['seconds'] / 60:.1f} min.",
        "",
        "| measure | baseline | ours | ours vs. baseline | target | met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for name, base, ours, x, target in headline(r):
        met = "—" if target is None else ("yes" if x >= target else "**no**")
        lines.append(f"| {name} | {fmt(base)} | {fmt(ours)} | **{x:.1f}x** | {f'≥ {target}x' if target else '—'} | {met} |")
    lines += ["", "## Every path", "",
              "| stage | path | result | peak memory (MiB) | growth during the stage (MiB) |",
              "|---|---|---|---:|---:|"]
    speed = {"features": lambda x: f"{fmt(x['examples_per_s'])} examples/s, cache {x['cache_bytes'] / 2**20:.2f} MiB",
             "training": lambda x: f"{x['samples_per_s']:.2f} samples/s, batches {x['mean_width']:.1f} tokens wide"}
    for stage, label, key in [
            ("features", "baseline: slow Python tokenizer, pad to 128, pickled list", "features-baseline"),
            ("features", "ours: fast tokenizer, no padding, packed int8/int16 tensors", "features-ours"),
            ("training", "baseline: pad to 128", "train-baseline"),
            ("training", "dynamic padding, random batches", "train-dynamic"),
            ("training", "ours: dynamic padding + length-grouped batches", "train-ours")]:
        x = r[key]
        lines.append(f"| {stage} | {label} | {speed[stage](x)} | {x['peak_mib']:,.0f} | {x['growth_mib']:,.0f} |")
    for label, key in [("baseline: slow tokenizer, pad to 128", "baseline"), ("ours: `Classifier`, no padding", "ours"),
                       ("ours, int8: `Classifier(quantize_for_cpu(model))`", "int8")]:
        x = r["latency"][key]
        lines.append(f"| demo | {label} | p50 {fmt(x['p50_ms'])} ms, p95 {fmt(x['p95_ms'])} ms | "
                     f"model {x['model_bytes'] / 2**20:,.0f} | {x['growth_mib']:,.0f} per call |")
    a = r["accuracy"]
    lines += [
        "", "Padded tokens per training example over a whole epoch (the model's work is about proportional): "
        f"baseline {widths['baseline']}, dynamic padding {widths['dynamic']:.1f}, length-grouped {widths['grouped']:.1f} "
        f"(real tokens: {fo['mean_tokens']:.1f}). The demo paths take turns sentence by sentence in one process; "
        "the int8 model keeps its embeddings in fp32.",
        "", "## int8 dynamic quantization and accuracy", "",
        f"A small model ({a['model']}, same vocabulary) trained here for {a['train_steps']} steps of {a['batch_size']} "
        f"on our path ({a['train_seconds']:.0f} s), then `quantize_for_cpu` (int8 weights in every Linear layer). "
        f"BERT-base itself cannot be fine-tuned within minutes on this CPU.", "",
        "| model | validation accuracy | predictions equal to fp32 | model size (MiB) |",
        "|---|---:|---:|---:|",
        f"| fp32 | {a['fp32_acc']:.3f} ({a['val_examples']} reviews) | — | {a['fp32_bytes'] / 2**20:.1f} |",
        f"| int8 | {a['int8_acc']:.3f} | {a['agreement']:.3f} | {a['int8_bytes'] / 2**20:.1f} |",
        "", f"Command: `{' '.join(['.venv/bin/python benchmarks/bench.py', s['command']]).strip()}`",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chart(r, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = headline(r)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6), gridspec_kw={"width_ratios": [1.2, 1]})
    names = [n.split(" (")[0] for n, *_ in rows]
    values = [x for _, _, _, x, _ in rows]
    bars = left.barh(names[::-1], values[::-1], color="#4c72b0")
    for bar, (_, _, _, x, target) in zip(bars, rows[::-1]):
        left.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {x:.1f}x", va="center", fontsize=9)
        if target:
            y = bar.get_y()
            left.plot([target, target], [y - 0.1, y + bar.get_height() + 0.1], color="#c44e52", lw=2)
    left.axvline(1, color="grey", lw=0.8)
    left.set_xlabel("ours vs. baseline (x better; red: target)")
    left.set_xlim(0, max(values) * 1.2)
    groups = [("features\n(peak RSS)", r["features-baseline"]["peak_mib"], r["features-ours"]["peak_mib"]),
              ("training\n(peak RSS)", r["train-baseline"]["peak_mib"], r["train-ours"]["peak_mib"]),
              ("demo model\n(ours: int8)", r["latency"]["baseline"]["model_bytes"] / 2**20,
               r["latency"]["int8"]["model_bytes"] / 2**20)]
    xs = range(len(groups))
    right.bar([x - 0.2 for x in xs], [g[1] for g in groups], 0.4, label="baseline", color="#dd8452")
    right.bar([x + 0.2 for x in xs], [g[2] for g in groups], 0.4, label="ours", color="#4c72b0")
    right.set_xticks(list(xs), [g[0] for g in groups])
    right.set_ylabel("memory (MiB)")
    right.legend(frameon=False)
    fig.suptitle(f"nlpbook benchmark ({r['settings']['name']}): {r['machine']['cores']}-core CPU, BERT-base-sized model",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


# ---------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus-root", help="an NSMC-format root (<root>/nsmc/ratings_*.txt); "
                        "default: the fixture reviews repeated to --reviews")
    parser.add_argument("--reviews", type=int, default=20_000, help="training reviews for the default corpus")
    parser.add_argument("--vocab", default="auto", help="vocab.txt, 'generate', or 'auto' (kcbert-base's if present)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--train-steps", type=int, default=5, help="timed optimizer steps per training path")
    parser.add_argument("--sentences", type=int, default=20, help="demo sentences timed per path")
    parser.add_argument("--accuracy-steps", type=int, default=300, help="training steps of the small int8 model")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads per path (1: on a busy shared machine 2 threads wait for each other)")
    parser.add_argument("--name", default="cpu", help="results file name: benchmarks/results/<name>.md")
    parser.add_argument("--results-dir", default=str(REPO / "benchmarks" / "results"))
    parser.add_argument("--work-dir", help="scratch folder (default: a temporary one, removed at the end)")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.worker:
        # Every path imports the same libraries first, so peak memory compares the paths, not their imports.
        import nlpbook_helpers.classification, nlpbook_helpers.data, nlpbook_helpers.quantization  # noqa: E401, F401
        import transformers.models.bert.tokenization_bert_legacy  # noqa: F401
        import torch
        torch.set_num_threads(settings_of(options.work_dir)["threads"])
        result = WORKERS[options.worker](options.work_dir)
        (Path(options.work_dir) / f"{options.worker}.json").write_text(json.dumps(result))
        return

    started = time.perf_counter()
    work = Path(options.work_dir or tempfile.mkdtemp(prefix="nlpbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if options.corpus_root:
            corpus_root, corpus = str(Path(options.corpus_root).resolve()), f"`{options.corpus_root}`"
        else:
            corpus_root = make_corpus(work, options.reviews)
            corpus = f"the project's NSMC fixture repeated to {options.reviews:,} reviews"
        vocab = make_vocab(work, options.vocab, corpus_root)
        command = " ".join(argv if argv is not None else sys.argv[1:])
        settings = {"name": options.name, "corpus_root": corpus_root, "corpus": corpus, "vocab": vocab,
                    "batch_size": options.batch_size, "train_steps": options.train_steps,
                    "sentences": options.sentences, "accuracy_steps": options.accuracy_steps, "command": command,
                    "threads": options.threads}
        (work / "settings.json").write_text(json.dumps(settings))
        print(f"Benchmark in {work}: {corpus}, vocabulary: {vocab}", flush=True)
        results = {"settings": settings}
        for name in WORKERS:  # features-baseline first: features-ours checks its ids against it
            results[name] = run_worker(name, work)
        results.update(machine=machine(), date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                       seconds=time.perf_counter() - started)
        out = Path(options.results_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{options.name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        write_markdown(results, out / f"{options.name}.md")
        write_chart(results, out / f"{options.name}.png")
        print((out / f"{options.name}.md").read_text(encoding="utf-8"))
    finally:
        if not options.work_dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
