"""Execute notebooks (training before inference) and save executed copies under build/executed/.

    NLPBOOK_QUICK=1 python tools/run_notebooks.py                 # every task
    NLPBOOK_QUICK=1 python tools/run_notebooks.py doc_classification
"""
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def main(folders):
    out_root = ROOT / "build" / "executed"
    folders = folders or sorted(p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir())
    for folder in folders:
        for name in ("train.ipynb", "inference.ipynb"):
            path = ROOT / "notebooks" / folder / name
            if not path.exists():
                continue
            start = time.time()
            nb = nbformat.read(path, as_version=4)
            with tempfile.TemporaryDirectory() as sockets:
                # Local sockets (IPC) rather than TCP: the kernel then has no reason to warn, ten
                # times over, that its TCP traffic is unencrypted.
                kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
                try:
                    NotebookClient(nb, km=kernel, timeout=1200,
                                   resources={"metadata": {"path": str(path.parent)}}).execute()
                finally:  # nbclient shuts down only the kernels it made itself
                    if kernel.has_kernel:
                        kernel.shutdown_kernel()
            out = out_root / folder / name
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out)
            print(f"{folder}/{name}: ran in {time.time() - start:.0f} s -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
