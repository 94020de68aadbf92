"""Triton block-sparse flash-attention forward (causal prefill, GQA, queries a suffix of the keys).

    out = block_sparse_attention(q, k, v, index, block_size)   # q (B,Hq,Sq,D), k/v (B,Hkv,Skv,D)

`index` is a BlockIndex (see CONTRACTS.md / kernels.select): for every (batch, index head, query block) a count and
the sorted key-block indices to compute. Inside every kept block the causal mask is applied element-wise: query i
(relative to q) sits at absolute position Skv - Sq + i and sees keys at positions <= that.

Layout follows the usual flash-attention forward: one program per (query tile, batch*query head), an online softmax
over the kept key tiles with exp2 and logits pre-scaled by scale*log2(e), fp32 accumulators. Query head h reads KV
head h*Hkv//Hq and index head h*Hidx//Hq, so K/V are never repeated in memory. Head dims that are not a power of two
are padded inside the kernel (masked loads); partial last blocks are masked too.

Runs on CUDA, or on CPU under TRITON_INTERPRET=1 (tests).
"""

from __future__ import annotations

import math
import os

import torch
import triton
import triton.language as tl

from kernels.checks import check_qkv

LOG2E = 1.4426950408889634
SUPPORTED_DTYPES = (torch.float16, torch.bfloat16, torch.float32)


def _interpreting() -> bool:
    return os.environ.get("TRITON_INTERPRET", "0") not in ("", "0")


# --------------------------------------------------------------------------------------------------------------------
# Kernel
# --------------------------------------------------------------------------------------------------------------------


@triton.jit
def _attend_tiles(
    acc, l_i, m_i, q,
    k_base, v_base, idx_base,
    stride_kn, stride_kd, stride_vn, stride_vd, stride_ik,
    t_lo, t_hi, q_lim, qk_scale, SEQ_KV,
    HEAD_DIM: tl.constexpr, BS: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM_PAD: tl.constexpr,
    MASKED: tl.constexpr, DOT_PRECISION: tl.constexpr,
):
    # Key tiles t in [t_lo, t_hi): tile t is sub-tile t % SUBS of kept block t // SUBS.
    SUBS: tl.constexpr = BS // BLOCK_N
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM_PAD)
    d_ok = offs_d < HEAD_DIM
    for t in range(t_lo, t_hi):
        kb = tl.load(idx_base + (t // SUBS) * stride_ik)
        start_n = kb * BS + (t % SUBS) * BLOCK_N
        kn = start_n + offs_n  # (BLOCK_N,) absolute key positions
        kv_ok = kn < SEQ_KV
        # 64-bit tile start, 32-bit offsets inside the tile: no overflow on long sequences
        k_tile = k_base + start_n.to(tl.int64) * stride_kn
        v_tile = v_base + start_n.to(tl.int64) * stride_vn
        # Mask the head dim only when it is padded: a mask varying along the contiguous dim would stop
        # vectorised, pipelined (cp.async) loads.
        if HEAD_DIM == HEAD_DIM_PAD:
            k_mask = kv_ok[None, :]
            v_mask = kv_ok[:, None]
        else:
            k_mask = kv_ok[None, :] & d_ok[:, None]
            v_mask = kv_ok[:, None] & d_ok[None, :]
        # K loaded transposed: (HEAD_DIM_PAD, BLOCK_N)
        k = tl.load(k_tile + offs_n[None, :] * stride_kn + offs_d[:, None] * stride_kd, mask=k_mask, other=0.0)
        qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale  # (BLOCK_M, BLOCK_N), log2 units
        if MASKED:
            # q_lim = min(query abs position, SEQ_KV - 1): causal and past-the-end keys in one compare.
            qk = tl.where(kn[None, :] <= q_lim[:, None], qk, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(qk, 1))
        if MASKED:
            # Rows that have seen no valid key yet keep m = -inf; subtract 0 instead so nothing becomes NaN.
            m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)
        else:
            m_safe = m_new  # unmasked tiles have finite logits in every row
        p = tl.math.exp2(qk - m_safe[:, None])
        alpha = tl.math.exp2(m_i - m_safe)
        l_i = l_i * alpha + tl.sum(p, 1)
        acc = acc * alpha[:, None]
        v = tl.load(v_tile + offs_n[:, None] * stride_vn + offs_d[None, :] * stride_vd,
                    mask=v_mask, other=0.0)  # (BLOCK_N, HEAD_DIM_PAD)
        acc = tl.dot(p.to(v.dtype), v, acc, input_precision=DOT_PRECISION)
        m_i = m_new
    return acc, l_i, m_i


@triton.jit
def _block_sparse_fwd(
    Q, K, V, Out, Counts, Indices,
    stride_qb, stride_qh, stride_qm, stride_qd,
    stride_kb, stride_kh, stride_kn, stride_kd,
    stride_vb, stride_vh, stride_vn, stride_vd,
    stride_ob, stride_oh, stride_om, stride_od,
    stride_cb, stride_ch, stride_cm,
    stride_ib, stride_ih, stride_im, stride_ik,
    H_Q, H_KV, H_IDX, SEQ_Q, SEQ_KV, qk_scale,
    HEAD_DIM: tl.constexpr, BS: tl.constexpr, HEAD_DIM_PAD: tl.constexpr, DOT_PRECISION: tl.constexpr,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
):
    SUBS: tl.constexpr = BS // BLOCK_N
    # Last query tiles have the most kept blocks under causal attention: launch them first (less tail).
    n_m_tiles = tl.cdiv(SEQ_Q, BLOCK_M)
    pid_m = n_m_tiles - 1 - tl.program_id(0)
    pid_bh = tl.program_id(1)
    b = (pid_bh // H_Q).to(tl.int64)  # 64-bit base offsets: tensors may exceed 2**31 elements
    h = pid_bh % H_Q
    h_kv = (h * H_KV // H_Q).to(tl.int64)
    h_idx = h * H_IDX // H_Q
    h = h.to(tl.int64)

    start_m = pid_m * BLOCK_M
    q_blk = start_m // BS  # BLOCK_M divides BS: the tile lies in one query block
    rows = tl.arange(0, BLOCK_M)
    offs_m = start_m + rows
    offs_d = tl.arange(0, HEAD_DIM_PAD)
    m_ok = offs_m < SEQ_Q
    d_ok = offs_d < HEAD_DIM

    q_tile = Q + b * stride_qb + h * stride_qh + start_m.to(tl.int64) * stride_qm
    q_ptrs = q_tile + rows[:, None] * stride_qm + offs_d[None, :] * stride_qd
    q = tl.load(q_ptrs, mask=m_ok[:, None] & d_ok[None, :], other=0.0)  # (BLOCK_M, HEAD_DIM_PAD)

    # Last key position each query row may see (padded rows past SEQ_Q clamp to SEQ_KV - 1; never stored).
    q_lim = tl.minimum(offs_m + (SEQ_KV - SEQ_Q), SEQ_KV - 1)

    k_base = K + b * stride_kb + h_kv * stride_kh
    v_base = V + b * stride_vb + h_kv * stride_vh
    idx_base = Indices + b * stride_ib + h_idx * stride_ih + q_blk * stride_im
    count = tl.load(Counts + b * stride_cb + h_idx * stride_ch + q_blk * stride_cm)

    # Kept blocks are sorted: those lying wholly at or below the tile's first row need no mask; the rest
    # (the diagonal, a partial last block, anything above the diagonal) form a short suffix, found from the end.
    first_masked_blk = (tl.minimum(start_m + (SEQ_KV - SEQ_Q), SEQ_KV - 1) + 1) // BS
    n_full = count
    last = tl.load(idx_base + (n_full - 1) * stride_ik, mask=n_full > 0, other=-1)
    while last >= first_masked_blk:
        n_full -= 1
        last = tl.load(idx_base + (n_full - 1) * stride_ik, mask=n_full > 0, other=-1)

    m_i = tl.full([BLOCK_M], float("-inf"), dtype=tl.float32)
    l_i = tl.zeros([BLOCK_M], dtype=tl.float32)
    acc = tl.zeros([BLOCK_M, HEAD_DIM_PAD], dtype=tl.float32)

    acc, l_i, m_i = _attend_tiles(
        acc, l_i, m_i, q, k_base, v_base, idx_base,
        stride_kn, stride_kd, stride_vn, stride_vd, stride_ik,
        0, n_full * SUBS, q_lim, qk_scale, SEQ_KV,
        HEAD_DIM, BS, BLOCK_N, HEAD_DIM_PAD, False, DOT_PRECISION)
    acc, l_i, m_i = _attend_tiles(
        acc, l_i, m_i, q, k_base, v_base, idx_base,
        stride_kn, stride_kd, stride_vn, stride_vd, stride_ik,
        n_full * SUBS, count * SUBS, q_lim, qk_scale, SEQ_KV,
        HEAD_DIM, BS, BLOCK_N, HEAD_DIM_PAD, True, DOT_PRECISION)

    # A row with no kept valid key (only possible with a malformed index) outputs 0, not NaN.
    l_safe = tl.where(l_i == 0.0, 1.0, l_i)
    out = acc / l_safe[:, None]
    o_tile = Out + b * stride_ob + h * stride_oh + start_m.to(tl.int64) * stride_om
    o_ptrs = o_tile + rows[:, None] * stride_om + offs_d[None, :] * stride_od
    tl.store(o_ptrs, out.to(Out.dtype.element_ty), mask=m_ok[:, None] & d_ok[None, :])


# Hopper (H100/H200) candidates. BLOCK_M and BLOCK_N must divide the selection block size; the pruner drops the rest.
# All compile for sm_90a without register spills at head dims 64 and 128 (`python -m kernels.gpu_check
# --compile-only`; M128/N64 and M64/N128 with 4 warps spilled at D=128 and were dropped). Shared memory at D=128:
# M128 N128 s3 224 KiB (the H100/H200 limit is 227 KiB), so deeper pipelines are only offered for smaller tiles.
_GPU_CONFIGS = [
    triton.Config({"BLOCK_M": bm, "BLOCK_N": bn}, num_warps=w, num_stages=s)
    for bm, bn, w, s in [
        (128, 128, 8, 3), (128, 64, 8, 3), (128, 128, 8, 2),
        (64, 64, 4, 3), (64, 64, 4, 4), (64, 32, 4, 4), (64, 64, 8, 3),
        (32, 32, 4, 3), (32, 16, 2, 3), (16, 16, 2, 2),
    ]
]


def _prune_configs(configs, named_args, **kwargs):
    bs = kwargs.get("BS", named_args.get("BS"))
    kept = [c for c in configs if bs % c.kwargs["BLOCK_M"] == 0 and bs % c.kwargs["BLOCK_N"] == 0]
    # Prefer the biggest tiles that fit the block: smaller ones only when the block itself is small.
    biggest = max(c.kwargs["BLOCK_M"] for c in kept)
    return [c for c in kept if c.kwargs["BLOCK_M"] >= min(biggest, 64)]


_block_sparse_fwd_tuned = triton.autotune(
    configs=_GPU_CONFIGS, key=["BS", "HEAD_DIM_PAD", "H_Q", "H_KV"],
    prune_configs_by={"early_config_prune": _prune_configs},
)(_block_sparse_fwd)


# --------------------------------------------------------------------------------------------------------------------
# Python entry point
# --------------------------------------------------------------------------------------------------------------------


def check_triton_inputs(q, kernel: str, on_cpu: str) -> None:
    """What the Triton kernels need beyond kernels.checks.check_qkv: fp16/bf16/fp32 on CUDA (or under
    TRITON_INTERPRET=1), and no bf16 under the interpreter. kernel: its name in the message; on_cpu: what to call
    instead on a CPU."""
    if q.dtype not in SUPPORTED_DTYPES:
        raise ValueError(f"q, k, v must share one dtype of fp16/bf16/fp32; got {q.dtype}")
    if q.device.type != "cuda" and not _interpreting():
        raise RuntimeError(f"{kernel} needs CUDA tensors (or TRITON_INTERPRET=1); use {on_cpu} on CPU")
    if q.dtype == torch.bfloat16 and _interpreting():
        # Triton's interpreter computes a bf16 tl.dot wrongly (errors ~1e8, no exception): refuse, not mislead
        raise ValueError("bfloat16 is not supported under TRITON_INTERPRET=1 (the interpreter's bf16 dot is wrong); "
                         "use float16/float32 there, or the torch path")


def _unpack_index(index):
    if hasattr(index, "counts") and hasattr(index, "indices"):
        return index.counts, index.indices
    counts, indices = index  # a plain (counts, indices) pair
    return counts, indices


def head_dim_padded(head_dim: int) -> int:
    """Head dim as the kernel computes it: the next power of two, at least 16 (tl.dot's minimum)."""
    return max(16, triton.next_power_of_2(head_dim))


def block_sparse_attention(q, k, v, index, block_size: int, scale: float | None = None, *,
                           block_m: int | None = None, block_n: int | None = None,
                           num_warps: int | None = None, num_stages: int | None = None) -> torch.Tensor:
    """Exact softmax attention of q over the key blocks kept in `index`, causal inside every block.

    q (B,Hq,Sq,D); k, v (B,Hkv,Skv,D) with Hq % Hkv == 0 and Sq <= Skv; index = BlockIndex(counts, indices) with
    counts int32 (B,Hidx,ceil(Sq/block_size)), indices int32 (B,Hidx,ceil(Sq/block_size),max_kept) sorted ascending
    in [:count]. scale defaults to 1/sqrt(D). Returns (B,Hq,Sq,D) in q's dtype.

    block_m / block_n / num_warps / num_stages fix the tiling (tests, experiments); by default it is autotuned on
    the GPU and 64x64 (or the block size if smaller) under the interpreter.
    """
    check_qkv(q, k, v)
    B, Hq, Sq, D = q.shape
    Hkv, Skv = k.shape[1], k.shape[2]
    if block_size < 16 or block_size & (block_size - 1):
        raise ValueError(f"block_size must be a power of two >= 16; got {block_size}")
    check_triton_inputs(q, "the Triton kernel", "kernels.torch_sparse.block_sparse_attention_torch")

    counts, indices = _unpack_index(index)
    n_q_blocks = triton.cdiv(Sq, block_size)
    if counts.dim() != 3 or indices.dim() != 4 or counts.shape[0] != B or counts.shape[2] != n_q_blocks \
            or tuple(indices.shape[:3]) != tuple(counts.shape):
        raise ValueError(f"index shapes counts {tuple(counts.shape)}, indices {tuple(indices.shape)} do not fit "
                         f"B={B}, n_q_blocks={n_q_blocks}")
    Hidx = counts.shape[1]
    if Hq % Hidx != 0:
        raise ValueError(f"query heads ({Hq}) must be a multiple of index heads ({Hidx})")
    counts = counts.to(device=q.device, dtype=torch.int32)
    indices = indices.to(device=q.device, dtype=torch.int32)

    out = torch.empty((B, Hq, Sq, D), dtype=q.dtype, device=q.device)
    if out.numel() == 0:
        return out
    if scale is None:
        scale = 1.0 / math.sqrt(D)

    args = (
        q, k, v, out, counts, indices,
        *q.stride(), *k.stride(), *v.stride(), *out.stride(),
        *counts.stride(), *indices.stride(),
        Hq, Hkv, Hidx, Sq, Skv, float(scale) * LOG2E,
    )
    consts = dict(HEAD_DIM=D, BS=block_size, HEAD_DIM_PAD=head_dim_padded(D),
                  DOT_PRECISION="ieee" if q.dtype == torch.float32 else "tf32")

    if block_m is None and block_n is None and not _interpreting():
        grid = lambda meta: (triton.cdiv(Sq, meta["BLOCK_M"]), B * Hq)  # noqa: E731
        _block_sparse_fwd_tuned[grid](*args, **consts)
        return out

    bm = block_m or min(block_size, 64)
    bn = block_n or min(block_size, 64)
    if block_size % bm or block_size % bn or bm < 16 or bn < 16:
        raise ValueError(f"block_m ({bm}) and block_n ({bn}) must be >= 16 and divide block_size ({block_size})")
    launch = {}
    if num_warps is not None:
        launch["num_warps"] = num_warps
    if num_stages is not None:
        launch["num_stages"] = num_stages
    _block_sparse_fwd[(triton.cdiv(Sq, bm), B * Hq)](*args, **consts, BLOCK_M=bm, BLOCK_N=bn, **launch)
    return out
