"""Plain torch references for tests and debug statistics: simple, obviously right, not fast.

Both materialise the (Sq, Skv) score matrix of a head, so use them on short inputs (or pass float64 to get
a ground truth). Conventions are those of kernels/__init__.py: q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D), the
queries are the last Sq positions (query row r sits at absolute position Skv - Sq + r), GQA maps query head h
to KV head h * Hkv // Hq.
"""

from __future__ import annotations

import math

import torch

from kernels.config import BlockIndex


def _expand_kv(x: torch.Tensor, n_q_heads: int) -> torch.Tensor:
    # (B, Hkv, S, D) -> (B, Hq, S, D): query head h reads KV head h * Hkv // Hq
    return x.repeat_interleave(n_q_heads // x.shape[1], dim=1)


def causal_mask(q_len: int, kv_len: int, device=None) -> torch.Tensor:
    """bool (Sq, Skv): True where query row r may see key c (c <= Skv - Sq + r)."""
    rows = torch.arange(q_len, device=device)[:, None] + (kv_len - q_len)
    return torch.arange(kv_len, device=device)[None, :] <= rows


def block_mask_from_index(index: BlockIndex, n_q_heads: int, n_k_blocks: int) -> torch.Tensor:
    """bool (B, Hq, n_q_blocks, n_k_blocks): True for the key blocks each query head's block keeps."""
    counts, indices = index.counts, index.indices.long()
    B, H_idx, n_q_blocks, max_kept = indices.shape
    valid = torch.arange(max_kept, device=indices.device) < counts[..., None].long()
    mask = torch.zeros(B, H_idx, n_q_blocks, n_k_blocks + 1, dtype=torch.bool, device=indices.device)
    # padding (-1) lands in the extra last column, which is dropped
    mask.scatter_(-1, torch.where(valid, indices, n_k_blocks), True)
    mask = mask[..., :n_k_blocks]
    head_of = torch.arange(n_q_heads, device=indices.device) * H_idx // n_q_heads
    return mask[:, head_of]


def element_mask_from_index(
    index: BlockIndex, block_size: int, n_q_heads: int, q_len: int, kv_len: int
) -> torch.Tensor:
    """bool (B, Hq, Sq, Skv): kept blocks expanded to elements, intersected with the causal mask."""
    n_k_blocks = math.ceil(kv_len / block_size)
    blocks = block_mask_from_index(index, n_q_heads, n_k_blocks)
    elems = blocks.repeat_interleave(block_size, dim=2).repeat_interleave(block_size, dim=3)
    return elems[:, :, :q_len, :kv_len] & causal_mask(q_len, kv_len, blocks.device)


def dense_causal_reference(q, k, v, scale: float | None = None) -> torch.Tensor:
    """Exact causal attention, computed in q's dtype. Returns (B, Hq, Sq, D)."""
    q_len, kv_len = q.shape[2], k.shape[2]
    return _masked_attention(q, k, v, causal_mask(q_len, kv_len, q.device), scale)


def dense_masked_reference(q, k, v, index: BlockIndex, block_size: int, scale: float | None = None):
    """Exact attention restricted to the kept blocks of `index` (and causal inside them). (B, Hq, Sq, D).

    A query row with no visible key gets a zero output (the kernels never produce such rows from
    select_blocks, whose structural blocks always contain the row's own position).
    """
    mask = element_mask_from_index(index, block_size, q.shape[1], q.shape[2], k.shape[2])
    return _masked_attention(q, k, v, mask, scale)


def _masked_attention(q, k, v, mask, scale):
    scale = q.shape[-1] ** -0.5 if scale is None else scale
    k, v = _expand_kv(k, q.shape[1]), _expand_kv(v, q.shape[1])
    logits = (q @ k.transpose(-1, -2)) * scale  # (B, Hq, Sq, Skv)
    logits = logits.masked_fill(~mask, float("-inf"))
    probs = torch.softmax(logits, dim=-1).nan_to_num(0.0)  # all-masked rows -> 0
    return probs @ v


def attention_recall(q, k, index: BlockIndex, block_size: int, scale: float | None = None, rows_per_chunk=None):
    """True attention mass that falls inside the kept blocks, per query: (B, Hq, Sq).

    Computed exactly in float32 (float64 for float64 inputs), a chunk of query rows at a time (memory
    O(rows_per_chunk * Hq * Skv), about 128 MiB by default; never Sq x Skv). 1.0 means the sparse output equals dense attention for that query.
    """
    B, Hq, q_len, D = q.shape
    kv_len = k.shape[2]
    scale = D**-0.5 if scale is None else scale
    n_k_blocks = math.ceil(kv_len / block_size)
    blocks = block_mask_from_index(index, Hq, n_k_blocks)  # (B, Hq, nq, nk)
    work = torch.float64 if q.dtype == torch.float64 else torch.float32
    kf = _expand_kv(k.to(work), Hq)
    recall = torch.empty(B, Hq, q_len, dtype=work, device=q.device)
    if rows_per_chunk is None:
        rows_per_chunk = max(block_size, (1 << 25) // (B * Hq * kv_len) // block_size * block_size)
    for start in range(0, q_len, rows_per_chunk):
        stop = min(start + rows_per_chunk, q_len)
        logits = (q[:, :, start:stop].to(work) @ kf.transpose(-1, -2)) * scale  # (B, Hq, rows, Skv)
        rows = torch.arange(start, stop, device=q.device)
        visible = torch.arange(kv_len, device=q.device)[None, :] <= (rows[:, None] + kv_len - q_len)
        probs = torch.softmax(logits.masked_fill(~visible, float("-inf")), dim=-1)
        kept = blocks[:, :, rows // block_size].repeat_interleave(block_size, dim=-1)[..., :kv_len]
        recall[:, :, start:stop] = (probs * kept).sum(-1)
    return recall
