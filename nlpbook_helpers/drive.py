"""Google Drive on Colab, a local folder everywhere else."""
import os
from pathlib import Path

COLAB_MOUNT_POINT = "/content/drive"


def in_colab():
    """True when this code runs in a Google Colab runtime."""
    try:
        import google.colab  # noqa: F401
    except ImportError:
        return False
    return True


def mount_drive(local_dir=None):
    """Mount Google Drive on Colab and return the MyDrive folder.

    Outside Colab there is no Drive: return a local folder instead
    (``local_dir``, else the environment variable ``NLPBOOK_DRIVE``, else ``./drive``)
    and say so in one line. Checkpoints written there survive a kernel restart too.

    >>> drive = mount_drive()            # doctest: +SKIP
    >>> model_dir = f"{drive}/nlpbook/checkpoint-doccls"
    """
    if in_colab():
        from google.colab import drive

        drive.mount(COLAB_MOUNT_POINT)
        return f"{COLAB_MOUNT_POINT}/MyDrive"
    path = Path(local_dir or os.environ.get("NLPBOOK_DRIVE") or "drive").resolve()
    path.mkdir(parents=True, exist_ok=True)
    print(f"Colab이 아니므로 구글 드라이브 대신 이 컴퓨터의 폴더를 씁니다: {path}")
    return str(path)
