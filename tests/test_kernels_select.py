"""Block scores and block selection (kernels/select.py): invariants of the index, tau, budgets, estimators."""

import math

import pytest
import torch

from kernels import SparseConfig
from kernels.select import block_layout, estimate_block_scores, sampled_rows, select_blocks, structural_mask

ESTIMATORS = ["sampled", "pooled", "antidiagonal"]


def qkv(B, Hq, Hkv, q_len, kv_len, D=32, seed=0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(B, Hq, q_len, D, generator=g)
    k = torch.randn(B, Hkv, kv_len, D, generator=g)
    v = torch.randn(B, Hkv, kv_len, D, generator=g)
    return q, k, v


def check_index(index, scores, config, q_len, kv_len):
    """Every invariant the kernels rely on, checked row by row against an independent recomputation."""
    bs = config.block_size
    offset, nq, nk, first, last = block_layout(q_len, kv_len, bs)
    B, H = scores.shape[:2]
    assert index.counts.dtype == torch.int32 and index.indices.dtype == torch.int32
    assert index.counts.shape == (B, H, nq) and index.indices.shape[:3] == (B, H, nq)
    assert int(index.counts.max()) == index.indices.shape[-1]  # no wasted padding column
    for b in range(B):
        for h in range(H):
            for i in range(nq):
                count = int(index.counts[b, h, i])
                row = index.indices[b, h, i].tolist()
                kept, pad = row[:count], row[count:]
                assert all(x == -1 for x in pad)
                assert kept == sorted(set(kept)), "sorted ascending, no duplicates"
                lo, hi = int(first[i]), int(last[i])
                assert all(0 <= j <= hi for j in kept), "nothing above the diagonal"
                structural = {j for j in range(hi + 1) if j < config.sink_blocks or j >= lo - config.window_blocks}
                if i >= nq - config.dense_last_blocks:
                    structural = set(range(hi + 1))
                assert structural <= set(kept), "sink, window and diagonal always kept; the last blocks dense"
                dynamic = [j for j in kept if j not in structural]
                candidates = [j for j in range(hi + 1) if j not in structural]
                s = scores[b, h, i, : hi + 1].double()
                s = s / s.sum()
                n_dyn = len(dynamic)
                assert n_dyn >= min(config.min_blocks, len(candidates))
                if config.max_blocks is not None:
                    assert n_dyn <= config.max_blocks
                # dynamic blocks are the best-scored candidates
                if dynamic and len(dynamic) < len(candidates):
                    worst_kept = min(float(s[j]) for j in dynamic)
                    best_dropped = max(float(s[j]) for j in candidates if j not in dynamic)
                    assert worst_kept >= best_dropped - 1e-7
                mass = float(s[kept].sum())
                capped = (config.max_blocks is not None and n_dyn == config.max_blocks) or n_dyn == len(candidates)
                # tau reached, unless a budget stopped us
                assert mass >= config.tau - 1e-5 or capped
                # and minimal: without the weakest dynamic block it would fall short (unless min_blocks forced it)
                if n_dyn > config.min_blocks and dynamic:
                    weakest = min(float(s[j]) for j in dynamic)
                    assert mass - weakest < config.tau + 1e-5


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("share", [True, False])
def test_scores_are_causal_distributions(estimator, share):
    q, k, _ = qkv(2, 6, 2, 150, 203)
    config = SparseConfig(block_size=16, estimator=estimator, share_kv_group=share, n_samples=4, stride=4)
    scores = estimate_block_scores(q, k, config)
    nq, nk = math.ceil(150 / 16), math.ceil(203 / 16)
    assert scores.shape == (2, 2 if share else 6, nq, nk) and scores.dtype == torch.float32
    _, causal = structural_mask(150, 203, config)
    assert (scores >= 0).all()
    assert (scores[..., ~causal] == 0).all(), "no score above the diagonal"
    torch.testing.assert_close(scores.sum(-1), torch.ones(scores.shape[:3]), atol=1e-5, rtol=0)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize(
    "shape",
    [
        dict(B=1, Hq=4, Hkv=2, q_len=256, kv_len=256, bs=32),  # aligned
        dict(B=2, Hq=3, Hkv=1, q_len=201, kv_len=201, bs=16),  # odd length, batch 2
        dict(B=1, Hq=2, Hkv=2, q_len=77, kv_len=300, bs=16),  # queries a suffix, offset not block-aligned
        dict(B=1, Hq=4, Hkv=1, q_len=5, kv_len=130, bs=32),  # fewer queries than a block
    ],
)
def test_selection_invariants(estimator, shape):
    q, k, _ = qkv(shape["B"], shape["Hq"], shape["Hkv"], shape["q_len"], shape["kv_len"], seed=1)
    for tau, min_b, max_b, sink, window in [(0.5, 0, None, 1, 1), (0.9, 2, 3, 2, 0), (0.7, 1, None, 0, 2)]:
        config = SparseConfig(
            block_size=shape["bs"], estimator=estimator, tau=tau, min_blocks=min_b, max_blocks=max_b,
            sink_blocks=sink, window_blocks=window, n_samples=8, stride=4,
        )
        scores = estimate_block_scores(q, k, config)
        index = select_blocks(scores, config, shape["q_len"], shape["kv_len"])
        check_index(index, scores, config, shape["q_len"], shape["kv_len"])


def test_tau_one_keeps_every_causal_block_and_max_blocks_caps():
    q, k, _ = qkv(1, 2, 1, 300, 300, seed=2)
    config = SparseConfig(block_size=32, tau=1.0)
    index = select_blocks(estimate_block_scores(q, k, config), config, 300, 300)
    _, _, _, _, last = block_layout(300, 300, 32)
    assert index.counts[0, 0].tolist() == (last + 1).tolist()
    capped = SparseConfig(block_size=32, tau=1.0, max_blocks=2)
    index = select_blocks(estimate_block_scores(q, k, capped), capped, 300, 300)
    structural, _ = structural_mask(300, 300, capped)
    assert (index.counts[0, 0] <= structural.sum(-1) + 2).all()
    assert (index.counts[0, 0] == structural.sum(-1) + torch.clamp(last + 1 - structural.sum(-1), max=2)).all()


def test_select_blocks_on_handmade_scores():
    # one query block row with known scores: structural = sink 0 + window 5 + diagonal 6
    config = SparseConfig(block_size=16, tau=0.79, sink_blocks=1, window_blocks=1, dense_last_blocks=0)
    q_len = kv_len = 7 * 16
    scores = torch.zeros(1, 1, 7, 7)
    scores[0, 0, 6] = torch.tensor([0.10, 0.05, 0.40, 0.02, 0.13, 0.10, 0.20])
    for i in range(6):
        scores[0, 0, i, : i + 1] = 1.0 / (i + 1)
    given = scores.clone()
    index = select_blocks(scores, config, q_len, kv_len)
    assert torch.equal(scores, given)  # the selection works in place on its own copies only
    # structural mass 0.4; + block 2 (0.40) = 0.8 reaches tau 0.79 -> exactly {0, 2, 5, 6}
    assert index.counts[0, 0, 6] == 4
    assert index.indices[0, 0, 6].tolist()[:4] == [0, 2, 5, 6]
    config = SparseConfig(block_size=16, tau=0.85, sink_blocks=1, window_blocks=1, dense_last_blocks=0)
    index = select_blocks(scores, config, q_len, kv_len)
    assert index.indices[0, 0, 6].tolist()[:5] == [0, 2, 4, 5, 6]  # next best is block 4 (0.13)


@pytest.mark.parametrize("q_len", [300, 77])
def test_last_query_blocks_are_dense_also_when_the_torch_path_works_in_chunks(monkeypatch, q_len):
    import kernels

    q, k, _ = qkv(1, 2, 1, q_len, 300, seed=5)
    v = torch.randn_like(k)
    config = SparseConfig(block_size=16, tau=0.3, dense_last_blocks=2, dense_below=0)
    _, _, _, _, last = block_layout(q_len, 300, 16)
    whole = select_blocks(estimate_block_scores(q, k, config), config, q_len, 300)
    causal = (last + 1).int()
    assert whole.counts[0, :, -2:].eq(causal[-2:]).all()
    assert whole.counts[0, :, :-2].lt(causal[:-2]).any()  # tau 0.3 leaves blocks out before the tail
    out_whole, _ = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    # a few query blocks per chunk: the tail must still be the last two blocks of the whole problem only
    monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", 2 * 19 * 24 * 3)
    out_chunked, chunked = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    assert torch.equal(chunked.counts, whole.counts)
    torch.testing.assert_close(out_chunked, out_whole)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("stride", [4, 16])
def test_estimates_are_causal_and_the_same_in_chunks(monkeypatch, estimator, stride):
    """A query block's scores never depend on keys after its last query, also when the keys end inside its
    diagonal block (Skv - Sq not a multiple of the block size or of the antidiagonal stride, as in chunked
    prefill); so the chunked CPU path selects what the whole-problem selection (the CUDA path) does."""
    import kernels

    bs, q_len, kv_len = 16, 64, 134  # offset 70: query block 0 = positions 70..85, its diagonal block keys 80..95
    q, k, v = qkv(1, 4, 2, q_len, kv_len, D=16, seed=9)
    config = SparseConfig(block_size=bs, tau=0.6, estimator=estimator, stride=stride, dense_below=0)
    scores = estimate_block_scores(q, k, config)
    later = k.clone()
    later[:, :, 86:] = q[:, :2, :16].mean(2, keepdim=True) * 30  # keys no row of block 0 may see, made loud
    moved = estimate_block_scores(q, later, config)
    torch.testing.assert_close(moved[:, :, 0], scores[:, :, 0], atol=1e-6, rtol=1e-5)
    assert not torch.allclose(moved[:, :, 1:], scores[:, :, 1:])  # the later blocks do see them
    whole = select_blocks(scores, config, q_len, kv_len)
    monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", 1)  # one query block per chunk
    _, chunked = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    assert torch.equal(chunked.counts, whole.counts) and torch.equal(chunked.indices, whole.indices)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("stride", [1, 8])
def test_estimates_do_not_depend_on_the_layout(estimator, stride):
    """q and k as transformers passes them ((B, S, H, D) transposed) give the scores of contiguous ones."""
    q, k, _ = qkv(1, 4, 2, 100, 130, D=16, seed=2)
    config = SparseConfig(block_size=16, estimator=estimator, stride=stride)
    q_t, k_t = (x.transpose(1, 2).contiguous().transpose(1, 2) for x in (q, k))
    torch.testing.assert_close(estimate_block_scores(q_t, k_t, config), estimate_block_scores(q, k, config))


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_estimators_find_a_planted_block(estimator):
    # keys of block 3 point where every query points: real attention mass concentrates there
    torch.manual_seed(3)
    D, bs, n = 32, 16, 256
    direction = torch.randn(D)
    q = 0.3 * torch.randn(1, 2, n, D) + direction
    k = 0.3 * torch.randn(1, 1, n, D)
    k[0, 0, 3 * bs : 4 * bs] += 2.0 * direction
    config = SparseConfig(block_size=bs, estimator=estimator, tau=0.5, window_blocks=0, sink_blocks=0,
                          n_samples=4, stride=4)
    scores = estimate_block_scores(q, k, config)
    # for every query block far past block 3, block 3 is the top non-diagonal estimate and it is selected
    index = select_blocks(scores, config, n, n)
    for i in range(6, n // bs):
        assert int(scores[0, 0, i, :i].argmax()) == 3
        assert 3 in index.indices[0, 0, i].tolist()


def test_share_kv_group_takes_the_max_over_the_group():
    q, k, _ = qkv(1, 4, 2, 128, 128, seed=4)
    per_head = estimate_block_scores(q, k, SparseConfig(block_size=16, share_kv_group=False))
    shared = estimate_block_scores(q, k, SparseConfig(block_size=16, share_kv_group=True))
    expect = per_head.view(1, 2, 2, 8, 8).amax(2)
    expect = expect / expect.sum(-1, keepdim=True)
    torch.testing.assert_close(shared, expect)


def test_sampled_rows_are_strided_from_the_last_row():
    rows = sampled_rows(q_len=100, block_size=32, n_samples=4)
    assert rows[0].tolist() == [31, 23, 15, 7]
    assert rows[3].tolist() == [99, 96, 96, 96]  # partial last block: clipped to its first row


def test_sampled_estimate_is_exact_for_one_row_blocks():
    # with block_size rows all sampled, the score of a block is the max over rows of its true mass
    q, k, _ = qkv(1, 1, 1, 64, 64, seed=5)
    config = SparseConfig(block_size=16, n_samples=16)
    scores = estimate_block_scores(q, k, config)
    logits = (q[0, 0] @ k[0, 0].T) / math.sqrt(32)
    logits = logits.masked_fill(torch.ones(64, 64, dtype=torch.bool).triu(1), float("-inf"))
    mass = torch.softmax(logits, -1).view(4, 16, 4, 16).sum(-1).amax(1)  # (nq, nk)
    torch.testing.assert_close(scores[0, 0], mass / mass.sum(-1, keepdim=True), atol=1e-6, rtol=1e-5)


def test_bad_configs_are_refused():
    for kwargs in [dict(block_size=48), dict(tau=0.0), dict(tau=1.5), dict(estimator="magic"),
                   dict(min_blocks=3, max_blocks=2), dict(n_samples=0), dict(stride=3),
                   # types: a float or None where a count belongs fails here, not inside a later call
                   dict(n_samples=2.5), dict(dense_below=None), dict(block_size=32.0), dict(min_blocks=1.5),
                   dict(max_blocks=2.5), dict(sink_blocks=True), dict(tau="0.9"), dict(share_kv_group=1)]:
        with pytest.raises(ValueError):
            SparseConfig(**kwargs)
    assert SparseConfig(tau=1, max_blocks=None).tau == 1  # an int tau is a number
    with pytest.raises(ValueError):
        block_layout(10, 5, 16)
    # review28 F4: a negative dense_below was accepted; numpy's numbers were refused as "not an integer"
    with pytest.raises(ValueError, match="dense_below"):
        SparseConfig(dense_below=-1)
    import numpy as np

    config = SparseConfig(block_size=np.int64(128), tau=np.float32(0.5), max_blocks=np.int32(4))
    assert (config.block_size, config.max_blocks) == (128, 4) and type(config.block_size) is int
    assert abs(config.tau - 0.5) < 1e-9 and type(config.tau) is float


def test_the_exported_helpers_refuse_bad_inputs_clearly():
    """review28 F2: estimate_block_scores broadcast k's batch of 1 over q's 2, and select_blocks and the helpers
    failed inside torch; they check their inputs as sparse_attention does now."""
    q, k, _ = qkv(2, 2, 2, 100, 100, seed=1)
    for bad_q, bad_k, match in ((q, k[:1], "batch"), (q, k[..., :8], "head dim"), (q[0], k, r"\(B, H, S, D\)"),
                                (q, k[:, :, :50], "suffix"), (q, k.half(), "dtype")):
        with pytest.raises(ValueError, match=match):
            estimate_block_scores(bad_q, bad_k, SparseConfig(block_size=16))
    with pytest.raises(ValueError, match="scale"):
        estimate_block_scores(q, k, SparseConfig(block_size=16), scale=float("nan"))
    with pytest.raises(ValueError, match=r"\(B, H, nq, nk\)"):
        select_blocks(torch.rand(2, 2, 2), SparseConfig(block_size=16), 32, 32)
    with pytest.raises(ValueError, match="suffix"):
        select_blocks(torch.rand(1, 1, 4, 2), SparseConfig(block_size=16), 64, 32)


@pytest.mark.parametrize("lent", ["lse and tile", "tile only", "too small"])
def test_sampled_estimate_in_lent_scratch_is_unchanged(lent, monkeypatch):
    """The sampled estimator may keep its log-sum-exps and logit tiles in scratch memory the caller lends
    (kernels.sparse_attention lends output rows not computed yet): old content is irrelevant, the scores are
    those computed without it."""
    import kernels.select

    B, Hq, Hkv, q_len, kv_len, bs, ns = 2, 4, 2, 150, 333, 16, 4
    q, k, _ = qkv(B, Hq, Hkv, q_len, kv_len, seed=7)
    config = SparseConfig(block_size=bs, n_samples=ns)
    monkeypatch.setattr(kernels.select, "CHUNK_ELEMENTS", 256)
    monkeypatch.setattr(kernels.select, "SAMPLED_TILE_ROWS", B * Hq * ns * 2)  # two query blocks per tile
    want = estimate_block_scores(q, k, config)
    n_lse = B * Hq * ns * 2 * math.ceil(kv_len / bs)
    size = {"lse and tile": n_lse + 4096, "tile only": 4096, "too small": 100}[lent]
    scratch = torch.full((size,), float("nan"))
    got = estimate_block_scores(q, k, config, scratch=scratch)
    torch.testing.assert_close(got, want, atol=1e-6, rtol=1e-5)
    if lent != "too small":
        assert not scratch.isnan().all()  # the tiles went there
    if lent == "lse and tile":
        assert not scratch[:n_lse].isnan().any()
