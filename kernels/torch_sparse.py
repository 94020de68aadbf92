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

# float32 elements of one chunk's (rows x gathered keys) score matrix: bounds the extra memory (16 MiB) and
# keeps the chunk cache-friendly; measured on 2 cores, larger chunks were not faster.
CHUNK_ELEMENTS = 1 << 22


def block_sparse_attention_torch(q, k, v, index: BlockIndex, block_size: int, scale: float | None = None):
    """Exact softmax attention of q over the kept key blocks of `index` (causal inside them).

    q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D), index as in kernels.config.BlockIndex. Returns (B, Hq, Sq, D)
    in q's dtype; computation in float32 (float64 stays float64).

    How: per (batch, index head), the R query heads reading that index head are stacked as rows of one query
    block, (nq, R*bs, D). Query blocks are ordered by their number of kept blocks so that a chunk of them
    needs little padding. Each block's kept list is right-aligned (padding first): the blocks that need the
    element-wise causal mask are always the last two columns of blocks (a kept block needs it only if it
    reaches past the block's first query, i.e. j >= first(i), and at most two such blocks exist), so the mask
    touches only the tail, and padding only the front.
    """
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    H_idx, n_q_blocks = index.counts.shape[1], index.counts.shape[2]
    bs = block_size
    if n_q_blocks != math.ceil(q_len / bs):
        raise ValueError(f"index has {n_q_blocks} query blocks, q has {q_len} rows (block size {bs})")
    scale = D**-0.5 if scale is None else scale
    work = torch.float64 if q.dtype == torch.float64 else torch.float32
    device = q.device
    offset = kv_len - q_len
    n_k_blocks = math.ceil(kv_len / bs)
    R = Hq // H_idx  # query heads that read one index head (G when shared, else 1)
    q_pad, k_pad = (-q_len) % bs, n_k_blocks * bs - kv_len
    neg_inf = float("-inf")
    row_in_block = torch.arange(bs, device=device)

    out = torch.empty(B, Hq, q_len, D, dtype=q.dtype, device=device)
    for b in range(B):
        for h_idx in range(H_idx):
            h0 = h_idx * R
            kv_head = h0 * Hkv // Hq
            counts = index.counts[b, h_idx].long()  # (nq,)
            max_kept = max(1, int(counts.max()))
            indices = index.indices[b, h_idx, :, :max_kept].long()  # (nq, max_kept)
            # right-align every kept list: column c holds entry c - (max_kept - count), padding (-1) before it
            lead = max_kept - counts  # (nq,)
            col = torch.arange(max_kept, device=device)
            src = (col[None, :] - lead[:, None]).clamp_min(0)
            aligned = torch.where(col[None, :] >= lead[:, None], indices.gather(1, src), 0)  # (nq, max_kept)

            qh = q[b, h0 : h0 + R].to(work) * scale  # (R, Sq, D)
            qh = torch.nn.functional.pad(qh, (0, 0, 0, q_pad)).view(R, n_q_blocks, bs, D)
            qh = qh.transpose(0, 1).reshape(n_q_blocks, R * bs, D)  # (nq, R*bs, D), rows head-major
            kb = torch.nn.functional.pad(k[b, kv_head].to(work), (0, 0, 0, k_pad)).view(n_k_blocks, bs * D)
            vb = torch.nn.functional.pad(v[b, kv_head].to(work), (0, 0, 0, k_pad)).view(n_k_blocks, bs * D)
            out_h = torch.empty(n_q_blocks, R * bs, D, dtype=work, device=device)

            order = torch.argsort(counts, descending=True, stable=True)  # similar counts share a chunk
            sorted_counts = counts[order].tolist()
            start = 0
            while start < n_q_blocks:
                m = max(1, sorted_counts[start])  # widest list of the chunk (sorted descending)
                chunk = max(1, CHUNK_ELEMENTS // (R * bs * m * bs))
                stop = min(start + chunk, n_q_blocks)
                blocks = order[start:stop]  # (c,) query block ids
                c = stop - start
                idx = aligned[blocks, max_kept - m :]  # (c, m) right-aligned key-block ids
                kg = kb.index_select(0, idx.reshape(-1)).view(c, m * bs, D)
                vg = vb.index_select(0, idx.reshape(-1)).view(c, m * bs, D)
                logits = torch.bmm(qh.index_select(0, blocks), kg.transpose(1, 2))  # (c, R*bs, m*bs)
                # element-wise causal mask on the last two block columns (keys past Skv are masked too)
                tail = min(m, 2)
                kpos = (idx[:, m - tail :, None] * bs + row_in_block).reshape(c, tail * bs)  # (c, tail*bs)
                qpos = (offset + blocks[:, None] * bs + row_in_block).repeat(1, R)  # (c, R*bs)
                logits[:, :, (m - tail) * bs :].masked_fill_(kpos[:, None, :] > qpos[:, :, None], neg_inf)
                # padding columns at the front
                n_pad = m - sorted_counts[stop - 1]
                if n_pad > 0:
                    pad_cols = col[:n_pad, None] < (m - counts[blocks])[None, :]  # (n_pad, c)
                    pad_cols = pad_cols.T.repeat_interleave(bs, dim=1)  # (c, n_pad*bs)
                    logits[:, :, : n_pad * bs].masked_fill_(pad_cols[:, None, :], neg_inf)
                probs = torch.softmax(logits, dim=-1)
                out_h.index_copy_(0, blocks, torch.bmm(probs, vg))
                start = stop
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
