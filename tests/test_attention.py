"""docproc.attention inside real transformers models: dispatch, padding, KV cache, sliding windows, errors.

Tiny random models (2 layers, GQA 4:2 heads, head dim 16) built from configs; SDPA on the same weights is the
reference. "Dense-equivalent" sparse settings (tau=1, no budget, blocks of 16) select every causal block, so the
sparse path must reproduce SDPA's logits while still running through kernels.sparse_attention.
"""

from __future__ import annotations

import copy

import pytest
import torch
from transformers import AutoModelForCausalLM, DynamicCache, GPT2Config, GPTJConfig, GPTNeoXConfig

from docproc import attention
from docproc.errors import DocprocError, ModelError
from kernels import SparseConfig
from tests.tiny_models import make_tiny_config

DENSE_EQUIVALENT = SparseConfig(block_size=16, tau=1.0, max_blocks=None, dense_below=0)
ATOL = 2e-4
ARCHS = ["llama", "qwen2", "qwen3", "mistral"]


def tiny_model(arch="llama", seed=0, **overrides):
    torch.manual_seed(seed)
    config = make_tiny_config(arch, **overrides)
    return AutoModelForCausalLM.from_config(config, attn_implementation="sdpa", dtype=torch.float32).eval()


def pair(arch="llama", mode="sparse", config=DENSE_EQUIVALENT, **overrides):
    """(reference SDPA model, the same weights on docproc's attention)."""
    ref = tiny_model(arch, **overrides)
    ours = attention.prepare_model(copy.deepcopy(ref), mode, config)
    return ref, ours


def random_ids(batch, length, seed=1, vocab=500):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(3, vocab, (batch, length), generator=g)


@torch.no_grad()
def logits(model, ids, mask=None, **kw):
    return model(input_ids=ids, attention_mask=mask, **kw).logits


@pytest.mark.parametrize("arch", ARCHS)
def test_dense_equivalent_settings_reproduce_sdpa_logits(arch):
    ref, ours = pair(arch)
    ids = random_ids(2, 150)  # 10 blocks of 16, the last one partial
    expected = logits(ref, ids)
    got = logits(ours, ids)
    torch.testing.assert_close(got, expected, atol=ATOL, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 2 and stats["dense_calls"] == 0  # both layers went through the kernel
    assert stats["density"] == pytest.approx(1.0)
    assert [layer["layer"] for layer in stats["layers"]] == [0, 1]


@pytest.mark.parametrize("arch", ["llama", "qwen3"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_padded_batches_match_sdpa_on_real_tokens(arch, side):
    ref, ours = pair(arch)
    lengths = [150, 97]
    ids = random_ids(2, max(lengths), seed=2)
    mask = torch.zeros(2, max(lengths), dtype=torch.long)
    for row, n in enumerate(lengths):
        if side == "left":
            mask[row, max(lengths) - n:] = 1
        else:
            mask[row, :n] = 1
    ids = ids.masked_fill(mask == 0, 0)
    expected, got = logits(ref, ids, mask), logits(ours, ids, mask)
    real = mask.bool()
    torch.testing.assert_close(got[real], expected[real], atol=ATOL, rtol=1e-4)
    assert torch.isfinite(got).all()  # padded rows never give NaN that could leak into real rows
    if side == "right":  # rows after the real tokens see them all, as under SDPA: generate reads the last one
        torch.testing.assert_close(got[~real], expected[~real], atol=ATOL, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 2 and stats["dense_calls"] == 0  # padding went sparse row by row

    # Each padded row alone, unpadded, gives the same logits: padding changes nothing for real tokens.
    short = ids[1][real[1]][None]
    torch.testing.assert_close(logits(ours, short)[0], got[1][real[1]], atol=ATOL, rtol=1e-4)


@pytest.mark.parametrize("arch", ["llama", "mistral"])
def test_chunked_prefill_with_kv_cache_matches_one_shot_sdpa(arch):
    ref, ours = pair(arch)
    ids = random_ids(1, 170, seed=3)
    expected = logits(ref, ids)
    cache = DynamicCache(config=ours.config)
    parts = []
    for start, stop in [(0, 64), (64, 131), (131, 170)]:  # chunks of 64, 67 and 39 queries, offsets unaligned
        with torch.no_grad():
            out = ours(input_ids=ids[:, start:stop], cache=cache, use_cache=True)
        parts.append(out.logits)
    torch.testing.assert_close(torch.cat(parts, dim=1), expected, atol=ATOL, rtol=1e-4)
    assert attention.read_stats(ours)["sparse_calls"] == 6  # every chunk of every layer ran sparse


@pytest.mark.parametrize("arch", ["llama", "qwen2"])
def test_greedy_generation_after_sparse_prefill_equals_dense(arch):
    ref, ours = pair(arch)
    ids = random_ids(1, 120, seed=4)
    kw = dict(max_new_tokens=12, do_sample=False, pad_token_id=0)
    with torch.no_grad():
        expected = ref.generate(ids, **kw)
        got = ours.generate(ids, **kw)
    assert torch.equal(got, expected)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 2  # the prefill, in both layers
    assert stats["dense_calls"] == 2 * 11  # every decode step of both layers ran dense SDPA


def test_left_padded_batch_generation_equals_dense():
    ref, ours = pair("qwen2")
    ids = random_ids(2, 110, seed=5)
    mask = torch.ones_like(ids)
    mask[1, :40] = 0
    ids = ids.masked_fill(mask == 0, 0)
    kw = dict(attention_mask=mask, max_new_tokens=8, do_sample=False, pad_token_id=0)
    with torch.no_grad():
        assert torch.equal(ours.generate(ids, **kw), ref.generate(ids, **kw))


def test_real_sparsity_runs_and_computes_fewer_blocks():
    config = SparseConfig(block_size=16, tau=0.5, dense_below=0)
    ref, ours = pair("llama", config=config)
    ids = random_ids(1, 320, seed=6)  # 20 blocks: room for dropping distant ones
    got = logits(ours, ids)
    assert torch.isfinite(got).all()
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 2
    assert 0.0 < stats["density"] < 0.9
    assert all(layer["density"] < 1.0 for layer in stats["layers"])
    # Sparse attention changes the output, but not beyond recognition (random weights: attention is diffuse).
    expected = logits(ref, ids)
    assert (got - expected).abs().max() > 0
    assert torch.nn.functional.cosine_similarity(got.flatten(), expected.flatten(), dim=0) > 0.9


def test_a_forward_with_gradients_runs_dense_and_its_gradients_are_exact():
    # The sparse kernels have no backward pass: with grad enabled the layers fall back to dense SDPA (exact,
    # differentiable) instead of returning outputs that silently drop this attention's gradients.
    config = SparseConfig(block_size=16, tau=0.5, dense_below=0)
    ref, ours = pair("llama", config=config)
    ids = random_ids(1, 160, seed=6)
    losses = []
    for model in (ref, ours):
        model.zero_grad()
        loss = model(input_ids=ids).logits.logsumexp(-1).mean()
        loss.backward()
        losses.append(loss)
    torch.testing.assert_close(losses[1], losses[0])
    w_ref, w_ours = ref.model.layers[0].self_attn.q_proj.weight, ours.model.layers[0].self_attn.q_proj.weight
    torch.testing.assert_close(w_ours.grad, w_ref.grad, atol=1e-6, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 0 and stats["density"] == pytest.approx(1.0)


def test_debug_mode_measures_recall_per_layer():
    ref = tiny_model("llama")
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse", SparseConfig(block_size=16, tau=0.6, dense_below=0),
                                   debug=True)
    logits(ours, random_ids(1, 200, seed=7))
    stats = attention.read_stats(ours)
    for layer in stats["layers"]:
        assert 0.0 < layer["recall"] <= 1.0 + 1e-6
        assert layer["density"] < 1.0
    assert stats["recall"] is not None


def test_auto_mode_stays_dense_below_threshold_and_goes_sparse_above():
    ref = tiny_model("llama")
    ours = attention.prepare_model(copy.deepcopy(ref), "auto",
                                   SparseConfig(block_size=16, tau=1.0, dense_below=128))
    ids = random_ids(1, 200, seed=8)
    torch.testing.assert_close(logits(ours, ids[:, :100]), logits(ref, ids[:, :100]), atol=ATOL, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert (stats["sparse_calls"], stats["dense_calls"], stats["density"]) == (0, 2, None)
    attention.reset_stats(ours)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=ATOL, rtol=1e-4)
    assert attention.read_stats(ours)["sparse_calls"] == 2


def test_dense_mode_is_plain_sdpa_and_modes_switch_in_place():
    ref, ours = pair("qwen3", mode="dense")
    ids = random_ids(1, 140, seed=9)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=1e-6, rtol=0)
    assert attention.read_stats(ours)["sparse_calls"] == 0
    attention.prepare_model(ours, "sparse", DENSE_EQUIVALENT)
    logits(ours, ids)
    assert attention.read_stats(ours)["sparse_calls"] == 2
    assert attention.describe(ours)["mode"] == "sparse"


def test_dense_layers_policy_keeps_chosen_layers_dense_and_counts_them_as_computed():
    ref = tiny_model("llama")
    policy = attention.LayerPolicy.make(dense_layers=[0], overrides={1: {"tau": 0.5}})
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse", SparseConfig(block_size=16, tau=1.0, dense_below=0),
                                   policy=policy)
    logits(ours, random_ids(1, 320, seed=10))
    layer0, layer1 = attention.read_stats(ours)["layers"]
    assert (layer0["sparse_calls"], layer0["dense_calls"], layer0["density"]) == (0, 1, 1.0)
    assert layer1["sparse_calls"] == 1 and layer1["density"] < 1.0  # the tau override applied to layer 1 only
    assert attention.describe(ours)["policy"]["dense_layers"] == [0]


def test_mistral_sliding_window_keeps_its_semantics():
    ref, ours = pair("mistral", sliding_window=48)
    ids = random_ids(1, 150, seed=11)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=ATOL, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 0 and stats["dense_calls"] == 2  # the window bites: model's own mask
    attention.reset_stats(ours)
    short = ids[:, :40]  # shorter than the window: plain causal, so it may run sparse
    torch.testing.assert_close(logits(ours, short), logits(ref, short), atol=ATOL, rtol=1e-4)
    assert attention.read_stats(ours)["sparse_calls"] == 2


def test_qwen2_mixed_sliding_and_full_layers():
    overrides = dict(num_hidden_layers=3, use_sliding_window=True, sliding_window=40, max_window_layers=1)
    ref, ours = pair("qwen2", **overrides)
    assert ours.config.layer_types == ["full_attention", "sliding_attention", "sliding_attention"]
    ids = random_ids(2, 130, seed=12)
    mask = torch.ones_like(ids)
    mask[0, :30] = 0  # left padding on one row
    torch.testing.assert_close(logits(ours, ids, mask)[mask.bool()], logits(ref, ids, mask)[mask.bool()],
                               atol=ATOL, rtol=1e-4)
    layers = attention.read_stats(ours)["layers"]
    assert layers[0]["sparse_calls"] == 1
    assert [layer["dense_calls"] for layer in layers[1:]] == [1, 1]


def test_unsupported_models_fail_with_a_clear_error():
    from transformers import BloomConfig, Gemma2Config

    gemma2 = AutoModelForCausalLM.from_config(Gemma2Config(
        vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, head_dim=16), attn_implementation="eager")
    with pytest.raises(ModelError, match="soft-capping") as err:
        attention.prepare_model(gemma2, "auto")
    assert "--attention dense" in err.value.one_line() and "\n" not in err.value.one_line()

    bloom = AutoModelForCausalLM.from_config(BloomConfig(vocab_size=64, hidden_size=32, n_layer=1, n_head=2))
    with pytest.raises(ModelError, match="ALiBi"):
        attention.prepare_model(bloom, "auto")


def test_bad_mode_is_a_usage_error():
    with pytest.raises(DocprocError, match="unknown attention mode"):
        attention.prepare_model(tiny_model("llama"), "fast")


def test_causal_block_count():
    # 2 query blocks of 16 at the end of 40 keys (offset 8): last rows at 23 and 39 -> blocks 0..1 and 0..2.
    assert attention._causal_blocks(32, 40, 16) == 2 + 3
    assert attention._causal_blocks(64, 64, 16) == 1 + 2 + 3 + 4


@pytest.mark.slow
def test_real_smollm2_sparse_generation_on_a_sample():
    from pathlib import Path

    from docproc.models import load_model

    model, tokenizer = load_model("smollm2-135m", device="cpu", attention="sparse",
                                  sparse_config=SparseConfig(tau=0.9))
    assert model.config._attn_implementation == attention.ATTENTION_NAME
    minutes = (Path(__file__).resolve().parent.parent / "samples" / "meeting_minutes_en.txt").read_text()
    messages = [{"role": "user", "content": "Summarize these minutes in one sentence.\n\n" + minutes[:4000]}]
    ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    ids = ids["input_ids"]
    assert ids.shape[1] > 640  # > 10 blocks of 64, so distant blocks can be dropped
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=12, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    text = tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)
    assert any(ch.isalpha() for ch in text)
    stats = attention.read_stats(model)
    assert stats["sparse_calls"] == model.config.num_hidden_layers  # the prefill, every layer
    assert stats["dense_calls"] == 11 * model.config.num_hidden_layers  # the decode steps
    assert 0.0 < stats["density"] < 1.0
    described = attention.describe(model)
    assert described["mode"] == "sparse" and described["sparse"]["tau"] == 0.9


def _tiny_gemma3_with_vision():
    """A tiny Gemma 3 as AutoModelForCausalLM builds it for gemma-3 checkpoints: text + a SigLIP vision tower."""
    from transformers import Gemma3Config, Gemma3TextConfig, SiglipVisionConfig

    text = make_tiny_config("llama").to_dict()
    text = {k: text[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                                 "num_attention_heads", "num_key_value_heads", "head_dim", "pad_token_id")}
    config = Gemma3Config(
        text_config=Gemma3TextConfig(**text, sliding_window=4096, layer_types=["full_attention"] * 2,
                                     max_position_embeddings=8192),
        vision_config=SiglipVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                         num_attention_heads=2, image_size=32, patch_size=16),
        mm_tokens_per_image=4, image_token_id=5, boi_token_id=6, eoi_token_id=7)
    torch.manual_seed(0)
    return AutoModelForCausalLM.from_config(config, attn_implementation="sdpa", dtype=torch.float32).eval()


def test_a_text_and_vision_model_gets_the_settings_in_its_language_model_only():
    """Gemma 3 / Llava: the text layers read their settings from the text sub-config, and the vision tower
    (bidirectional attention) keeps its own implementation."""
    ref = _tiny_gemma3_with_vision()
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse", DENSE_EQUIVALENT)
    assert ours.config.get_text_config()._attn_implementation == attention.ATTENTION_NAME
    assert ours.config.vision_config._attn_implementation == "sdpa"
    assert attention.describe(ours)["implementation"] == attention.ATTENTION_NAME
    ids = random_ids(1, 100)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=ATOL, rtol=1e-4)
    assert attention.read_stats(ours)["sparse_calls"] == 2  # the mode and config reached both text layers
    attention.prepare_model(ours, "dense")
    attention.reset_stats(ours)
    logits(ours, ids)
    assert attention.read_stats(ours)["sparse_calls"] == 0


def test_a_mask_broadcast_over_the_batch_is_applied_to_every_row():
    ref, ours = pair("llama")
    batch, n, pad = 2, 64, 10
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    mask[:, :pad] = False  # the same key padding for every row, one (1, 1, S, S) mask as SDPA allows
    ids = random_ids(batch, n)
    got, want = logits(ours, ids, mask[None, None]), logits(ref, ids, mask[None, None])
    torch.testing.assert_close(got[:, pad:], want[:, pad:], atol=ATOL, rtol=1e-4)
    assert attention.read_stats(ours)["sparse_calls"] > 0


def test_values_of_another_head_size_than_queries_run_dense():
    """MLA models (DeepSeek-V2/V3) have value heads of another size than query/key heads: computed dense."""
    over = dict(num_key_value_heads=4, q_lora_rank=None, kv_lora_rank=16, qk_nope_head_dim=16, qk_rope_head_dim=8,
                v_head_dim=16, n_routed_experts=4, num_experts_per_tok=2, first_k_dense_replace=1, n_group=1,
                topk_group=1, moe_intermediate_size=32)
    from transformers import DeepseekV3Config

    fields = make_tiny_config("llama").to_dict()
    fields = {k: fields[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                                     "num_attention_heads", "max_position_embeddings", "pad_token_id")}
    torch.manual_seed(0)
    ref = AutoModelForCausalLM.from_config(DeepseekV3Config(**fields, **over), attn_implementation="sdpa",
                                           dtype=torch.float32).eval()
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse", DENSE_EQUIVALENT)
    ids = random_ids(1, 150)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=ATOL, rtol=1e-4)
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 0 and stats["density"] == pytest.approx(1.0)


def test_a_model_in_training_mode_runs_dense_also_without_grad():
    """Reentrant gradient checkpointing runs a training forward without grad and recomputes it with grad
    later: both must compute the same (dense) attention."""
    ref, ours = pair("llama", config=SparseConfig(block_size=16, tau=0.5, dense_below=0))
    ours.train()
    logits(ours, random_ids(1, 160))
    stats = attention.read_stats(ours)
    assert stats["sparse_calls"] == 0 and stats["density"] == pytest.approx(1.0)


def test_a_layers_own_block_size_and_threshold_decide_for_it():
    """Policy overrides of dense_below / block_size apply to their layer's dispatch, not only to its kernel."""
    ref = tiny_model("llama")
    ids = random_ids(1, 150)
    policy = attention.LayerPolicy.make(overrides={1: {"dense_below": 0}})
    ours = attention.prepare_model(copy.deepcopy(ref), "auto", SparseConfig(block_size=16, tau=1.0, dense_below=4096),
                                   policy=policy)
    torch.testing.assert_close(logits(ours, ids), logits(ref, ids), atol=ATOL, rtol=1e-4)
    calls = [(layer["sparse_calls"], layer["dense_calls"]) for layer in attention.read_stats(ours)["layers"]]
    assert calls == [(0, 1), (1, 0)]  # only layer 1 lowered its threshold below 150 keys
    policy = attention.LayerPolicy.make(overrides={1: {"block_size": 64}})
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse", DENSE_EQUIVALENT, policy=policy)
    logits(ours, ids[:, :20])  # 20 queries: a block of 16 for layer 0, less than one of 64 for layer 1
    calls = [(layer["sparse_calls"], layer["dense_calls"]) for layer in attention.read_stats(ours)["layers"]]
    assert calls == [(1, 0), (0, 1)]


MHA_CONFIGS = {  # architectures whose attention modules have no num_key_value_groups
    "gpt2": lambda: GPT2Config(n_embd=64, n_layer=2, n_head=4, vocab_size=100, bos_token_id=None, eos_token_id=None),
    "gpt_neox": lambda: GPTNeoXConfig(hidden_size=64, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                                      vocab_size=100),
    "gptj": lambda: GPTJConfig(n_embd=64, n_layer=2, n_head=4, vocab_size=100, rotary_dim=8, bos_token_id=None,
                               eos_token_id=None),
    "llama": lambda: make_tiny_config("llama"),
}


@pytest.mark.parametrize("arch", MHA_CONFIGS)
def test_read_stats_lists_every_layer_before_the_first_forward(arch):
    # what a caller that reads the stats of a model it has not run yet (e.g. a report of 0 calls) sees
    model = AutoModelForCausalLM.from_config(MHA_CONFIGS[arch](), attn_implementation="sdpa", dtype=torch.float32).eval()
    ours = attention.prepare_model(model, "sparse", DENSE_EQUIVALENT)
    stats = attention.read_stats(ours)
    assert [layer["layer"] for layer in stats["layers"]] == [0, 1]
    assert stats["sparse_calls"] == 0 and stats["density"] is None
    logits(ours, random_ids(1, 40, vocab=100))
    after = attention.read_stats(ours)
    assert [layer["layer"] for layer in after["layers"]] == [0, 1] and after["sparse_calls"] == 2


# --------------------------------------------------------------------------------------------------------------------
# GPU: the whole route transformers -> docproc.attention -> kernels -> Triton (skipped without CUDA)
# --------------------------------------------------------------------------------------------------------------------


def _count_triton_calls(monkeypatch):
    """Count calls of the Triton attention kernel (kernels picks it per call, so patching the module counts)."""
    import kernels.block_sparse

    calls = []
    real = kernels.block_sparse.block_sparse_attention

    def counting(*args, **kwargs):
        calls.append(args[0].shape)
        return real(*args, **kwargs)

    monkeypatch.setattr(kernels.block_sparse, "block_sparse_attention", counting)
    return calls


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_gpu_padded_batch_through_the_model_runs_triton_and_matches_sdpa(dtype, monkeypatch):
    calls = _count_triton_calls(monkeypatch)
    ref = tiny_model("llama", hidden_size=256, head_dim=64, num_attention_heads=4, num_key_value_heads=2)
    ref = ref.to("cuda", dtype)
    ours = attention.prepare_model(copy.deepcopy(ref), "sparse",
                                   SparseConfig(block_size=64, tau=1.0, max_blocks=None, dense_below=0))
    lengths = [1500, 1111]  # partial last blocks; row 1 left-padded
    ids = random_ids(2, max(lengths), seed=8).cuda()
    mask = torch.ones_like(ids)
    mask[1, : max(lengths) - lengths[1]] = 0
    ids = ids.masked_fill(mask == 0, 0)
    expected, got = logits(ref, ids, mask).float(), logits(ours, ids, mask).float()
    real = mask.bool()
    rel = ((got[real] - expected[real]).norm() / expected[real].norm()).item()
    assert rel < (2e-2 if dtype == torch.bfloat16 else 3e-3), rel
    assert torch.isfinite(got).all()
    assert len(calls) == 2 * 2  # each layer, each padded row on its own span, through the Triton kernel
    assert attention.read_stats(ours)["density"] == pytest.approx(1.0)


@pytest.mark.gpu
def test_gpu_auto_mode_goes_sparse_on_long_input_with_the_default_settings(monkeypatch):
    calls = _count_triton_calls(monkeypatch)
    ref = tiny_model("qwen2", hidden_size=256, head_dim=64, num_attention_heads=4, num_key_value_heads=2,
                     max_position_embeddings=16384).to("cuda", torch.bfloat16)
    ours = attention.prepare_model(copy.deepcopy(ref), "auto", debug=True)
    ids = random_ids(1, 8192 + 100, seed=9).cuda()
    got, expected = logits(ours, ids).float(), logits(ref, ids).float()
    stats = attention.read_stats(ours)
    assert len(calls) == 2 and stats["sparse_calls"] == 2
    assert 0.0 < stats["density"] <= 1.0 and stats["recall"] is not None and stats["recall"] > 0.5
    assert torch.nn.functional.cosine_similarity(got.flatten(), expected.flatten(), dim=0) > 0.9
