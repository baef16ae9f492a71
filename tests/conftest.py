"""Shared test fixtures: a private cache folder and the tiny quick-mode model."""
import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests never touch ~/.cache/nlpbook: tiny models and features go to a session folder."""
    if not os.environ.get("NLPBOOK_CACHE"):
        os.environ["NLPBOOK_CACHE"] = str(tmp_path_factory.mktemp("nlpbook-cache"))
    yield


@pytest.fixture(scope="session")
def tiny_bert_path(_private_cache):
    """The tiny BERT that quick mode uses, built from the fixture corpora."""
    from nlpbook_helpers.quick import tiny_bert

    return tiny_bert()


@pytest.fixture(scope="session")
def fixture_root(_private_cache):
    """A corpus root holding the project's own fixture corpora."""
    from nlpbook_helpers.quick import fixture_corpus_root

    return fixture_corpus_root()


@pytest.fixture
def quick_args(tmp_path, _private_cache):
    """``Arguments`` in quick mode with a fresh model folder; pass overrides as keyword arguments.

    Quick mode sets its own epochs, batch size and learning rate (``quick.quick_settings``):
    an override of one of those is applied after it, as a test's own choice.
    """
    from nlpbook_helpers import Arguments
    from pipeline import quick_arguments

    return lambda **overrides: quick_arguments(Arguments, tmp_path, overrides)

