"""docproc's sparse attention as a drop-in `attn_implementation` for Hugging Face causal LMs.

    from docproc import attention
    attention.prepare_model(model, "auto", SparseConfig())   # registers "docproc_sparse" and switches to it
    model.generate(...)                                      # prefill >= dense_below tokens runs sparse
    attention.read_stats(model)                              # {"density": 0.27, "layers": [...], ...}

Nothing in the model's code is patched: transformers looks attention functions (and the mask builders that go
with them) up by name in `AttentionInterface` / `AttentionMaskInterface`, and the name lives in
`model.config._attn_implementation`. Our mask builder is transformers' own SDPA one, so the mask we receive is
exactly what SDPA would get: None for plain causal attention without padding, else a bool (B, 1, Sq, Skv) mask
with padding and any sliding window folded in.

Dispatch per call (one layer, one forward):
- dense SDPA: mode "dense"; decode steps and short query chunks (Sq < block_size); mode "auto" with fewer than
  `dense_below` keys; layers the policy keeps dense; sliding-window layers whose window bites; a forward with
  gradients, or any forward of a model in training mode; value heads of another size than the query heads
  (MLA); and any mask that is not "causal + contiguous padding" (custom 4D masks, packed sequences) — SDPA with
  the model's own mask.
- sparse (`kernels.sparse_attention`): otherwise. Padded rows run one by one on their unpadded span, so the
  kernel only ever sees a plain causal problem whose queries are the last Sq' of its keys (chunked prefill
  included). Query rows after a row's last real key (right padding) attend to all its real keys, as under the
  model's mask; rows before its first (left padding) get zeros. No real token attends to either.
Settings live on the model config as plain JSON-able data (`config.docproc_attention`; in a text + vision model
on the text sub-config too, which its language model reads, and only the language model is switched),
statistics per attention layer in a weak registry here: both survive `generate`, neither touches a model class.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from docproc.errors import ModelError, UsageError
from kernels.config import SparseConfig

ATTENTION_NAME = "docproc_sparse"
MODES = ("auto", "sparse", "dense")
SETTINGS_ATTR = "docproc_attention"  # the plain dict on model.config the attention function reads
# docproc's "auto" runs sparse from this many keys (at least dense_below; see auto_config). On a CPU, inside
# SmolLM2-135M the whole prefill took 1.33x longer sparse than dense at 4K tokens and 1.05x at 8K, while the
# attention alone is 2.1-2.8x faster sparse from 16K. On an H200, a SmolLM2 layer's real activations took 0.41x
# and 0.78x of flash SDPA's speed sparse at 4K and 8K, and 1.16x at 16K (docs/benchmarks.md, 2026-11-30).
AUTO_SPARSE_FROM = 16384


def auto_config(sparse_config: SparseConfig | None) -> SparseConfig:
    """The sparse settings docproc's "auto" runs with: the default dense_below becomes AUTO_SPARSE_FROM (one set
    on purpose stays). The measured threshold is the same on a CPU and on an H200."""
    config = sparse_config or SparseConfig()
    if config.dense_below == SparseConfig().dense_below:
        config = dataclasses.replace(config, dense_below=AUTO_SPARSE_FROM)
    return config


# Architectures whose attention cannot be expressed as plain causal softmax attention over q·k.
_ALIBI_MODEL_TYPES = {"bloom", "mpt", "baichuan", "jais"}

_registered = False


def register() -> None:
    """Make `attn_implementation="docproc_sparse"` known to transformers (idempotent)."""
    global _registered
    if _registered:
        return
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    AttentionInterface.register(ATTENTION_NAME, sparse_attention_forward)
    # Without a mask builder transformers passes no mask at all and padded batches silently go wrong.
    AttentionMaskInterface.register(ATTENTION_NAME, sdpa_mask)
    _registered = True


# ---- settings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerPolicy:
    """Per-layer deviations from the model-wide SparseConfig.

    dense_layers: layer indices always computed dense during prefill (e.g. the first layer, whose attention is
    spread out). overrides: {layer index: {SparseConfig field: value}}, e.g. {0: {"tau": 0.99}}.
    """

    dense_layers: tuple[int, ...] = ()
    overrides: tuple[tuple[int, tuple[tuple[str, object], ...]], ...] = ()

    @staticmethod
    def make(dense_layers=(), overrides: dict | None = None) -> "LayerPolicy":
        frozen = tuple(sorted((int(i), tuple(sorted(o.items()))) for i, o in (overrides or {}).items()))
        return LayerPolicy(tuple(sorted(int(i) for i in dense_layers)), frozen)

    def to_dict(self) -> dict:
        return {"dense_layers": list(self.dense_layers),
                "overrides": {str(i): dict(o) for i, o in self.overrides}}


# Chosen with `docproc bench fidelity` on SmolLM2-135M (docs/benchmarks.md, fidelity section).
DEFAULT_POLICY = LayerPolicy()


def _config_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(SparseConfig)}


def _settings(model_config) -> dict:
    settings = getattr(model_config, SETTINGS_ATTR, None)
    if not isinstance(settings, dict):
        # A model switched to "docproc_sparse" by hand (e.g. attn_implementation= at load): defaults.
        settings = {"mode": "auto", "sparse": SparseConfig().to_dict(), "policy": DEFAULT_POLICY.to_dict(),
                    "debug": False}
    return settings


def _layer_config(settings: dict, layer_idx: int | None) -> SparseConfig | None:
    """The SparseConfig for one layer, or None when the policy keeps that layer dense."""
    policy = settings.get("policy") or {}
    if layer_idx is not None and layer_idx in set(policy.get("dense_layers", ())):
        return None
    fields = dict(settings["sparse"])
    if layer_idx is not None:
        fields.update((policy.get("overrides") or {}).get(str(layer_idx), {}))
    known = _config_fields()
    return SparseConfig(**{k: v for k, v in fields.items() if k in known})


# ---- statistics -----------------------------------------------------------------------------------


@dataclass
class LayerStats:
    layer: int | None
    sparse_calls: int = 0  # prefill calls that ran through the sparse kernel
    dense_calls: int = 0  # calls that ran dense SDPA (decode, short, policy, sliding window, odd masks)
    block_weight: float = 0.0  # causal blocks of the prefill calls counted in the density
    computed_blocks: float = 0.0  # ... of which computed
    recall_weight: float = 0.0
    recall_sum: float = 0.0

    def add_prefill(self, density: float, blocks: float) -> None:
        self.block_weight += blocks
        self.computed_blocks += density * blocks

    def add_recall(self, recall: float, blocks: float) -> None:
        self.recall_weight += blocks
        self.recall_sum += recall * blocks

    @property
    def density(self) -> float | None:
        return self.computed_blocks / self.block_weight if self.block_weight else None

    @property
    def recall(self) -> float | None:
        return self.recall_sum / self.recall_weight if self.recall_weight else None


_STATS: "weakref.WeakKeyDictionary[torch.nn.Module, LayerStats]" = weakref.WeakKeyDictionary()


def _stats_for(module) -> LayerStats:
    stats = _STATS.get(module)
    if stats is None:
        stats = _STATS[module] = LayerStats(layer=getattr(module, "layer_idx", None))
    return stats


def _causal_blocks(q_len: int, kv_len: int, block: int) -> int:
    """Number of (query block, key block) pairs at or below the causal diagonal; queries are the last q_len keys."""
    offset = kv_len - q_len
    total = 0
    for qb in range(math.ceil(q_len / block)):
        last_query = offset + min((qb + 1) * block, q_len) - 1  # absolute position of the block's last query
        total += last_query // block + 1
    return total


def reset_stats(model) -> None:
    for module in model.modules():
        if module in _STATS:
            _STATS[module] = LayerStats(layer=getattr(module, "layer_idx", None))


def read_stats(model) -> dict:
    """Density (fraction of causal blocks computed in sparse-eligible prefill) overall and per layer.

    Layers the policy or a sliding window keeps dense during such a prefill count as density 1.0, so the overall
    number is what the model really computed. recall is measured only in debug mode (prepare_model(debug=True)).
    """
    layers = [s for m, s in ((m, _STATS.get(m)) for m in model.modules()) if s is not None]
    layers.sort(key=lambda s: (s.layer is None, s.layer or 0))
    weight = sum(s.block_weight for s in layers)
    recall_weight = sum(s.recall_weight for s in layers)
    return {
        "density": sum(s.computed_blocks for s in layers) / weight if weight else None,
        "recall": sum(s.recall_sum for s in layers) / recall_weight if recall_weight else None,
        "layers": [{"layer": s.layer, "density": s.density, "recall": s.recall,
                    "sparse_calls": s.sparse_calls, "dense_calls": s.dense_calls} for s in layers],
        "sparse_calls": sum(s.sparse_calls for s in layers),
        "dense_calls": sum(s.dense_calls for s in layers),
    }


# ---- model preparation ----------------------------------------------------------------------------


def check_supported(model) -> None:
    """Raise ModelError when the model's attention is not plain causal softmax(q·k)·v we can replace."""
    config = model.config
    name = getattr(config, "_name_or_path", None) or getattr(config, "model_type", "model")
    arch = getattr(config, "model_type", "?")
    hint = "use --attention dense, or a Llama / Qwen2 / Qwen3 / Mistral family model"
    if getattr(config, "is_encoder_decoder", False) or not getattr(config, "is_causal", True):
        raise ModelError(f"{arch} is not a causal decoder; docproc's sparse attention serves causal LMs only",
                         path=name, hint=hint)
    if getattr(config, "attn_logit_softcapping", None) is not None:
        raise ModelError(f"{arch} uses attention logit soft-capping, which the sparse attention does not compute",
                         path=name, hint=hint)
    if arch in _ALIBI_MODEL_TYPES or getattr(config, "alibi", False) or \
            getattr(config, "position_embedding_type", None) == "alibi":
        raise ModelError(f"{arch} uses ALiBi position biases, which the sparse attention does not compute",
                         path=name, hint=hint)


def prepare_model(model, mode: str = "auto", sparse_config: SparseConfig | None = None, *,
                  policy: LayerPolicy | None = None, debug: bool = False):
    """Switch `model` to docproc's attention with these settings; returns the model.

    mode: "auto" (sparse for prefill of >= sparse_config.dense_below keys), "sparse" (every prefill of at least one
    block sparse), "dense" (plain SDPA everywhere; still counted, so stats say what ran). Call it again to change
    the mode or settings of a loaded model (cheap: the fidelity harness flips dense/sparse this way).
    debug: also measure the true attention mass kept (recall) per layer — slow, for benchmarks.
    """
    if mode not in MODES:
        raise UsageError(f"unknown attention mode {mode!r}", hint="use auto, sparse or dense")
    sparse_config = sparse_config or SparseConfig()  # SparseConfig validates its own fields
    policy = policy if policy is not None else DEFAULT_POLICY
    check_supported(model)
    register()
    # A composite model (text + vision, e.g. Gemma 3, Llava) gets docproc's attention in its language model only:
    # its text layers read their settings from the text sub-config; a vision tower keeps its own attention.
    text_config = _text_config(model)
    if text_config._attn_implementation != ATTENTION_NAME:
        model.set_attn_implementation(_text_only(model.config, text_config, ATTENTION_NAME))
    if text_config._attn_implementation != ATTENTION_NAME:
        # transformers refuses (only warns) for models whose attention does not use AttentionInterface.
        raise ModelError(
            f"{model.__class__.__name__} does not route its attention through transformers' AttentionInterface",
            path=getattr(model.config, "_name_or_path", None) or None,
            hint="use --attention dense, or a Llama / Qwen2 / Qwen3 / Mistral family model")
    settings = {"mode": mode, "sparse": sparse_config.to_dict(), "policy": policy.to_dict(), "debug": bool(debug)}
    configs = {id(model.config): model.config, id(text_config): text_config}
    configs.update({id(m.config): m.config for m in model.modules() if _is_attention_layer(m)})
    for config in configs.values():  # wherever an attention layer (or describe()) reads them
        setattr(config, SETTINGS_ATTR, settings)
    for module in model.modules():  # stats exist from the start, so read_stats lists every layer
        if _is_attention_layer(module):
            _stats_for(module)
    reset_stats(model)
    return model


def _text_config(model):
    """The config the language model's layers read: the text sub-config of a text + vision model, else the model's."""
    return model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config


def _text_only(config, text_config, implementation: str):
    """set_attn_implementation's argument that switches only the language model: the name itself for a text-only
    model, else {sub-config key of the text config: name}."""
    if text_config is config:
        return implementation
    for key in getattr(config, "sub_configs", {}) or {}:
        if getattr(config, key, None) is text_config:
            return {key: implementation}
    return implementation


def _is_attention_layer(module) -> bool:
    # A causal self-attention module of transformers: it knows its layer, its config and that it is causal (GPT-2,
    # GPT-NeoX and GPT-J have no num_key_value_groups; decoder layers have no is_causal; vision towers are not causal).
    return getattr(module, "is_causal", None) is True and hasattr(module, "layer_idx") and hasattr(module, "config")


def describe(model) -> dict:
    """Mode and settings for the front matter of an output (JSON-able)."""
    settings = _settings(model.config)
    described = {"implementation": getattr(_text_config(model), "_attn_implementation", None),  # the language model's
                 "mode": settings["mode"], "sparse": dict(settings["sparse"])}
    policy = settings.get("policy") or {}
    if policy.get("dense_layers") or policy.get("overrides"):
        described["policy"] = policy
    return described


# ---- the attention function transformers calls ---------------------------------------------------


def dense_sdpa(query, key, value, mask, scale, n_rep: int):
    """PyTorch SDPA with the model's mask, GQA without repeating K/V where the backend allows.

    query (B, Hq, Sq, D), key/value (B, Hkv, Skv, D), mask None | bool/float (B, 1|H, Sq, Skv).
    Returns (B, Hq, Sq, D). Same semantics as transformers' "sdpa" implementation.
    """
    q_len, kv_len = query.shape[2], key.shape[2]
    if mask is None:
        if q_len > 1 and kv_len > q_len:
            # No mask with more keys than queries only happens for a prefill into an empty static cache:
            # the extra keys are future slots (transformers' sdpa crops them the same way).
            key, value = key[:, :, :q_len], value[:, :, :q_len]
        return F.scaled_dot_product_attention(query, key, value, is_causal=q_len > 1, scale=scale,
                                              enable_gqa=n_rep > 1)
    if n_rep > 1 and q_len == 1 and mask.shape[1] == 1:
        # Decode: fold the query heads of a group into the query axis -> (B, Hkv, n_rep, D), one mask row each.
        b, hq, _, d = query.shape
        packed = query.reshape(b, hq // n_rep, n_rep, d)
        out = F.scaled_dot_product_attention(packed, key, value, attn_mask=mask, scale=scale)
        return out.reshape(b, hq, 1, value.shape[-1])
    if n_rep > 1 and query.device.type == "cuda":
        # CUDA's fused kernels refuse enable_gqa with a mask (math fallback is far worse than repeating).
        key = key.repeat_interleave(n_rep, dim=1)
        value = value.repeat_interleave(n_rep, dim=1)
        n_rep = 1
    return F.scaled_dot_product_attention(query, key, value, attn_mask=mask, scale=scale, enable_gqa=n_rep > 1)


def _padding_spans(mask, q_len: int, kv_len: int, batch: int, rows: int = 1024):
    """[(start, end)] of valid keys for each of the `batch` rows when `mask` is exactly causal AND contiguous key
    padding.

    mask: bool (B, 1, Sq, Skv) with queries at absolute positions Skv-Sq .. Skv-1; B is the batch or 1 (one mask
    broadcast over the batch, as SDPA allows). Returns None for any other mask (sliding window, packed sequences,
    holes, float or per-head masks): the caller then runs dense SDPA.
    """
    if mask.dtype != torch.bool or mask.dim() != 4 or mask.shape[1] != 1 or mask.shape[-2:] != (q_len, kv_len) \
            or mask.shape[0] not in (1, batch):
        return None
    key_valid = mask[:, 0, -1, :]  # (B, Skv): the last query sees every valid key at or before it
    spans = []
    for row in key_valid:
        idx = row.nonzero().flatten()
        if idx.numel() == 0:
            return None
        start, end = int(idx[0]), int(idx[-1]) + 1
        if end - start != idx.numel():
            return None  # a hole in the middle: not padding
        spans.append((start, end))
    # Verify the whole mask, a slab of query rows at a time (bounded memory): causal & key_valid.
    offset = kv_len - q_len
    kv_pos = torch.arange(kv_len, device=mask.device)
    for r0 in range(0, q_len, rows):
        r1 = min(q_len, r0 + rows)
        q_pos = torch.arange(r0, r1, device=mask.device) + offset
        expected = (kv_pos[None, :] <= q_pos[:, None])[None] & key_valid[:, None, :]  # (B, r, Skv)
        if not torch.equal(mask[:, 0, r0:r1], expected):
            return None
    return spans * batch if len(spans) == 1 else spans  # a broadcast mask: the same span for every row


def _run_sparse(query, key, value, config: SparseConfig, scale, debug: bool, stats: LayerStats):
    """kernels.sparse_attention on one plain causal problem; records density (and recall) weighted by blocks."""
    import kernels

    out, info = kernels.sparse_attention(query, key, value, config, scale=scale, return_stats=True, debug=debug)
    blocks = _causal_blocks(query.shape[2], key.shape[2], config.block_size) * query.shape[0]
    density = info.get("density")
    stats.add_prefill(1.0 if density is None else float(density), blocks)
    if info.get("recall") is not None:
        stats.add_recall(float(info["recall"]), blocks)
    return out


def _unsupported(module, what: str):
    name = getattr(getattr(module, "config", None), "model_type", module.__class__.__name__)
    return ModelError(f"{name} attention uses {what}, which docproc's sparse attention does not compute",
                      hint="use --attention dense")


def sparse_attention_forward(module, query, key, value, attention_mask, dropout: float = 0.0,
                             scaling: float | None = None, is_causal: bool | None = None,
                             sliding_window: int | None = None, **kwargs):
    """The function transformers calls per attention layer (registered as "docproc_sparse").

    query (B, Hq, Sq, D), key/value (B, Hkv, Skv, D) including the cache; returns ((B, Sq, Hq, D), None).
    """
    if kwargs.get("softcap") is not None:
        raise _unsupported(module, "logit soft-capping")
    if kwargs.get("position_bias") is not None:
        raise _unsupported(module, "a position bias")
    if kwargs.get("s_aux") is not None or kwargs.get("sinks") is not None:
        raise _unsupported(module, "attention sinks")
    if is_causal is False or getattr(module, "is_causal", True) is False:
        raise _unsupported(module, "non-causal (bidirectional) attention")
    if dropout and module.training:
        raise ModelError("docproc's attention is for inference; dropout during training is not supported",
                         hint="call model.eval()")

    settings = _settings(module.config)
    stats = _stats_for(module)
    batch, n_heads, q_len, _ = query.shape
    kv_len = key.shape[2]
    n_rep = n_heads // key.shape[1]
    mode = settings["mode"]
    config = _layer_config(settings, getattr(module, "layer_idx", None))  # None: the policy keeps it dense
    # a layer's own overrides of block_size / dense_below decide for it; a dense layer goes by the model's
    base = config or SparseConfig(**{k: v for k, v in settings["sparse"].items() if k in _config_fields()})

    def dense():
        stats.dense_calls += 1
        out = dense_sdpa(query, key, value, attention_mask, scaling, n_rep)
        return out.transpose(1, 2).contiguous(), None

    # Decode, short chunks, dense mode, short prefill in auto mode: plain SDPA, not part of the density.
    if mode == "dense" or q_len < base.block_size or (mode == "auto" and kv_len < base.dense_below):
        return dense()

    # From here on this is a prefill the mode wants sparse; anything computed dense counts as density 1.0.
    def dense_prefill():
        stats.add_prefill(1.0, _causal_blocks(q_len, kv_len, base.block_size) * batch)
        return dense()

    if config is None:
        return dense_prefill()
    if torch.is_grad_enabled() and any(x.requires_grad for x in (query, key, value)):
        return dense_prefill()  # a forward that gradients flow through: the sparse kernels have no backward
    if module.training:
        # Training mode: gradients may still come later, from a recomputation of this forward (reentrant
        # gradient checkpointing runs it first without grad), which must compute the same attention.
        return dense_prefill()
    if value.shape[-1] != query.shape[-1]:
        return dense_prefill()  # values wider or narrower than queries/keys (MLA, DeepSeek-V2/V3): SDPA handles it
    if sliding_window is not None and kv_len > sliding_window:
        return dense_prefill()  # the window bites: keep the model's own semantics via its mask
    if mode == "sparse":
        config = dataclasses.replace(config, dense_below=0)

    key_len_used = kv_len
    if attention_mask is None:
        spans = None
        if kv_len > q_len:
            key, value, key_len_used = key[:, :, :q_len], value[:, :, :q_len], q_len  # empty static-cache slots
    else:
        spans = _padding_spans(attention_mask, q_len, kv_len, batch)
        if spans is None:
            return dense_prefill()
        if all(span == (0, kv_len) for span in spans):
            spans = None  # no padding at all (e.g. a chunked prefill): one call for the whole batch

    debug = bool(settings.get("debug"))
    if spans is None:
        out = _run_sparse(query, key, value, config, scaling, debug, stats)
    else:
        # Each row on its own unpadded span [start, end): its valid queries are the last ones of that span.
        out = query.new_zeros(batch, n_heads, q_len, value.shape[-1])
        offset = key_len_used - q_len
        for row, (start, end) in enumerate(spans):
            q0, q1 = max(0, start - offset), end - offset
            if q1 > q0:
                out[row:row + 1, :, q0:q1] = _run_sparse(
                    query[row:row + 1, :, q0:q1], key[row:row + 1, :, start:end], value[row:row + 1, :, start:end],
                    config, scaling, debug, stats)
            if max(q0, q1) < q_len and end > start:
                # Right padding: queries after the row's last real key see all its real keys, as under the
                # model's mask (generate reads the next token from the last position, a pad one here).
                pad0 = max(q0, q1)
                out[row:row + 1, :, pad0:] = F.scaled_dot_product_attention(
                    query[row:row + 1, :, pad0:], key[row:row + 1, :, start:end], value[row:row + 1, :, start:end],
                    scale=scaling, enable_gqa=n_rep > 1)
    stats.sparse_calls += 1
    return out.transpose(1, 2).contiguous(), None
