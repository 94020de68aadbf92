"""SparseConfig (how the sparse attention chooses blocks) and BlockIndex (which blocks it chose).

Both are plain data shared by the torch path (kernels/torch_sparse.py), the Triton path
(kernels/block_sparse.py) and the selection (kernels/select.py). docs/sparse-attention.md explains the
algorithm and how the defaults below were measured.
"""

from __future__ import annotations

import numbers
from dataclasses import asdict, dataclass

import torch

ESTIMATORS = ("sampled", "pooled", "antidiagonal")


@dataclass(frozen=True)
class SparseConfig:
    block_size: int = 64  # tokens per query/key block (64 or 128)
    sink_blocks: int = 1  # first key blocks every query block always attends to
    window_blocks: int = 1  # key blocks kept before the query block's own (diagonal) blocks
    # Last query blocks that keep every causal key block: the next token, and the instruction at the end of a
    # prompt, are read from there (costs ~1/n_q_blocks of the rows; docs/sparse-attention.md).
    dense_last_blocks: int = 1
    tau: float = 0.96  # keep blocks until the estimated attention mass reaches tau, in (0, 1]; 1.0 keeps all
    min_blocks: int = 0  # dynamic blocks kept at least (besides sink + window + diagonal)
    max_blocks: int | None = None  # dynamic blocks kept at most; None = no limit
    estimator: str = "sampled"  # how block scores are estimated: "sampled" | "pooled" | "antidiagonal"
    share_kv_group: bool = False  # True: one selection per KV head, shared by its query heads (GQA)
    dense_below: int = 4096  # key length under which dense attention is used
    # Defaults measured on SmolLM2 activations (docs/sparse-attention.md, "Choosing the defaults").
    n_samples: int = 8  # "sampled": query rows scored exactly per query block
    stride: int = 8  # "antidiagonal": stride of the antidiagonal sums

    def __post_init__(self):
        for name in ("block_size", "sink_blocks", "window_blocks", "dense_last_blocks", "min_blocks", "dense_below",
                     "n_samples", "stride") + (() if self.max_blocks is None else ("max_blocks",)):
            object.__setattr__(self, name, _require_int(name, getattr(self, name)))  # (numpy's ints as int)
        if isinstance(self.tau, bool) or not isinstance(self.tau, numbers.Real):
            raise ValueError(f"tau must be a number in (0, 1], got {self.tau!r}")
        object.__setattr__(self, "tau", float(self.tau))
        if not isinstance(self.share_kv_group, bool):
            raise ValueError(f"share_kv_group must be True or False, got {self.share_kv_group!r}")
        if self.block_size < 16 or self.block_size & (self.block_size - 1):
            raise ValueError(f"block_size must be a power of two >= 16, got {self.block_size}")
        if min(self.sink_blocks, self.window_blocks, self.min_blocks, self.dense_last_blocks, self.dense_below) < 0:
            raise ValueError("sink_blocks, window_blocks, min_blocks, dense_last_blocks and dense_below must be >= 0")
        if self.max_blocks is not None and self.max_blocks < self.min_blocks:
            raise ValueError(f"max_blocks ({self.max_blocks}) must be >= min_blocks ({self.min_blocks})")
        if not 0.0 < self.tau <= 1.0:
            raise ValueError(f"tau must be in (0, 1], got {self.tau}")
        if self.estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be one of {ESTIMATORS}, got {self.estimator!r}")
        if not 1 <= self.n_samples <= self.block_size:
            raise ValueError(f"n_samples must be in [1, block_size], got {self.n_samples}")
        if self.stride < 1 or self.block_size % self.stride:
            raise ValueError(f"stride must divide block_size, got {self.stride}")

    def to_dict(self) -> dict:
        return asdict(self)


def _require_int(name: str, value) -> int:
    # bool is an int subclass, but True as a block count is a mistake
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(value)


@dataclass
class BlockIndex:
    """Which key blocks each query block attends to (the format of MInference's block index).

    counts  int32 (B, Hidx, n_q_blocks)            number of key blocks kept for the query block
    indices int32 (B, Hidx, n_q_blocks, max_kept)  key-block ids, ascending in [:count], -1 after it

    Hidx is Hq (one selection per query head) or Hkv (one per KV head, shared by its GQA group). Query head h
    reads index head h * Hidx // Hq. Query block i = rows [i*bs, (i+1)*bs) of q; key block j = keys
    [j*bs, (j+1)*bs); the last block of either may be partial. Inside every kept block the kernels still apply
    the element-wise causal mask (key position <= query absolute position, query row r sits at Skv - Sq + r).
    """

    counts: torch.Tensor
    indices: torch.Tensor

    def to(self, device) -> "BlockIndex":
        return BlockIndex(self.counts.to(device), self.indices.to(device))

    @property
    def max_kept(self) -> int:
        return self.indices.shape[-1]
