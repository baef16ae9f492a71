"""Pick the accelerator, device count and precision for this runtime, without initializing CUDA."""
import json
import subprocess
import sys

import torch
from lightning_fabric.accelerators.cuda import num_cuda_devices


def _tpu_available():
    try:
        import torch_xla  # noqa: F401
    except ImportError:
        return False
    return True


def _in_notebook():
    return "ipykernel" in sys.modules


def _detect_accelerator():
    if num_cuda_devices() > 0:  # asks NVML: CUDA itself stays uninitialized
        return "gpu"
    if _tpu_available():
        return "tpu"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


_ASK_TORCH = ("import json, torch; print(json.dumps([[torch.cuda.get_device_name(i), "
              "list(torch.cuda.get_device_capability(i))] for i in range(torch.cuda.device_count())]))")


def _gpu_properties():
    """``[(name, (major, minor)), ...]``: each GPU's name and compute capability, or [] if unknown.

    Several GPUs in a notebook are used by forking the notebook's process
    (``ddp_notebook``), which Lightning refuses once CUDA is initialized in it. Calls
    like ``torch.cuda.get_device_name`` initialize it, so the question goes to
    ``nvidia-smi``, or else to torch in a child process, never to CUDA in this one.
    """
    try:
        query = subprocess.run(["nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader"],
                               capture_output=True, text=True, timeout=30, check=True).stdout
        gpus = []
        for line in query.strip().splitlines():
            name, capability = line.rsplit(",", 1)
            major, minor = capability.strip().split(".")
            gpus.append((name.strip(), (int(major), int(minor))))
        if gpus:
            return gpus
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    try:
        answer = subprocess.run([sys.executable, "-c", _ASK_TORCH], capture_output=True, text=True,
                                timeout=120, check=True).stdout
        return [(name, tuple(capability)) for name, capability in json.loads(answer.strip().splitlines()[-1])]
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return []


def _defaults(accelerator):
    """(device name, device count, precision) for an accelerator kind."""
    if accelerator in ("gpu", "cuda"):
        gpus = _gpu_properties()
        # bf16 runs natively from compute capability 8.0 (Ampere: A100, L4); a T4 (7.5) or a
        # V100 (7.0) would only emulate it, slowly, so they get float16 mixed precision.
        bf16 = bool(gpus) and all(capability >= (8, 0) for _, capability in gpus)
        name = gpus[0][0] if gpus else "GPU"
        return name, num_cuda_devices(), "bf16-mixed" if bf16 else "16-mixed"
    if accelerator == "tpu":
        return "TPU", "auto", "bf16-true"
    if accelerator == "mps":
        return "Apple MPS", 1, "32-true"
    return "CPU", 1, "32-true"


def accelerator_settings(accelerator=None, devices=None, precision=None, strategy=None, verbose=True):
    """Return Trainer keyword arguments (accelerator, devices, precision, strategy) for this runtime.

    CUDA gets ``bf16-mixed`` where every GPU supports bf16 natively and ``16-mixed``
    otherwise (Kaggle's T4s); several GPUs inside a notebook get ``ddp_notebook``, one
    process per GPU, and ``use_distributed_sampler=False``, since the project's samplers
    give each process its own share (:mod:`nlpbook_helpers.data`). A TPU is used where
    ``torch_xla`` imports, Apple GPUs get ``mps``, everything else the CPU in ``32-true``.
    Any argument that is not None overrides the choice. CUDA is never initialized here,
    so ``ddp_notebook`` can still start its processes.

    >>> accelerator_settings()                       # doctest: +SKIP
    가속기: CPU x1, 정밀도 32-true
    {'accelerator': 'cpu', 'devices': 1, 'precision': '32-true', 'strategy': 'auto'}
    >>> accelerator_settings()                       # on Kaggle's 2 x T4   # doctest: +SKIP
    가속기: Tesla T4 x2, 정밀도 16-mixed, 분산 전략 ddp_notebook
    {'accelerator': 'gpu', 'devices': 2, 'precision': '16-mixed', 'strategy': 'ddp_notebook', 'use_distributed_sampler': False}
    """
    accelerator = accelerator or _detect_accelerator()
    name, count, default_precision = _defaults(accelerator)
    devices = devices if devices is not None else count
    precision = precision or default_precision
    several = isinstance(devices, int) and devices > 1
    strategy = strategy or ("ddp_notebook" if several and _in_notebook() else "auto")
    if verbose:
        extra = f", 분산 전략 {strategy}" if strategy != "auto" else ""
        print(f"가속기: {name} x{devices}, 정밀도 {precision}{extra}")
    settings = dict(accelerator=accelerator, devices=devices, precision=precision, strategy=strategy)
    if several:
        settings["use_distributed_sampler"] = False
    return settings
