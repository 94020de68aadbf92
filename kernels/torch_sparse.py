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

# Elements of the gathered K (chunk x kept keys x D) of one SDPA call: bounds the extra memory to a few MiB
# (K and V copies) while keeping calls large enough that per-call overhead does not matter.
CHUNK_ELEMENTS = 1 << 21


def block_sparse_attention_torch(q, k, v, index: BlockIndex, block_size: int, scale: float | None = None):
    """Exact softmax attention of q over the kept key blocks of `index` (causal inside them).

    q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D), index as in kernels.config.BlockIndex. Returns (B, Hq, Sq, D)
    in q's dtype; computation in float32 (float64 stays float64). A query row with no visible key in its
    kept blocks gets a zero output (select_blocks never produces one).

    How: per (batch, index head), the kept K/V blocks of each query block are gathered (index_select of whole
    blocks) and PyTorch's fused SDPA attends the block's rows to them, for a batch of query blocks at a time;
    the R query heads that read one index head share the gathered K/V (GQA broadcast, no copies). Only the
    last (at most two) kept blocks can reach past a query block's first query: every other kept block lies
    before it and is fully visible. Those "tail" blocks are gathered first, so the additive mask of a batch is
    a (bs, m*bs) slice of one prebuilt (bs, max_kept*bs) mask whose first columns hold the tail's causal
    pattern. Query blocks are batched when they share (m kept blocks, t tail blocks, tail offset): with the
    structural window that is simply "same m", so batches are large and need no padding.
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
    sdpa = torch.nn.functional.scaled_dot_product_attention

    # Every (batch, index head, query block) is one "row" of work; all rows are batched together, so the
    # number of SDPA calls is the number of distinct (count, tail, shift) keys, not that times B*H.
    # (no copies when the inputs are float32, contiguous and block-aligned)
    qp = _pad_rows(q.to(work), q_pad).reshape(B, H_idx, R, n_q_blocks, bs, D)  # a view when possible
    kb = _pad_rows(k.to(work), k_pad).reshape(B * Hkv * n_k_blocks, bs * D)
    vb = _pad_rows(v.to(work), k_pad).reshape(B * Hkv * n_k_blocks, bs * D)
    out_p = torch.empty(B, H_idx, R, n_q_blocks, bs, D, dtype=work, device=device)

    counts = index.counts.long().reshape(-1)  # (B*H_idx*nq,)
    max_kept = max(1, int(counts.max()))
    indices = index.indices[..., :max_kept].long()  # (B, H_idx, nq, max_kept)
    tail, shift = _tails(indices.reshape(-1, max_kept), counts, offset, bs, n_q_blocks)
    # key-block ids -> rows of kb: (b * Hkv + kv head of the index head) * nk + id
    kv_head = torch.arange(H_idx, device=device) * R * Hkv // Hq
    base = (torch.arange(B, device=device)[:, None] * Hkv + kv_head[None, :]) * n_k_blocks  # (B, H_idx)
    indices = (indices + base[:, :, None, None]).reshape(-1, max_kept)  # padding entries are never read
    row_b = torch.arange(B, device=device).repeat_interleave(H_idx * n_q_blocks)
    row_h = torch.arange(H_idx, device=device).repeat_interleave(n_q_blocks).repeat(B)
    row_i = torch.arange(n_q_blocks, device=device).repeat(B * H_idx)

    span = 2 * (n_k_blocks + 2) * bs
    key = (counts * 3 + tail) * span + (shift + span // 2)
    order = torch.argsort(key, stable=True)
    _, group_sizes = torch.unique_consecutive(key[order], return_counts=True)
    masks = {}  # (t, shift) -> additive (bs, max_kept*bs) mask whose first t*bs columns hold the tail
    start = 0
    for size in group_sizes.tolist():
        first_row = int(order[start])
        m, t, sh = int(counts[first_row]), int(tail[first_row]), int(shift[first_row])
        rows = order[start : start + size]
        start += size
        if m == 0:  # nothing kept: zero output
            out_p[row_b[rows], row_h[rows], :, row_i[rows]] = 0.0
            continue
        mask = masks.get((t, sh))
        if mask is None:
            mask = masks[(t, sh)] = _tail_mask(max_kept, t, sh, bs, work, device)
        mask = mask[:, : m * bs]
        # row 0 sees a key unless every kept key lies after it (only possible with a hand-made index)
        maybe_empty_rows = m == t and sh > 0
        step = max(1, CHUNK_ELEMENTS // (m * bs * D))
        for c0 in range(0, size, step):
            chunk = rows[c0 : c0 + step]  # (c,)
            c = len(chunk)
            idx = indices[chunk, :m]
            if t:
                idx = idx.roll(t, dims=1)  # tail blocks first, matching the mask
            idx = idx.reshape(-1)  # (c*m,)
            kg = kb.index_select(0, idx).view(c, 1, m * bs, D)
            vg = vb.index_select(0, idx).view(c, 1, m * bs, D)
            bi, hi, ii = row_b[chunk], row_h[chunk], row_i[chunk]
            o = sdpa(qp[bi, hi, :, ii], kg, vg, attn_mask=mask, scale=scale, enable_gqa=R > 1)  # (c, R, bs, D)
            if maybe_empty_rows:
                o = o.nan_to_num_(0.0)  # rows with no visible key -> 0
            out_p[bi, hi, :, ii] = o
    out = out_p.view(B, Hq, n_q_blocks * bs, D)[:, :, :q_len]
    if out.dtype != q.dtype or q_pad:
        out = out.to(q.dtype).contiguous()
    return out


def _pad_rows(x, pad):
    # (B, H, S, D) -> (B, H, S + pad, D) zero rows at the end; no copy when pad == 0 (F.pad always copies)
    return torch.nn.functional.pad(x, (0, 0, 0, pad)) if pad else x


def _tails(indices, counts, offset, bs, n_q_blocks):
    """Per query block (nq,) each: t = how many of the last kept blocks form the masked tail (the trailing
    consecutive run, at most 2 blocks: only blocks >= first(i) reach past the block's first query, and there
    are at most two of those, both at the end of the ascending list), and shift = position of the tail's
    first key relative to the block's first query."""
    last = indices.gather(1, (counts - 1).clamp_min(0)[:, None])[:, 0]  # largest kept id
    before = indices.gather(1, (counts - 2).clamp_min(0)[:, None])[:, 0]
    tail = torch.where((counts >= 2) & (before == last - 1), 2, 1)
    tail = torch.where(counts == 0, 0, tail)
    block = torch.arange(indices.shape[0], device=indices.device) % n_q_blocks  # rows are (..., nq) flattened
    shift = (last - tail + 1) * bs - (offset + block * bs)
    return tail, shift


def _tail_mask(max_kept, t, shift, bs, dtype, device):
    # additive (bs, max_kept*bs), 0 or -inf. Columns [0, t*bs) are the tail: its key c sits at query-relative
    # position shift + c and is visible to row r when shift + c <= r. All later columns are fully visible.
    # Additive rather than bool: SDPA would convert a bool mask on every call.
    mask = torch.zeros(bs, max(1, max_kept) * bs, dtype=dtype, device=device)
    rows = torch.arange(bs, device=device)[:, None]
    cols = torch.arange(t * bs, device=device)[None, :]
    mask[:, : t * bs].masked_fill_(shift + cols > rows, float("-inf"))
    return mask


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
