"""Arguments, the accelerator choice and the Drive folder."""
import sys
import types

import pytest
import torch

from nlpbook_helpers import Arguments, CorpusError, accelerator_settings, mount_drive
from nlpbook_helpers import accelerator as accelerator_module


def test_arguments_validate_on_construction():
    with pytest.raises(CorpusError, match="알 수 없는 말뭉치 'nsmc2'입니다. 쓸 수 있는 말뭉치: .*nsmc"):
        Arguments(downstream_corpus_name="nsmc2", quick=False)
    with pytest.raises(ValueError, match=r"batch_size는 0보다 커야 합니다 \(지금 0\)"):
        Arguments(batch_size=0, quick=False)
    with pytest.raises(ValueError, match="learning_rate는 0보다 커야"):
        Arguments(learning_rate=-1e-5, quick=False)
    args = Arguments(quick=False)
    assert args.pretrained_model_name == "beomi/kcbert-base"


def test_quick_mode_changes_settings_only(capsys):
    from nlpbook_helpers.quick import quick_settings

    args = Arguments(quick=True, epochs=10, batch_size=64, learning_rate=5e-5, max_seq_length=512)
    assert "tiny-bert" in args.pretrained_model_name
    settings = quick_settings("beomi/kcbert-base", "nsmc")
    assert (args.epochs, args.batch_size, args.learning_rate) == (settings["epochs"], settings["batch_size"],
                                                                  settings["learning_rate"])
    assert (args.max_seq_length, args.cpu_workers) == (settings["max_seq_length"], 0)
    assert "빠른 모드(NLPBOOK_QUICK=1)" in capsys.readouterr().out
    from nlpbook_helpers import read_examples
    assert len(read_examples("nsmc", args.downstream_corpus_root_dir, "train")) == 1200


def fake_devices(monkeypatch, cuda=0, bf16=False, tpu=False, mps=False, notebook=False):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda > 0)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: bf16)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda *a: "Tesla T4" if not bf16 else "NVIDIA A100")
    monkeypatch.setattr(accelerator_module, "_tpu_available", lambda: tpu)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    monkeypatch.setattr(accelerator_module, "_in_notebook", lambda: notebook)


@pytest.mark.parametrize("devices, expected", [
    (dict(cuda=1, bf16=True), ("gpu", 1, "bf16-mixed", "auto", "가속기: NVIDIA A100 x1, 정밀도 bf16-mixed")),
    (dict(cuda=1, bf16=False), ("gpu", 1, "16-mixed", "auto", "가속기: Tesla T4 x1, 정밀도 16-mixed")),
    (dict(cuda=2, bf16=False, notebook=True), ("gpu", 2, "16-mixed", "ddp_notebook", "분산 전략 ddp_notebook")),
    (dict(cuda=2, bf16=False, notebook=False), ("gpu", 2, "16-mixed", "auto", "Tesla T4 x2")),
    (dict(tpu=True), ("tpu", "auto", "bf16-true", "auto", "TPU")),
    (dict(mps=True), ("mps", 1, "32-true", "auto", "Apple MPS x1")),
    (dict(), ("cpu", 1, "32-true", "auto", "가속기: CPU x1, 정밀도 32-true")),
])
def test_accelerator_branches(monkeypatch, capsys, devices, expected):
    fake_devices(monkeypatch, **devices)
    settings = accelerator_settings()
    assert (settings["accelerator"], settings["devices"], settings["precision"], settings["strategy"]) == expected[:4]
    assert expected[4] in capsys.readouterr().out


def test_accelerator_overrides(monkeypatch):
    fake_devices(monkeypatch, cuda=1, bf16=True)
    assert accelerator_settings(precision="32-true", verbose=False)["precision"] == "32-true"
    cpu = accelerator_settings(accelerator="cpu", verbose=False)
    assert (cpu["accelerator"], cpu["devices"], cpu["precision"]) == ("cpu", 1, "32-true")


def test_drive_outside_colab_is_a_local_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    path = mount_drive(tmp_path / "my-drive")
    assert path == str(tmp_path / "my-drive") and (tmp_path / "my-drive").is_dir()
    assert "Colab이 아니므로 구글 드라이브 대신" in capsys.readouterr().out


def test_drive_on_colab_mounts(monkeypatch):
    mounted = []
    colab = types.ModuleType("google.colab")
    colab.drive = types.SimpleNamespace(mount=mounted.append)
    google = types.ModuleType("google")
    google.colab = colab
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    assert mount_drive() == "/content/drive/MyDrive"
    assert mounted == ["/content/drive"]
