"""The CPU block-sparse path (kernels/torch_sparse.py) and sparse_attention() against the plain references."""


import pytest
import torch

from kernels import BlockIndex, SparseConfig, sparse_attention
from kernels.reference import dense_causal_reference, dense_masked_reference
from kernels.select import block_layout, estimate_block_scores, select_blocks
from kernels.torch_sparse import _blocks_view as _real_blocks_view
from kernels.torch_sparse import _grouped_rows as _real_grouped_rows
from kernels.torch_sparse import block_sparse_attention_torch, dense_attention

SHAPES = [
    # B, Hq, Hkv, q_len, kv_len, D, block
    (1, 4, 4, 128, 128, 32, 32),  # MHA, aligned
    (2, 6, 2, 100, 100, 16, 16),  # GQA, odd length, batch 2
    (1, 9, 3, 150, 333, 64, 64),  # SmolLM2 heads, queries a suffix of the keys, offset not block-aligned
    (1, 2, 1, 7, 200, 8, 32),  # a few queries only (chunked prefill), MQA
]


def qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float64, seed=0):
    g = torch.Generator().manual_seed(seed)
    make = lambda h, s: torch.randn(B, h, s, D, generator=g, dtype=torch.float64).to(dtype)  # noqa: E731
    return make(Hq, q_len), make(Hkv, kv_len), make(Hkv, kv_len)


def random_index(B, H, q_len, kv_len, bs, seed=0):
    """A random but valid index: for each query block some random causal blocks (not always the diagonal)."""
    g = torch.Generator().manual_seed(seed)
    _, nq, nk, first, last = block_layout(q_len, kv_len, bs)
    lists = []
    for _ in range(B * H):
        for i in range(nq):
            causal = torch.arange(int(last[i]) + 1)
            keep = causal[torch.rand(len(causal), generator=g) < 0.5]
            keep = torch.unique(torch.cat([keep, torch.tensor([0])]))  # block 0 holds a key every row sees
            lists.append(keep.tolist())
    max_kept = max(len(x) for x in lists)
    indices = torch.full((len(lists), max_kept), -1, dtype=torch.int32)
    for r, x in enumerate(lists):
        indices[r, : len(x)] = torch.tensor(x, dtype=torch.int32)
    counts = torch.tensor([len(x) for x in lists], dtype=torch.int32)
    return BlockIndex(counts.view(B, H, nq), indices.view(B, H, nq, max_kept))


@pytest.mark.parametrize("shape", SHAPES)
def test_all_blocks_selected_equals_dense_causal(shape):
    B, Hq, Hkv, q_len, kv_len, D, bs = shape
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D)
    config = SparseConfig(block_size=bs, tau=1.0, dense_below=0)
    out, stats = sparse_attention(q, k, v, config, return_stats=True)
    assert stats["path"] == "torch" and stats["density"] == 1.0
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("per_query_head", [False, True])
def test_given_block_list_equals_masked_reference(shape, per_query_head):
    B, Hq, Hkv, q_len, kv_len, D, bs = shape
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, seed=1)
    index = random_index(B, Hq if per_query_head else Hkv, q_len, kv_len, bs, seed=2)
    out = block_sparse_attention_torch(q, k, v, index, bs, scale=0.3)
    ref = dense_masked_reference(q, k, v, index, bs, scale=0.3)
    torch.testing.assert_close(out, ref, atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("estimator", ["sampled", "pooled", "antidiagonal"])
def test_sparse_attention_float32_equals_reference_on_its_selection(shape, estimator):
    B, Hq, Hkv, q_len, kv_len, D, bs = shape
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32, seed=3)
    config = SparseConfig(block_size=bs, tau=0.6, dense_below=0, estimator=estimator, n_samples=8)
    out, stats = sparse_attention(q, k, v, config, return_stats=True)
    index = select_blocks(estimate_block_scores(q, k, config), config, q_len, kv_len)
    ref = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    assert out.dtype == torch.float32
    torch.testing.assert_close(out.double(), ref, atol=2e-5, rtol=1e-4)
    assert 0 < stats["density"] <= 1 and stats["recall"] is None


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_half_precision_inputs_keep_their_dtype(dtype):
    q, k, v = qkv(1, 4, 2, 96, 96, 32, dtype=dtype, seed=4)
    config = SparseConfig(block_size=16, tau=1.0, dense_below=0)
    out = sparse_attention(q, k, v, config)
    assert out.dtype == dtype
    ref = dense_causal_reference(q.double(), k.double(), v.double())
    torch.testing.assert_close(out.double(), ref, atol=2e-2, rtol=2e-2)


@pytest.mark.parametrize("q_len, kv_len", [(64, 64), (1, 50), (20, 50), (50, 50)])
def test_dense_path_below_threshold(q_len, kv_len):
    q, k, v = qkv(2, 4, 2, q_len, kv_len, 16, dtype=torch.float32, seed=5)
    out, stats = sparse_attention(q, k, v, SparseConfig(dense_below=4096), return_stats=True)
    assert stats["path"] == "dense" and stats["density"] == 1.0
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(dense_attention(q, k, v, rows_per_chunk=7), out, atol=1e-5, rtol=1e-4)


def test_stats_density_and_recall():
    q, k, v = qkv(1, 4, 2, 256, 256, 16, dtype=torch.float32, seed=6)
    config = SparseConfig(block_size=16, tau=0.5, dense_below=0, share_kv_group=True)
    out, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
    index = select_blocks(estimate_block_scores(q, k, config), config, 256, 256)
    causal_blocks = sum(i + 1 for i in range(16)) * 2  # per KV head (shared selection)
    assert stats["causal_blocks"] == causal_blocks
    assert stats["density"] == pytest.approx(int(index.counts.sum()) / causal_blocks)
    assert 0.0 < stats["density"] < 1.0 and 0.0 < stats["recall"] < 1.0
    # recall 1 exactly when everything causal is kept
    _, full = sparse_attention(q, k, v, SparseConfig(block_size=16, tau=1.0, dense_below=0),
                               return_stats=True, debug=True)
    assert full["density"] == 1.0 and full["recall"] == pytest.approx(1.0, abs=1e-5)
    # recall is the kept share of the true attention mass: check it against the masked probabilities
    logits = (q.double() @ k.double().repeat_interleave(2, 1).transpose(-1, -2)) / 4.0
    logits = logits.masked_fill(torch.ones(256, 256, dtype=torch.bool).triu(1), float("-inf"))
    probs = torch.softmax(logits, -1)
    from kernels.reference import element_mask_from_index

    kept = element_mask_from_index(index, 16, 4, 256, 256)
    assert stats["recall"] == pytest.approx(float((probs * kept).sum(-1).mean()), abs=1e-5)


def test_sparse_selection_on_structured_input_recovers_dense():
    # attention concentrated on a few far blocks: a tau=0.95 selection must be close to dense
    torch.manual_seed(7)
    n, D, bs = 512, 32, 32
    q = torch.randn(1, 2, n, D)
    k = torch.randn(1, 1, n, D) * 0.1
    k[0, 0, 64:96] = q[0, 0, -1] * 0.8  # block 2 matches every query of head 0 strongly
    v = torch.randn(1, 1, n, D)
    config = SparseConfig(block_size=bs, tau=0.95, dense_below=0)
    out, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
    ref = dense_causal_reference(q, k, v)
    err = (out - ref).norm() / ref.norm()
    assert stats["recall"] > 0.9 and err < 0.15


def test_inputs_that_need_gradients_are_refused_with_a_clear_error_on_the_sparse_path():
    q, k, v = (x.float().requires_grad_() for x in qkv(1, 4, 2, 96, 96, 16))
    config = SparseConfig(block_size=16, tau=0.5, dense_below=0)
    with pytest.raises(ValueError, match=r"forward-only.*torch.no_grad\(\)"):
        sparse_attention(q, k, v, config)
    with torch.no_grad():  # inference, as inside a model's generate()
        out = sparse_attention(q, k, v, config)
    assert out.shape == q.shape and not out.requires_grad
    # the dense path (below dense_below) is plain SDPA: gradients flow
    dense = sparse_attention(q, k, v, SparseConfig(block_size=16, dense_below=4096))
    dense.sum().backward()
    assert q.grad is not None and torch.isfinite(q.grad).all()


def test_bad_shapes_are_refused():
    q, k, v = qkv(1, 3, 2, 16, 16, 8, dtype=torch.float32)
    with pytest.raises(ValueError, match="multiple"):
        sparse_attention(q, k, v)
    q, k, v = qkv(1, 2, 2, 32, 16, 8, dtype=torch.float32)
    with pytest.raises(ValueError, match="suffix"):
        sparse_attention(q, k, v)
    with pytest.raises(ValueError, match="same shape"):
        sparse_attention(q[:, :, :8], k, v[:, :, :8])
    # dtypes: the sparse and the dense path refuse the same inputs, with the same message
    q, k, v = qkv(1, 2, 2, 32, 32, 8, dtype=torch.float32)
    for config in (SparseConfig(block_size=16, dense_below=0), SparseConfig(block_size=16)):
        with pytest.raises(ValueError, match="one floating-point dtype"):
            sparse_attention(q, k.half(), v.half(), config)
        with pytest.raises(ValueError, match="one floating-point dtype"):
            sparse_attention(q.long(), k.long(), v.long(), config)
    with pytest.raises(TypeError, match="SparseConfig"):
        sparse_attention(q, k, v, {"tau": 0.5})
    with pytest.raises(TypeError, match="torch tensors"):
        sparse_attention(q.tolist(), k, v)
    with pytest.raises(ValueError, match="KV heads"):  # zero KV heads: no division by zero
        sparse_attention(q, k[:, :0], v[:, :0])
    with pytest.raises(ValueError, match="one device"):  # review13 L4: was an internal RuntimeError
        sparse_attention(q, k.to("meta"), v)


def test_the_torch_helpers_refuse_a_bad_index_or_shape_clearly():
    """review28 F2: dense_attention returned zero rows for q_len > kv_len and broadcast a batch; the torch block-
    sparse attention failed deep in torch on a bad index ("not enough values to unpack", an index error)."""
    from kernels import BlockIndex, block_sparse_attention_torch, dense_attention

    q, k, v = qkv(1, 2, 2, 128, 128, 8, dtype=torch.float32)
    with pytest.raises(ValueError, match="suffix"):
        dense_attention(torch.cat([q, q], 2), k, v)
    with pytest.raises(ValueError, match="batch"):
        dense_attention(torch.cat([q, q]), k, v)

    def index(counts, ids):
        return BlockIndex(torch.tensor(counts, dtype=torch.int32), torch.tensor(ids, dtype=torch.int32))

    good = index([[[1, 2], [1, 2]]], [[[[0, -1], [0, 1]], [[0, -1], [0, 1]]]])
    assert block_sparse_attention_torch(q, k, v, good, 64).shape == q.shape
    for bad, match in ((index([[[1, 2], [1, 2]]], [[[[0, -1], [0, 5]], [[0, -1], [0, 1]]]]), "past the last"),
                       (index([[[1, 2], [1, 2]]], [[[[-3, -1], [0, 1]], [[0, -1], [0, 1]]]]), "negative"),
                       (index([[[3, 2], [1, 2]]], [[[[0, -1], [0, 1]], [[0, -1], [0, 1]]]]), "counts"),
                       (BlockIndex(torch.ones(1, 2, 3, dtype=torch.int32), torch.zeros(1, 2, 3, 1, dtype=torch.int32)),
                        "query blocks"),
                       (BlockIndex(torch.ones(1, 3, 2, dtype=torch.int32), torch.zeros(1, 3, 2, 1, dtype=torch.int32)),
                        "index heads"),
                       (BlockIndex(torch.ones(1, 2, 2, dtype=torch.int32), torch.zeros(1, 2, 2, dtype=torch.int32)),
                        "indices")):
        with pytest.raises(ValueError, match=match):
            block_sparse_attention_torch(q, k, v, bad, 64)
    with pytest.raises(ValueError, match="scale"):
        sparse_attention(q, k, v, SparseConfig(block_size=64, dense_below=0), scale="a")
    # ... but what worked before still does (review30 F7): a one-element tensor scale, numpy's block size
    import numpy as np

    config = SparseConfig(block_size=64, dense_below=0)
    torch.testing.assert_close(sparse_attention(q, k, v, config, scale=torch.tensor(0.2)),
                               sparse_attention(q, k, v, config, scale=0.2))
    assert block_sparse_attention_torch(q, k, v, good, np.int64(64)).shape == q.shape
    # a tensor of another shape, or on the meta device, is refused clearly, not deep in SDPA (review31 F4)
    for scale in (torch.tensor([0.2, 0.3]), torch.tensor(0.2, device="meta"), torch.tensor([])):
        with pytest.raises(ValueError, match="scale"):
            sparse_attention(q, k, v, config, scale=scale)
    torch.testing.assert_close(sparse_attention(q, k, v, config, scale=torch.tensor([0.2], requires_grad=True)),
                               sparse_attention(q, k, v, config, scale=0.2))


def test_a_first_chunk_of_one_large_block_is_attended_whole():
    """review13 M1: block_size 2048 recursed forever (the first chunk halves its query blocks down to 1024 rows;
    one block of 2048 rows split into zero and one block, the same problem again)."""
    q, k, v = qkv(1, 2, 1, 2048 + 100, 2048 + 100, 16, dtype=torch.float32)
    with torch.no_grad():
        out = sparse_attention(q, k, v, SparseConfig(block_size=2048, tau=1.0, dense_below=0))
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=2e-5, rtol=1e-4)


@pytest.mark.parametrize("case", ["dense_below", "decode", "empty"])
def test_calls_computed_dense_report_the_same_stats_keys(case):
    """Every call reports path, density, recall and the block counts, whichever path computed it."""
    q, k, v = qkv(2, 4, 2, 40, 48, 8, dtype=torch.float32)
    if case == "decode":
        q = q[:, :, -1:]
    elif case == "empty":
        q = q[:, :, :0]
    _, stats = sparse_attention(q, k, v, SparseConfig(block_size=16), return_stats=True, debug=True)
    layout = block_layout(q.shape[2], 48, 16)
    causal = int((layout[4] + 1).sum()) * 2 * 4  # batch x query heads (per-head selection)
    assert stats == {"path": "dense", "density": 1.0, "selected_blocks": causal, "causal_blocks": causal,
                     "recall": 1.0}


def test_non_contiguous_inputs_as_transformers_passes_them():
    # HF attention gets (B, S, H, D) projections transposed to (B, H, S, D): strided, not contiguous
    g = torch.Generator().manual_seed(8)
    q = torch.randn(1, 130, 4, 16, generator=g).transpose(1, 2)
    k = torch.randn(1, 130, 2, 16, generator=g).transpose(1, 2)
    v = torch.randn(1, 130, 2, 16, generator=g).transpose(1, 2)
    assert not q.is_contiguous()
    out = sparse_attention(q, k, v, SparseConfig(block_size=16, tau=1.0, dense_below=0))
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=1e-5, rtol=1e-4)


def test_k_and_v_with_different_layouts(monkeypatch):
    # K contiguous, V strided as transformers passes it: the gather computes row ids per layout
    import kernels.torch_sparse

    g = torch.Generator().manual_seed(9)
    q = torch.randn(1, 4, 130, 16, generator=g)
    k = torch.randn(1, 2, 130, 16, generator=g)
    v = torch.randn(1, 130, 2, 16, generator=g).transpose(1, 2)
    config = SparseConfig(block_size=16, tau=1.0, dense_below=0)
    for chunk in (kernels.torch_sparse.CHUNK_ELEMENTS, 16 * 16 * 2):  # one SDPA call per row, then key pieces
        monkeypatch.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", chunk)
        out = sparse_attention(q, k, v, config)
        torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "padded"])
@pytest.mark.parametrize("budget", [16 * 16, 1 << 14])
@pytest.mark.parametrize("shared", [False, True])
def test_whole_blocks_are_gathered_and_written_as_single_rows_when_aligned(layout, budget, shared, monkeypatch):
    """Keys adjacent in storage (complete blocks) are gathered one block per row, whatever the head stride;
    q and the output are read and written one block per row when each head's rows start at a multiple of the
    block size in storage; other layouts row by row. All equal the masked reference, also when rows are
    attended in key pieces (small budget), with lent scratch, and with the R query heads of a shared index
    read and written together."""
    import kernels.torch_sparse as ts

    grouped, viewed = [], []
    monkeypatch.setattr(ts, "_grouped_rows", lambda rows, bs: grouped.append(bs) or _real_grouped_rows(rows, bs))
    monkeypatch.setattr(ts, "_blocks_view", lambda x: viewed.append(_real_blocks_view(x)) or viewed[-1])
    monkeypatch.setattr(ts, "CHUNK_ELEMENTS", budget)
    B, Hq, Hkv, n, D, bs = 2, 4, 2, 128, 16, 16
    q, k, v = qkv(B, Hq, Hkv, n, n, D, dtype=torch.float32, seed=11)
    if layout == "transposed":  # (B, S, H, D) as transformers passes it: keys are not adjacent rows
        q, k, v = (x.transpose(1, 2).contiguous().transpose(1, 2) for x in (q, k, v))
    elif layout == "padded":  # each head's rows start 8 rows past a multiple of the block size
        q, k, v = (torch.nn.functional.pad(x, (0, 0, 8, 0))[:, :, 8:] for x in (q, k, v))
    index = random_index(B, Hkv if shared else Hq, n, n, bs, seed=3)
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    out = block_sparse_attention_torch(q, k, v, index, bs)
    torch.testing.assert_close(out.double(), want, atol=2e-5, rtol=2e-5)
    scratch = tuple(torch.empty(4 * bs * D) for _ in range(3))
    into = torch.full_like(q, float("nan"))
    block_sparse_attention_torch(q, k, v, index, bs, scratch=scratch, out=into)
    torch.testing.assert_close(into.double(), want, atol=2e-5, rtol=2e-5)
    aligned = layout == "contiguous"
    assert grouped == ([] if layout == "transposed" else [bs, bs] * 2)  # keys adjacent: whole-block rows
    # q's blocks (whole rows only when aligned), then the output's: a new tensor, then `into` (full_like keeps
    # the transposed layout; the padded one becomes contiguous)
    assert [x is not None for x in viewed] == [aligned, True, aligned, layout != "transposed"]


@pytest.mark.parametrize("with_out", [False, True])
def test_a_partial_last_query_block_is_attended_alone_without_padding_the_rest(with_out, monkeypatch):
    """A prompt that is not a multiple of the block size (nearly every real one) must not cost a padded copy
    of q and a padded output: only the partial last block is padded."""
    import kernels.torch_sparse as ts

    padded = []
    real_pad = ts._pad_rows
    monkeypatch.setattr(ts, "_pad_rows", lambda x, pad: padded.append((x.shape[2], pad)) or real_pad(x, pad))
    B, Hq, Hkv, q_len, kv_len, D, bs = 1, 4, 2, 150, 333, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32, seed=5)
    index = random_index(B, Hq, q_len, kv_len, bs, seed=5)
    out = torch.full_like(q, float("nan")) if with_out else None
    got = block_sparse_attention_torch(q, k, v, index, bs, out=out)
    assert out is None or got is out
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    torch.testing.assert_close(got.double(), want, atol=2e-5, rtol=2e-5)
    assert [n for n, pad in padded if pad] == [q_len % bs]  # one block's rows, not the whole q


@pytest.mark.parametrize("shape", SHAPES)
def test_tiny_working_set_gives_the_same_result(shape, monkeypatch):
    """With tiny memory budgets every bounded-memory path runs: query-block chunks in sparse_attention, key
    pieces merged by log-sum-exp in the torch kernel, key tiles in the sampled estimator. Same result."""
    import kernels
    import kernels.select
    import kernels.torch_sparse

    B, Hq, Hkv, q_len, kv_len, D, bs = shape
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D)
    for tau in (1.0, 0.9):
        config = SparseConfig(block_size=bs, tau=tau, dense_below=0)
        want, want_stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
        with monkeypatch.context() as m:
            m.setattr(kernels, "SELECT_CHUNK_BYTES", 1)  # one query block per chunk
            m.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", bs * D)  # one key block per SDPA call...
            m.setattr(kernels.torch_sparse, "SCRATCH_CHUNK_ELEMENTS", bs * D)  # ...with scratch too
            m.setattr(kernels.select, "CHUNK_ELEMENTS", 1)  # one query block per selection chunk
            m.setattr(kernels.select, "SAMPLED_TILE_ELEMENTS", 1)  # one key block per estimator tile
            m.setattr(kernels.select, "SAMPLED_TILE_ROWS", 1)
            got, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
        assert stats["density"] == want_stats["density"]
        assert stats["recall"] == pytest.approx(want_stats["recall"], abs=1e-12)
        torch.testing.assert_close(got, want, atol=1e-12, rtol=1e-10)
        if tau == 1.0:
            torch.testing.assert_close(got, dense_causal_reference(q, k, v), atol=1e-12, rtol=1e-10)


def test_pieces_on_a_given_block_list_equal_the_masked_reference(monkeypatch):
    import kernels.torch_sparse

    B, Hq, Hkv, q_len, kv_len, D, bs = 1, 9, 3, 150, 333, 64, 64
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32)
    index = random_index(B, Hkv, q_len, kv_len, bs)
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs).float()
    monkeypatch.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", bs * D)
    out = torch.empty_like(q)
    got = block_sparse_attention_torch(q, k, v, index, bs, out=out)
    assert got is out
    torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_lent_scratch_holds_the_gathers_and_the_mask(dtype, monkeypatch):
    """With scratch lent, gathers and the tail mask go there (its old content is irrelevant), budgets grow
    with it, and the result equals the masked reference, in one call per row and in pieces."""
    import kernels.torch_sparse

    B, Hq, Hkv, q_len, kv_len, D, bs = 2, 4, 2, 150, 333, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=dtype, seed=3)
    index = random_index(B, Hkv, q_len, kv_len, bs, seed=3)
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs).to(dtype)
    monkeypatch.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", bs * D)  # one key block per call without scratch
    monkeypatch.setattr(kernels.torch_sparse, "MIN_BATCH", 1)
    for size in (40 * bs * D, 3 * bs * D):  # every row in one call; rows in pieces of three blocks
        monkeypatch.setattr(kernels.torch_sparse, "SCRATCH_CHUNK_ELEMENTS", size)
        for n_lent in (3, 4):  # a fourth tensor takes the gathered query blocks
            scratch = tuple(torch.full((size,), float("nan"), dtype=dtype) for _ in range(n_lent))
            got = block_sparse_attention_torch(q, k, v, index, bs, scratch=scratch)
            tol = 1e-12 if dtype == torch.float64 else 2e-6
            torch.testing.assert_close(got, want, atol=tol, rtol=tol)
            assert not scratch[0].isnan().all() and not scratch[1].isnan().all()  # the gathers went there
            assert (scratch[2][: bs * bs] == 0).any()  # and the mask
            if n_lent == 4:  # and q's blocks: the last call's first block starts with some row of q
                assert (q == scratch[3][:D]).all(-1).any()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("one_block_chunks", [True, False])
def test_chunked_path_lends_unwritten_output_rows_as_scratch(dtype, one_block_chunks, monkeypatch):
    """sparse_attention computes its last chunk of query blocks first and lends the attention the output rows
    not written yet; the first chunk, which has none before it, is attended later half first. The result is
    unchanged, in every dtype."""
    import kernels
    import kernels.torch_sparse

    B, Hq, Hkv, q_len, kv_len, D, bs = 1, 6, 2, 300, 400, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=dtype, seed=4)
    config = SparseConfig(block_size=bs, tau=0.8, dense_below=0)
    if one_block_chunks:
        monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", 1)
    monkeypatch.setattr(kernels, "FIRST_ROWS_WITHOUT_SCRATCH", bs)  # halve the first chunk down to one block
    lent = []
    real = kernels.block_sparse_attention_torch

    def spy(*args, scratch=None, **kwargs):
        lent.append(None if scratch is None else min(x.numel() for x in scratch))
        return real(*args, scratch=scratch, **kwargs)

    monkeypatch.setattr(kernels, "block_sparse_attention_torch", spy)
    got, index = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    # each call gets the rows before it (half as many float32 views of 16-bit rows)
    per_row = D if dtype == torch.float32 else D // 2
    n_q_blocks = -(-q_len // bs)  # 19
    if one_block_chunks:  # last block first
        rows_before = [(n_q_blocks - 1 - i) * bs for i in range(n_q_blocks)]
    else:  # one chunk: blocks 9-18, then 4-8, 2-3, 1, 0
        rows_before = [9 * bs, 4 * bs, 2 * bs, bs, 0]
    assert lent == [r * per_row or None for r in rows_before]
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    tol = {torch.float32: 2e-6, torch.float16: 2e-3, torch.bfloat16: 2e-2}[dtype]
    torch.testing.assert_close(got.double(), want, atol=tol, rtol=tol)


def test_cuda_dispatch_uses_the_triton_score_kernel_for_sampled(monkeypatch):
    """On CUDA, sparse_attention estimates with K2's Triton kernel (kernels.select_triton), whose result equals
    the torch estimator (tests/test_triton_select.py). No GPU here: pretend q is on CUDA."""
    import kernels
    import kernels.select_triton

    calls = []

    def fake_triton(q, k, config, scale=None):
        calls.append(config.estimator)
        return estimate_block_scores(q, k, config, scale=scale)

    monkeypatch.setattr(kernels.select_triton, "estimate_block_scores_triton", fake_triton)
    q, k, v = qkv(1, 4, 2, 128, 128, 16, dtype=torch.float32)
    monkeypatch.setattr(torch.Tensor, "is_cuda", property(lambda self: True))
    assert kernels._estimator(q) is fake_triton
    monkeypatch.setattr(kernels, "_block_sparse_backend", lambda q: (block_sparse_attention_torch, "triton"))
    config = SparseConfig(block_size=32, tau=0.9, dense_below=0)
    out, stats = sparse_attention(q, k, v, config, return_stats=True)
    assert calls == ["sampled"] and stats["path"] == "triton"
    monkeypatch.setattr(torch.Tensor, "is_cuda", property(lambda self: False))
    assert kernels._estimator(q) is estimate_block_scores
    torch.testing.assert_close(out, sparse_attention(q, k, v, config), atol=1e-6, rtol=1e-6)


def test_pieces_off_cpu_use_plain_matmuls(monkeypatch):
    """The fused flash kernel that returns the log-sum-exp exists on CPU only; on CUDA without Triton (or MPS) the
    key pieces are attended with plain matmuls. Forced here on CPU: same result as the masked reference."""
    import kernels.torch_sparse

    calls = []
    plain = kernels.torch_sparse._attend_with_lse

    def off_cpu(*args):
        calls.append(1)
        return plain(*args, fused=False)

    B, Hq, Hkv, q_len, kv_len, D, bs = 2, 4, 2, 100, 170, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32)
    index = random_index(B, Hkv, q_len, kv_len, bs)
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs).float()
    monkeypatch.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", bs * D)  # two key blocks per piece
    monkeypatch.setattr(kernels.torch_sparse, "_attend_with_lse", off_cpu)
    got = block_sparse_attention_torch(q, k, v, index, bs)
    assert calls  # the pieces ran
    torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)


def test_plain_piece_attention_equals_the_fused_one():
    from kernels.torch_sparse import _attend_with_lse

    g = torch.Generator().manual_seed(12)
    q, k, v = (torch.randn(3, 2, 8, 16, generator=g), torch.randn(3, 2, 40, 16, generator=g),
               torch.randn(3, 2, 40, 16, generator=g))
    mask = torch.zeros(8, 40)
    mask[:, 30:] = float("-inf")
    mask[2, :] = float("-inf")  # a row with no visible key: output 0 in both
    fused_o, fused_lse = _attend_with_lse(q, k, v, mask, 0.3, fused=True)
    plain_o, plain_lse = _attend_with_lse(q, k, v, mask, 0.3, fused=False)
    torch.testing.assert_close(plain_o, fused_o, atol=1e-5, rtol=1e-5)
    visible = torch.arange(8) != 2
    torch.testing.assert_close(plain_lse[..., visible, :], fused_lse[..., visible, :], atol=1e-5, rtol=1e-5)
    assert torch.equal(plain_o[..., 2, :], torch.zeros_like(plain_o[..., 2, :]))


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize("B, Hq, Hkv, q_len, kv_len, D", [(2, 4, 2, 37, 100, 16), (1, 9, 3, 64, 64, 64),
                                                         (1, 6, 6, 130, 131, 32)])
@pytest.mark.parametrize("rows_per_call", [256, 16])
def test_dense_suffix_attention_equals_the_causal_reference(dtype, B, Hq, Hkv, q_len, kv_len, D, rows_per_call,
                                                            monkeypatch):
    """Also when the rows are attended in pieces (each again the last queries of a prefix of the keys)."""
    import kernels.torch_sparse
    from kernels.torch_sparse import dense_suffix_attention

    monkeypatch.setattr(kernels.torch_sparse, "SUFFIX_ROWS_PER_CALL", rows_per_call)
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=dtype)
    got = dense_suffix_attention(q, k, v)
    assert got.dtype == dtype
    tol = {torch.float64: 1e-12, torch.float32: 2e-6, torch.float16: 2e-3, torch.bfloat16: 2e-2}[dtype]
    torch.testing.assert_close(got.double(), dense_causal_reference(q.double(), k.double(), v.double()),
                               atol=tol, rtol=tol)
    into = torch.full_like(q, float("nan"))[:, :, :, :]
    assert dense_suffix_attention(q, k, v, out=into) is into
    torch.testing.assert_close(into, got, atol=0, rtol=0)


@pytest.mark.parametrize("B, Hq, Hkv, share", [(1, 4, 2, False), (2, 6, 2, False), (2, 6, 3, True)])
def test_heads_that_keep_most_blocks_are_computed_dense_and_reported_so(monkeypatch, B, Hq, Hkv, share):
    """On CPU, in a chunk of query blocks of a long input, each index head whose selection keeps more than
    DENSE_SWITCH_DENSITY of its causal blocks is computed dense. Whatever switched, the output equals the
    masked reference on the index the chunked path reports, and that index says which (chunk, head) was dense."""
    import kernels

    q_len, kv_len, D, bs = 200, 520, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32, seed=5)
    config = SparseConfig(block_size=bs, tau=0.6, dense_below=0, share_kv_group=share)
    monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", 1)  # one query block per chunk
    monkeypatch.setattr(kernels, "DENSE_SWITCH_MIN_KEYS", 0)
    monkeypatch.setattr(kernels, "DENSE_SWITCH_DENSITY", 1.0)  # never: the plain selection first
    _, selected = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    _, _, _, _, last = block_layout(q_len, kv_len, bs)
    share_kept = selected.counts.float().sum(0) / ((last + 1) * B)  # (H_idx, nq) kept share per (head, chunk)
    threshold = float(share_kept.median())  # about half of the (head, chunk) pairs switch
    monkeypatch.setattr(kernels, "DENSE_SWITCH_DENSITY", threshold)
    out, index = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    dense_pairs = (index.counts == (last + 1).to(torch.int32)).all(0)  # (H_idx, nq) every batch row kept all
    assert torch.equal(dense_pairs, share_kept > threshold)
    mixed_chunks = dense_pairs.any(0) & ~dense_pairs.all(0)  # chunks with dense and sparse heads
    assert int(mixed_chunks.sum()) > 0 and 0 < int(dense_pairs.sum()) < dense_pairs.numel()
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs).float()
    torch.testing.assert_close(out, want, atol=1e-5, rtol=1e-5)
    _, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
    kernels_density = int(index.counts.long().sum()) / (int((last + 1).sum()) * B * index.counts.shape[1])
    assert stats["density"] == pytest.approx(kernels_density)


def test_dense_head_runs_read_each_kv_head_once_per_run():
    import kernels

    runs = list(kernels._dense_head_runs(torch.tensor([True, True, False, True, True, True]), 6, 2))
    assert runs == [(slice(0, 2), 0), (slice(3, 6), 1)]
    shared = list(kernels._dense_head_runs(torch.tensor([False, True]), 6, 2))  # index heads = KV heads
    assert shared == [(slice(3, 6), 1)]
    split = list(kernels._dense_head_runs(torch.tensor([True] * 4), 4, 2))  # a run stops at a KV head
    assert split == [(slice(0, 2), 0), (slice(2, 4), 1)]


def test_the_dense_switch_needs_a_long_input(monkeypatch):
    import kernels

    q, k, v = qkv(1, 4, 2, 96, 96, 16, dtype=torch.float32, seed=6)
    config = SparseConfig(block_size=16, tau=0.6, dense_below=0)
    monkeypatch.setattr(kernels, "DENSE_SWITCH_DENSITY", 0.0)  # any chunk would switch...
    monkeypatch.setattr(kernels, "DENSE_SWITCH_MIN_KEYS", 97)  # ...but the input is shorter
    _, stats = sparse_attention(q, k, v, config, return_stats=True)
    assert stats["density"] < 1.0
    monkeypatch.setattr(kernels, "DENSE_SWITCH_MIN_KEYS", 96)
    out, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
    assert stats["density"] == 1.0 and stats["recall"] == pytest.approx(1.0)
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=2e-6, rtol=2e-6)


@pytest.mark.parametrize("case", range(24))
def test_randomised_shapes_dtypes_and_budgets_match_the_reference(case, monkeypatch):
    """Seeded random mixes of batch, GQA, head dim, block size, lengths (q_len <= kv_len), dtype, shared or
    per-head selection, tau, chunking, scratch and heap budgets, and the dense-head switch: the chunked
    torch path always equals the masked reference on the index it reports."""
    import random

    import kernels
    import kernels.select
    import kernels.torch_sparse

    rnd = random.Random(case)
    B, Hkv, G = rnd.choice([1, 2]), rnd.choice([1, 2, 3]), rnd.choice([1, 2, 3])
    D, bs = rnd.choice([8, 16, 24, 64]), rnd.choice([16, 32])
    kv_len = rnd.randint(bs, 9 * bs + 7)
    q_len = rnd.randint(1, kv_len)
    dtype = rnd.choice([torch.float64, torch.float32, torch.float16, torch.bfloat16])
    config = SparseConfig(block_size=bs, tau=rnd.choice([0.5, 0.8, 0.95, 1.0]), dense_below=0,
                          share_kv_group=rnd.random() < 0.3)
    monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", rnd.choice([1, 1 << 10, 1 << 20]))
    monkeypatch.setattr(kernels, "FIRST_ROWS_WITHOUT_SCRATCH", rnd.choice([bs, 4 * bs, 1024]))
    monkeypatch.setattr(kernels, "DENSE_SWITCH_MIN_KEYS", rnd.choice([0, 1 << 30]))
    monkeypatch.setattr(kernels, "DENSE_SWITCH_DENSITY", rnd.choice([0.0, 0.3, 0.6]))
    monkeypatch.setattr(kernels.torch_sparse, "CHUNK_ELEMENTS", rnd.choice([bs * D, 1 << 14]))
    monkeypatch.setattr(kernels.torch_sparse, "SCRATCH_CHUNK_ELEMENTS", rnd.choice([bs * D, 3 * bs * D, 1 << 18]))
    monkeypatch.setattr(kernels.select, "CHUNK_ELEMENTS", rnd.choice([64, 1 << 14]))
    monkeypatch.setattr(kernels.select, "SAMPLED_TILE_ELEMENTS", rnd.choice([bs, 1 << 18]))
    q, k, v = qkv(B, Hkv * G, Hkv, q_len, kv_len, D, dtype=torch.float64, seed=case)
    q, k, v = q.to(dtype), k.to(dtype), v.to(dtype)
    if rnd.random() < 0.3:  # (B, S, H, D) transposed, as transformers passes it
        q = q.transpose(1, 2).contiguous().transpose(1, 2)
    out, index = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    assert out.dtype == dtype and out.shape == q.shape
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    tol = {torch.float64: 1e-10, torch.float32: 4e-5, torch.float16: 1e-2, torch.bfloat16: 1e-1}[dtype]
    torch.testing.assert_close(out.double(), want, atol=tol, rtol=tol)


@pytest.mark.parametrize("n", [64, 40])
def test_hand_made_blocks_above_the_diagonal_are_masked_whole(n):
    """A hand-made index may keep a block above a query block's diagonal: every key there is in the rows'
    future, so it adds nothing, and the diagonal block stays causal (as the reference and the Triton kernel
    compute it), also when a partial last query block is attended on its own."""
    bs, D = 16, 16
    q, k, v = qkv(1, 1, 1, n, n, D, seed=8)
    if n == 64:  # query block 1 keeps [0, 1, 3]; block 3 lies after all its rows
        counts = torch.tensor([[[1, 3, 3, 4]]], dtype=torch.int32)
        indices = torch.tensor([[[[0, -1, -1, -1], [0, 1, 3, -1], [0, 1, 2, -1], [0, 1, 2, 3]]]], dtype=torch.int32)
    else:  # query block 0 keeps [0, 2] and block 2 is the partial last one
        counts = torch.tensor([[[2, 2, 3]]], dtype=torch.int32)
        indices = torch.tensor([[[[0, 2, -1], [0, 1, -1], [0, 1, 2]]]], dtype=torch.int32)
    index = BlockIndex(counts, indices)
    want = dense_masked_reference(q, k, v, index, bs)
    torch.testing.assert_close(block_sparse_attention_torch(q, k, v, index, bs), want, atol=1e-12, rtol=1e-12)
    assert torch.equal(index.counts, counts)  # the caller's index is left as given


def test_a_negative_block_id_among_the_kept_is_refused():
    q, k, v = qkv(1, 1, 1, 32, 32, 16)
    index = BlockIndex(torch.tensor([[[1, 2]]], dtype=torch.int32),
                       torch.tensor([[[[-1, -1], [-1, 1]]]], dtype=torch.int32))
    with pytest.raises(ValueError, match="negative key-block id"):
        block_sparse_attention_torch(q, k, v, index, 16)


def test_float64_on_cuda_goes_through_the_torch_path():
    """The Triton kernels take fp16/bf16/fp32: a float64 CUDA input is routed to the torch implementation
    (which computes in float64) instead of failing inside them. Checked on the routing alone (no GPU here)."""
    import types

    import kernels

    def backend(dtype):
        return kernels._block_sparse_backend(types.SimpleNamespace(is_cuda=True, dtype=dtype))[1]

    assert backend(torch.float64) == "torch"
    assert backend(torch.float32) in ("triton", "torch")  # triton when it imports, as on a CUDA machine
    assert kernels._block_sparse_backend(types.SimpleNamespace(is_cuda=False, dtype=torch.float32))[1] == "torch"


def test_chunked_path_returns_free_heap_after_each_chunk(monkeypatch):
    """On CPU the freed heap pages go back to the system after every chunk (kernels/heap.py), so the resident
    set holds one chunk's working set rather than the union of all; the result does not depend on it."""
    import kernels

    B, Hq, Hkv, q_len, kv_len, D, bs = 1, 4, 2, 200, 260, 16, 16
    q, k, v = qkv(B, Hq, Hkv, q_len, kv_len, D, dtype=torch.float32, seed=5)
    config = SparseConfig(block_size=bs, tau=0.8, dense_below=0)
    monkeypatch.setattr(kernels, "SELECT_CHUNK_BYTES", 1)  # one query block per chunk
    released = []
    monkeypatch.setattr(kernels, "release_free_heap", lambda: released.append(True))
    got, index = kernels._sparse_attention_chunked(q, k, v, config, None, keep_index=True)
    assert len(released) == -(-q_len // bs)  # 13 chunks
    want = dense_masked_reference(q.double(), k.double(), v.double(), index, bs)
    torch.testing.assert_close(got.double(), want, atol=2e-6, rtol=2e-6)


def test_release_free_heap_is_a_no_op_without_glibc(monkeypatch):
    """Elsewhere than glibc (musl, macOS) there is no malloc_trim: releasing the heap then does nothing."""
    import ctypes

    import kernels.heap

    def no_glibc(name):
        raise OSError(f"{name}: cannot open shared object file")

    kernels.heap._malloc_trim.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", no_glibc)
    try:
        assert kernels.heap._malloc_trim() is None
        kernels.heap.release_free_heap()  # no error
    finally:
        kernels.heap._malloc_trim.cache_clear()


def test_the_torch_path_takes_fewer_threads_while_other_processes_hold_the_cores(monkeypatch):
    """review28 F1: with a busy process beside it on 2 cores, the torch path's thousands of small parallel ops
    each waited for a descheduled thread (2.5-2.9 s with 2 threads, 0.7-0.8 s with 1). It takes the threads
    that other running tasks leave free, and gives torch its count back after."""
    import kernels

    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    for running, cores, free in ((2, 2, 2), (3, 2, 1), (6, 2, 1), (4, 8, 2), (None, 0, 2)):
        monkeypatch.setattr(kernels, "_running_tasks_and_cores", lambda: (running, cores))
        assert kernels.threads_free_of_contention() == free, (running, cores)
    monkeypatch.undo()

    seen = []
    real = kernels._sparse_attention_chunked
    monkeypatch.setattr(kernels, "_sparse_attention_chunked",
                        lambda *a, **kw: seen.append(torch.get_num_threads()) or real(*a, **kw))
    monkeypatch.setattr(kernels, "threads_free_of_contention", lambda: 1)
    before = torch.get_num_threads()
    q, k, v = qkv(1, 2, 1, 256, 256, 16, dtype=torch.float32)
    with torch.no_grad():
        out = sparse_attention(q, k, v, SparseConfig(block_size=64, tau=1.0, dense_below=0))
    assert seen == [1] and torch.get_num_threads() == before
    torch.testing.assert_close(out, dense_causal_reference(q, k, v), atol=2e-5, rtol=1e-4)
