"""An int8 copy of a model for a faster CPU demo (dynamic quantization of the Linear layers)."""
import warnings

import torch


def quantize_for_cpu(model):
    """Return an int8 copy of ``model`` for CPU inference, in eval mode; ``model`` is left unchanged.

    The weights of every ``torch.nn.Linear`` layer are stored as int8 and activations are
    quantized on the fly (``torch.ao.quantization.quantize_dynamic``); embeddings and
    LayerNorm stay float32. On a CPU this makes BERT's forward pass faster and its
    Linear weights 4x smaller, at a small cost in accuracy: measure it on the validation
    set (``benchmarks/bench.py`` does). It runs on the CPU only, so use it for a CPU demo.

    >>> predict = Classifier(quantize_for_cpu(model), tokenizer, args.max_seq_length)   # doctest: +SKIP
    """
    device = next(model.parameters()).device
    if device.type != "cpu":
        raise ValueError(f"The model is on {device}, but int8 dynamic quantization runs on the CPU only. "
                         f"Quantize a CPU copy for a CPU demo: quantize_for_cpu(model.cpu()).")
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        # torch.ao.quantization announces its move to torchao; the eager API still works here.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8).eval()
