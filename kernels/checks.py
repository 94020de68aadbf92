"""Input checks of the public kernels API: a clear ValueError/TypeError instead of a silent broadcast, an
all-zero row or an error from deep inside torch. Shapes only (no pass over the data): cheap enough for every call.
"""

from __future__ import annotations

import math
import numbers

import torch


def check_qkv(q, k, v=None) -> None:
    """q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D): one floating dtype and device, Hq a multiple of Hkv >= 1, and
    Sq <= Skv (the queries are the last Sq positions of the keys). v may be omitted (the estimators read q, k)."""
    given = (q, k) if v is None else (q, k, v)
    if not all(isinstance(x, torch.Tensor) for x in given):
        raise TypeError(f"q, k, v must be torch tensors; got {', '.join(type(x).__name__ for x in given)}")
    if any(x.dim() != 4 for x in given):
        raise ValueError(f"q, k, v must be (B, H, S, D); got {', '.join(str(tuple(x.shape)) for x in given)}")
    if v is not None and k.shape != v.shape:
        raise ValueError(f"k and v must have the same shape; got {tuple(k.shape)} and {tuple(v.shape)}")
    if not q.is_floating_point() or any(x.dtype != q.dtype for x in given):
        raise ValueError(f"q, k, v must share one floating-point dtype; got {', '.join(str(x.dtype) for x in given)}")
    if any(x.device != q.device for x in given):
        raise ValueError(f"q, k, v must be on one device; got {', '.join(str(x.device) for x in given)}")
    B, Hq, q_len, D = q.shape
    if k.shape[0] != B or k.shape[3] != D:
        raise ValueError(f"batch and head dim of q {tuple(q.shape)} and k {tuple(k.shape)} differ")
    if k.shape[1] == 0 or Hq % k.shape[1]:
        raise ValueError(f"query heads ({Hq}) must be a multiple of KV heads ({k.shape[1]}), which must be >= 1")
    if q_len > k.shape[2]:
        raise ValueError(f"q_len ({q_len}) must be <= kv_len ({k.shape[2]}): queries are a suffix of the keys")


def check_scale(scale) -> float | None:
    """The scale as a float: None stays None (1/sqrt(D)); a Python, numpy or one-element torch number must be
    finite and positive."""
    if scale is None:
        return None
    if isinstance(scale, torch.Tensor):
        if scale.numel() != 1 or not scale.is_floating_point() or scale.device.type == "meta":
            raise ValueError(f"scale must be a finite positive number or None, got a tensor of shape "
                             f"{tuple(scale.shape)} ({scale.dtype}, {scale.device})")
        scale = float(scale.detach())
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a finite positive number or None, got {scale!r}")
    return float(scale)


def check_index(index, q, k, block_size: int) -> None:
    """A BlockIndex for q/k in blocks of block_size: int counts (B, Hidx, nq) and indices (B, Hidx, nq, width),
    Hq a multiple of Hidx, counts in [0, width]. (Block ids are checked where they are read: ids above the
    diagonal are dropped, ids outside [0, n_k_blocks) refused by block_sparse_attention_torch.)"""
    from kernels.config import BlockIndex

    if not isinstance(index, BlockIndex):
        raise TypeError(f"index must be a kernels.BlockIndex, got {type(index).__name__}")
    if isinstance(block_size, bool) or not isinstance(block_size, numbers.Integral) or block_size < 1:
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    counts, indices = index.counts, index.indices
    B, Hq, q_len = q.shape[0], q.shape[1], q.shape[2]
    n_q_blocks = math.ceil(q_len / block_size)
    if counts.dim() != 3 or indices.dim() != 4 or counts.shape != indices.shape[:3]:
        raise ValueError(f"index counts must be (B, H, nq) and indices (B, H, nq, width); got "
                         f"{tuple(counts.shape)} and {tuple(indices.shape)}")
    if counts.is_floating_point() or indices.is_floating_point():
        raise ValueError(f"index counts and indices must be integers; got {counts.dtype}, {indices.dtype}")
    if counts.shape[0] != B or counts.shape[2] != n_q_blocks:
        raise ValueError(f"index is for batch {counts.shape[0]} x {counts.shape[2]} query blocks; q has batch {B} "
                         f"x {n_q_blocks} blocks of {block_size} rows")
    if counts.shape[1] == 0 or Hq % counts.shape[1]:
        raise ValueError(f"query heads ({Hq}) must be a multiple of the index heads ({counts.shape[1]})")
    if counts.numel() and (int(counts.min()) < 0 or int(counts.max()) > indices.shape[-1]):
        raise ValueError(f"index counts must be in [0, {indices.shape[-1]}] (the width of indices)")
