"""Corpora: download them and read them into examples, one module per corpus.

Each corpus module has ``LABELS`` (or builds labels from data), ``FILES``
(split -> file name), ``download(root_dir)`` and ``read(root_dir, split)``.
Register a new corpus by adding one line to ``CORPORA``.
"""
from ..errors import CorpusError
from . import klue_nli, kornli, nsmc
from . import korquad
from . import book_ner, klue_ner

CORPORA = {
    "klue-ner": klue_ner,
    "book-ner": book_ner,
    "nsmc": nsmc,
    "kornli": kornli,
    "klue-nli": klue_nli,
    "korquad-v1": korquad,
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


def read_examples(corpus_name, root_dir, split):
    """Read one split (``train``, ``val`` or ``test``) of a corpus into a list of examples.

    >>> examples = read_examples("nsmc", "/content/Korpora", "train")   # doctest: +SKIP
    >>> examples[0].text_a, examples[0].label                          # doctest: +SKIP
    ('아 더빙.. 진짜 짜증나네요 목소리', 0)
    """
    corpus = get_corpus(corpus_name)
    if split not in corpus.FILES:
        raise CorpusError(
            f"{corpus_name} 말뭉치에는 {split!r} 데이터가 없습니다. split은 다음 중 하나로 고르세요: "
            f"{', '.join(corpus.FILES)}."
        )
    return corpus.read(root_dir, split)
