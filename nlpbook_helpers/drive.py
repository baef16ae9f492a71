"""Google Drive on Colab, Kaggle's output folder on Kaggle, a local folder everywhere else."""
import os
from pathlib import Path

COLAB_MOUNT_POINT = "/content/drive"
KAGGLE_WORKING = "/kaggle/working"


def in_colab():
    """True when this code runs in a Google Colab runtime."""
    try:
        import google.colab  # noqa: F401
    except ImportError:
        return False
    return True


def in_kaggle():
    """True when this code runs in a Kaggle notebook (Kaggle sets ``KAGGLE_KERNEL_RUN_TYPE``)."""
    return bool(os.environ.get("KAGGLE_KERNEL_RUN_TYPE"))


def mount_drive(local_dir=None):
    """Mount Google Drive on Colab and return the MyDrive folder.

    On Kaggle there is no Drive either: return ``/kaggle/working``, the one folder Kaggle
    keeps, and say in one line that it is kept only in a saved version of the notebook
    (``local_dir`` or ``NLPBOOK_DRIVE`` still wins). Elsewhere return a local folder (``local_dir``, else the environment variable
    ``NLPBOOK_DRIVE``, else ``./drive``) and say so in one line. Checkpoints written there
    survive a kernel restart too.

    >>> drive = mount_drive()            # doctest: +SKIP
    >>> model_dir = f"{drive}/nlpbook/checkpoint-doccls"
    """
    if in_colab():
        from google.colab import drive

        drive.mount(COLAB_MOUNT_POINT)
        return f"{COLAB_MOUNT_POINT}/MyDrive"
    if in_kaggle() and not (local_dir or os.environ.get("NLPBOOK_DRIVE")):
        Path(KAGGLE_WORKING).mkdir(parents=True, exist_ok=True)
        print(f"Kaggle에서는 구글 드라이브 대신 {KAGGLE_WORKING}에 저장합니다. 이 폴더는 노트북 버전을 저장(Save Version)해야 "
              f"남습니다.")
        return KAGGLE_WORKING
    path = Path(local_dir or os.environ.get("NLPBOOK_DRIVE") or "drive").resolve()
    path.mkdir(parents=True, exist_ok=True)
    print(f"Colab이 아니므로 구글 드라이브 대신 이 컴퓨터의 폴더를 씁니다: {path}")
    return str(path)
