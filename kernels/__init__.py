"""Training-free block-sparse attention for the prefill of causal LMs.

    from kernels import sparse_attention, SparseConfig
    out = sparse_attention(q, k, v, SparseConfig(tau=0.95))   # q (B,Hq,Sq,D), k/v (B,Hkv,Skv,D)

Per query block: always the sink and local blocks, plus the distant key blocks that an estimate of the
attention scores says carry the mass, until the estimated mass reaches tau (kernels/select.py). Only those
blocks are computed: Triton kernels on CUDA (kernels/block_sparse.py), batched torch on CPU
(kernels/torch_sparse.py). docs/sparse-attention.md has the algorithm and the error bound.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os

import torch

from kernels.checks import check_qkv, check_scale
from kernels.config import BlockIndex, SparseConfig
from kernels.heap import release_free_heap
from kernels.select import block_layout, estimate_block_scores, select_blocks
from kernels.torch_sparse import (block_sparse_attention_torch, dense_attention, dense_suffix_attention,
                                  query_blocks)

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
    Dense SDPA is used when Skv < config.dense_below or for single-token decode steps. The sparse path is
    forward-only (inference): with grad enabled, inputs that require grad are refused (ValueError).
    """
    config = config or SparseConfig()
    if not isinstance(config, SparseConfig):
        raise TypeError(f"config must be a kernels.SparseConfig, got {type(config).__name__}")
    check_qkv(q, k, v)
    scale = check_scale(scale)
    B, Hq, q_len, D = q.shape
    kv_len = k.shape[2]
    if q.numel() == 0 or kv_len < config.dense_below or q_len == 1:
        out = q.new_empty(q.shape) if q.numel() == 0 else dense_attention(q, k, v, scale=scale)
        if not return_stats:
            return out
        return out, _dense_stats(q, k, config, debug)

    if torch.is_grad_enabled() and (q.requires_grad or k.requires_grad or v.requires_grad):
        # Neither path has a backward pass: an output without gradients would silently drop this attention's
        # share of every gradient. (Dense SDPA above is differentiable.)
        raise ValueError("sparse_attention is forward-only (no backward pass) and an input requires grad: "
                         "call it under torch.no_grad() or torch.inference_mode(), or use dense attention to train")
    attend, path = _block_sparse_backend(q)
    if path == "torch":
        with _threads(threads_free_of_contention() if q.device.type == "cpu" else None):
            out, index = _sparse_attention_chunked(q, k, v, config, scale, keep_index=return_stats and debug)
    else:
        scores = _estimator(q)(q, k, config, scale=scale)
        index = select_blocks(scores, config, q_len, kv_len)
        out = attend(q, k, v, index, config.block_size, scale=scale)
    if not return_stats:
        return out
    return out, block_stats(q, k, index, config, scale=scale, debug=debug, path=path)


def threads_free_of_contention() -> int:
    """torch's intra-op threads, fewer when other processes are running on this machine's cores now.

    The torch path is thousands of small parallel ops; each waits at a barrier for all of its threads, so a
    thread whose core another process holds stalls every op: with one busy process beside it on 2 cores, 2
    threads took 2.5-2.9 s where 1 took 0.7-0.8 s (4K tokens; docs/benchmarks.md). Dense SDPA, one large op,
    suffers little. Linux: the running tasks of /proc/loadavg, taken as ours (as many as our threads) plus
    others; elsewhere torch's count unchanged."""
    threads = torch.get_num_threads()
    running, cores = _running_tasks_and_cores()
    if threads <= 1 or running is None:
        return threads
    others = max(0, running - threads)
    return max(1, min(threads, cores - others))


def _running_tasks_and_cores() -> tuple[int | None, int]:
    """(tasks running on the machine now, cores this process may use); (None, 0) where Linux's /proc is not."""
    try:
        with open("/proc/loadavg") as f:
            running = int(f.read().split()[3].split("/")[0])
        return running, len(os.sched_getaffinity(0))
    except (OSError, ValueError, IndexError, AttributeError):
        return None, 0


@contextlib.contextmanager
def _threads(n: int | None):
    """torch's intra-op threads set to n for the block (None: unchanged), then restored."""
    before = torch.get_num_threads()
    if n is None or n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


# Bytes of selection state (block scores, sort keys, masks) per chunk of query blocks on the torch path.
SELECT_CHUNK_BYTES = 1 << 20
# On CPU, in a chunk of query blocks with at least DENSE_SWITCH_MIN_KEYS keys, each index head whose selection
# keeps more than DENSE_SWITCH_DENSITY of its causal blocks is computed dense instead (exact; its rows count as
# density 1). Long rows are where the gathered path is least efficient (each row in several pieces merged by
# log-sum-exp): at 32K they cost more per block than dense SDPA. 60 % was the fastest of 45/60/70 % on
# layers 15 and 16 at 32K (docs/benchmarks.md), and keeps layer 15's error under 5 % (70 %: 4.9 %; none: 5.4 %).
# Per head, because heads differ: at 32K on SmolLM2's layer 16 one head keeps 62 % of its blocks and another
# 16 %. Shorter inputs are left as selected: the switch would not pay there and would change what the fidelity
# measurements of issue 4 measured.
DENSE_SWITCH_MIN_KEYS = 16384
DENSE_SWITCH_DENSITY = 0.6


def _sparse_attention_chunked(q, k, v, config, scale, keep_index):
    """Torch path: estimate, select and attend one chunk of query blocks at a time, writing into one output.

    A chunk of query rows [r0, r1) with the keys [0, offset + r1) is the same problem as the whole (its queries
    are the last positions of those keys), so the result equals the unchunked one; the (nq, nk) scores and the
    index are never held for the whole sequence, which keeps peak memory at the output plus O(chunk).
    Returns (out, BlockIndex): the index holds only counts (indices empty) unless keep_index.
    """
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    bs = config.block_size
    offset = kv_len - q_len
    n_q_blocks, n_k_blocks = -(-q_len // bs), -(-kv_len // bs)
    h_sel = Hkv if config.share_kv_group else Hq
    # the (B, Hsel, chunk, nk) scores, keep mask and sorted ids (~24 bytes per entry; the sort is sub-chunked)
    chunk = max(1, SELECT_CHUNK_BYTES // (B * h_sel * n_k_blocks * 24))
    out = torch.empty(q.shape, dtype=q.dtype, device=q.device)
    counts, indices = [], []
    # Last chunk first: the output rows before the chunk are not computed yet, so they lend the estimator and
    # the attention their scratch memory (_unwritten_rows) instead of the heap; the largest problems (the last
    # queries see the most keys) come first, while that memory is largest. Peak memory: the output, plus
    # small working buffers.
    for i0 in reversed(range(0, n_q_blocks, chunk)):
        r0, r1 = i0 * bs, min((i0 + chunk) * bs, q_len)
        qc, kc, vc = q[:, :, r0:r1], k[:, :, : offset + r1], v[:, :, : offset + r1]  # views
        # the dense last query blocks are the whole problem's: the ones in this chunk are its last ones
        i1 = min(i0 + chunk, n_q_blocks)
        tail_here = max(0, i1 - max(i0, n_q_blocks - config.dense_last_blocks))
        cfg = config if tail_here == config.dense_last_blocks else dataclasses.replace(config, dense_last_blocks=tail_here)
        # before the attention, the chunk's own output rows are free too
        tile = _unwritten_rows(out, r1, 1)
        scores = estimate_block_scores(qc, kc, cfg, scale=scale, scratch=None if tile is None else tile[0])
        index = select_blocks(scores, cfg, r1 - r0, offset + r1)
        del scores  # (B, Hsel, chunk, nk): not needed past the selection
        dense_heads = _heads_cheaper_dense(q.device, index, r1 - r0, offset + r1, bs)  # bool (H_idx,)
        if not dense_heads.any():
            _attend_last_first(qc, kc, vc, index, bs, scale, out, r0)
        else:
            if not dense_heads.all():  # the sparse heads (the dense heads' rows keep nothing: zeros, overwritten)
                kept = BlockIndex(index.counts.masked_fill(dense_heads[:, None], 0), index.indices)
                _attend_last_first(qc, kc, vc, kept, bs, scale, out, r0)
            for heads, kv in _dense_head_runs(dense_heads, Hq, Hkv):  # exact
                dense_suffix_attention(qc[:, heads], kc[:, kv : kv + 1], vc[:, kv : kv + 1], scale=scale,
                                       out=out[:, heads, r0:r1])
            index = _with_dense_heads(index, dense_heads, r1 - r0, offset + r1, bs, keep_index)
        counts.append(index.counts)
        if keep_index:
            indices.append(index.indices)
        if q.device.type == "cpu":
            release_free_heap()  # resident: one chunk's working set, not the union of all chunks' (kernels/heap.py)
    counts, indices = counts[::-1], indices[::-1]  # back in query order
    counts = torch.cat(counts, dim=2)
    if keep_index:
        width = max(x.shape[-1] for x in indices)
        idx = torch.cat([torch.nn.functional.pad(x, (0, width - x.shape[-1]), value=-1) for x in indices], dim=2)
    else:
        idx = torch.empty(*counts.shape, 0, dtype=torch.int32, device=q.device)
    return out, BlockIndex(counts, idx)


# The first query rows of an input have no unwritten rows before them to borrow: up to this many are attended
# with heap buffers of kernels.torch_sparse.CHUNK_ELEMENTS (each split costs a call's fixed work).
FIRST_ROWS_WITHOUT_SCRATCH = 1024


def _attend_last_first(q, k, v, index: BlockIndex, bs: int, scale, out: torch.Tensor, r0: int):
    """block_sparse_attention_torch of a chunk of query rows [r0, r0 + Sq) into out[:, :, r0:r0 + Sq], lending it
    out's unwritten rows [0, r0) as scratch. The first chunk (r0 == 0) has none before it: its later half of
    query blocks goes first, lent the earlier half's rows, and so on down to FIRST_ROWS_WITHOUT_SCRATCH rows.
    q (B, Hq, Sq, D) and k/v (B, Hkv, Skv, D): the chunk's queries, the last Sq positions of its keys; index:
    the chunk's."""
    n_q_blocks = index.counts.shape[2]
    if r0 > 0 or n_q_blocks <= 1 or n_q_blocks * bs <= FIRST_ROWS_WITHOUT_SCRATCH:  # (one block cannot split)
        block_sparse_attention_torch(q, k, v, index, bs, scale=scale, out=out[:, :, r0 : r0 + q.shape[2]],
                                     scratch=_unwritten_rows(out, r0, 4) or _unwritten_rows(out, r0, 3))
        return
    mid = n_q_blocks // 2
    _attend_last_first(*query_blocks(q, k, v, index, bs, mid, n_q_blocks), bs, scale, out, mid * bs)
    _attend_last_first(*query_blocks(q, k, v, index, bs, 0, mid), bs, scale, out, 0)


def _unwritten_rows(out: torch.Tensor, rows: int, n: int):
    """n disjoint 1-D float32 views (float64 when out is float64) of out's rows [0, rows) of its first n
    (batch, head) pairs — memory the chunked path has not written yet — or None (too few heads, a layout or
    dtype that cannot be viewed so). out: contiguous (B, H, S, D)."""
    B, H, S, D = out.shape
    if rows == 0 or B * H < n or not out.is_contiguous():
        return None
    work = torch.float64 if out.dtype == torch.float64 else torch.float32
    flat = out.view(-1)
    try:
        return tuple(flat[t * S * D : t * S * D + rows * D].view(work) for t in range(n))
    except RuntimeError:  # e.g. an odd number of 16-bit elements, or a misaligned start
        return None


def _heads_cheaper_dense(device, index: BlockIndex, q_len: int, kv_len: int, bs: int) -> torch.Tensor:
    """bool (H_idx,): the index heads the torch path should compute dense in this chunk (DENSE_SWITCH_DENSITY)."""
    n_heads = index.counts.shape[1]
    if device.type != "cpu" or kv_len < DENSE_SWITCH_MIN_KEYS:
        return torch.zeros(n_heads, dtype=torch.bool)
    causal = _causal_blocks_per_row(q_len, kv_len, bs) * index.counts.shape[0]  # per head, over its batch rows
    kept = index.counts.long().sum((0, 2)).cpu()  # (H_idx,)
    return kept > DENSE_SWITCH_DENSITY * causal


def _dense_head_runs(dense_heads: torch.Tensor, Hq: int, Hkv: int):
    """(slice of query heads, KV head) for each run of consecutive dense query heads reading one KV head, so
    that dense_suffix_attention reads each KV head once per run. dense_heads: bool (H_idx,) over index heads."""
    R, G = Hq // len(dense_heads), Hq // Hkv  # query heads per index head, per KV head
    dense_q = dense_heads.repeat_interleave(R).tolist()  # (Hq,)
    h = 0
    while h < Hq:
        if not dense_q[h]:
            h += 1
            continue
        end = h + 1
        while end < Hq and dense_q[end] and end // G == h // G:
            end += 1
        yield slice(h, end), h // G
        h = end


def _with_dense_heads(index: BlockIndex, dense_heads: torch.Tensor, q_len: int, kv_len: int, bs: int,
                      with_indices: bool) -> BlockIndex:
    """The index of what was computed: the rows of the dense heads keep every causal block (indices only
    when with_indices; else the counts and an empty indices tensor)."""
    full = _all_causal_blocks(index.counts.shape, q_len, kv_len, bs, index.counts.device)
    dense = dense_heads.to(index.counts.device)
    counts = torch.where(dense[:, None], full.counts, index.counts)
    if not with_indices:
        return BlockIndex(counts, index.indices[..., :0])
    n_k_blocks = full.indices.shape[-1]
    width = max(n_k_blocks, index.indices.shape[-1])
    pad = lambda x: torch.nn.functional.pad(x, (0, width - x.shape[-1]), value=-1)  # noqa: E731
    indices = torch.where(dense[:, None, None], pad(full.indices), pad(index.indices))
    return BlockIndex(counts, indices)


def _dense_stats(q, k, config: SparseConfig, debug: bool) -> dict:
    """The stats of a call computed dense: every causal block of every index head (see block_stats)."""
    B, Hq, q_len = q.shape[:3]
    h_idx = k.shape[1] if config.share_kv_group else Hq
    causal = _causal_blocks_per_row(q_len, k.shape[2], config.block_size) * B * h_idx
    return {"path": "dense", "density": 1.0, "selected_blocks": causal, "causal_blocks": causal,
            "recall": 1.0 if debug else None}


def _kept_and_causal(index: BlockIndex, q_len: int, kv_len: int, bs: int) -> tuple[int, int]:
    """(kept, causal) key blocks of an index, summed over its batch rows, index heads and query blocks."""
    causal_per_row = _causal_blocks_per_row(q_len, kv_len, bs)
    return int(index.counts.long().sum()), causal_per_row * index.counts.shape[0] * index.counts.shape[1]


def _causal_blocks_per_row(q_len: int, kv_len: int, bs: int) -> int:
    """Causal key blocks of all query blocks of one (batch row, head): query block i sees key blocks 0..last(i)."""
    _, _, _, _, last = block_layout(q_len, kv_len, bs)
    return int((last + 1).sum())


def _all_causal_blocks(shape, q_len: int, kv_len: int, bs: int, device) -> BlockIndex:
    """The index of dense causal attention: every query block keeps key blocks 0..last(i). shape (B, H, nq)."""
    _, _, n_k_blocks, _, last = block_layout(q_len, kv_len, bs, device)
    j = torch.arange(n_k_blocks, device=device)
    indices = torch.where(j <= last[:, None], j, -1).to(torch.int32).expand(*shape, n_k_blocks)
    return BlockIndex((last + 1).to(torch.int32).expand(shape), indices)


def _estimator(q):
    """The block-score estimator: K2's Triton kernel for "sampled" on CUDA (same result), else torch."""
    if q.is_cuda:
        try:
            from kernels.select_triton import estimate_block_scores_triton  # torch for other estimators

            return estimate_block_scores_triton
        except ImportError:
            pass
    return estimate_block_scores


def block_stats(q, k, index: BlockIndex, config: SparseConfig, *, scale=None, debug=False, path="torch"):
    """Density (kept / causal key blocks, over all batch rows, index heads and query blocks) and recall."""
    selected, total = _kept_and_causal(index, q.shape[2], k.shape[2], config.block_size)
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


# dtypes the Triton kernels take; others (float64) go through the torch implementation, on CUDA too
TRITON_DTYPES = (torch.float16, torch.bfloat16, torch.float32)


def _block_sparse_backend(q):
    """(function, name): the Triton kernel on CUDA when importable and q's dtype is one of TRITON_DTYPES,
    else the torch implementation."""
    if q.is_cuda and q.dtype in TRITON_DTYPES:
        try:
            from kernels.block_sparse import block_sparse_attention

            return block_sparse_attention, "triton"
        except ImportError:
            pass
    return block_sparse_attention_torch, "torch"
