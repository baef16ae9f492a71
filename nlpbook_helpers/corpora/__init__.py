"""Corpora: download them and read them into examples, one module per corpus.

Each corpus module has ``LABELS`` (or builds labels from data), ``FILES``
(split -> file name), ``download(root_dir)`` and ``read(root_dir, split)``.
Register a new corpus by adding one line to ``CORPORA``. The corpus ``"custom"`` is the
learner's own files (:mod:`.custom`): notebooks read every corpus with
``read_corpus(args, split)`` and get its labels with ``corpus_labels(args, train_examples)``.
"""
from ..errors import CorpusError
from . import klue_nli, kornli, nsmc
from . import korquad
from . import book_ner, klue_ner
from . import custom
from .entities import NERExample, ner_labels

CORPORA = {
    "klue-ner": klue_ner,
    "book-ner": book_ner,
    "nsmc": nsmc,
    "kornli": kornli,
    "klue-nli": klue_nli,
    "korquad-v1": korquad,
    "custom": custom,  # the learner's own files: Arguments.custom_train_file and friends
}


def get_corpus(corpus_name):
    """The module that reads ``corpus_name``; an unknown name is an error listing the known ones."""
    if corpus_name not in CORPORA:
        raise CorpusError(
            f"알 수 없는 말뭉치 {corpus_name!r}입니다. 쓸 수 있는 말뭉치: {', '.join(sorted(CORPORA))}."
        )
    return CORPORA[corpus_name]


def download_corpus(corpus_name, root_dir):
    """Download a corpus into ``root_dir`` unless it is already there.

    >>> download_corpus("nsmc", "/content/Korpora")   # doctest: +SKIP
    """
    return get_corpus(corpus_name).download(root_dir)


def read_examples(corpus_name, root_dir, split, custom_data=None):
    """Read one split (``train``, ``val`` or ``test``) of a corpus into a list of examples.

    For ``"custom"``, ``custom_data`` (``Arguments.custom_data``) says where the files are
    and ``root_dir`` is not used; :func:`read_corpus` passes both from the settings.

    >>> examples = read_examples("nsmc", "/content/Korpora", "train")   # doctest: +SKIP
    >>> examples[0].text_a, examples[0].label                          # doctest: +SKIP
    ('아 더빙.. 진짜 짜증나네요 목소리', 0)
    """
    corpus = get_corpus(corpus_name)
    if corpus is custom:
        if custom_data is None:
            raise CorpusError("내 데이터(custom)는 설정에서 읽습니다: read_corpus(args, split)를 쓰세요.")
        return custom.read(custom_data, split)
    if split not in corpus.FILES:
        raise CorpusError(
            f"{corpus_name} 말뭉치에는 {split!r} 데이터가 없습니다. split은 다음 중 하나로 고르세요: "
            f"{', '.join(corpus.FILES)}."
        )
    return corpus.read(root_dir, split)


def read_corpus(args, split):
    """Read one split of the corpus the settings name: registered (under the corpus root) or the learner's own.

    The training notebooks' reading cell, the same for every corpus; ``build_dataset``
    reads through it too.

    >>> train_examples = read_corpus(args, "train")   # doctest: +SKIP
    """
    return read_examples(args.downstream_corpus_name, args.downstream_corpus_root_dir, split,
                         custom_data=getattr(args, "custom_data", None))


def corpus_labels(args, train_examples):
    """The label names of the settings' corpus, in label-id order: what the model predicts and the checkpoint records.

    - a registered corpus with fixed labels: its ``LABELS`` (NSMC: ``['부정', '긍정']``);
    - NER: ``O`` and ``B-``/``I-`` per entity type of ``train_examples``
      (:func:`.entities.ner_labels`); for the learner's file, of the whole training
      file (a type only in the held-out rows still gets its labels);
    - the learner's classification file: its label strings, sorted (numerically when all are
      numbers); generation: the prefixes of its label column, or None without one;
    - question answering: None.

    >>> labels = corpus_labels(args, train_examples)   # doctest: +SKIP
    >>> labels                                         # doctest: +SKIP
    ['부정', '긍정']
    """
    data = getattr(args, "custom_data", None)
    if data is not None and data.task == "ner":  # every type of the file, also those the split held out
        return ner_labels(example for _, example in custom.read_records(data, data.train_file))
    if train_examples and isinstance(train_examples[0], NERExample):
        return ner_labels(train_examples)
    if data is not None:
        return custom.labels(data)
    labels = getattr(get_corpus(args.downstream_corpus_name), "LABELS", None)
    return list(labels) if labels is not None else None


def data_split(args):
    """What a checkpoint records about the learner's data (file hashes, ratio, seed, the split); None for other corpora.

    ``resume_checkpoint`` refuses a checkpoint whose record differs: its validation rows
    would now be training rows.

    >>> data_split(args)   # doctest: +SKIP
    {'train_file_sha256': '9f86d081884c7d65', 'val_ratio': 0.1, 'seed': 7, 'val_sha256': '5d41402abc4b2a76'}
    """
    return custom.split_identity(getattr(args, "custom_data", None))
