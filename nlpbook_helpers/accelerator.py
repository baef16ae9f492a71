"""Pick the accelerator, device count and precision for this runtime."""
import sys

import torch


def _tpu_available():
    try:
        import torch_xla  # noqa: F401
    except ImportError:
        return False
    return True


def _in_notebook():
    return "ipykernel" in sys.modules


def _detect_accelerator():
    if torch.cuda.is_available():
        return "gpu"
    if _tpu_available():
        return "tpu"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def _defaults(accelerator):
    """(device name, device count, precision) for an accelerator kind."""
    if accelerator in ("gpu", "cuda"):
        precision = "bf16-mixed" if torch.cuda.is_bf16_supported() else "16-mixed"
        return torch.cuda.get_device_name(0), torch.cuda.device_count(), precision
    if accelerator == "tpu":
        return "TPU", "auto", "bf16-true"
    if accelerator == "mps":
        return "Apple MPS", 1, "32-true"
    return "CPU", 1, "32-true"


def accelerator_settings(accelerator=None, devices=None, precision=None, strategy=None, verbose=True):
    """Return Trainer keyword arguments (accelerator, devices, precision, strategy) for this runtime.

    CUDA gets ``bf16-mixed`` where the GPU supports bf16 and ``16-mixed`` otherwise;
    several GPUs inside a notebook get ``ddp_notebook``; a TPU is used where
    ``torch_xla`` imports; Apple GPUs get ``mps``; everything else the CPU in
    ``32-true``. Any argument that is not None overrides the choice.

    >>> accelerator_settings()                       # doctest: +SKIP
    가속기: CPU x1, 정밀도 32-true
    {'accelerator': 'cpu', 'devices': 1, 'precision': '32-true', 'strategy': 'auto'}
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
    return dict(accelerator=accelerator, devices=devices, precision=precision, strategy=strategy)
