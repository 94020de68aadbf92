"""The error guarantee: a query whose true attention mass outside the kept blocks is eps gets an output at most
2 * eps * max||v|| away from dense attention (docs/sparse-attention.md has the proof)."""

import math

import pytest
import torch

from kernels import SparseConfig, sparse_attention
from kernels.reference import attention_recall, causal_mask, dense_causal_reference
from kernels.select import estimate_block_scores, select_blocks


def peaked_qkv(B, Hq, Hkv, q_len, kv_len, D, temperature, seed):
    # larger temperature -> more peaked attention -> a wider spread of eps over the queries
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(B, Hq, q_len, D, generator=g, dtype=torch.float64) * temperature
    k = torch.randn(B, Hkv, kv_len, D, generator=g, dtype=torch.float64)
    v = torch.randn(B, Hkv, kv_len, D, generator=g, dtype=torch.float64) * torch.rand(
        B, Hkv, kv_len, 1, generator=g, dtype=torch.float64) * 3
    return q, k, v


@pytest.mark.parametrize("tau", [0.3, 0.7, 0.9])
@pytest.mark.parametrize("estimator", ["sampled", "pooled"])
@pytest.mark.parametrize("shape", [(1, 4, 2, 256, 256), (2, 2, 1, 90, 211)])
def test_error_is_at_most_two_eps_max_v(tau, estimator, shape):
    B, Hq, Hkv, q_len, kv_len = shape
    q, k, v = peaked_qkv(B, Hq, Hkv, q_len, kv_len, 16, temperature=1.5, seed=int(tau * 10))
    config = SparseConfig(block_size=16, tau=tau, dense_below=0, estimator=estimator, n_samples=4)
    out = sparse_attention(q, k, v, config)
    dense = dense_causal_reference(q, k, v)
    index = select_blocks(estimate_block_scores(q, k, config), config, q_len, kv_len)
    eps = 1.0 - attention_recall(q, k, index, 16).double()  # (B, Hq, Sq)
    # max ||v|| over the keys each query can see
    v_norm = v.norm(dim=-1).repeat_interleave(Hq // Hkv, dim=1)  # (B, Hq, Skv)
    visible = causal_mask(q_len, kv_len)
    max_v = torch.where(visible, v_norm[:, :, None, :], 0.0).amax(-1)  # (B, Hq, Sq)
    err = (out - dense).norm(dim=-1)
    bound = 2 * eps * max_v
    assert (err <= bound + 1e-6).all(), float((err - bound).max())
    # the test has teeth: sparsity really dropped mass, and the bound is not vacuous
    assert eps.max() > 1e-3 and (err > 0.1 * bound).any()


def test_bound_is_tight_for_two_opposite_values():
    # one query, two keys with equal logits and opposite values; dropping one gives error 2*eps*|v| exactly
    q = torch.zeros(1, 1, 1, 4, dtype=torch.float64)
    k = torch.zeros(1, 1, 2, 4, dtype=torch.float64)
    v = torch.tensor([[[[1.0, 0, 0, 0], [-1.0, 0, 0, 0]]]], dtype=torch.float64)
    from kernels import BlockIndex
    from kernels.torch_sparse import block_sparse_attention_torch

    index = BlockIndex(torch.tensor([[[1]]], dtype=torch.int32), torch.tensor([[[[0]]]], dtype=torch.int32))
    out = block_sparse_attention_torch(q, k, v, index, block_size=1)
    eps = 0.5
    assert math.isclose(float((out - dense_causal_reference(q, k, v)).norm()), 2 * eps * 1.0)
