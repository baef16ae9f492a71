"""Arguments, the accelerator choice and the Drive folder."""
import dataclasses
import os
import sys
import types

import pytest
import torch

from nlpbook_helpers import Arguments, CorpusError, accelerator_settings, mount_drive
from nlpbook_helpers import accelerator as accelerator_module
from nlpbook_helpers import drive as drive_module
from nlpbook_helpers import quick


def test_arguments_validate_on_construction():
    with pytest.raises(CorpusError, match="알 수 없는 말뭉치 'nsmc2'입니다. 쓸 수 있는 말뭉치: .*nsmc"):
        Arguments(downstream_corpus_name="nsmc2")
    with pytest.raises(ValueError, match=r"batch_size는 0보다 커야 합니다 \(지금 0\)"):
        Arguments(batch_size=0)
    with pytest.raises(ValueError, match="learning_rate는 0보다 커야"):
        Arguments(learning_rate=-1e-5)
    with quick.disabled():
        args = Arguments()
    assert args.pretrained_model_name == "beomi/kcbert-base"


def test_quick_mode_changes_settings_only(capsys):
    from nlpbook_helpers.quick import quick_settings

    args = quick.apply_quick_mode(Arguments(epochs=10, batch_size=64, learning_rate=5e-5, max_seq_length=512))
    assert "tiny-bert" in args.pretrained_model_name
    settings = quick_settings("beomi/kcbert-base", "nsmc")
    assert (args.epochs, args.batch_size, args.learning_rate) == (settings["epochs"], settings["batch_size"],
                                                                  settings["learning_rate"])
    assert (args.max_seq_length, args.cpu_workers) == (settings["max_seq_length"], 0)
    assert "빠른 모드(NLPBOOK_QUICK=1)" in capsys.readouterr().out
    from nlpbook_helpers import read_examples
    assert len(read_examples("nsmc", args.downstream_corpus_root_dir, "train")) == 1200


def test_quick_mode_is_a_layer_over_the_settings(monkeypatch, capsys):
    """Quick mode is no field of Arguments: the environment variable decides, through one hook, once."""
    from nlpbook_helpers.qa import QAArguments

    assert "quick" not in {f.name for f in dataclasses.fields(Arguments)}
    assert "quick" not in {f.name for f in dataclasses.fields(QAArguments)}

    monkeypatch.delenv("NLPBOOK_QUICK", raising=False)
    args, qa_args = Arguments(), QAArguments()
    assert (args.pretrained_model_name, args.batch_size, args.learning_rate, args.epochs, args.max_seq_length) == (
        "beomi/kcbert-base", 32, 5e-5, 3, 128)
    assert (qa_args.pretrained_model_name, qa_args.max_seq_length, qa_args.max_query_length, qa_args.doc_stride) == (
        "beomi/kcbert-base", 256, 32, 64)
    assert capsys.readouterr().out == ""

    monkeypatch.setenv("NLPBOOK_QUICK", "1")
    args, qa_args = Arguments(), QAArguments()
    settings = quick.quick_settings("beomi/kcbert-base", "nsmc")
    assert args.pretrained_model_name == quick.tiny_bert() == qa_args.pretrained_model_name
    assert args.downstream_corpus_root_dir == quick.fixture_corpus_root()
    assert (args.batch_size, args.learning_rate, args.epochs, args.max_seq_length, args.cpu_workers,
            args.log_every_n_steps) == (settings["batch_size"], settings["learning_rate"], settings["epochs"],
                                        settings["max_seq_length"], 0, 5)
    qa_settings = quick.quick_settings("beomi/kcbert-base", "korquad-v1")
    assert (qa_args.max_seq_length, qa_args.epochs) == (qa_settings["max_seq_length"], qa_settings["epochs"])
    assert qa_args.max_query_length <= 24 and qa_args.doc_stride <= 16
    assert capsys.readouterr().out.count("빠른 모드(NLPBOOK_QUICK=1)로 실행합니다") == 2  # one line each

    for settings in (args, qa_args):  # a second application (the hook applied it already) changes nothing
        before = repr(settings)
        assert quick.apply_quick_mode(settings) is settings and repr(settings) == before
        assert "quick" not in before
    assert capsys.readouterr().out == ""

    with quick.disabled():  # the benchmarks' real-size settings, whatever the environment says
        assert Arguments().pretrained_model_name == "beomi/kcbert-base"
    assert os.environ["NLPBOOK_QUICK"] == "1"


def fake_devices(monkeypatch, tmp_path, cuda=0, bf16=False, tpu=False, mps=False, notebook=False):
    """A machine with ``cuda`` GPUs, seen as Lightning and ``nvidia-smi`` see them, where any use of CUDA
    itself fails: accelerator_settings must not initialize CUDA (ddp_notebook could not fork after that)."""
    monkeypatch.setattr(accelerator_module, "num_cuda_devices", lambda: cuda)
    name, capability = ("NVIDIA A100-SXM4-40GB", "8.0") if bf16 else ("Tesla T4", "7.5")
    smi = tmp_path / "bin" / "nvidia-smi"
    smi.parent.mkdir(exist_ok=True)
    smi.write_text("#!/bin/sh\n" + "".join(f"echo '{name}, {capability}'\n" for _ in range(cuda)))
    smi.chmod(0o755)
    monkeypatch.setenv("PATH", f"{smi.parent}:{os.environ['PATH']}")

    def cuda_used(*args, **kwargs):
        raise AssertionError("accelerator_settings initialized CUDA")

    for function in ("_lazy_init", "init", "get_device_name", "get_device_capability", "get_device_properties",
                     "is_bf16_supported", "current_device", "device_count", "is_available"):
        monkeypatch.setattr(torch.cuda, function, cuda_used)
    monkeypatch.setattr(accelerator_module, "_tpu_available", lambda: tpu)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    monkeypatch.setattr(accelerator_module, "_in_notebook", lambda: notebook)


@pytest.mark.parametrize("devices, expected", [
    (dict(cuda=1, bf16=True), ("gpu", 1, "bf16-mixed", "auto", "가속기: NVIDIA A100-SXM4-40GB x1, 정밀도 bf16-mixed")),
    (dict(cuda=1, bf16=False), ("gpu", 1, "16-mixed", "auto", "가속기: Tesla T4 x1, 정밀도 16-mixed")),
    (dict(cuda=2, bf16=False, notebook=True), ("gpu", 2, "16-mixed", "ddp_notebook", "Tesla T4 x2, 정밀도 16-mixed, 분산 전략 ddp_notebook")),
    (dict(cuda=2, bf16=False, notebook=False), ("gpu", 2, "16-mixed", "auto", "Tesla T4 x2")),
    (dict(tpu=True), ("tpu", "auto", "bf16-true", "auto", "TPU")),
    (dict(mps=True), ("mps", 1, "32-true", "auto", "Apple MPS x1")),
    (dict(), ("cpu", 1, "32-true", "auto", "가속기: CPU x1, 정밀도 32-true")),
])
def test_accelerator_branches(monkeypatch, tmp_path, capsys, devices, expected):
    fake_devices(monkeypatch, tmp_path, **devices)
    settings = accelerator_settings()
    assert (settings["accelerator"], settings["devices"], settings["precision"], settings["strategy"]) == expected[:4]
    assert expected[4] in capsys.readouterr().out
    assert not torch.cuda.is_initialized()
    # Several GPUs: each process takes its own share through the project's samplers, not Lightning's.
    assert settings.get("use_distributed_sampler", True) is (settings["devices"] in (1, "auto"))


def test_kaggles_two_t4s_in_a_notebook_leave_cuda_uninitialized(monkeypatch, tmp_path):
    fake_devices(monkeypatch, tmp_path, cuda=2, notebook=True)
    settings = accelerator_settings(verbose=False)
    assert settings == {"accelerator": "gpu", "devices": 2, "precision": "16-mixed", "strategy": "ddp_notebook",
                        "use_distributed_sampler": False}
    assert not torch.cuda.is_initialized()


def test_without_nvidia_smi_a_child_process_asks_torch(monkeypatch, tmp_path):
    """Where nvidia-smi is missing, the GPUs are asked about in a child process: this one stays CUDA-free."""
    monkeypatch.setattr(accelerator_module.subprocess, "run", fake_run := FakeRun())
    assert accelerator_module._gpu_properties() == [("NVIDIA L4", (8, 9)), ("NVIDIA L4", (8, 9))]
    assert fake_run.commands[0][0] == "nvidia-smi" and fake_run.commands[1][:2] == [sys.executable, "-c"]


class FakeRun:
    """subprocess.run with no nvidia-smi, and a child Python that reports two L4s."""

    def __init__(self):
        self.commands = []

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        if command[0] == "nvidia-smi":
            raise FileNotFoundError("nvidia-smi")
        return types.SimpleNamespace(stdout='[["NVIDIA L4", [8, 9]], ["NVIDIA L4", [8, 9]]]\n')


def test_accelerator_overrides(monkeypatch, tmp_path):
    fake_devices(monkeypatch, tmp_path, cuda=1, bf16=True)
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


def test_drive_on_kaggle_is_its_working_folder(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    monkeypatch.delenv("NLPBOOK_DRIVE", raising=False)
    made = []
    monkeypatch.setattr(drive_module.Path, "mkdir", lambda self, **kw: made.append(str(self)))
    assert mount_drive() == "/kaggle/working" and made == ["/kaggle/working"]
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Kaggle에서는" in out and "버전을 저장(Save Version)해야 남습니다" in out
