"""SparseConfig: how the sparse attention cuts the sequence into blocks and chooses which to compute."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SparseConfig:
    block_size: int = 64  # tokens per query/key block (64 or 128)
    sink_blocks: int = 1  # first blocks every query block always attends to
    window_blocks: int = 1  # previous blocks always kept besides the diagonal block
    tau: float = 0.95  # keep blocks until the estimated attention mass reaches tau
    min_blocks: int = 0  # dynamic blocks kept at least (besides sink + window)
    max_blocks: int | None = None  # dynamic blocks kept at most; None = no limit
    estimator: str = "sampled"  # how block scores are estimated: "sampled" | "pooled"
    share_kv_group: bool = True  # one selection per KV head, shared by its query heads (GQA)
    dense_below: int = 4096  # sequence length under which dense attention is used

    def to_dict(self) -> dict:
        return asdict(self)
