"""Training-free block-sparse attention for the prefill of causal LMs.

    from kernels import sparse_attention, SparseConfig
    out = sparse_attention(q, k, v, SparseConfig(tau=0.95))   # q (B,Hq,Sq,D), k/v (B,Hkv,Skv,D)

Per query block: always the sink and local blocks, plus the distant key blocks that an estimate of the
attention scores says carry the mass, until the estimated mass reaches tau (kernels/select.py). Only those
blocks are computed: Triton kernels on CUDA (kernels/block_sparse.py), batched torch on CPU
(kernels/torch_sparse.py). docs/sparse-attention.md has the algorithm and the error bound.
"""

from __future__ import annotations

import torch

from kernels.config import BlockIndex, SparseConfig
from kernels.select import estimate_block_scores, select_blocks, structural_mask
from kernels.torch_sparse import block_sparse_attention_torch, dense_attention

__all__ = [
    "BlockIndex",
    "SparseConfig",
    "sparse_attention",
    "dense_attention",
    "estimate_block_scores",
    "select_blocks",
    "block_sparse_attention_torch",
]


def sparse_attention(q, k, v, config: SparseConfig | None = None, *, scale=None, return_stats=False, debug=False):
    """Causal attention of q over k/v computed on selected key blocks only.

    q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D) with Sq <= Skv and Hq a multiple of Hkv; the queries are the last Sq
    positions of the keys (query row r sits at absolute position Skv - Sq + r). Returns (B, Hq, Sq, D) in q's
    dtype, or (out, stats) with return_stats: stats = {"path": "dense"|"triton"|"torch", "density": fraction of
    causal key blocks computed, "recall": true attention mass kept (mean over queries; only with debug=True,
    costs a dense pass), "selected_blocks", "causal_blocks"}.
    Dense SDPA is used when Skv < config.dense_below or for single-token decode steps.
    """
    config = config or SparseConfig()
    _check_inputs(q, k, v)
    B, Hq, q_len, D = q.shape
    kv_len = k.shape[2]
    if q.numel() == 0:
        out = q.new_empty(q.shape)
        return (out, {"path": "dense", "density": 1.0, "recall": None}) if return_stats else out
    if kv_len < config.dense_below or q_len == 1:
        out = dense_attention(q, k, v, scale=scale)
        if not return_stats:
            return out
        return out, {"path": "dense", "density": 1.0, "recall": 1.0 if debug else None}

    scores = estimate_block_scores(q, k, config, scale=scale)
    index = select_blocks(scores, config, q_len, kv_len)
    attend, path = _block_sparse_backend(q)
    out = attend(q, k, v, index, config.block_size, scale=scale)
    if not return_stats:
        return out
    return out, block_stats(q, k, index, config, scale=scale, debug=debug, path=path)


def block_stats(q, k, index: BlockIndex, config: SparseConfig, *, scale=None, debug=False, path="torch"):
    """Density (kept / causal key blocks, over all batch rows, index heads and query blocks) and recall."""
    q_len, kv_len = q.shape[2], k.shape[2]
    _, causal = structural_mask(q_len, kv_len, config, index.counts.device)
    causal_per_row = int(causal.sum())  # per (batch, index head)
    selected = int(index.counts.long().sum())
    total = causal_per_row * index.counts.shape[0] * index.counts.shape[1]
    stats = {
        "path": path,
        "density": selected / total,
        "selected_blocks": selected,
        "causal_blocks": total,
        "recall": None,
    }
    if debug:
        from kernels.reference import attention_recall

        stats["recall"] = float(attention_recall(q, k, index, config.block_size, scale).mean())
    return stats


def _block_sparse_backend(q):
    """(function, name): the Triton kernel on CUDA when importable, else the torch implementation."""
    if q.is_cuda:
        try:
            from kernels.block_sparse import block_sparse_attention

            return block_sparse_attention, "triton"
        except ImportError:
            pass
    return block_sparse_attention_torch, "torch"


def _check_inputs(q, k, v):
    if q.dim() != 4 or k.dim() != 4 or v.dim() != 4:
        raise ValueError(f"q, k, v must be (B, H, S, D); got {tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    if k.shape != v.shape:
        raise ValueError(f"k and v must have the same shape; got {tuple(k.shape)} and {tuple(v.shape)}")
    B, Hq, q_len, D = q.shape
    if k.shape[0] != B or k.shape[3] != D:
        raise ValueError(f"batch and head dim of q {tuple(q.shape)} and k {tuple(k.shape)} differ")
    if Hq % k.shape[1]:
        raise ValueError(f"query heads ({Hq}) must be a multiple of KV heads ({k.shape[1]})")
    if q_len > k.shape[2]:
        raise ValueError(f"q_len ({q_len}) must be <= kv_len ({k.shape[2]}): queries are a suffix of the keys")
