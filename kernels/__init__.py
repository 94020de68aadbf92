"""Training-free block-sparse attention for the prefill of causal LMs.

    from kernels import sparse_attention, SparseConfig
    out = sparse_attention(q, k, v, SparseConfig(tau=0.95))   # q (B,Hq,Sq,D), k/v (B,Hkv,Skv,D)

Triton kernels on CUDA, a torch implementation on CPU. (Contract only; filled in by the kernels work.)
"""

from kernels.config import SparseConfig

__all__ = ["SparseConfig", "sparse_attention"]
