"""Triton kernels of the selection (kernels/select.py): the "sampled" block scores, without an n x n matrix, and the
choice of blocks.

    scores = estimate_block_scores_triton(q, k, config)   # float32 (B, Hsel, n_q_blocks, n_k_blocks)
    index = select_blocks_triton(scores, config, Sq, Skv)   # BlockIndex; kernels.select.select_blocks calls it on CUDA

Scores: same result as kernels.select.estimate_block_scores (up to float rounding): for every query block,
n_samples of its rows (strided back from its last row) get an exact causal softmax over all keys; each row's
probability mass is summed per key block; the block score is the max over the sampled rows. Then, in torch
(O(n^2/bs^2) elementwise): each head's row is normalised to sum to 1, the query heads of a KV head are combined by
their max when the selection is shared (share_kv_group), and every row is renormalised.

One program per (QB query blocks, batch * KV head). The program loads the sampled rows of its QB blocks for all
G = Hq/Hkv query heads of its KV head as one (QB*G*n_samples, D) tile, so every K tile is read once for all of
them, and walks the causal key blocks of its last query block once (_sampled_scores_one_pass_kernel, the
default): per key block it keeps each row's log2 mass (relative to the row's running max, which it updates as it
goes) in scratch memory, and when the walk is done divides by the row's final normaliser and writes the max over
the sampled rows of every query head. The older _sampled_scores_kernel walks the keys twice instead (pass 1 the
max and normaliser, pass 2 the masses), with no scratch; kernels.gpu_check times the two side by side. QB fills
GPU_TILE_ROWS rows on a GPU, 1 under the interpreter. Memory: O(B * Hq * n^2 / bs^2) float32 for the result (512
MiB for 32 query heads at 128K tokens with 64-token blocks), plus at most SCORE_SCRATCH_BYTES of scratch.

Other estimators ("pooled", "antidiagonal"), and GQA groups too large for one tile (MAX_TILE_ROWS), run through
kernels.select.estimate_block_scores (torch, chunked) on whatever device the tensors live.

Cost: per query block and KV head the tile has G_PAD*NS_PAD rows and the walk covers every causal key, so against
dense flash attention of the same layer one walk does about G_PAD*NS_PAD / (2*G*bs) of its matmul work and
G_PAD*NS_PAD / (G*bs) of its exponentials: for SmolLM2 (G=3) with 8 samples of 64-token blocks, ~1/12 and ~1/6
(the two-pass kernel twice that; on an H200 it took 40-70 % of the sparse pipeline's time: docs/benchmarks.md,
"GPU"; the one-pass kernel has not been timed on a GPU yet).

Selection: one program per query-block row, the candidates sorted as int64 keys (see _select_blocks_kernel); equal
to the torch selection, for rows of up to MAX_SELECT_BLOCKS key blocks.
"""

from __future__ import annotations

import math

import torch
import triton
import triton.language as tl

from kernels.block_sparse import LOG2E, _interpreting, check_triton_inputs, head_dim_padded
from kernels.checks import check_qkv
from kernels.config import SparseConfig


@triton.jit
def _sampled_rows_tile(
    Q, stride_qb, stride_qh, stride_qm, stride_qd, pid_bh, H_KV, i0, SEQ_Q, SEQ_KV,
    HEAD_DIM: tl.constexpr, G: tl.constexpr, G_PAD: tl.constexpr, N_SAMPLES: tl.constexpr, NS_PAD: tl.constexpr,
    QB: tl.constexpr, BS: tl.constexpr, HEAD_DIM_PAD: tl.constexpr,
):
    """The tile of a score program (query blocks i0 .. i0+QB-1, batch row b and KV head kv of pid_bh): q (M,
    HEAD_DIM_PAD) with M = QB*G_PAD*NS_PAD, row_ok (M,) False for padding rows, row_pos (M,) each row's absolute
    position (it sees keys <= row_pos), n_blocks: the causal key blocks of the program's last query block; b, kv."""
    M: tl.constexpr = QB * G_PAD * NS_PAD
    b = (pid_bh // H_KV).to(tl.int64)  # 64-bit offsets: tensors may exceed 2**31 elements
    kv = (pid_bh % H_KV).to(tl.int64)
    STEP: tl.constexpr = BS // N_SAMPLES
    n_q_blocks = tl.cdiv(SEQ_Q, BS)
    offset = SEQ_KV - SEQ_Q
    # Tile rows: r = (qb * G_PAD + g) * NS_PAD + s -> query block i0 + qb, query head kv*G + g, sampled row s.
    r = tl.arange(0, M)
    qb = r // (G_PAD * NS_PAD)
    g = (r // NS_PAD) % G_PAD
    s = r % NS_PAD
    i = tl.minimum(i0 + qb, n_q_blocks - 1)  # rows past the last query block repeat it, masked below
    row_ok = (g < G) & (s < N_SAMPLES) & (i0 + qb < n_q_blocks)
    end = tl.minimum((i + 1) * BS, SEQ_Q)
    row = tl.maximum(i * BS, end - 1 - s * STEP)  # (M,) q row, as kernels.select.sampled_rows
    head = kv * G + tl.minimum(g, G - 1)
    offs_d = tl.arange(0, HEAD_DIM_PAD)
    q_rows = Q + b * stride_qb + head.to(tl.int64)[:, None] * stride_qh + row.to(tl.int64)[:, None] * stride_qm
    q = tl.load(q_rows + offs_d[None, :] * stride_qd, mask=row_ok[:, None] & (offs_d < HEAD_DIM)[None, :], other=0.0)
    i_last = tl.minimum(i0 + QB, n_q_blocks) - 1
    # earlier query blocks' rows see the key blocks past their diagonal as -inf
    n_blocks = (offset + tl.minimum((i_last + 1) * BS, SEQ_Q) - 1) // BS + 1
    return q, row_ok, row + offset, n_blocks, b, kv


@triton.jit
def _sampled_scores_kernel(
    Q, K, Out,
    stride_qb, stride_qh, stride_qm, stride_qd,
    stride_kb, stride_kh, stride_kn, stride_kd,
    stride_ob, stride_oh, stride_om, stride_on,
    H_KV, SEQ_Q, SEQ_KV, qk_scale,
    HEAD_DIM: tl.constexpr, G: tl.constexpr, G_PAD: tl.constexpr, N_SAMPLES: tl.constexpr, NS_PAD: tl.constexpr,
    QB: tl.constexpr, BS: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM_PAD: tl.constexpr,
    DOT_PRECISION: tl.constexpr,
):
    # Two walks over the keys: pass 1 the row's max and normaliser, pass 2 the masses. No scratch memory.
    M: tl.constexpr = QB * G_PAD * NS_PAD
    SUBS: tl.constexpr = BS // BLOCK_N
    n_q_blocks = tl.cdiv(SEQ_Q, BS)
    n_groups = tl.cdiv(n_q_blocks, QB)
    i0 = (n_groups - 1 - tl.program_id(0)) * QB  # late query blocks scan the most keys: launch them first
    pid_bh = tl.program_id(1)
    q, row_ok, row_pos, n_blocks, b, kv = _sampled_rows_tile(
        Q, stride_qb, stride_qh, stride_qm, stride_qd, pid_bh, H_KV, i0, SEQ_Q, SEQ_KV,
        HEAD_DIM, G, G_PAD, N_SAMPLES, NS_PAD, QB, BS, HEAD_DIM_PAD)
    n_tiles = n_blocks * SUBS
    k_base = K + b * stride_kb + kv * stride_kh
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM_PAD)
    # The head dim is masked only when padded: a mask along the contiguous dim stops vectorised loads.
    k_d_ok = (offs_d < HEAD_DIM)[:, None] if HEAD_DIM != HEAD_DIM_PAD else tl.full([HEAD_DIM_PAD, 1], 1, tl.int1)

    # Pass 1: per-row max and normaliser of the causal softmax (log2 units).
    m_i = tl.full([M], float("-inf"), dtype=tl.float32)
    l_i = tl.zeros([M], dtype=tl.float32)
    # Pointers advance tile by tile (64-bit), offsets inside a tile stay small.
    k_tile_ptrs = k_base + offs_n[None, :] * stride_kn + offs_d[:, None] * stride_kd  # (HEAD_DIM_PAD, BLOCK_N)
    k_ptrs = k_tile_ptrs
    for t in range(0, n_tiles):
        kn = t * BLOCK_N + offs_n
        k = tl.load(k_ptrs, mask=(kn[None, :] < SEQ_KV) & k_d_ok, other=0.0)  # (HEAD_DIM_PAD, BLOCK_N)
        qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale
        qk = tl.where(kn[None, :] <= row_pos[:, None], qk, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(qk, 1))  # finite after tile 0: key 0 is visible to every row
        l_i = l_i * tl.math.exp2(m_i - m_new) + tl.sum(tl.math.exp2(qk - m_new[:, None]), 1)
        m_i = m_new
        k_ptrs += BLOCK_N * stride_kn
    inv_l = tl.where(row_ok, 1.0 / l_i, 0.0)  # padded rows contribute 0 to the max below

    # Pass 2: probability mass per key block and query head, max over the head's sampled rows.
    qg = tl.arange(0, QB * G_PAD)  # (query block, head) pairs of the tile
    gh = qg % G_PAD
    iq = i0 + qg // G_PAD
    out_ptrs = Out + b * stride_ob + (kv * G + gh).to(tl.int64) * stride_oh + iq.to(tl.int64) * stride_om
    store_ok = (gh < G) & (iq < n_q_blocks)
    k_ptrs = k_tile_ptrs
    for j in range(0, n_tiles // SUBS):
        mass = tl.zeros([M], dtype=tl.float32)
        for sub in tl.static_range(SUBS):
            kn = j * BS + sub * BLOCK_N + offs_n
            k = tl.load(k_ptrs, mask=(kn[None, :] < SEQ_KV) & k_d_ok, other=0.0)
            qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale
            qk = tl.where(kn[None, :] <= row_pos[:, None], qk, float("-inf"))
            mass += tl.sum(tl.math.exp2(qk - m_i[:, None]), 1)
            k_ptrs += BLOCK_N * stride_kn
        per_head = tl.max(tl.reshape(mass * inv_l, [QB * G_PAD, NS_PAD]), 1)  # (QB * G_PAD,); 0 past a diagonal
        tl.store(out_ptrs + j * stride_on, per_head, mask=store_ok)


@triton.jit
def _sampled_scores_one_pass_kernel(
    Q, K, Out, Scratch,
    stride_qb, stride_qh, stride_qm, stride_qd,
    stride_kb, stride_kh, stride_kn, stride_kd,
    stride_ob, stride_oh, stride_om, stride_on,
    H_KV, SEQ_Q, SEQ_KV, qk_scale, group0, n_groups_here, scratch_blocks,
    HEAD_DIM: tl.constexpr, G: tl.constexpr, G_PAD: tl.constexpr, N_SAMPLES: tl.constexpr, NS_PAD: tl.constexpr,
    QB: tl.constexpr, BS: tl.constexpr, BLOCK_N: tl.constexpr, HEAD_DIM_PAD: tl.constexpr, JB: tl.constexpr,
    DOT_PRECISION: tl.constexpr,
):
    # The same scores as _sampled_scores_kernel with one walk over the keys instead of two: each key block's
    # mass is kept as a log2 mass relative to the row's running max (Scratch), and divided by the row's final
    # normaliser once the walk is done. Programs score the groups [group0, group0 + n_groups_here) of QB query
    # blocks (a launch covers as many groups as its scratch holds); Scratch: float32, per program
    # (scratch_blocks, M) — M tile rows per key block, so each block's store is contiguous.
    M: tl.constexpr = QB * G_PAD * NS_PAD
    SUBS: tl.constexpr = BS // BLOCK_N
    n_q_blocks = tl.cdiv(SEQ_Q, BS)
    pid = tl.program_id(0)
    i0 = (group0 + n_groups_here - 1 - pid) * QB  # late query blocks scan the most keys: launch them first
    pid_bh = tl.program_id(1)
    q, row_ok, row_pos, n_blocks, b, kv = _sampled_rows_tile(
        Q, stride_qb, stride_qh, stride_qm, stride_qd, pid_bh, H_KV, i0, SEQ_Q, SEQ_KV,
        HEAD_DIM, G, G_PAD, N_SAMPLES, NS_PAD, QB, BS, HEAD_DIM_PAD)
    r = tl.arange(0, M)  # tile rows, as in _sampled_rows_tile
    k_base = K + b * stride_kb + kv * stride_kh
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM_PAD)
    k_d_ok = (offs_d < HEAD_DIM)[:, None] if HEAD_DIM != HEAD_DIM_PAD else tl.full([HEAD_DIM_PAD, 1], 1, tl.int1)
    scratch = Scratch + (pid_bh * n_groups_here + pid).to(tl.int64) * scratch_blocks * M

    # The walk: per key block, its log2 mass (m + log2 of the sum of exp2(logit - m), m the running max at that
    # block), and the row's running max m_i and normaliser l_i relative to it (log2 units).
    m_i = tl.full([M], float("-inf"), dtype=tl.float32)
    l_i = tl.zeros([M], dtype=tl.float32)
    k_ptrs = k_base + offs_n[None, :] * stride_kn + offs_d[:, None] * stride_kd  # (HEAD_DIM_PAD, BLOCK_N)
    for j in range(0, n_blocks):
        m_blk = m_i
        mass = tl.zeros([M], dtype=tl.float32)  # relative to m_blk
        for sub in tl.static_range(SUBS):
            kn = j * BS + sub * BLOCK_N + offs_n
            k = tl.load(k_ptrs, mask=(kn[None, :] < SEQ_KV) & k_d_ok, other=0.0)
            qk = tl.dot(q, k, input_precision=DOT_PRECISION) * qk_scale
            qk = tl.where(kn[None, :] <= row_pos[:, None], qk, float("-inf"))
            m_new = tl.maximum(m_blk, tl.max(qk, 1))  # finite from block 0 on: key 0 is visible to every row
            mass = mass * tl.math.exp2(m_blk - m_new) + tl.sum(tl.math.exp2(qk - m_new[:, None]), 1)
            m_blk = m_new
            k_ptrs += BLOCK_N * stride_kn
        l_i = l_i * tl.math.exp2(m_i - m_blk) + mass
        m_i = m_blk
        # -inf for rows past their diagonal (log2 of a clamped mass: no log of 0)
        tl.store(scratch + j * M + r, tl.where(mass > 0, m_blk + tl.math.log2(tl.maximum(mass, 1e-30)), float("-inf")))
    log_l = m_i + tl.math.log2(l_i)  # (M,) the row's log2 normaliser
    tl.debug_barrier()  # the stores above are read back by other threads of the program

    # Probability mass per key block and query head: max over the head's sampled rows, JB key blocks at a time.
    qg = tl.arange(0, QB * G_PAD)  # (query block, head) pairs of the tile
    gh = qg % G_PAD
    iq = i0 + qg // G_PAD
    out_ptrs = Out + b * stride_ob + (kv * G + gh).to(tl.int64) * stride_oh + iq.to(tl.int64) * stride_om
    store_ok = (gh < G) & (iq < n_q_blocks)
    jj = tl.arange(0, JB)
    for j0 in range(0, n_blocks, JB):
        blocks = j0 + jj
        lm = tl.load(scratch + blocks[:, None] * M + r[None, :], mask=blocks[:, None] < n_blocks, other=float("-inf"))
        p = tl.where(row_ok[None, :], tl.math.exp2(lm - log_l[None, :]), 0.0)  # (JB, M); 0 past a diagonal
        per_head = tl.max(tl.reshape(p, [JB, QB * G_PAD, NS_PAD]), 2)  # (JB, QB * G_PAD)
        tl.store(out_ptrs[None, :] + blocks.to(tl.int64)[:, None] * stride_on, per_head,
                 mask=(blocks[:, None] < n_blocks) & store_ok[None, :])


# Rows of one program's tile (query heads per KV head x sampled rows, padded to powers of two). Larger groups go to
# the torch estimator rather than spill registers.
MAX_TILE_ROWS = 128
# Scratch memory of the one-pass score kernel: (key blocks x tile rows) float32 per program, so a launch covers as
# many groups of query blocks as this holds (at 128K tokens, 8 KV heads x 16 query heads' tile rows x 2,048 key
# blocks: 32 groups of 4 query blocks, 256 programs, 16 launches). Each key block's log mass is written once and
# read once: ~8 GiB of traffic for that layer, against two passes' worth of matmuls and exponentials saved.
SCORE_SCRATCH_BYTES = 256 << 20
# Key blocks the one-pass kernel's final step reads per iteration (a (JB, tile rows) tile).
SCORE_FINAL_BLOCKS = 16
# On a GPU a program takes as many query blocks as fill this many tile rows: each K tile it loads then serves them
# all (one query block per program read all causal keys once per block; SmolLM2 at 128K on an H200 spent 28 ms in
# this kernel against 63 ms for the whole of dense flash attention).
GPU_TILE_ROWS = 128


def query_blocks_per_program(tile_rows: int) -> int:
    """Query blocks one program scores, for tiles of tile_rows rows per query block: 1 under the interpreter
    (its cost is per element, not per load), else as many as fill GPU_TILE_ROWS."""
    return 1 if _interpreting() else max(1, GPU_TILE_ROWS // tile_rows)


def score_launch(program_rows: int) -> dict:
    """num_warps / num_stages of a score program of program_rows tile rows on a GPU (kernels.gpu_check compiles
    with the same)."""
    return {"num_warps": 4 if program_rows <= 64 else 8, "num_stages": 3}


def select_launch(nk_pad: int) -> dict:
    """num_warps / num_stages of a selection program sorting nk_pad keys on a GPU (num_stages is Triton's default:
    the program has no loop to pipeline)."""
    return {"num_warps": 4 if nk_pad <= 1024 else 8, "num_stages": 3}


def estimate_block_scores_triton(q, k, config: SparseConfig, scale: float | None = None, *,
                                 blocks_per_program: int | None = None, passes: int = 1) -> torch.Tensor:
    """Block scores float32 (B, Hsel, n_q_blocks, n_k_blocks) like kernels.select.estimate_block_scores.

    q (B,Hq,Sq,D), k (B,Hkv,Skv,D) on CUDA (or CPU under TRITON_INTERPRET=1); Hsel = Hkv if config.share_kv_group
    else Hq. Every row is a distribution over the causal key blocks (0 above the diagonal, sums to 1).
    blocks_per_program: query blocks per program, a power of two (default: query_blocks_per_program); the
    result does not depend on it. passes: 1 (default) walks the keys once and keeps each key block's log mass in
    scratch memory (at most SCORE_SCRATCH_BYTES); 2 walks them twice (max and normaliser first), with no scratch.
    Same result up to float rounding; 2 is kept to measure one against the other (kernels.gpu_check).
    """
    if config.estimator != "sampled":
        from kernels.select import estimate_block_scores

        return estimate_block_scores(q, k, config, scale=scale)
    check_qkv(q, k)
    check_triton_inputs(q, "the Triton score kernel", "kernels.select.estimate_block_scores")
    B, Hq, Sq, D = q.shape
    Hkv, Skv = k.shape[1], k.shape[2]

    bs, ns = config.block_size, config.n_samples
    G = Hq // Hkv
    n_q_blocks, n_k_blocks = triton.cdiv(Sq, bs), triton.cdiv(Skv, bs)
    out = torch.zeros(B, Hq, n_q_blocks, n_k_blocks, dtype=torch.float32, device=q.device)
    if out.numel() == 0:
        return out if not config.share_kv_group else out[:, :Hkv]
    scale = 1.0 / math.sqrt(D) if scale is None else scale

    g_pad = triton.next_power_of_2(G)
    ns_pad = max(triton.next_power_of_2(ns), triton.cdiv(16, g_pad))  # tl.dot needs >= 16 rows
    if g_pad * ns_pad > MAX_TILE_ROWS:  # e.g. 8 query heads per KV head x 32 samples: too many registers
        from kernels.select import estimate_block_scores

        return estimate_block_scores(q, k, config, scale=scale)
    block_n = min(bs, 128)
    qb = blocks_per_program or query_blocks_per_program(g_pad * ns_pad)
    if qb & (qb - 1):
        raise ValueError(f"blocks_per_program must be a power of two, got {qb}")
    if passes not in (1, 2):
        raise ValueError(f"passes must be 1 or 2, got {passes!r}")
    rows = g_pad * ns_pad
    launch = {} if _interpreting() else score_launch(qb * rows)
    consts = dict(HEAD_DIM=D, G=G, G_PAD=g_pad, N_SAMPLES=ns, NS_PAD=ns_pad, QB=qb, BS=bs, BLOCK_N=block_n,
                  HEAD_DIM_PAD=head_dim_padded(D), DOT_PRECISION="ieee" if q.dtype == torch.float32 else "tf32")
    n_groups = triton.cdiv(n_q_blocks, qb)
    if passes == 2:
        _sampled_scores_kernel[(n_groups, B * Hkv)](
            q, k, out, *q.stride(), *k.stride(), *out.stride(), Hkv, Sq, Skv, float(scale) * LOG2E, **consts, **launch)
    else:
        # Scratch of (n_k_blocks, tile rows) float32 per program: launches of as many groups of query blocks as
        # SCORE_SCRATCH_BYTES holds, the last groups (the longest rows) first.
        per_group = B * Hkv * n_k_blocks * qb * rows * 4
        groups_per_launch = max(1, min(n_groups, SCORE_SCRATCH_BYTES // per_group))
        scratch = torch.empty(groups_per_launch * per_group // 4, dtype=torch.float32, device=q.device)
        for group0 in reversed(range(0, n_groups, groups_per_launch)):
            here = min(groups_per_launch, n_groups - group0)
            _sampled_scores_one_pass_kernel[(here, B * Hkv)](
                q, k, out, scratch, *q.stride(), *k.stride(), *out.stride(), Hkv, Sq, Skv, float(scale) * LOG2E,
                group0, here, n_k_blocks, JB=SCORE_FINAL_BLOCKS, **consts, **launch)
    # Same combination as kernels.select.estimate_block_scores: per-head distributions, GQA max, renormalise.
    probs = out / out.sum(-1, keepdim=True).clamp_min(1e-30)
    if config.share_kv_group:
        probs = probs.view(B, Hkv, G, n_q_blocks, n_k_blocks).amax(dim=2)
    return probs / probs.sum(-1, keepdim=True).clamp_min(1e-30)


# ---- selection ---------------------------------------------------------------------------------------------------


@triton.jit
def _select_blocks_kernel(
    Scores, Counts, Indices,
    stride_sb, stride_sh, stride_sm, stride_sn,
    stride_cb, stride_ch, stride_cm,
    stride_ib, stride_ih, stride_im, stride_ik,
    H, SEQ_Q, SEQ_KV,
    sink_blocks, window_blocks, dense_last_blocks, min_blocks, max_blocks, tau,
    BS: tl.constexpr, NK_PAD: tl.constexpr, KEEP_ALL: tl.constexpr,
):
    # One program per (query block i, batch * head): kernels.select._select_chunk for one row of scores.
    i = tl.program_id(0)
    pid_bh = tl.program_id(1)
    b = (pid_bh // H).to(tl.int64)
    h = (pid_bh % H).to(tl.int64)
    n_q_blocks = tl.cdiv(SEQ_Q, BS)
    offset = SEQ_KV - SEQ_Q
    first = (offset + i * BS) // BS
    last = (offset + tl.minimum((i + 1) * BS, SEQ_Q) - 1) // BS
    j = tl.arange(0, NK_PAD)
    causal = j <= last
    structural = causal & ((j >= first - window_blocks) | (j < sink_blocks) | (i >= n_q_blocks - dense_last_blocks))
    s = tl.load(Scores + b * stride_sb + h * stride_sh + i * stride_sm + j * stride_sn, mask=causal, other=0.0)
    s = tl.maximum(s.to(tl.float32), 0.0)
    s = s / tl.maximum(tl.sum(s, 0), 1e-30)  # a distribution over the causal blocks
    kept_mass = tl.sum(tl.where(structural, s, 0.0), 0)
    candidate = causal & (structural == 0)
    # Candidates by descending score, ties lower j first, as one int64 sort: a non-negative float's bits order
    # like the float, and the low word breaks ties; non-candidates are -1 and sort last.
    key = tl.where(candidate, (s.to(tl.int32, bitcast=True).to(tl.int64) << 32) | (NK_PAD - 1 - j), -1)
    ranked = tl.sort(key, descending=True)  # (NK_PAD,)
    valid = ranked >= 0
    n_valid = tl.sum(valid.to(tl.int32), 0)
    if KEEP_ALL:
        n_dynamic = n_valid
    else:
        mass = tl.where(valid, (ranked >> 32).to(tl.int32).to(tl.float32, bitcast=True), 0.0)
        before = tl.cumsum(mass, 0) - mass
        # the k-th candidate is needed while the mass kept before it is still short of tau
        n_dynamic = tl.sum(((before + kept_mass < tau) & valid).to(tl.int32), 0)
    n_dynamic = tl.maximum(n_dynamic, min_blocks)
    if max_blocks >= 0:
        n_dynamic = tl.minimum(n_dynamic, max_blocks)
    n_dynamic = tl.minimum(n_dynamic, n_valid)
    # the n_dynamic-th largest key; keys are distinct, so exactly n_dynamic candidates reach it
    threshold = tl.min(tl.where(j < n_dynamic, ranked, 0x7FFFFFFFFFFFFFFF), 0)
    keep = (structural | (candidate & (key >= threshold))) != 0  # (NK_PAD,) int1
    tl.store(Counts + b * stride_cb + h * stride_ch + i * stride_cm, tl.sum(keep.to(tl.int32), 0))
    column = tl.cumsum(keep.to(tl.int32), 0) - 1  # kept blocks in ascending order
    tl.store(Indices + b * stride_ib + h * stride_ih + i * stride_im + column * stride_ik, j, mask=keep)


# Key blocks one selection program sorts in registers (256K tokens in 64-token blocks); longer rows go to torch.
MAX_SELECT_BLOCKS = 4096


def select_blocks_triton(scores: torch.Tensor, config: SparseConfig, q_len: int, kv_len: int):
    """kernels.select.select_blocks in one launch: a BlockIndex, equal to the torch selection (up to float rounding
    of the kept mass at exactly tau). scores (B, H, nq, nk) with nk <= MAX_SELECT_BLOCKS, on CUDA (or CPU under
    TRITON_INTERPRET=1); the caller (select_blocks) has checked the shapes."""
    from kernels.config import BlockIndex

    B, H, n_q_blocks, n_k_blocks = scores.shape
    if n_k_blocks > MAX_SELECT_BLOCKS:
        raise ValueError(f"{n_k_blocks} key blocks: more than the {MAX_SELECT_BLOCKS} one selection program sorts")
    counts = torch.empty(B, H, n_q_blocks, dtype=torch.int32, device=scores.device)
    indices = torch.full((B, H, n_q_blocks, n_k_blocks), -1, dtype=torch.int32, device=scores.device)
    nk_pad = max(16, triton.next_power_of_2(n_k_blocks))
    launch = {} if _interpreting() else select_launch(nk_pad)
    _select_blocks_kernel[(n_q_blocks, B * H)](
        scores, counts, indices,
        *scores.stride(), *counts.stride(), *indices.stride(),
        H, q_len, kv_len,
        config.sink_blocks, config.window_blocks, config.dense_last_blocks, config.min_blocks,
        -1 if config.max_blocks is None else config.max_blocks, float(config.tau),
        BS=config.block_size, NK_PAD=nk_pad, KEEP_ALL=config.tau >= 1.0,
        **launch,
    )
    max_kept = max(1, int(counts.max())) if counts.numel() else 1
    return BlockIndex(counts, indices[..., :max_kept].contiguous())
