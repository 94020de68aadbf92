"""Block selection: estimate how much attention each key block gets, then keep the blocks that matter.

Geometry (shared by every kernel; see also kernels.config.BlockIndex)
  bs = config.block_size, offset = Skv - Sq (the queries are the last Sq positions of the keys).
  n_q_blocks = ceil(Sq / bs): query block i = q rows [i*bs, min((i+1)*bs, Sq)).
  n_k_blocks = ceil(Skv / bs): key block j = keys [j*bs, min((j+1)*bs, Skv)).
  Query row r has absolute position offset + r and sees keys c <= offset + r.
  first(i) = (offset + i*bs) // bs             key block holding the block's first query position
  last(i)  = (offset + min((i+1)*bs, Sq) - 1) // bs   key block holding its last query position ("diagonal")
  Causal key blocks of query block i: j <= last(i). When offset % bs != 0 a query block straddles two key
  blocks (first(i) = last(i) - 1); both are "diagonal" and masked element-wise.

Structural blocks (always kept, no estimate needed):
  sink:   j < sink_blocks
  local:  first(i) - window_blocks <= j <= last(i)      (window + diagonal)
  tail:   every causal j for the last dense_last_blocks query blocks (i >= n_q_blocks - dense_last_blocks)
  all clipped to the causal range j <= last(i). Every query row therefore always sees its own key.

Block scores (estimate_block_scores): float32 (B, Hsel, n_q_blocks, n_k_blocks), Hsel = Hkv when
config.share_kv_group else Hq. Each row (b, h, i, :) is a probability distribution over the causal key
blocks of query block i: entries >= 0, exactly 0 for j > last(i), summing to 1 over j <= last(i).
  "sampled" (default): n = config.n_samples query rows per block, row(i, s) = max(i*bs, end(i) - 1 - s*(bs//n))
      for s = 0..n-1 with end(i) = min((i+1)*bs, Sq) — strided from the block's last row backwards. Each
      sampled row gets its exact softmax (float32, scale, causal) over all keys; its probability mass is summed
      per key block; the block score is the max over the block's sampled rows.
  "pooled": softmax over causal key blocks of (mean of the block's q rows) . (mean of the key block's k rows)
      * scale; the diagonal key block last(i) averages only its keys up to the block's last query.
  "antidiagonal": strided antidiagonal sums (stride S = config.stride): query rows and keys are cut into
      groups of S; the logit of (query group a, key group g) is sum_t q[a*S + t] . k[g*S + S-1-t] * scale / S;
      each query group takes a causal softmax over key groups (key group g visible when g*S <= the group's
      last position; in the group that holds that position, later keys read as zero), masses are summed per
      key block and averaged over the query groups of the block.
  Each head's row is normalised to sum to 1 (over j <= last(i)). With share_kv_group, the G = Hq/Hkv query
  heads of a KV head are then combined by the max of their probabilities, and the row renormalised to 1.

Selection (select_blocks): structural blocks first; their estimated mass counts towards tau. The other
causal blocks ("dynamic" candidates) are taken in descending score order (ties: lower j first) until the kept
mass reaches tau; the number of dynamic blocks is then clamped to [min_blocks, max_blocks] (and to the
number of candidates). tau = 1.0 keeps every candidate (up to max_blocks), so with max_blocks=None the
result is dense causal attention.
"""

from __future__ import annotations

import math

import torch

from kernels.checks import check_qkv, check_scale
from kernels.config import BlockIndex, SparseConfig

# Working-set bound of the selection and the "antidiagonal" estimator: float32 elements of one chunk (64 KiB;
# the process keeps what its heap once held, so transient buffers count towards peak memory).
CHUNK_ELEMENTS = 1 << 14
# One tile of the "sampled" estimator (float32 logits, 1 MiB): SAMPLED_TILE_ROWS rows (batch x heads x sampled
# rows) x the rest in keys (per-block log-sum-exp, merged exactly). Bigger than CHUNK_ELEMENTS because its
# cost is per-tile overhead: on SmolLM2 activations, 2 threads, alternated in one process, 512 x 512 tiles
# estimate 25-40 % faster than 256 x 256 ones at 8K-32K (16K: 0.47 -> 0.34 s). When the caller lends scratch
# memory (kernels.sparse_attention lends output rows not computed yet), the tiles (logits and their block
# log-softmax) live there and share its size; with too little of it, tiles of CHUNK_ELEMENTS are allocated.
SAMPLED_TILE_ELEMENTS = 1 << 18
SAMPLED_TILE_ROWS = 512
# Selection chunk on a GPU (scores of 2**24 entries, ~0.5 GiB alive in the sort): there a chunk's cost is kernel
# launches, ~20 per chunk, not cache misses. With CHUNK_ELEMENTS the selection of one SmolLM2 layer took 14 ms at
# 16K tokens and 0.79 s at 128K on an H200, 12x the whole of dense flash attention (docs/benchmarks.md).
GPU_CHUNK_ELEMENTS = 1 << 24

__all__ = ["BlockIndex", "block_layout", "structural_mask", "estimate_block_scores", "select_blocks"]


def block_layout(q_len: int, kv_len: int, block_size: int, device=None):
    """(offset, n_q_blocks, n_k_blocks, first, last): first/last int64 (n_q_blocks,) as in the module doc."""
    if q_len > kv_len:
        raise ValueError(f"q_len ({q_len}) must be <= kv_len ({kv_len}): queries are a suffix of the keys")
    offset = kv_len - q_len
    n_q_blocks = math.ceil(q_len / block_size)
    n_k_blocks = math.ceil(kv_len / block_size)
    i = torch.arange(n_q_blocks, device=device)
    first = (offset + i * block_size) // block_size
    last = (offset + torch.clamp((i + 1) * block_size, max=q_len) - 1) // block_size
    return offset, n_q_blocks, n_k_blocks, first, last


def structural_mask(q_len: int, kv_len: int, config: SparseConfig, device=None):
    """(structural, causal): bool (n_q_blocks, n_k_blocks) each."""
    _, _, n_k_blocks, first, last = block_layout(q_len, kv_len, config.block_size, device)
    j = torch.arange(n_k_blocks, device=device)[None, :]
    causal = j <= last[:, None]
    local = j >= (first - config.window_blocks)[:, None]
    tail = torch.arange(len(last), device=device)[:, None] >= len(last) - config.dense_last_blocks
    structural = (local | (j < config.sink_blocks) | tail) & causal
    return structural, causal


# ---- estimators --------------------------------------------------------------------------------------


def estimate_block_scores(q, k, config: SparseConfig, scale: float | None = None, *,
                          scratch: torch.Tensor | None = None) -> torch.Tensor:
    """Estimated attention probability per (query block, key block): float32 (B, Hsel, nq, nk).

    q (B, Hq, Sq, D), k (B, Hkv, Skv, D). Never materialises Sq x Skv: work is done in chunks of query blocks.
    scratch: optional 1-D contiguous float32 tensor, overwritten freely, for the "sampled" estimator's per-block
    log-sum-exps and logit tiles (see SAMPLED_TILE_ELEMENTS); it must not overlap q or k.
    """
    check_qkv(q, k)
    scale = check_scale(scale)
    B, Hq, q_len, D = q.shape
    scale = D**-0.5 if scale is None else scale
    if config.estimator == "sampled":
        probs = _sampled_probs(q, k, config, scale, scratch)
    elif config.estimator == "pooled":
        probs = _pooled_probs(q, k, config, scale)
    elif config.estimator == "antidiagonal":
        probs = _antidiagonal_probs(q, k, config, scale)
    else:
        raise ValueError(f"unknown estimator {config.estimator!r}")
    # probs: (B, Hkv, G, nq, nk) non-negative block weights; per head a distribution over causal key blocks
    probs = probs.div_(probs.sum(-1, keepdim=True).clamp_min(1e-30))  # probs is the estimator's own tensor
    if config.share_kv_group:
        probs = probs.amax(dim=2)  # (B, Hkv, nq, nk)
    else:
        probs = probs.flatten(1, 2)  # (B, Hq, nq, nk), head h = kv * G + g
    return probs.div_(probs.sum(-1, keepdim=True).clamp_min(1e-30))


def sampled_rows(q_len: int, block_size: int, n_samples: int, device=None) -> torch.Tensor:
    """int64 (n_q_blocks, n_samples): the q rows the "sampled" estimator scores for each query block."""
    n_q_blocks = math.ceil(q_len / block_size)
    i = torch.arange(n_q_blocks, device=device)[:, None]
    s = torch.arange(n_samples, device=device)[None, :]
    end = torch.clamp((i + 1) * block_size, max=q_len)
    return torch.maximum(i * block_size, end - 1 - s * (block_size // n_samples))


def _block_sums(probs: torch.Tensor, block_size: int, n_k_blocks: int) -> torch.Tensor:
    # (..., L) -> (..., ceil(L / bs)) sums over consecutive key blocks, then zero-padded to n_k_blocks
    L = probs.shape[-1]
    pad = (-L) % block_size
    if pad:
        probs = torch.nn.functional.pad(probs, (0, pad))
    sums = probs.unflatten(-1, (-1, block_size)).sum(-1)
    if sums.shape[-1] < n_k_blocks:
        sums = torch.nn.functional.pad(sums, (0, n_k_blocks - sums.shape[-1]))
    return sums


def _sampled_probs(q, k, config, scale, scratch=None):
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    G, bs, ns = Hq // Hkv, config.block_size, config.n_samples
    offset, n_q_blocks, n_k_blocks, _, last = block_layout(q_len, kv_len, bs, q.device)
    rows = sampled_rows(q_len, bs, ns, q.device)  # (nq, ns)
    out = torch.zeros(B, Hkv, G, n_q_blocks, n_k_blocks, dtype=torch.float32, device=q.device)
    # tile = (chunk of query blocks: B*Hq*c*ns rows) x (key_tile keys); the mass of a row in a key block is
    # exp(lse_block - lse_row), with lse_block the log-sum-exp of its logits in the block (exact softmax)
    chunk = max(1, SAMPLED_TILE_ROWS // (B * Hq * ns))
    # Two tiles: the logits and their per-block log-softmax. In scratch, when lent and large enough: the
    # per-block log-sum-exps of a chunk and its scaled sampled q rows (float32 q) first, then the two tiles;
    # else allocated once here (the q rows per chunk).
    lse_buf, qs_buf, tiles, tile_elements = None, None, None, SAMPLED_TILE_ELEMENTS
    if scratch is not None:
        lent = scratch.numel() if scratch.dtype == torch.float32 and scratch.is_contiguous() else 0
        n_lse = B * Hq * ns * chunk * n_k_blocks
        if lent - n_lse >= 2 * CHUNK_ELEMENTS:
            lse_buf, scratch = scratch[:n_lse], scratch[n_lse:]
            lent -= n_lse
        n_qs = B * Hq * ns * chunk * D
        if q.dtype == torch.float32 and lent - n_qs >= 2 * CHUNK_ELEMENTS:
            qs_buf, scratch = scratch[:n_qs], scratch[n_qs:]
            lent -= n_qs
        if lent >= 2 * CHUNK_ELEMENTS:
            tile_elements = min(tile_elements, lent // 2)
            tiles = (scratch[:tile_elements], scratch[tile_elements : 2 * tile_elements])
        else:
            tile_elements = CHUNK_ELEMENTS
    if tiles is None:  # logits come from the matmul; one buffer for their log-softmax
        tiles = (None, torch.empty(tile_elements, dtype=torch.float32, device=q.device))
    key_tile = bs * max(1, tile_elements // (B * Hq * ns * chunk * bs))
    for start in range(0, n_q_blocks, chunk):
        stop = min(start + chunk, n_q_blocks)
        r = rows[start:stop].reshape(-1)  # (c*ns,)
        n_keys = min(kv_len, (int(last[stop - 1]) + 1) * bs)  # causal: later keys are never visible
        if qs_buf is not None:
            qs = torch.index_select(q, 2, r, out=qs_buf[: B * Hq * r.numel() * D].view(B, Hq, r.numel(), D)).mul_(scale)
        else:
            qs = q[:, :, r].float() * scale
        qs = qs.view(B, Hkv, G * r.numel(), D)  # (B, Hkv, G*c*ns, D)
        lse_shape = (B, Hkv, G, r.numel(), math.ceil(n_keys / bs))
        if lse_buf is not None:
            lse = lse_buf[: math.prod(lse_shape)].view(lse_shape)
        else:
            lse = torch.empty(lse_shape, dtype=torch.float32, device=q.device)
        first_hidden = int(r.min()) + offset + 1  # keys from here on are hidden from some rows
        for j0 in range(0, n_keys, key_tile):
            j1 = min(j0 + key_tile, n_keys)
            kt = k[:, :, j0:j1].float().transpose(-1, -2)  # a view of a float32 k; a 16-bit k is converted per tile
            n_logits = qs.shape[0] * Hkv * qs.shape[2] * (j1 - j0)
            if tiles[0] is not None and n_logits <= tiles[0].numel():
                logits = torch.matmul(qs, kt, out=tiles[0][:n_logits].view(B, Hkv, qs.shape[2], j1 - j0))
            else:
                logits = qs @ kt
            logits = logits.view(B, Hkv, G, r.numel(), j1 - j0)
            if j1 > first_hidden:
                hidden = torch.arange(j0, j1, device=q.device)[None, :] > (r + offset)[:, None]
                logits.masked_fill_(hidden, float("-inf"))
            if (j1 - j0) % bs:
                logits = torch.nn.functional.pad(logits, (0, (-(j1 - j0)) % bs), value=float("-inf"))
            lse[..., j0 // bs : math.ceil(j1 / bs)] = _block_logsumexp(logits.unflatten(-1, (-1, bs)), tiles[1])
        mass = lse.sub_(lse.amax(-1, keepdim=True)).exp_()  # softmax over blocks, in place; (B, Hkv, G, c*ns,
        mass = mass.div_(mass.sum(-1, keepdim=True))  # causal key blocks of the chunk)
        mass = mass.view(B, Hkv, G, stop - start, ns, -1).amax(dim=4)
        out[:, :, :, start:stop, : mass.shape[-1]] = mass
    return out


def _block_logsumexp(x: torch.Tensor, buf: torch.Tensor | None = None) -> torch.Tensor:
    """(..., n_blocks, bs) -> (..., n_blocks): the log-sum-exp of each block, from one fused log_softmax pass
    (written into buf when it holds x.numel() elements): lse = x[..., 0] - log_softmax(x)[..., 0]. 2.5x faster
    than max, subtract, exp and sum as separate passes. Causal masks hide a block's last keys and padding its
    end, so its first logit is finite whenever any is; a block of only -inf gives -inf."""
    n = x.numel()
    if buf is not None and buf.numel() >= n:
        log_probs = torch.log_softmax(x, -1, out=buf[:n].view(x.shape))
    else:
        log_probs = torch.log_softmax(x, -1)
    return (x[..., 0] - log_probs[..., 0]).nan_to_num_(nan=float("-inf"))


def _pooled_probs(q, k, config, scale):
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    G, bs = Hq // Hkv, config.block_size
    offset, n_q_blocks, n_k_blocks, _, last = block_layout(q_len, kv_len, bs, q.device)
    q_mean = _block_means(q.float(), bs)  # (B, Hq, nq, D)
    kf = k.float()
    k_mean = _block_means(kf, bs)  # (B, Hkv, nk, D)
    logits = (q_mean.view(B, Hkv, G * n_q_blocks, D) * scale) @ k_mean.transpose(-1, -2)
    logits = logits.view(B, Hkv, G, n_q_blocks, n_k_blocks)
    # Causal: when the keys end inside query block i's diagonal block last(i) (offset not a multiple of bs),
    # that block is averaged over its keys up to the block's last query only, as the chunked path (keys cut
    # there) does; else later tokens would steer the selection of earlier ones.
    end = offset + torch.clamp((torch.arange(n_q_blocks, device=q.device) + 1) * bs, max=q_len)  # (nq,)
    for n, rows, blocks in _straddled(end - 1, bs, kv_len):
        k_prefix = _block_means(kf, bs, first=n)[:, :, blocks]  # (B, Hkv, r, D)
        q_rows = q_mean.view(B, Hkv, G, n_q_blocks, D)[:, :, :, rows] * scale  # (B, Hkv, G, r, D)
        logits[:, :, :, rows, blocks] = (q_rows * k_prefix[:, :, None]).sum(-1)
    hidden = torch.arange(n_k_blocks, device=q.device)[None, :] > last[:, None]
    return torch.softmax(logits.masked_fill(hidden, float("-inf")), dim=-1)


def _block_means(x: torch.Tensor, bs: int, first: int | None = None) -> torch.Tensor:
    # (B, H, S, D) -> (B, H, ceil(S/bs), D): mean over the rows of each block (partial last block included), or
    # over its first `first` rows only
    S = x.shape[2]
    first = bs if first is None else first
    pad = (-S) % bs
    sums = torch.nn.functional.pad(x, (0, 0, 0, pad)).unflatten(2, (-1, bs))[:, :, :, :first].sum(3)
    sizes = torch.full((sums.shape[2],), float(first), device=x.device)
    sizes[-1] = min(first, S - (sums.shape[2] - 1) * bs)
    return sums / sizes[:, None]


def _antidiagonal_probs(q, k, config, scale):
    B, Hq, q_len, D = q.shape
    Hkv, kv_len = k.shape[1], k.shape[2]
    G, bs, S = Hq // Hkv, config.block_size, config.stride
    offset, n_q_blocks, n_k_blocks, _, last = block_layout(q_len, kv_len, bs, q.device)
    # query groups: S consecutive rows, concatenated -> (B, Hq, nqg, S*D); the last group is zero-padded
    qg = torch.nn.functional.pad(q.float(), (0, 0, 0, (-q_len) % S)).unflatten(2, (-1, S)).flatten(-2)
    # key groups: S consecutive keys in reverse order, so the dot product sums one antidiagonal
    kg = torch.nn.functional.pad(k.float(), (0, 0, 0, (-kv_len) % S)).unflatten(2, (-1, S))
    kg = kg.flip(3).flatten(-2)  # (B, Hkv, nkg, S*D)
    n_qg, n_kg = qg.shape[2], kg.shape[2]
    group_last = torch.clamp((torch.arange(n_qg, device=q.device) + 1) * S, max=q_len) - 1 + offset
    groups_per_block = bs // S
    out = torch.zeros(B, Hkv, G, n_q_blocks, n_k_blocks, dtype=torch.float32, device=q.device)
    chunk = max(1, CHUNK_ELEMENTS // (B * Hq * groups_per_block * n_kg))  # in query blocks
    for start in range(0, n_q_blocks, chunk):
        stop = min(start + chunk, n_q_blocks)
        g0, g1 = start * groups_per_block, min(stop * groups_per_block, n_qg)
        n_keys = min(n_kg, ((int(last[stop - 1]) + 1) * bs) // S)
        qs = (qg[:, :, g0:g1] * (scale / S)).reshape(B, Hkv, G * (g1 - g0), S * D)
        logits = (qs @ kg[:, :, :n_keys].transpose(-1, -2)).view(B, Hkv, G, g1 - g0, n_keys)
        _causal_straddled_groups_(logits, qs.view(B, Hkv, G, g1 - g0, S * D), kg, group_last[g0:g1], kv_len, S)
        hidden = torch.arange(n_keys, device=q.device)[None, :] * S > group_last[g0:g1, None]
        probs = torch.softmax(logits.masked_fill_(hidden, float("-inf")), dim=-1)
        mass = _block_sums(probs, groups_per_block, n_k_blocks)  # (B, Hkv, G, groups, nk)
        # mean over the query groups of each block (the last block may have fewer groups)
        pad = (stop - start) * groups_per_block - (g1 - g0)
        mass = torch.nn.functional.pad(mass, (0, 0, 0, pad)).view(B, Hkv, G, stop - start, groups_per_block, -1)
        out[:, :, :, start:stop] = mass.sum(4)  # renormalised later
    return out


def _causal_straddled_groups_(logits, qs, kg, group_last, kv_len, S):
    """Causal antidiagonal logits: a key group that holds a query group's last position and later keys (offset
    not a multiple of S) is scored with those later keys read as zero, as the chunked path (keys cut there,
    zero-padded) does; else later tokens would steer the selection of earlier ones. logits (B, Hkv, G, n, nk)
    in place; qs (B, Hkv, G, n, S*D) the scaled query groups; kg (B, Hkv, nkg, S*D) the reversed key groups;
    group_last (n,) the groups' last positions."""
    D = kg.shape[-1] // S
    for n, rows, groups in _straddled(group_last, S, kv_len):
        # reversed groups: key g*S + S-1-t sits at t*D; the seen keys are the last n of the S
        k_seen = kg[:, :, groups].unflatten(-1, (S, D))[..., S - n :, :].flatten(-2)  # (B, Hkv, r, n*D)
        q_seen = qs[:, :, :, rows].unflatten(-1, (S, D))[..., S - n :, :].flatten(-2)  # (B, Hkv, G, r, n*D)
        logits[:, :, :, rows, groups] = (q_seen * k_seen[:, :, None]).sum(-1)


def _straddled(last_pos: torch.Tensor, unit: int, kv_len: int):
    """For rows whose last visible key position is last_pos (n,): the groups of `unit` keys that hold that
    position AND later keys (< kv_len). Yields (seen, rows, groups) per number of keys seen in the group (at
    most 2 values: the whole rows', a partial last row's): rows (r,) and their groups (r,) int64."""
    group = last_pos // unit
    seen = last_pos - group * unit + 1  # the group's keys up to the position
    straddled = seen < torch.clamp(kv_len - group * unit, max=unit)
    for n in seen[straddled].unique().tolist():
        rows = ((seen == n) & straddled).nonzero()[:, 0]
        yield n, rows, group[rows]


# ---- selection ---------------------------------------------------------------------------------------


def select_blocks(scores: torch.Tensor, config: SparseConfig, q_len: int, kv_len: int) -> BlockIndex:
    """Keep structural blocks plus the best-scored causal blocks until the estimated mass reaches tau.

    scores: (B, H, nq, nk) block probabilities (from estimate_block_scores; any non-negative weights work,
    they are renormalised over the causal blocks). Returns a BlockIndex with Hidx = H.
    """
    if not isinstance(scores, torch.Tensor) or scores.dim() != 4 or not scores.is_floating_point():
        raise ValueError(f"scores must be a (B, H, nq, nk) float tensor; got "
                         f"{tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__}")
    if not 0 < q_len <= kv_len:
        raise ValueError(f"q_len ({q_len}) must be in [1, kv_len ({kv_len})]: queries are a suffix of the keys")
    B, H, n_q_blocks, n_k_blocks = scores.shape
    bs = config.block_size
    if (n_q_blocks, n_k_blocks) != (math.ceil(q_len / bs), math.ceil(kv_len / bs)):
        raise ValueError(f"scores shape {tuple(scores.shape)} does not match q_len={q_len}, kv_len={kv_len}")
    if scores.is_cuda:  # one launch instead of ~40 small ops (~1 ms of launches on an H200: docs/benchmarks.md)
        try:
            from kernels.select_triton import MAX_SELECT_BLOCKS, select_blocks_triton
        except ImportError:  # no Triton
            pass
        else:
            if n_k_blocks <= MAX_SELECT_BLOCKS:
                return select_blocks_triton(scores, config, q_len, kv_len)
    structural, causal = structural_mask(q_len, kv_len, config, scores.device)
    keep = torch.empty(B, H, n_q_blocks, n_k_blocks, dtype=torch.bool, device=scores.device)
    # rows of query blocks at a time: the sort below holds a few copies of the chunk
    budget = CHUNK_ELEMENTS if scores.device.type == "cpu" else GPU_CHUNK_ELEMENTS
    chunk = max(1, budget // max(1, B * H * n_k_blocks))
    for start in range(0, n_q_blocks, chunk):
        stop = min(start + chunk, n_q_blocks)
        keep[:, :, start:stop] = _select_chunk(
            scores[:, :, start:stop].float(), structural[start:stop], causal[start:stop], config
        )
    counts = keep.sum(-1, dtype=torch.int32)  # (B, H, nq)
    max_kept = max(1, int(counts.max()))
    # kept block j goes to column (its rank among the row's kept blocks): ascending, -1 after the count. Per
    # chunk of rows (bounding the int64 positions), an extra last column takes the blocks not kept and is
    # dropped when the chunk is copied into the index.
    indices = torch.empty((B, H, n_q_blocks, max_kept), dtype=torch.int32, device=scores.device)
    j = torch.arange(n_k_blocks, dtype=torch.int32, device=scores.device)
    for start in range(0, n_q_blocks, chunk):
        stop = min(start + chunk, n_q_blocks)
        kept = keep[:, :, start:stop]
        column = torch.where(kept, kept.cumsum(-1) - 1, max_kept)  # (B, H, c, nk) int64
        ranked = torch.full((B, H, stop - start, max_kept + 1), -1, dtype=torch.int32, device=scores.device)
        indices[:, :, start:stop] = ranked.scatter_(-1, column, j.expand(kept.shape))[..., :max_kept]
    return BlockIndex(counts, indices)


def _select_chunk(s, structural, causal, config):
    # s (B, H, c, nk) float32 (not modified); structural/causal (c, nk) bool -> keep (B, H, c, nk) bool. In place
    # where possible: at most ~4 floats per entry are alive at once (the sort's values and int64 order).
    s = torch.where(causal, s, 0.0).clamp_min_(0)
    s.div_(s.sum(-1, keepdim=True).clamp_min_(1e-30))
    kept_mass = (s * structural).sum(-1, keepdim=True)  # (B, H, c, 1)
    candidate = causal & ~structural
    # candidates by descending score (stable: ties keep the lower block id); non-candidates sort last
    ranked, order = s.masked_fill_(~candidate, -1.0).sort(dim=-1, descending=True, stable=True)
    del s
    valid = ranked >= 0
    n_valid = valid.sum(-1, keepdim=True)
    if config.tau >= 1.0:
        n_dynamic = n_valid
    else:
        mass = ranked.clamp_min_(0)  # the candidates' scores by rank, 0 past them
        mass_before = torch.cumsum(mass, dim=-1).sub_(mass)
        # the k-th candidate is needed while the mass kept before it is still short of tau
        n_dynamic = ((mass_before.add_(kept_mass) < config.tau) & valid).sum(-1, keepdim=True)
        del mass, mass_before
    del ranked
    n_dynamic = n_dynamic.clamp_min(config.min_blocks)
    if config.max_blocks is not None:
        n_dynamic = n_dynamic.clamp_max(config.max_blocks)
    n_dynamic = torch.minimum(n_dynamic, n_valid)
    take = torch.arange(order.shape[-1], device=order.device) < n_dynamic  # by rank
    keep = torch.zeros_like(take).scatter_(-1, order, take)
    return keep | structural
