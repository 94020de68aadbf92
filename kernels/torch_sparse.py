"""Block-sparse attention in plain torch, for CPU (and any device without Triton).

Query blocks with the same number of kept key blocks (and the same causal tail) are batched; their kept K/V
blocks are gathered and PyTorch's fused SDPA attends the rows to them with one shared additive mask for the
tail. The query heads that share an index head (a GQA group when the selection is shared) read the same
gathered K/V through SDPA's GQA broadcast, never a repeated copy. Memory: the gathered K/V of one call,
bounded by CHUNK_ELEMENTS, or held in scratch memory the caller lends — never Sq x Skv.
"""

from __future__ import annotations

import math

import torch

from kernels.checks import check_index, check_qkv, check_scale
from kernels.config import BlockIndex
from kernels.select import block_layout

# Working-set bound of one attention call without scratch, per thread: float32 elements of the gathered K
# (rows x kept keys x D), the same again for V and at most that for the tail mask. Kept small (64 KiB) so that
# the sparse path's peak memory stays near dense SDPA's (which needs little beyond its output): the process
# keeps what its heap once held. Rows with more kept keys than fit are attended in pieces of key blocks merged
# by their log-sum-exp. kernels.sparse_attention lends scratch to all its chunks but the first query rows.
CHUNK_ELEMENTS = 1 << 14
# The budget when the caller lends scratch memory (`scratch`, e.g. output rows not computed yet): up to 1 MiB of K
# per call. Fewer, larger calls and fewer pieces per row: 15 % faster at 16K (layer 15, 2 threads, alternated
# in one process) — at no cost in peak memory, since the scratch is memory the caller holds anyway.
SCRATCH_CHUNK_ELEMENTS = 1 << 18
# Query blocks per attention call at least; None = one per torch thread (see block_sparse_attention_torch).
MIN_BATCH: int | None = None


def block_sparse_attention_torch(q, k, v, index: BlockIndex, block_size: int, scale: float | None = None, *,
                                 out: torch.Tensor | None = None, scratch: tuple | None = None):
    """Exact softmax attention of q over the kept key blocks of `index` (causal inside them).

    q (B, Hq, Sq, D), k/v (B, Hkv, Skv, D), index as in kernels.config.BlockIndex. Returns (B, Hq, Sq, D)
    in q's dtype; computation in float32 (float64 stays float64). A query row with no visible key in its
    kept blocks gets a zero output (select_blocks never produces one). `out`: optional (B, Hq, Sq, D) tensor
    of q's dtype to write into (what kernels.sparse_attention does chunk by chunk). `scratch`: optional three
    (or four) 1-D contiguous tensors of the computation dtype (float32; float64 for float64 inputs), overwritten
    freely, for the gathered K, the gathered V, the tail mask (and the gathered query blocks): with them, calls
    gather up to SCRATCH_CHUNK_ELEMENTS (bounded by their size) instead of CHUNK_ELEMENTS, without allocating.
    They must not overlap q, k, v or the rows written.

    How: per (batch, index head), the kept K/V blocks of each query block are gathered (whole blocks, straight
    from k/v whatever their strides: no copy of k/v) and PyTorch's fused SDPA attends the block's rows to
    them, for a batch of query blocks at a time; the R query heads that read one index head share the gathered
    K/V (GQA broadcast, no copies). Only the last (at most two) kept blocks can reach past a query block's
    first query: every other kept block lies before it and is fully visible. Those "tail" blocks are gathered
    first, so the additive mask of a batch is a (bs, m*bs) slice of one prebuilt mask whose first columns hold
    the tail's causal pattern. Query blocks are batched when they share (m kept blocks, t tail blocks, tail
    offset): with the structural window that is simply "same m", so batches are large and need no padding.
    Rows whose kept keys exceed CHUNK_ELEMENTS are attended piece by piece (log-sum-exp merge).
    """
    check_qkv(q, k, v)
    scale = check_scale(scale)
    check_index(index, q, k, block_size)
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    H_idx, n_q_blocks = index.counts.shape[1], index.counts.shape[2]
    bs = block_size
    index = _without_blocks_above_the_diagonal(index, q_len, kv_len, bs)
    if q_len % bs and n_q_blocks > 1:
        # A partial last query block would need a padded copy of q and a padded output (twice the output's
        # memory for a prompt that is not a multiple of bs): attend it on its own. The whole blocks before it
        # are the same problem with the keys up to their last query (as in kernels.sparse_attention's chunks).
        if out is None:
            out = torch.empty(q.shape, dtype=q.dtype, device=q.device)
        for i0, i1 in ((0, n_q_blocks - 1), (n_q_blocks - 1, n_q_blocks)):
            part = query_blocks(q, k, v, index, bs, i0, i1)
            block_sparse_attention_torch(*part, bs, scale, out=out[:, :, i0 * bs : i0 * bs + part[0].shape[2]],
                                         scratch=scratch)
        return out
    scale = D**-0.5 if scale is None else scale
    work = torch.float64 if q.dtype == torch.float64 else torch.float32
    device = q.device
    offset = kv_len - q_len
    n_k_blocks = math.ceil(kv_len / bs)
    R = Hq // H_idx  # query heads that read one index head (G when shared, else 1)
    q_pad = (-q_len) % bs
    sdpa = torch.nn.functional.scaled_dot_product_attention

    # Every (batch, index head, query block) is one "row" of work; all rows are batched together, so the
    # number of SDPA calls is the number of distinct (count, tail, shift) keys, not that times B*H.
    # (no copies when the inputs are float32 and block-aligned)
    qp = _pad_rows(q.to(work), q_pad).reshape(B, H_idx, R, n_q_blocks, bs, D)  # a view when possible
    kw, vw = _token_rows(k.to(work)), _token_rows(v.to(work))  # (rows, D) views + (b, h, s) row strides
    direct = False  # write straight into `out` when it can be viewed as blocks (a slice of rows can)
    if out is not None and not q_pad and out.dtype == work:
        try:
            out_p, direct = out.view(B, H_idx, R, n_q_blocks, bs, D), True
        except RuntimeError:
            pass
    if not direct:
        out_p = torch.empty(B, H_idx, R, n_q_blocks, bs, D, dtype=work, device=device)

    counts = index.counts.long().reshape(-1)  # (N,) N = B*H_idx*nq rows of work
    max_kept = max(1, int(counts.max()))
    # (N, max_kept) int32 as given, no int64 copy: it is the call's largest array (the dense last query block
    # keeps every causal block), and the block positions below are read from it one group at a time
    indices = index.indices[..., :max_kept].reshape(-1, max_kept)
    tail, shift = _tails(indices, counts, offset, bs, n_q_blocks)
    # The fused CPU kernel parallelises over batch x heads x query splits: a call with one query block keeps
    # one thread busy. So a call takes at least one query block per thread (the working set grows with the
    # threads, as dense SDPA's per-thread buffers do).
    min_batch = (MIN_BATCH or torch.get_num_threads()) if device.type == "cpu" else 1
    budget = CHUNK_ELEMENTS  # elements of K gathered per call (the same again for V)
    if scratch is not None and all(x.dtype == work and x.is_contiguous() for x in scratch):
        budget = max(budget, min(SCRATCH_CHUNK_ELEMENTS, min(x.numel() for x in scratch[:2]) // min_batch))
    else:
        scratch = None
    q_scratch = scratch[3] if scratch is not None and len(scratch) > 3 else None  # the query blocks of a call
    piece = max(2, budget // (bs * D))  # key blocks per SDPA call at most (the tail fits the first)
    # one additive (bs, width) mask, zero but for its first columns, which hold the tail of the current group
    width_max = min(max_kept, piece) * bs
    if scratch is not None and scratch[2].numel() >= bs * width_max:
        mask_full = scratch[2][: bs * width_max].view(bs, width_max).zero_()
    else:
        mask_full = torch.zeros(bs, width_max, dtype=work, device=device)
    mask_tail = None  # (t, shift) the first columns of mask_full hold now
    span = 2 * (n_k_blocks + 2) * bs
    key = (counts * 3 + tail) * span + (shift + span // 2)
    order = torch.argsort(key, stable=True)
    _, group_sizes = torch.unique_consecutive(key[order], return_counts=True)
    # Everything a call needs, per row in `order` (so a group and a chunk are slices, not lookups): the row's
    # batch, index head and query block, the storage row of key 0 of its KV head in k and in v, the token
    # position of each kept block's first key, and the group keys (m, t, shift) read once per group below.
    row_b = order // (H_idx * n_q_blocks)
    row_h = order // n_q_blocks % H_idx
    row_i = order % n_q_blocks
    row_kv = row_h * R * Hkv // Hq
    # the R query blocks of each row in qp and out_p, read and written as whole blocks when the layouts allow
    # (one index_select / index_copy_ of 16 KiB rows: 30-45 % cheaper than advanced indexing)
    q_blocks, out_blocks = _blocks_view(qp), _blocks_view(out_p)
    q_ids, out_ids = (None if view is None else _row_block_ids(view[1], row_b, row_h, row_i, R)  # (N, R)
                      for view in (q_blocks, out_blocks))
    # Whole key blocks are gathered as single rows of bs*D elements when every block is complete and its keys
    # are adjacent in storage (a contiguous k, or its slice of keys): one 16 KiB copy per block instead of bs
    # copies of one key (30-45 % less gather time). Else key by key, in the same order.
    by_block = kv_len % bs == 0 and kw[1][2] == 1 and vw[1][2] == 1
    unit = bs if by_block else 1  # keys per gathered row
    if by_block:
        kw, vw = _grouped_rows(kw, bs), _grouped_rows(vw, bs)
    base_k = row_b * kw[1][0] + row_kv * kw[1][1]  # (N,)
    base_v = base_k if vw[1] == kw[1] else row_b * vw[1][0] + row_kv * vw[1][1]
    group_keys = torch.stack([counts[order], tail[order], shift[order]], 1)[torch.cumsum(group_sizes, 0) - group_sizes]
    in_block = torch.arange(bs // unit, device=device)
    clamp = kv_len % bs != 0  # a partial last key block: its missing positions read the last key (masked)
    start = 0
    for size, (m, t, sh) in zip(group_sizes.tolist(), group_keys.tolist()):
        g0, g1 = start, start + size
        start = g1
        if m == 0:  # nothing kept: zero output
            out_p[row_b[g0:g1], row_h[g0:g1], :, row_i[g0:g1]] = 0.0
            continue
        width = min(m, piece)  # key blocks of the first (masked) piece
        if mask_tail != (t, sh):
            _write_tail_mask(mask_full, t, sh, bs)
            mask_tail = (t, sh)
        mask = mask_full[:, : width * bs]
        # row 0 sees a key unless every kept key lies after it (only possible with a hand-made index)
        maybe_empty_rows = m == t and sh > 0
        pos_g = indices[order[g0:g1], :m] * (bs // unit)  # (g, m) the kept blocks' ids, or their first keys
        if t:
            pos_g = pos_g.roll(t, dims=1)  # tail blocks first, matching the mask
        step = max(min_batch, budget // (width * bs * D))
        for c0 in range(g0, g1, step):
            c1 = min(c0 + step, g1)
            bi, hi, ii = row_b[c0:c1], row_h[c0:c1], row_i[c0:c1]
            if q_ids is None:
                qc = qp[bi, hi, :, ii]  # (c, R, bs, D)
            elif q_scratch is not None and (c1 - c0) * R * bs * D <= q_scratch.numel():
                qc = torch.index_select(q_blocks[0], 0, q_ids[c0:c1].view(-1),
                                        out=q_scratch[: (c1 - c0) * R * bs * D].view(-1, bs, D))
                qc = qc.view(c1 - c0, R, bs, D)
            else:
                qc = q_blocks[0].index_select(0, q_ids[c0:c1].view(-1)).view(c1 - c0, R, bs, D)
            # the gathered rows (c, m*bs/unit) of the kept blocks: block ids, or key positions where a partial
            # last block reads its last key again for the missing positions (after every query: masked)
            if by_block:
                pos = pos_g[c0 - g0 : c1 - g0]
            else:
                pos = (pos_g[c0 - g0 : c1 - g0, :, None] + in_block).view(c1 - c0, -1)
                if clamp:
                    pos.clamp_max_(kv_len - 1)
            bases = (base_k[c0:c1, None], base_v[c0:c1, None])
            if m <= piece:
                kg, vg = _gather_kv(kw, vw, bases, pos, scratch)  # (c, m*bs, D) each
                o = sdpa(qc, kg[:, None], vg[:, None], attn_mask=mask, scale=scale, enable_gqa=R > 1)  # (c, R, bs, D)
            else:
                o = _attend_in_pieces(qc, kw, vw, bases, pos, mask, piece * bs // unit, scale, R, scratch)
            if maybe_empty_rows:
                o = o.nan_to_num_(0.0)  # rows with no visible key -> 0
            if out_ids is None:
                out_p[bi, hi, :, ii] = o
            else:
                out_blocks[0].index_copy_(0, out_ids[c0:c1].view(-1), o.reshape(-1, bs, D))
    if direct:
        return out
    result = out_p.view(B, Hq, n_q_blocks * bs, D)[:, :, :q_len]
    if out is not None:
        out.copy_(result)
        return out
    if result.dtype != q.dtype or q_pad:
        result = result.to(q.dtype).contiguous()
    return result


def _without_blocks_above_the_diagonal(index: BlockIndex, q_len: int, kv_len: int, bs: int) -> BlockIndex:
    """The index as given, or (for a hand-made one) without its kept blocks above a query block's diagonal:
    every key in them comes after every query of the block, so the causal mask hides them whole, and the
    tail logic below assumes the last kept block is the diagonal. Refuses kept ids that name no key block
    (negative, or past the last one); ids ascend in [:count], so the first and last kept ones tell."""
    counts, indices = index.counts, index.indices
    if indices.shape[-1] == 0 or not bool(counts.gt(0).any()):
        return index
    first_kept = indices[..., 0]
    if bool(((first_kept < 0) & (counts > 0)).any()):
        raise ValueError("the block index keeps a negative key-block id (ids are ascending in [:count], >= 0)")
    _, _, _, _, last = block_layout(q_len, kv_len, bs, counts.device)  # (nq,) the diagonal key block
    last_kept = indices.gather(-1, (counts.long() - 1).clamp_min(0)[..., None])[..., 0]
    if bool(((last_kept >= math.ceil(kv_len / bs)) & (counts > 0)).any()):
        raise ValueError(f"the block index keeps a key-block id past the last key block ({math.ceil(kv_len / bs) - 1})")
    if not bool(((last_kept > last) & (counts > 0)).any()):
        return index
    # ids ascend, so the blocks above the diagonal are the last kept ones
    visible = ((indices >= 0) & (indices <= last[:, None])).sum(-1, dtype=torch.int32)
    return BlockIndex(torch.minimum(counts, visible), indices)


def query_blocks(q, k, v, index: BlockIndex, bs: int, i0: int, i1: int):
    """The sub-problem of query blocks [i0, i1): (their q rows, k and v up to their last query, their index
    rows). Its queries are again the last positions of its keys, so attending it gives exactly those rows of
    the whole problem's output."""
    r0, r1 = i0 * bs, min(i1 * bs, q.shape[2])
    keys = k.shape[2] - q.shape[2] + r1
    return (q[:, :, r0:r1], k[:, :, :keys], v[:, :, :keys],
            BlockIndex(index.counts[:, :, i0:i1], index.indices[:, :, i0:i1]))


def _attend_in_pieces(qc, kw, vw, bases, pos, mask, piece, scale, R, scratch=None):
    """Attention of qc (c, R, bs, D) over the gathered rows pos (c, n) (see _gather_kv) in pieces of `piece`
    rows, each with its log-sum-exp (_attend_with_lse), merged exactly. The first piece holds the tail (masked
    by `mask`, (bs, its keys)); the others are fully visible."""
    c, _, _, D = qc.shape
    acc = lse = None
    for p0 in range(0, pos.shape[1], piece):
        kg, vg = _gather_kv(kw, vw, bases, pos[:, p0 : p0 + piece], scratch)  # (c, w keys, D) each
        w = kg.shape[1]
        o, l = _attend_with_lse(qc, kg[:, None].expand(c, R, w, D), vg[:, None].expand(c, R, w, D),
                                mask if p0 == 0 else None, scale)
        acc, lse = (o, l) if acc is None else _merge_by_lse_(acc, lse, o, l)
    return acc


def _merge_by_lse_(acc, lse, o, l):
    """Exact merge of two softmax attentions of the same rows over disjoint keys: acc, o (..., rows, D) with
    their log-sum-exps lse, l (..., rows, 1). Returns (merged output, merged log-sum-exp), the output written
    into acc (o is overwritten too). A row that sees no key in either (lse = l = -inf) gets 0."""
    total = torch.logaddexp(lse, l)
    acc.mul_((lse - total).exp_().nan_to_num_(0.0)).add_(o.mul_((l - total).exp_().nan_to_num_(0.0)))
    return acc, total


def _attend_with_lse(q, k, v, mask, scale, fused: bool | None = None):
    """(softmax(q k^T * scale + mask) v, log-sum-exp of each row (..., rows, 1)). q (..., rows, D), k/v
    (..., keys, D), mask additive (rows, keys) or None. On CPU PyTorch's fused flash kernel returns both;
    elsewhere (CUDA without Triton, MPS) the piece is small (bounded by CHUNK_ELEMENTS), so plain matmuls do."""
    if fused is None:
        fused = q.device.type == "cpu"
    if fused:
        o, lse = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(q, k, v, 0.0, False, attn_mask=mask,
                                                                           scale=scale)
        return o, lse[..., None]
    logits = (q * scale) @ k.transpose(-1, -2)  # (..., rows, keys)
    if mask is not None:
        logits = logits + mask
    lse = logits.logsumexp(-1, keepdim=True)  # -inf for a row with no visible key: its output is 0
    return torch.softmax(logits, dim=-1).nan_to_num_(0.0) @ v, lse


def _token_rows(x):
    """(rows, strides): x (B, H, S, D) as a (N, D) view of its storage and the row strides of b, h, s, so that
    token (b, h, s) is row b*sb + h*sh + s*ss. A slice of keys of a contiguous tensor (what the chunked
    sparse_attention passes) needs no copy; other layouts are made contiguous first."""
    D = x.shape[-1]
    sb, sh, ss, sd = x.stride()
    if sd != 1 or sb % D or sh % D or ss % D:
        x = x.contiguous()
        sb, sh, ss, sd = x.stride()
    last = sum((n - 1) * st for n, st in zip(x.shape[:3], (sb, sh, ss))) // D + 1 if x.numel() else 0
    return x.as_strided((last, D), (D, 1)), (sb // D, sh // D, ss // D)


def _gather_kv(k_rows, v_rows, bases, pos, scratch=None):
    """(K, V) copies (c, w * keys per row, D) of the rows at positions pos (c, w) (int32 or int64) of each row of
    work: k_rows, v_rows from _token_rows (a row = one key, pos = key positions) or _grouped_rows (a row = one key
    block, pos = block ids); bases = (storage row of key 0 of each row's KV head in k, same in v), (c, 1) int64
    each. The row ids are computed once when K and V share a layout (the usual case: same strides). The copies
    are written into scratch[0] and scratch[1] (1-D tensors) when they fit, else allocated."""
    (k_flat, k_strides), (v_flat, v_strides) = k_rows, v_rows
    k_ids = torch.add(bases[0], pos, alpha=k_strides[2]).view(-1)
    v_ids = k_ids if v_strides == k_strides else torch.add(bases[1], pos, alpha=v_strides[2]).view(-1)
    row_shape = k_flat.shape[1:]  # (D,) or (bs, D)
    n = k_ids.numel() * row_shape.numel()
    if scratch is not None and n <= min(x.numel() for x in scratch[:2]):
        kg = torch.index_select(k_flat, 0, k_ids, out=scratch[0][:n].view(-1, *row_shape))
        vg = torch.index_select(v_flat, 0, v_ids, out=scratch[1][:n].view(-1, *row_shape))
    else:
        kg, vg = k_flat.index_select(0, k_ids), v_flat.index_select(0, v_ids)
    D = row_shape[-1]
    return kg.view(pos.shape[0], -1, D), vg.view(pos.shape[0], -1, D)


def _blocks_view(x):
    """x (B, H, R, nq, bs, D) -> ((n, bs, D) view of x's storage from x's first element, strides of B, H and R
    in blocks), so that block (b, h, r, i) is row b*sb + h*sh + r*sr + i; None when x's blocks are not whole
    contiguous rows of that view (e.g. queries transposed as transformers passes them)."""
    bs, D = x.shape[-2:]
    st, block = x.stride(), bs * D
    if st[5] != 1 or st[4] != D or st[3] != block or any(s % block for s in st[:3]) or x.numel() == 0:
        return None
    n = sum((size - 1) * s for size, s in zip(x.shape[:4], st[:4])) // block + 1
    return x.as_strided((n, bs, D), (block, D, 1)), tuple(s // block for s in st[:3])


def _row_block_ids(strides, row_b, row_h, row_i, R):
    """(N, R) rows of a _blocks_view holding the R query blocks of each row of work (b, h, i), (N,) each."""
    sb, sh, sr = strides
    return (row_b * sb + row_h * sh + row_i)[:, None] + torch.arange(R, device=row_b.device) * sr


def _grouped_rows(rows, bs):
    """_token_rows (flat (N, D), row strides) of a tensor whose keys are adjacent rows (ss == 1, as the caller
    checks) -> ((N - bs + 1, bs, D) view whose row r holds keys r..r+bs-1, strides): rows overlap, so a block
    starting at any key row is one row, whatever the head stride; block j of a head is row base + j*bs."""
    flat, (sb, sh, _) = rows
    D = flat.shape[1]
    return flat.as_strided((flat.shape[0] - bs + 1, bs, D), (D, D, 1)), (sb, sh, bs)


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


def _write_tail_mask(mask, t, shift, bs):
    # mask: additive (bs, width), 0 or -inf, whose columns past 2*bs are 0. Columns [0, t*bs) become the tail:
    # its key c sits at query-relative position shift + c and is visible to row r when shift + c <= r; the
    # columns after it (up to 2*bs) are fully visible. Additive rather than bool: SDPA would convert a bool
    # mask on every call.
    n = min(2 * bs, mask.shape[1])
    rows = torch.arange(bs, device=mask.device)[:, None]
    cols = torch.arange(n, device=mask.device)[None, :]
    hidden = (cols < t * bs) & (shift + cols > rows)
    mask[:, :n] = torch.zeros((), dtype=mask.dtype, device=mask.device).masked_fill(hidden, float("-inf"))


def dense_attention(q, k, v, scale: float | None = None, rows_per_chunk: int = 2048):
    """Dense causal attention with PyTorch's SDPA, for queries that are the last Sq positions of the keys.

    Sq == Skv uses SDPA's own causal mask; Sq == 1 needs no mask; otherwise (chunked prefill) the queries go in
    chunks of rows with an explicit (rows, Skv) mask, so memory stays O(rows * Skv). GQA without repeating K/V.
    """
    check_qkv(q, k, v)
    scale = check_scale(scale)
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


# Query rows per KV head that dense_suffix_attention attends in one piece. With SmolLM2's 3 query heads per
# KV head that is 768 stacked rows, the least for which PyTorch's fused CPU kernel takes its largest query
# split (256 rows, as dense SDPA does on a long input): each split reads K/V once. Its working set (the
# stacked rows, two partial outputs) stays near the fused kernel's own buffers: at 32K with the selection's
# 576-row chunks, 0.6 MiB less than in one piece.
SUFFIX_ROWS_PER_CALL = 256


def dense_suffix_attention(q, k, v, scale: float | None = None, *, out: torch.Tensor | None = None):
    """Dense causal attention, on CPU, of queries that are the last Sq positions of the keys, with no
    (Sq, Skv) mask: the keys before the first query are visible to every row (one unmasked fused call; the
    G query heads of a KV head are stacked as rows, so K/V are read once), the last Sq keys form a square
    causal block (SDPA's own causal mask), and the two are merged by their log-sum-exp. One KV head and up to
    SUFFIX_ROWS_PER_CALL query rows at a time: the working set is a few (G*rows, D) tensors. q (B, Hq, Sq, D),
    k/v (B, Hkv, Skv, D) float32/16 or bfloat16; returns (or writes into `out`) (B, Hq, Sq, D) in q's dtype."""
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    G = Hq // Hkv
    scale = D**-0.5 if scale is None else scale
    prefix = kv_len - q_len
    out = torch.empty_like(q) if out is None else out
    if q_len > SUFFIX_ROWS_PER_CALL:
        # rows [r0, r1) are again the last queries of the keys up to prefix + r1
        for r0 in range(0, q_len, SUFFIX_ROWS_PER_CALL):
            r1 = min(r0 + SUFFIX_ROWS_PER_CALL, q_len)
            dense_suffix_attention(q[:, :, r0:r1], k[:, :, : prefix + r1], v[:, :, : prefix + r1], scale,
                                   out=out[:, :, r0:r1])
        return out
    flash = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu
    for h in range(Hkv):
        heads = slice(h * G, (h + 1) * G)
        qh = q[:, heads]  # (B, G, Sq, D)
        kd = k[:, h : h + 1, prefix:].expand(B, G, q_len, D)  # the square causal block, not copied
        vd = v[:, h : h + 1, prefix:].expand(B, G, q_len, D)
        o_diag, l_diag = flash(qh, kd, vd, 0.0, True, scale=scale)  # (B, G, Sq, D), (B, G, Sq)
        if prefix == 0:
            out[:, heads] = o_diag
            continue
        rows = qh.reshape(B, 1, G * q_len, D)  # the group's rows stacked (a copy when q is a slice)
        o_pre, l_pre = flash(rows, k[:, h : h + 1, :prefix], v[:, h : h + 1, :prefix], 0.0, False, scale=scale)
        work = torch.promote_types(q.dtype, torch.float32)  # float32, or float64 for float64 inputs
        o_pre, o_diag = o_pre.view(B, G, q_len, D).to(work), o_diag.to(work)  # no copies in float32
        out[:, heads], _ = _merge_by_lse_(o_pre, l_pre.view(B, G, q_len, 1), o_diag, l_diag[..., None])
    return out
