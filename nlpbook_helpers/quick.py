"""The offline quick mode: a tiny model and the project's own fixture corpora.

Set the environment variable ``NLPBOOK_QUICK=1`` and every notebook runs offline
in minutes: :func:`apply_quick_mode` swaps the pretrained model for a tiny one with
random weights (built here, saved with ``save_pretrained``) and the corpus root for
the bundled fixtures, and shortens training. It is a layer over the settings, not a
setting: :class:`~nlpbook_helpers.arguments.Arguments` knows nothing of it but one
hook at the end of its checks, :func:`apply_if_enabled`, which applies it when the
environment variable is set. The notebooks' code paths stay the same; only these
settings change.
"""
import contextlib
import hashlib
import os
import shutil
from pathlib import Path

QUICK_ENV = "NLPBOOK_QUICK"
FIXTURES_DIR = Path(__file__).parent / "fixtures"
TINY_BERT_VERSION = 10  # bump to rebuild cached tiny models after changing the recipe
TINY_GPT2_VERSION = 4


# What quick mode sets for every task: a short maximum length, small batches, a learning rate
# that moves random tiny weights, a few epochs; and for question answering (settings that have
# them, QAArguments) short questions and a small window overlap, so a window keeps room for context.
# The lengths are caps (min() with the notebook's value), the rest replace the notebook's values.
QUICK_DEFAULTS = dict(max_seq_length=64, batch_size=16, learning_rate=3e-3, epochs=3,
                      max_query_length=24, doc_stride=16)
QUICK_CAPS = ("max_seq_length", "max_query_length", "doc_stride")
# (pretrained model, corpus) -> what differs from QUICK_DEFAULTS for that task in quick mode.
QUICK_TASK_SETTINGS = {
    ("beomi/kcbert-base", "nsmc"): dict(learning_rate=1e-3),
    ("beomi/kcbert-base", "kornli"): dict(learning_rate=1e-3, epochs=6),
    ("beomi/kcbert-base", "klue-nli"): dict(learning_rate=1e-3, epochs=6),
    ("beomi/kcbert-base", "klue-ner"): {},
    ("beomi/kcbert-base", "book-ner"): {},
    ("beomi/kcbert-base", "korquad-v1"): dict(max_seq_length=160, batch_size=32, epochs=15),
    ("skt/kogpt2-base-v2", "nsmc"): dict(learning_rate=5e-3, epochs=8),
    # The learner's own file: a few hundred rows need more epochs than the fixtures (a 300-row keyword CSV:
    # validation accuracy 0.93-1.00 for 4 of 6 seeds, 7 among them; with 3 epochs 0.67, two labels merged).
    ("beomi/kcbert-base", "custom"): dict(batch_size=32, epochs=8),
}


def quick_settings(pretrained_model_name, corpus_name):
    """The quick-mode settings of one task: ``max_seq_length``, ``batch_size``, ``learning_rate``, ``epochs``,
    and QA's ``max_query_length`` and ``doc_stride``.

    >>> quick_settings("beomi/kcbert-base", "nsmc")["epochs"]
    3
    """
    return dict(QUICK_DEFAULTS, **QUICK_TASK_SETTINGS.get((pretrained_model_name, corpus_name), {}))


def quick_mode_enabled():
    """True when the environment variable ``NLPBOOK_QUICK`` is set to something other than 0/false."""
    return os.environ.get(QUICK_ENV, "").strip().lower() not in ("", "0", "false", "no")


_APPLIED = "_quick_mode_applied"  # set on settings that apply_quick_mode has changed


def apply_quick_mode(args):
    """Turn settings (an ``Arguments``, ``QAArguments`` included) into quick-mode ones, in place; return them.

    The tiny stand-in model, the fixture corpora (the learner's own files are read as they
    are), the task's :func:`quick_settings` (lengths capped, the step settings replaced), no
    dataloader workers, a log line every 5 steps; then one line says so. Applying it again
    changes nothing and prints nothing: the settings remember that they are quick ones.

    >>> args = apply_quick_mode(Arguments(downstream_corpus_name="nsmc"))   # doctest: +SKIP
    빠른 모드(NLPBOOK_QUICK=1)로 실행합니다: 작은 모델 ..., 픽스처 말뭉치 ..., 3 에폭.
    """
    if getattr(args, _APPLIED, False):
        return args
    settings = quick_settings(args.pretrained_model_name, args.downstream_corpus_name)
    args.pretrained_model_name = tiny_model_for(args.pretrained_model_name)
    args.downstream_corpus_root_dir = fixture_corpus_root()
    for name in QUICK_CAPS:
        if hasattr(args, name):  # max_query_length and doc_stride: question answering's settings only
            setattr(args, name, min(getattr(args, name), settings[name]))
    args.batch_size = settings["batch_size"]
    args.learning_rate = settings["learning_rate"]  # random tiny weights need a large one
    args.epochs = settings["epochs"]
    args.cpu_workers = 0
    args.log_every_n_steps = 5
    setattr(args, _APPLIED, True)  # an instance attribute, not a field: not in the settings' repr
    corpus = (f"내 데이터 {args.custom_train_file}" if args.downstream_corpus_name == "custom"
              else f"픽스처 말뭉치 {args.downstream_corpus_root_dir}")
    print(f"빠른 모드({QUICK_ENV}=1)로 실행합니다: 작은 모델 {args.pretrained_model_name}, "
          f"{corpus}, {args.epochs} 에폭.")
    return args


def apply_if_enabled(args):
    """The hook at the end of ``Arguments.__post_init__``: :func:`apply_quick_mode` when ``NLPBOOK_QUICK`` is set.

    >>> apply_if_enabled(args)   # settings unchanged unless NLPBOOK_QUICK=1   # doctest: +SKIP
    """
    if quick_mode_enabled():
        apply_quick_mode(args)
    return args


@contextlib.contextmanager
def disabled():
    """Settings made inside this block are the real ones even when ``NLPBOOK_QUICK`` is set (tests, benchmarks).

    It unsets the environment variable for the block (processes started inside it inherit that).

    >>> with disabled():   # doctest: +SKIP
    ...     args = Arguments()   # beomi/kcbert-base, batch size 32, whatever NLPBOOK_QUICK says
    """
    saved = os.environ.pop(QUICK_ENV, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[QUICK_ENV] = saved


def cache_dir():
    """Where quick mode keeps tiny models and corpus copies (``NLPBOOK_CACHE`` or ``~/.cache/nlpbook``)."""
    return Path(os.environ.get("NLPBOOK_CACHE") or "~/.cache/nlpbook").expanduser()


def _fixture_files():
    return sorted(p for p in FIXTURES_DIR.rglob("*") if p.is_file() and not p.name.startswith("."))


def _fixture_digest(extra=""):
    digest = hashlib.sha256(extra.encode())
    for path in _fixture_files():
        digest.update(str(path.relative_to(FIXTURES_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fixture_corpus_root():
    """A writable copy of the bundled fixture corpora, usable as a corpus root.

    >>> read_examples("nsmc", fixture_corpus_root(), "train")   # doctest: +SKIP
    """
    root = cache_dir() / f"corpora-{_fixture_digest()}"
    if not root.exists():
        staging = root.with_name(root.name + f".tmp{os.getpid()}")
        shutil.copytree(FIXTURES_DIR, staging, dirs_exist_ok=True)
        try:
            os.replace(staging, root)
        except OSError:  # another process won the race; its copy is identical
            shutil.rmtree(staging, ignore_errors=True)
    return str(root)


def fixture_lines():
    """Every line of every fixture file, markup included: what the tiny BERT's WordPiece is trained on.

    The tiny BERT keeps this recipe, with which the quick-mode settings and thresholds were
    measured (README): trained on the sentences alone, its vocabulary merged more particles
    into words, and NLI stalled at one merged class (accuracy 0.67) for 2 of 6 seeds while
    QA's exact match fell from about 73 to about 55. Its markup pieces (``guid``, ``LC``) are
    split off at punctuation and never reach a learner's output.
    """
    for path in _fixture_files():
        yield from path.read_text(encoding="utf-8").splitlines()


def fixture_sentences():
    """The sentences of every fixture corpus, read by the corpus readers: what the tiny GPT-2 learns from.

    KoGPT2 learned its vocabulary from running text, and a GPT-2 shows its tokens whole in
    what it writes: reviews, premises and hypotheses, NER sentences, questions and paragraphs
    (each paragraph once), never the files' markup (tabs and tags, JSON keys, ids).

    >>> next(fixture_sentences())   # doctest: +SKIP
    '입장료는 3천 원이고 아침 9시에 문을 연다.'
    """
    from .corpora import CORPORA, read_examples

    for name, corpus in CORPORA.items():
        if name == "custom":  # the learner's own files, not ours
            continue
        for split in corpus.FILES:
            context = None
            for example in read_examples(name, FIXTURES_DIR, split):
                if hasattr(example, "question"):  # QA: the question, and its paragraph when it changes
                    yield example.question
                    if example.context != context:
                        context = example.context
                        yield context
                elif hasattr(example, "entities"):  # NER
                    yield example.text
                else:  # a text or a text pair
                    yield from (text for text in (example.text_a, example.text_b) if text)


def common_characters():
    """The characters every tiny vocabulary holds: printable ASCII and the 2,350 KS X 1001 Hangul syllables.

    kcbert-base's vocabulary holds all of these but 207 rare syllables, alone and as a
    ``##`` continuation, so ordinary Korean never becomes ``[UNK]``; the tiny one does the same.
    KS X 1001's syllables are the ones EUC-KR writes in two bytes (the others take eight).

    >>> len(common_characters())
    2444
    """
    ascii_chars = [chr(c) for c in range(0x21, 0x7F)]
    hangul = [chr(c) for c in range(0xAC00, 0xD7A4) if len(chr(c).encode("euc-kr")) == 2]
    return ascii_chars + hangul


BERT_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_bert(path, merges=870):
    """Build a tiny BERT (random weights, seed 0) and its WordPiece tokenizer into ``path``.

    The tokenizer is built like kcbert-base's: cased and without accent stripping
    (stripping accents would break Hangul into jamo), every character of
    :func:`common_characters` and of the fixtures in its vocabulary alone and as a ``##``
    piece, and ``merges`` longer pieces trained with the ``tokenizers`` library on the
    fixture corpora. Saved with ``save_pretrained``, so it loads through the same
    ``from_pretrained`` calls as ``beomi/kcbert-base``.

    The character pieces are handed to the trainer first, in a fixed order: left to the
    trainer, the ``##`` pieces get their ids in hash-map order, which changes from run to
    run and with it the merges chosen among equal counts.

    >>> build_tiny_bert("/tmp/tiny-bert")   # doctest: +SKIP
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from tokenizers.processors import BertProcessing
    from transformers import BertConfig, BertForPreTraining, BertTokenizerFast

    path = Path(path)
    texts = list(fixture_lines())
    characters = common_characters()
    characters += sorted(set("".join(texts)) - set(characters) - set(" \t\r\n"))
    pieces = BERT_SPECIAL_TOKENS + [p for c in characters for p in (c, "##" + c)]

    def wordpiece(vocab=None):
        tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]", continuing_subword_prefix="##"))
        tokenizer.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                          strip_accents=False, lowercase=False)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.decoder = decoders.WordPiece(prefix="##")
        return tokenizer

    trained = wordpiece()
    trained.train_from_iterator(texts, trainers.WordPieceTrainer(
        vocab_size=len(pieces) + merges, min_frequency=1, special_tokens=pieces,
        continuing_subword_prefix="##", show_progress=False))
    # The trainer made every piece a special token; the tokenizer keeps only BERT's five as such.
    backend = wordpiece(trained.get_vocab())
    backend.add_special_tokens(BERT_SPECIAL_TOKENS)
    # [CLS] a [SEP] b [SEP] with segment ids, as kcbert-base's tokenizer.json has it
    # (transformers 4 keeps the tokenizer's own post-processor; 5 rebuilds the same one).
    backend.post_processor = BertProcessing(("[SEP]", backend.token_to_id("[SEP]")),
                                            ("[CLS]", backend.token_to_id("[CLS]")))
    tokenizer = BertTokenizerFast(tokenizer_object=backend, do_lower_case=False,
                                  unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                                  cls_token="[CLS]", mask_token="[MASK]", model_max_length=300)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=64, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=128, max_position_embeddings=300,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    with torch.random.fork_rng():  # the same weights on every build, so quick-mode runs repeat
        torch.manual_seed(0)
        model = BertForPreTraining(config)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return str(path)


def _cached(builder, name, version):
    path = cache_dir() / f"{name}-v{version}-{_fixture_digest(name)}"
    if not (path / "config.json").exists():
        staging = path.with_name(path.name + f".tmp{os.getpid()}")
        builder(staging)
        try:
            os.replace(staging, path)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return str(path)


def tiny_bert():
    """Path of the cached tiny BERT, built on first use."""
    return _cached(build_tiny_bert, "tiny-bert", TINY_BERT_VERSION)


# The special tokens of skt/kogpt2-base-v2, in its id order (</s> = 1 serves as bos and eos, <pad> = 3).
KOGPT2_SPECIAL_TOKENS = ["<s>", "</s>", "<usr>", "<pad>", "<sys>", "<unk>", "<mask>"]


def build_tiny_gpt2(path, vocab_size=2000):
    """Build a tiny GPT-2 (random weights, seed 0) and a tokenizer shaped like KoGPT2's into ``path``.

    Like ``skt/kogpt2-base-v2``'s ``tokenizer.json``: a character-level BPE (no byte-level
    alphabet, so Hangul is never split into bytes), the ``Metaspace`` "▁" word-boundary
    pre-tokenizer and decoder, and KoGPT2's special tokens at its ids (``</s>`` = 1 as bos
    and eos, ``<pad>`` = 3, ``<unk>`` = 5). Trained with ``tokenizers`` on the fixture
    corpora; load it as the notebooks load KoGPT2, with ``generation.load_tokenizer``.

    >>> build_tiny_gpt2("/tmp/tiny-gpt2")   # doctest: +SKIP
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    path = Path(path)
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    bpe.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    # The generation notebook writes "긍정 " or "부정 " before each review: the prefixes are text too.
    from .corpora.nsmc import LABELS as SENTIMENTS

    bpe.train_from_iterator(list(fixture_sentences()) + list(SENTIMENTS), trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=KOGPT2_SPECIAL_TOKENS, show_progress=False))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token="</s>", eos_token="</s>",
                                        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
                                        model_max_length=128)
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=128, n_embd=32, n_layer=2, n_head=2,
                        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                        pad_token_id=tokenizer.pad_token_id)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = GPT2LMHeadModel(config)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return str(path)


def tiny_gpt2():
    """Path of the cached tiny GPT-2, built on first use."""
    return _cached(build_tiny_gpt2, "tiny-gpt2", TINY_GPT2_VERSION)


# Quick-mode stand-ins for the notebooks' default models.
TINY_MODELS = {
    "beomi/kcbert-base": tiny_bert,
    "beomi/kcbert-large": tiny_bert,
    "skt/kogpt2-base-v2": tiny_gpt2,
}


def tiny_model_for(pretrained_model_name):
    """The tiny stand-in for a pretrained model name (quick mode)."""
    if pretrained_model_name not in TINY_MODELS:
        raise ValueError(
            f"빠른 모드에는 {pretrained_model_name!r} 대신 쓸 작은 모델이 없습니다. "
            f"작은 모델이 있는 이름: {', '.join(TINY_MODELS)}. 실제 모델을 쓰려면 환경 변수 "
            f"{QUICK_ENV} 설정을 지우세요."
        )
    return TINY_MODELS[pretrained_model_name]()
