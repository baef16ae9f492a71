"""Downloads that never leave a half-written file where a reader would find it."""
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

from ..errors import CorpusError


def download_file(url, path, check=None, retries=2):
    """Download ``url`` to ``path`` with a progress bar; reuse ``path`` when it exists.

    The bytes go to ``path + ".part"`` first and are moved into place only after
    ``check(part_path)`` (if given) returns without an error, so an interrupted or
    broken download is never read as data. A failed check is retried ``retries`` times.

    >>> download_file("https://example.org/data.json", "corpora/x/data.json", check=json_parses)  # doctest: +SKIP
    """
    from tqdm.auto import tqdm

    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    last_error = None
    for _ in range(retries + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response, open(part, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0) or None
                with tqdm(total=total, unit="B", unit_scale=True, desc=path.name) as bar:
                    while chunk := response.read(1 << 20):
                        out.write(chunk)
                        bar.update(len(chunk))
            if check is not None:
                check(part)
            os.replace(part, path)
            return path
        except Exception as error:  # network error or a file that fails its check
            last_error = error
            part.unlink(missing_ok=True)
    raise CorpusError(
        f"{url} 파일을 {path}에 내려받지 못했습니다({last_error}). 이 런타임의 인터넷 연결을 확인하고 "
        f"셀을 다시 실행하세요. 아니면 파일을 직접 {path}에 넣어 두세요."
    )


def fetch_with_korpora(korpora_name, root_dir, file_names, check):
    """Download a corpus with Korpora into ``<root_dir>/<korpora_name>/``.

    Korpora writes into a temporary folder beside the target; each file is checked
    with ``check(path)`` and only then moved into place. Files already in place are kept.

    >>> fetch_with_korpora("nsmc", "corpora", ["ratings_train.txt"], check=read_nsmc_file)  # doctest: +SKIP
    """
    target = Path(root_dir) / korpora_name
    missing = [name for name in file_names if not (target / name).exists()]
    if not missing:
        return target
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".download-{korpora_name}-", dir=root_dir))
    try:
        try:
            from Korpora import Korpora

            Korpora.fetch(korpora_name, root_dir=str(staging))
        except Exception as error:
            raise CorpusError(
                f"Korpora로 '{korpora_name}' 말뭉치를 내려받지 못했습니다({error}). 이 런타임의 "
                f"인터넷 연결을 확인하고 셀을 다시 실행하세요. 아니면 다음 파일을 직접 {target}에 "
                f"복사하세요: {', '.join(missing)}."
            ) from error
        for name in missing:
            downloaded = staging / korpora_name / name
            if not downloaded.exists():
                raise CorpusError(f"Korpora 내려받기는 끝났지만 {name} 파일이 없습니다. 셀을 다시 실행하세요.")
            check(downloaded)
            os.replace(downloaded, target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
