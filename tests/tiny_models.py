"""Tiny random causal LMs for plumbing tests: no download, built in well under a second.

    from tests.tiny_models import make_tiny_model_dir
    path = make_tiny_model_dir(tmp_path, arch="qwen2")      # a directory docproc.models.load_model accepts
    model, tokenizer = docproc.models.load_model(str(path), device="cpu")

Each directory holds what a real Hugging Face checkpoint holds: `config.json`, `model.safetensors`,
`generation_config.json` and a fast tokenizer (`tokenizer.json` + `tokenizer_config.json` with a ChatML chat
template). The tokenizer is a byte-level BPE trained locally on a few sentences, so it encodes ANY text (English,
Japanese, binary junk) and decodes it back unchanged; the weights are random, so generations are gibberish but
deterministic for a given seed.
"""

from __future__ import annotations

import functools
from pathlib import Path

# Architectures a test can ask for -> (config class name, extra config fields).
ARCHITECTURES = {
    "llama": ("LlamaConfig", {}),
    "qwen2": ("Qwen2Config", {}),
    "qwen3": ("Qwen3Config", {}),
    "mistral": ("MistralConfig", {"sliding_window": None}),
    "gemma": ("GemmaConfig", {}),
}

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

# ChatML, as SmolLM2 and Qwen use it: the prompt a summarizer builds looks like the real one.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# A few sentences so the BPE learns some real merges (English and Japanese); bytes cover everything else.
_TRAINING_TEXT = [
    "The quick brown fox jumps over the lazy dog. Summary of the meeting minutes.",
    "Press the power button for three seconds to turn the device on. See page 12.",
    "Key points: replace the filter every six months; clean the sensor with a dry cloth.",
    "Attendees agreed to ship version 2.1 on Friday after the final review of the manual.",
    "本製品の電源を入れるには、電源ボタンを三秒間押してください。",
    "会議の議事録：次回の打ち合わせは金曜日に行います。要約と要点をまとめます。",
    "Chapter 1 Introduction. Chapter 2 Installation. Chapter 3 Maintenance and safety.",
]


@functools.lru_cache(maxsize=None)
def _tokenizer_json(vocab_size: int) -> str:
    """Train a byte-level BPE once per process and return it serialised (tokenizer.json text)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # every byte is a token: nothing is <unk>
        show_progress=False,
    )
    tok.train_from_iterator(_TRAINING_TEXT * 4, trainer=trainer)
    return tok.to_str()


def make_tiny_tokenizer(vocab_size: int = 512):
    """A PreTrainedTokenizerFast with ChatML special tokens and chat template (eos = <|im_end|>)."""
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer.from_str(_tokenizer_json(vocab_size)),
        bos_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        unk_token=None,
        chat_template=CHAT_TEMPLATE,
        model_max_length=4096,
        clean_up_tokenization_spaces=False,
    )


def make_tiny_config(arch: str = "llama", vocab_size: int = 512, **overrides):
    """A config for a 2-layer model with GQA (4 query heads, 2 KV heads, head dim 16)."""
    import transformers

    if arch not in ARCHITECTURES:
        raise ValueError(f"unknown tiny arch {arch!r}; choose one of {sorted(ARCHITECTURES)}")
    class_name, extra = ARCHITECTURES[arch]
    fields = dict(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=4096,
        tie_word_embeddings=False,
        bos_token_id=None,
        eos_token_id=2,  # <|im_end|>: SPECIAL_TOKENS are ids 0, 1, 2
        pad_token_id=0,
    )
    fields.update(extra)
    fields.update(overrides)
    return getattr(transformers, class_name)(**fields)


def make_tiny_model_dir(tmp_path, arch: str = "llama", *, seed: int = 0, name: str | None = None,
                        vocab_size: int = 512, **config_overrides) -> Path:
    """Write a tiny random model of `arch` (llama | qwen2 | qwen3 | mistral | gemma) under tmp_path; return its dir.

    Extra keyword arguments override config fields (e.g. num_hidden_layers=1, head_dim=64,
    max_position_embeddings=8192, tie_word_embeddings=True).
    """
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    tokenizer = make_tiny_tokenizer(vocab_size)
    config = make_tiny_config(arch, vocab_size=max(vocab_size, len(tokenizer)), **config_overrides)
    out = Path(tmp_path) / (name or f"tiny-{arch}")
    out.mkdir(parents=True, exist_ok=True)

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.generation_config = GenerationConfig(
        eos_token_id=config.eos_token_id, pad_token_id=config.pad_token_id, do_sample=False
    )
    model.save_pretrained(out)  # safetensors (the transformers default)
    tokenizer.save_pretrained(out)
    return out


def _permute_for_gguf(weight, n_head: int):
    """llama.cpp's rotary layout for q/k projections (transformers undoes it when it reads a llama GGUF)."""
    rows = weight.shape[0]
    return weight.reshape(n_head, 2, rows // n_head // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def make_tiny_gguf(tmp_path, *, seed: int = 0, name: str = "tiny-llama.gguf", tie_word_embeddings: bool = True,
                   **config_overrides):
    """Write a tiny random Llama as a GGUF file (F32 tensors, byte-level BPE tokenizer, chat template).

    Returns (gguf_path, reference_model): the model the GGUF was written from, so a test can check that reading
    the GGUF back gives the same logits. Like SmolLM2's GGUF, embeddings are tied (no `output.weight`) by default.
    """
    import json

    import gguf
    import torch
    from transformers import AutoModelForCausalLM

    tokenizer = make_tiny_tokenizer()
    config = make_tiny_config("llama", vocab_size=len(tokenizer), tie_word_embeddings=tie_word_embeddings,
                              bos_token_id=1, **config_overrides)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32).eval()

    path = Path(tmp_path) / name
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny llama")
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_rope_dimension_count(config.head_dim)
    writer.add_rope_freq_base(float(config.rope_parameters["rope_theta"]))
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_vocab_size(config.vocab_size)

    spec = json.loads(_tokenizer_json(512))
    vocab = sorted(spec["model"]["vocab"].items(), key=lambda item: item[1])
    assert [i for _, i in vocab] == list(range(len(vocab)))
    merges = [m if isinstance(m, str) else " ".join(m) for m in spec["model"]["merges"]]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list([token for token, _ in vocab])
    writer.add_token_merges(merges)
    writer.add_token_types([gguf.TokenType.CONTROL if token in SPECIAL_TOKENS else gguf.TokenType.NORMAL
                            for token, _ in vocab])
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_pad_token_id(0)
    writer.add_chat_template(CHAT_TEMPLATE)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, config.num_hidden_layers)
    for key, tensor in model.state_dict().items():
        if tie_word_embeddings and key == "lm_head.weight":
            continue
        data = tensor.detach().numpy().astype("float32")
        if key.endswith("q_proj.weight"):
            data = _permute_for_gguf(data, config.num_attention_heads)
        elif key.endswith("k_proj.weight"):
            data = _permute_for_gguf(data, config.num_key_value_heads)
        writer.add_tensor(names.get_name(key, try_suffixes=(".weight", ".bias")), data)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path, model
