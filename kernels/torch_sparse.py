"""Block-sparse attention in plain torch, for CPU (and any device without Triton).

For each index head and a chunk of query blocks, the kept key blocks of every query block are gathered into a
padded batch and attended with batched matmuls and an exact softmax over the gathered keys. The query heads
that share an index head (a GQA group when the selection is shared) are stacked as extra rows, so K/V are
gathered once per group and never repeated per query head. Memory: one chunk of scores, O(chunk) — never
Sq x Skv.
"""

from __future__ import annotations

import math

import torch

from kernels.config import BlockIndex

# float32 elements of one chunk's (rows x gathered keys) score matrix: bounds the extra memory (8 MiB)
CHUNK_ELEMENTS = 1 << 21


def block_sparse_attention_torch(q, k, v, index: BlockIndex, block_size: int, scale: float | None = None):
    """Exact softmax attention of q over the kept key blocks of `index` (causal inside them).

    q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D), index as in kernels.config.BlockIndex. Returns (B, Hq, Sq, D)
    in q's dtype; computation in float32 (float64 stays float64).
    """
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    H_idx, n_q_blocks = index.counts.shape[1], index.counts.shape[2]
    bs = block_size
    if n_q_blocks != math.ceil(q_len / bs):
        raise ValueError(f"index has {n_q_blocks} query blocks, q has {q_len} rows (block size {bs})")
    scale = D**-0.5 if scale is None else scale
    work = torch.float64 if q.dtype == torch.float64 else torch.float32
    offset = kv_len - q_len
    n_k_blocks = math.ceil(kv_len / bs)
    heads_per_index = Hq // H_idx  # query heads that read one index head (G when shared, else 1)

    out = torch.empty(B, Hq, q_len, D, dtype=q.dtype, device=q.device)
    q_pad = (-q_len) % bs
    k_pad = n_k_blocks * bs - kv_len
    counts_all = index.counts.long()
    indices_all = index.indices.long()
    row_in_block = torch.arange(bs, device=q.device)
    for b in range(B):
        for hi in range(H_idx):
            h0 = hi * heads_per_index
            kv_head = h0 * Hkv // Hq
            R = heads_per_index
            # (nq, R*bs, D): the R query heads' rows of one query block stacked
            qh = q[b, h0 : h0 + R].to(work) * scale
            qh = torch.nn.functional.pad(qh, (0, 0, 0, q_pad)).view(R, n_q_blocks, bs, D)
            qh = qh.transpose(0, 1).reshape(n_q_blocks, R * bs, D)
            # (nk, bs, D) key and value blocks (last one zero-padded; padded keys are masked below)
            kb = torch.nn.functional.pad(k[b, kv_head].to(work), (0, 0, 0, k_pad)).view(n_k_blocks, bs, D)
            vb = torch.nn.functional.pad(v[b, kv_head].to(work), (0, 0, 0, k_pad)).view(n_k_blocks, bs, D)
            counts, indices = counts_all[b, hi], indices_all[b, hi]  # (nq,), (nq, max_kept)
            out_h = torch.empty(n_q_blocks, R * bs, D, dtype=work, device=q.device)
            max_kept = indices.shape[-1]
            chunk = max(1, CHUNK_ELEMENTS // (R * bs * max_kept * bs))
            for start in range(0, n_q_blocks, chunk):
                stop = min(start + chunk, n_q_blocks)
                m = max(1, int(counts[start:stop].max()))
                idx = indices[start:stop, :m]  # (c, m)
                valid = idx >= 0
                safe = idx.clamp_min(0)
                kg = kb[safe].flatten(1, 2)  # (c, m*bs, D)
                vg = vb[safe].flatten(1, 2)
                logits = torch.bmm(qh[start:stop], kg.transpose(1, 2))  # (c, R*bs, m*bs)
                # absolute key positions of the gathered keys; padding and keys past Skv never visible
                kpos = (safe[..., None] * bs + row_in_block).flatten(1)  # (c, m*bs)
                kpos = torch.where(valid.repeat_interleave(bs, dim=1) & (kpos < kv_len), kpos, 1 << 62)
                qpos = offset + torch.arange(start, stop, device=q.device)[:, None] * bs + row_in_block
                qpos = qpos.repeat(1, R)  # (c, R*bs): rows are head-major within the block
                logits.masked_fill_(kpos[:, None, :] > qpos[:, :, None], float("-inf"))
                probs = torch.softmax(logits, dim=-1)
                out_h[start:stop] = torch.bmm(probs, vg)
            out_h = out_h.view(n_q_blocks, R, bs, D).transpose(0, 1).reshape(R, n_q_blocks * bs, D)
            out[b, h0 : h0 + R] = out_h[:, :q_len].to(q.dtype)
    return out


def dense_attention(q, k, v, scale: float | None = None, rows_per_chunk: int = 2048):
    """Dense causal attention with PyTorch's SDPA, for queries that are the last Sq positions of the keys.

    Sq == Skv uses SDPA's own causal mask; Sq == 1 needs no mask; otherwise (chunked prefill) the queries go in
    chunks of rows with an explicit (rows, Skv) mask, so memory stays O(rows * Skv). GQA without repeating K/V.
    """
    q_len, kv_len = q.shape[2], k.shape[2]
    gqa = q.shape[1] != k.shape[1]
    if q_len == kv_len or q_len == 1:
        return torch.nn.functional.scaled_dot_product_attention(
            q, k, v, is_causal=q_len > 1, scale=scale, enable_gqa=gqa
        )
    out = torch.empty_like(q)
    offset = kv_len - q_len
    keys = torch.arange(kv_len, device=q.device)
    for start in range(0, q_len, rows_per_chunk):
        stop = min(start + rows_per_chunk, q_len)
        visible = keys[None, :] <= (torch.arange(start, stop, device=q.device) + offset)[:, None]
        n_keys = stop + offset  # keys past the chunk's last query are never visible
        out[:, :, start:stop] = torch.nn.functional.scaled_dot_product_attention(
            q[:, :, start:stop], k[:, :, :n_keys], v[:, :, :n_keys],
            attn_mask=visible[:, :n_keys], scale=scale, enable_gqa=gqa,
        )
    return out
