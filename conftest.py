"""pytest setup for the whole repo: notebooks run in offline quick mode, training before inference."""
import os
import tempfile


def pytest_configure(config):
    # The test suite is the offline quick mode (see README): tiny models, fixture corpora,
    # and a fresh stand-in for Google Drive, so no earlier run's checkpoints are resumed.
    os.environ.setdefault("NLPBOOK_QUICK", "1")
    os.environ.setdefault("NLPBOOK_DRIVE", tempfile.mkdtemp(prefix="nlpbook-drive-"))


def pytest_collection_modifyitems(session, config, items):
    """Unit tests first, then notebooks folder by folder, each folder's train.ipynb before inference.ipynb."""
    def key(item):
        path = str(item.fspath)
        if not path.endswith(".ipynb"):
            return (0, "", 0)
        folder, name = os.path.split(path)
        return (1, folder, 0 if name == "train.ipynb" else 1)

    items.sort(key=key)  # stable: cells keep their order
    for item in items:
        # nbval waits a fixed 5 s for each next output message of a finished cell. A training cell
        # sends a thousand progress-bar updates, and on a busy 2-core machine the last of them once
        # came later than that (the cell had run fine), and later than a minute when CI ran the
        # newest and the Colab job beside other suites. Only a kernel that hangs waits this long.
        if hasattr(item, "output_timeout"):
            item.output_timeout = 300
