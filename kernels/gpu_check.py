"""One prepared GPU session: are the un-interpreted Triton kernels right, and how fast are they?

    python -m kernels.gpu_check                      # correctness, then the speed table (16K..128K)
    python -m kernels.gpu_check --quick              # fewer shapes and lengths (fits a short device lease)
    python -m kernels.gpu_check --skip-bench         # correctness only
    python -m kernels.gpu_check --dry-run            # print the plan; works without a GPU

1. Correctness (fp16, bf16; fp32 where cheap): kernels.block_sparse.block_sparse_attention vs
   kernels.reference.dense_masked_reference on random block lists (GQA, odd lengths, queries a suffix of the keys,
   padded head dims), every-block-kept vs dense SDPA at 16K, and kernels.select_triton vs kernels.select's torch
   estimator. Exit code 1 when anything is off.
2. Speed: per sequence length, medians of triton.testing.do_bench for PyTorch flash SDPA (causal, dense) and for
   the sparse pipeline = Triton block scores + selection (kernels.select.select_blocks) + Triton block-sparse
   attention; each phase alone too, the selection's share of the sparse time, density, recall (<= 32K: it needs
   a dense pass), and K1's end-to-end kernels.sparse_attention() for comparison. Printed as a Markdown table
   (and --csv).

Inputs are synthetic by default: RoPE'd q/k with a per-head local component (attention decays with distance), an
attention sink at position 0 and a few heavy-hitter keys, so that attention is concentrated like in a real LM
layer. Uniform random q/k (--inputs random) give near-uniform attention, where no block selection can be sparse.
--inputs PATH.pt reads a dict {"q","k","v"} (e.g. a capture of kernels.bench) and runs the lengths it covers.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time

SHAPES = {
    # name: (query heads, KV heads, head dim)
    "smollm2": (9, 3, 64),  # docproc's default model (SmolLM2-135M)
    "llama8b": (32, 8, 128),  # a typical 7-8B model (Llama-3-8B, Qwen2.5-7B has 28/4/128)
}
DTYPES = ("float16", "bfloat16")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m kernels.gpu_check", description=__doc__.split("\n\n")[0])
    p.add_argument("--seqlens", default="16384,32768,65536,131072",
                   help="comma-separated sequence lengths for the speed table (default: 16K..128K)")
    p.add_argument("--shapes", default="smollm2,llama8b", help=f"comma-separated head shapes of {sorted(SHAPES)}")
    p.add_argument("--dtype", default="bfloat16", choices=DTYPES, help="dtype of the speed table")
    p.add_argument("--block-size", type=int, default=None, help="selection block size (default: SparseConfig's)")
    p.add_argument("--tau", type=float, default=None, help="mass threshold (default: SparseConfig's)")
    p.add_argument("--n-samples", type=int, default=None, help="sampled rows per query block (default: SparseConfig's)")
    p.add_argument("--inputs", default="synthetic", help="synthetic | random | PATH.pt with q, k, v")
    p.add_argument("--recall-up-to", type=int, default=32768, help="measure true recall up to this length")
    p.add_argument("--rep-ms", type=int, default=200, help="do_bench measuring time per timing (ms)")
    p.add_argument("--quick", action="store_true", help="smollm2 shape, 16K and 64K, fewer correctness cases")
    p.add_argument("--skip-correctness", action="store_true")
    p.add_argument("--skip-bench", action="store_true")
    p.add_argument("--csv", default=None, help="also write the speed table as CSV to this path")
    p.add_argument("--dry-run", action="store_true", help="print the plan and exit (no GPU needed)")
    p.add_argument("--compile-only", action="store_true",
                   help="compile the kernels for Hopper (sm_90) and report shared memory/registers (no GPU needed)")
    args = p.parse_args(argv)
    try:
        args.seqlens = [int(s) for s in str(args.seqlens).split(",") if s.strip()]
    except ValueError:
        p.error(f"--seqlens must be comma-separated integers, got {args.seqlens!r}")
    args.shapes = [s.strip() for s in str(args.shapes).split(",") if s.strip()]
    unknown = [s for s in args.shapes if s not in SHAPES]
    if unknown:
        p.error(f"unknown shape(s) {unknown}; choose from {sorted(SHAPES)}")
    if args.quick:
        args.shapes = ["smollm2"]
        args.seqlens = [16384, 65536]
    if any(s < 1 for s in args.seqlens):
        p.error("--seqlens must be positive")
    return args


def plan(args) -> list[str]:
    lines = []
    if not args.skip_correctness:
        lines.append(f"correctness: {len(correctness_cases(args.quick))} cases ({', '.join(DTYPES)})")
    if not args.skip_bench:
        for shape in args.shapes:
            hq, hkv, d = SHAPES[shape]
            lines.append(f"bench {shape} (Hq={hq}, Hkv={hkv}, D={d}, {args.dtype}, inputs={args.inputs}): "
                         f"S = {', '.join(map(str, args.seqlens))}")
    return lines


# --------------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------------


def _rope(x, positions, base=10000.0):
    # x (B, H, S, D), rotate-half convention as in Llama
    import torch

    d = x.shape[-1]
    inv = base ** (-torch.arange(0, d, 2, device=x.device, dtype=torch.float32) / d)
    ang = positions.float()[:, None] * inv[None, :]  # (S, D/2)
    cos, sin = torch.cat([ang.cos(), ang.cos()], -1), torch.cat([ang.sin(), ang.sin()], -1)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin


def synthetic_qkv(B, hq, hkv, S, D, dtype, seed=0, device="cuda"):
    """q (B,hq,S,D), k/v (B,hkv,S,D) whose causal attention is concentrated: local + sink + heavy hitters."""
    import torch

    g = torch.Generator(device=device).manual_seed(seed)
    G = hq // hkv
    pos = torch.arange(S, device=device)
    # Shared per-KV-head direction u: after RoPE q_t.k_s ~ |u|^2 sum_f cos(theta_f (t-s)), large near t = s.
    u = torch.randn(B, hkv, 1, D, device=device, generator=g)
    u = u / u.norm(dim=-1, keepdim=True) * (2.5 * D ** 0.25)
    k = _rope(u + 0.6 * u.norm(dim=-1, keepdim=True) / D ** 0.5 * torch.randn(B, hkv, S, D, device=device, generator=g),
              pos)
    uq = u.repeat_interleave(G, 1)
    q = _rope(uq + 0.6 * uq.norm(dim=-1, keepdim=True) / D ** 0.5 * torch.randn(B, hq, S, D, device=device,
                                                                                   generator=g), pos)
    # Position-free direction w (added after RoPE): the sink at 0 and ~1 in 300 heavy-hitter keys.
    w = torch.randn(B, hkv, 1, D, device=device, generator=g)
    w = w / w.norm(dim=-1, keepdim=True)
    hot = (torch.rand(S, device=device, generator=g) < 1 / 300).float()
    hot[0] = 2.0
    k = k + (3.0 * D ** 0.25) * hot[None, None, :, None] * w
    q = q + (3.0 * D ** 0.25) * w.repeat_interleave(G, 1)
    v = torch.randn(B, hkv, S, D, device=device, generator=g)
    return q.to(dtype), k.to(dtype), v.to(dtype)


def random_qkv(B, hq, hkv, S, D, dtype, seed=0, device="cuda"):
    import torch

    g = torch.Generator(device=device).manual_seed(seed)
    mk = lambda h: torch.randn(B, h, S, D, device=device, generator=g).to(dtype)  # noqa: E731
    return mk(hq), mk(hkv), mk(hkv)


def load_inputs(args, shape, S, dtype):
    import torch

    hq, hkv, d = SHAPES[shape]
    if args.inputs == "synthetic":
        return synthetic_qkv(1, hq, hkv, S, d, dtype)
    if args.inputs == "random":
        return random_qkv(1, hq, hkv, S, d, dtype)
    saved = torch.load(args.inputs, map_location="cuda")
    if saved["q"].shape[2] < S:
        return None
    return tuple(saved[x][:, :, :S].to(dtype).contiguous() for x in ("q", "k", "v"))


# --------------------------------------------------------------------------------------------------------------------
# Correctness
# --------------------------------------------------------------------------------------------------------------------


def correctness_cases(quick=False, small=False):
    """(B, Hq, Hkv, Sq, Skv, D, block_size, shared index, tile); tile = (BLOCK_M, BLOCK_N, warps, stages) or None
    for the autotuned launch. Fixed tiles cover the Hopper configs without autotuning (compiling) every one of
    them per dtype; `small` = shapes the CPU interpreter runs in seconds."""
    if small:
        return [(2, 4, 2, 40, 70, 32, 32, True, None), (1, 2, 2, 50, 50, 48, 32, False, (32, 16, None, None))]
    cases = [
        (2, 8, 2, 1000, 3000, 64, 64, True, None),
        (1, 9, 3, 2049, 2049, 64, 64, False, (64, 32, 4, 4)),
        (1, 8, 8, 777, 1500, 128, 128, True, (128, 64, 8, 3)),
        (1, 4, 1, 1030, 1030, 80, 64, True, (64, 64, 4, 3)),
        (1, 4, 2, 1100, 1300, 128, 128, False, (128, 128, 8, 3)),
    ]
    return cases[:2] if quick else cases


def _random_index(B, H, sq, skv, bs, keep, device, seed):
    import torch

    from kernels.config import BlockIndex
    from kernels.select import block_layout

    g = torch.Generator().manual_seed(seed)
    _, nq, nk, first, last = block_layout(sq, skv, bs)
    j = torch.arange(nk)
    keep_mask = (torch.rand(B, H, nq, nk, generator=g) < keep) & (j <= last[:, None])
    keep_mask |= (j >= first[:, None]) & (j <= last[:, None])  # diagonal: every row sees itself
    counts = keep_mask.sum(-1).int()
    order = torch.where(keep_mask, j, nk + j).sort(-1).values[..., : int(counts.max())]
    indices = torch.where(torch.arange(order.shape[-1]) < counts[..., None], order, -1).int()
    return BlockIndex(counts.to(device), indices.to(device))


def check_correctness(quick=False, device="cuda", small=False) -> list[tuple[str, bool, str]]:
    """[(case, passed, detail)]. device="cpu", small=True runs the same checks interpreted (no bf16 there)."""
    import torch
    import torch.nn.functional as F

    from kernels.block_sparse import block_sparse_attention
    from kernels.config import SparseConfig
    from kernels.reference import dense_masked_reference
    from kernels.select import estimate_block_scores
    from kernels.select_triton import estimate_block_scores_triton

    tol = {torch.float16: 3e-3, torch.bfloat16: 2e-2, torch.float32: 1e-4}
    low_precision = (torch.float16,) if device == "cpu" else (torch.float16, torch.bfloat16)
    results = []
    for n, (B, hq, hkv, sq, skv, d, bs, shared, tile) in enumerate(correctness_cases(quick, small)):
        # fp32 (FMA dot on the GPU, slow to compile) once, on small tiles
        for dtype in (*low_precision, torch.float32) if n == 0 else low_precision:
            q, k, v = random_qkv(B, hq, hkv, skv, d, dtype, seed=n, device=device)
            q = q[:, :, skv - sq:]  # a non-contiguous suffix view, as in chunked prefill
            index = _random_index(B, hkv if shared else hq, sq, skv, bs, 0.3, device, seed=n)
            run_tile = (32, 32, 4, 2) if dtype == torch.float32 else tile
            launch = {} if run_tile is None else dict(zip(("block_m", "block_n", "num_warps", "num_stages"), run_tile))
            out = block_sparse_attention(q, k, v, index, bs, **launch)
            ref = dense_masked_reference(q.float(), k.float(), v.float(), index, bs)
            err = (out.float() - ref).abs().max().item()
            ok = bool(torch.isfinite(out).all()) and err <= tol[dtype]
            results.append((f"attention B{B} H{hq}/{hkv} Sq{sq} Skv{skv} D{d} bs{bs} "
                            f"{'shared' if shared else 'per-head'} {str(dtype)[6:]} tile {run_tile or 'default'}",
                            ok, f"max err {err:.2e}"))
    # Every block kept at 16K == dense causal SDPA.
    from kernels.select import select_blocks

    S, bs, D, hq = (64, 32, 32, 4) if small else (16384, 128, 128, 8)
    for dtype in low_precision:
        q, k, v = synthetic_qkv(1, hq, 2, S, D, dtype, device=device)
        cfg = SparseConfig(block_size=bs, tau=1.0)
        index = select_blocks(estimate_block_scores_triton(q, k, cfg), cfg, S, S)
        out = block_sparse_attention(q, k, v, index, bs, **({} if small else dict(block_m=128, block_n=64,
                                                                                  num_warps=8, num_stages=3)))
        ref = F.scaled_dot_product_attention(q.float(), k.float().repeat_interleave(hq // 2, 1),
                                             v.float().repeat_interleave(hq // 2, 1), is_causal=True)
        err = (out.float() - ref).abs().max().item()
        n = S // bs
        n_idx_heads = index.counts.shape[1]  # Hkv with a shared selection, Hq without
        ok = err <= tol[dtype] and int(index.counts.sum()) == n_idx_heads * n * (n + 1) // 2  # all causal blocks
        results.append((f"all blocks kept == dense SDPA, S={S} D{D} bs{bs} {str(dtype)[6:]}", ok, f"max err {err:.2e}"))
    # Triton selection == torch selection (kernels.select._select_chunk) on the same scores.
    from kernels.select_triton import select_blocks_triton

    S, bs = (200, 16) if small else (32768 + 100, 64)
    q, k, _ = synthetic_qkv(1, 4, 2, S, 32 if small else 64, low_precision[0], seed=3, device=device)
    for cfg in (SparseConfig(block_size=bs), SparseConfig(block_size=bs, tau=0.8, min_blocks=2, max_blocks=12,
                                                          window_blocks=2, share_kv_group=True)):
        scores = estimate_block_scores_triton(q, k, cfg)
        got = select_blocks_triton(scores, cfg, S, S)
        want = select_blocks(scores.cpu(), cfg, S, S)
        same = torch.equal(got.counts.cpu(), want.counts) and torch.equal(got.indices.cpu(), want.indices)
        differing = int((got.counts.cpu() != want.counts).sum())
        results.append((f"selection S={S} bs{bs} tau {cfg.tau} == torch", same,
                        f"{differing} of {want.counts.numel()} rows differ in count"))
    # Triton block scores == torch estimator.
    S, bs = (96, 32) if small else (8192, 64)
    for dtype in low_precision:
        for shared in (True, False):
            q, k, _ = synthetic_qkv(1, 9, 3, S, 64, dtype, seed=7, device=device)
            q = q[:, :, S // 8:]
            cfg = SparseConfig(block_size=bs, share_kv_group=shared)
            want = estimate_block_scores(q, k, cfg)
            for passes in (1, 2):
                err = (estimate_block_scores_triton(q, k, cfg, passes=passes) - want).abs().max().item()
                results.append((f"block scores sampled ({passes} pass{'es' if passes > 1 else ''}) Sq{q.shape[2]} "
                                f"Skv{S} {'shared' if shared else 'per-head'} {str(dtype)[6:]}", err <= 1e-4,
                                f"max err {err:.2e}"))
    return results


# --------------------------------------------------------------------------------------------------------------------
# Ahead-of-time compilation (no GPU needed)
# --------------------------------------------------------------------------------------------------------------------


def _aot_compile(fn, pointer_types, constexprs, div16, num_warps, num_stages, arch):
    """Compile a @triton.jit kernel for cuda:<arch> as a launch with contiguous (B,H,S,D) tensors would."""
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    signature = {}
    for name in fn.arg_names:
        if name in constexprs:
            signature[name] = "constexpr"
        elif name in pointer_types:
            signature[name] = pointer_types[name]
        else:
            signature[name] = "fp32" if name in ("qk_scale", "tau") else "i32"
    attrs = {(fn.arg_names.index(n),): [["tt.divisibility", 16]] for n in div16 if n in fn.arg_names}
    src = ASTSource(fn, signature, constexprs=constexprs, attrs=attrs)
    return triton.compile(src, target=GPUTarget("cuda", arch, 32),
                          options={"num_warps": num_warps, "num_stages": num_stages})


def _ptxas_usage(ptx: str, arch: int) -> str:
    """'N regs, M spill bytes' from ptxas -v on the kernel's PTX (the ptxas shipped with Triton)."""
    import re
    import subprocess
    import tempfile

    from triton import knobs

    tool = knobs.nvidia.ptxas_blackwell if arch >= 90 else knobs.nvidia.ptxas
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "k.ptx")
        with open(path, "w") as f:
            f.write(ptx)
        suffix = "a" if arch >= 90 else ""
        res = subprocess.run([tool.path, "-v", f"--gpu-name=sm_{arch}{suffix}", path, "-o", path + ".o"],
                             capture_output=True, text=True)
    regs = re.search(r"Used (\d+) registers", res.stderr)
    spills = re.search(r"(\d+) bytes spill stores", res.stderr)
    return f"{regs.group(1) if regs else '?'} regs, {spills.group(1) if spills else '?'} B spilled"


def compile_report(arch: int = 90, quick: bool = False) -> list[dict]:
    """Compile the attention kernel (every autotune config that fits block sizes 64/128) and the score kernel
    for CUDA sm_<arch>, with no GPU: catches compile errors and shows shared memory, registers and spills.
    Must run without TRITON_INTERPRET (the kernels must be JIT functions, not interpreted ones)."""
    from kernels import block_sparse, select_triton
    from kernels.config import SparseConfig

    if not hasattr(block_sparse._block_sparse_fwd, "arg_names"):
        raise RuntimeError("compile_report needs TRITON_INTERPRET unset (run it in its own process)")
    rows = []
    dtypes = ("fp16",) if quick else ("fp16", "bf16")
    for dt in dtypes:
        ptrs = {n: "*" + dt for n in ("Q", "K", "V", "Out")} | {"Counts": "*i32", "Indices": "*i32"}
        div16 = ["Q", "K", "V", "Out", "Counts", "Indices"] + [f"stride_{t}{x}" for t in "qkvo" for x in "bhmn"]
        for head_dim in ((64,) if quick else (64, 128)):
            for bs in ((64,) if quick else (64, 128)):
                configs = block_sparse._prune_configs(block_sparse._GPU_CONFIGS, {}, BS=bs)
                for cfg in (configs[:1] if quick else configs):
                    consts = dict(HEAD_DIM=head_dim, BS=bs, HEAD_DIM_PAD=head_dim, DOT_PRECISION="tf32", **cfg.kwargs)
                    consts.update({f"stride_{t}d": 1 for t in "qkvo"} | {"stride_ik": 1, "stride_cm": 1})
                    t0 = time.time()
                    k = _aot_compile(block_sparse._block_sparse_fwd, ptrs, consts, div16,
                                     cfg.num_warps, cfg.num_stages, arch)
                    rows.append({"kernel": "block_sparse", "dtype": dt, "D": head_dim, "block": bs,
                                 "config": f"M{cfg.kwargs['BLOCK_M']} N{cfg.kwargs['BLOCK_N']} "
                                           f"w{cfg.num_warps} s{cfg.num_stages}",
                                 "shared_kib": k.metadata.shared / 1024, "usage": _ptxas_usage(k.asm["ptx"], arch),
                                 "seconds": time.time() - t0})
        for head_dim, g in (((64, 3),) if quick else ((64, 3), (128, 4))):
            ptrs = {"Q": "*" + dt, "K": "*" + dt, "Out": "*fp32"}
            ns = SparseConfig().n_samples
            ns_pad = max(triton_next_pow2(ns), -(-16 // triton_next_pow2(g)))  # as estimate_block_scores_triton
            tile_rows = triton_next_pow2(g) * ns_pad
            consts = dict(HEAD_DIM=head_dim, G=g, G_PAD=triton_next_pow2(g), N_SAMPLES=ns, NS_PAD=ns_pad, BS=64,
                          QB=select_triton.query_blocks_per_program(tile_rows),
                          BLOCK_N=64, HEAD_DIM_PAD=head_dim, DOT_PRECISION="tf32",
                          stride_qd=1, stride_kd=1, stride_on=1)
            div16 = ["Q", "K", "Out", "stride_qb", "stride_qh", "stride_qm", "stride_kb", "stride_kh", "stride_kn",
                     "stride_ob", "stride_oh"]
            launch = select_triton.score_launch(consts["QB"] * tile_rows)
            for name, kernel, extra in (
                ("sampled_scores", select_triton._sampled_scores_kernel, {}),
                ("sampled_scores_one_pass", select_triton._sampled_scores_one_pass_kernel,
                 {"JB": select_triton.SCORE_FINAL_BLOCKS}),
            ):
                t0 = time.time()
                k = _aot_compile(kernel, ptrs | {"Scratch": "*fp32"}, consts | extra, div16, launch["num_warps"],
                                 launch["num_stages"], arch)
                rows.append({"kernel": name, "dtype": dt, "D": head_dim, "block": 64,
                             "config": f"G{g} samples{ns} x{consts['QB']} blocks w{launch['num_warps']} "
                                       f"s{launch['num_stages']}",
                             "shared_kib": k.metadata.shared / 1024,
                             "usage": _ptxas_usage(k.asm["ptx"], arch), "seconds": time.time() - t0})
    for nk_pad in ((2048,) if quick else (256, 2048, select_triton.MAX_SELECT_BLOCKS)):  # 16K, 128K, 256K tokens
        launch = select_triton.select_launch(nk_pad)
        t0 = time.time()
        k = _aot_compile(select_triton._select_blocks_kernel,
                         {"Scores": "*fp32", "Counts": "*i32", "Indices": "*i32"},
                         dict(BS=64, NK_PAD=nk_pad, KEEP_ALL=False, stride_sn=1, stride_ik=1),
                         ["Scores", "Counts", "Indices"], launch["num_warps"], launch["num_stages"], arch)
        rows.append({"kernel": "select_blocks", "dtype": "fp32", "D": "-", "block": 64,
                     "config": f"{nk_pad} key blocks w{launch['num_warps']}", "shared_kib": k.metadata.shared / 1024,
                     "usage": _ptxas_usage(k.asm["ptx"], arch), "seconds": time.time() - t0})
    return rows


def triton_next_pow2(n: int) -> int:
    return 1 << max(0, (n - 1).bit_length())


# --------------------------------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------------------------------


def _bench(fn, rep_ms):
    import triton

    return triton.testing.do_bench(fn, warmup=max(25, rep_ms // 4), rep=rep_ms, return_mode="median")


def _dense_flash(q, k, v):
    """Causal flash SDPA; GQA natively when this torch supports it, else K/V expanded beforehand (not timed)."""
    import torch
    import torch.nn.functional as F
    from torch.nn.attention import SDPBackend, sdpa_kernel

    G = q.shape[1] // k.shape[1]
    try:
        with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
            F.scaled_dot_product_attention(q[:, :, :128], k[:, :, :128], v[:, :, :128], is_causal=True,
                                           enable_gqa=True)

        def run():
            with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
                return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)

        return run, "flash (native GQA)"
    except (RuntimeError, TypeError):
        ke, ve = k.repeat_interleave(G, 1), v.repeat_interleave(G, 1)
        torch.cuda.synchronize()

        def run():
            with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
                return F.scaled_dot_product_attention(q, ke, ve, is_causal=True)

        return run, "flash (K/V expanded)"


def bench_one(args, shape, S, dtype):
    import torch

    import kernels
    from kernels.block_sparse import block_sparse_attention
    from kernels.config import SparseConfig
    from kernels.reference import attention_recall
    from kernels.select import select_blocks, structural_mask
    from kernels.select_triton import estimate_block_scores_triton

    inputs = load_inputs(args, shape, S, dtype)
    if inputs is None:
        return None
    q, k, v = inputs
    overrides = {}
    if args.block_size:
        overrides["block_size"] = args.block_size
    if args.tau is not None:
        overrides["tau"] = args.tau
    if args.n_samples:
        overrides["n_samples"] = args.n_samples
    cfg = SparseConfig(**overrides, dense_below=0)
    bs = cfg.block_size

    scores = estimate_block_scores_triton(q, k, cfg)
    index = select_blocks(scores, cfg, S, S)
    out = block_sparse_attention(q, k, v, index, bs)  # autotunes once per shape
    _, causal = structural_mask(S, S, cfg, q.device)
    density = int(index.counts.long().sum()) / (int(causal.sum()) * index.counts.shape[0] * index.counts.shape[1])
    dense_fn, dense_kind = _dense_flash(q, k, v)
    dense_out = dense_fn()
    rel_err = ((out.float() - dense_out.float()).norm() / dense_out.float().norm()).item()
    del dense_out

    def pipeline():
        sc = estimate_block_scores_triton(q, k, cfg)
        return block_sparse_attention(q, k, v, select_blocks(sc, cfg, S, S), bs)

    row = {
        "shape": shape, "S": S, "dtype": str(dtype)[6:], "block": bs, "samples": cfg.n_samples, "tau": cfg.tau,
        "density": density, "rel_err": rel_err, "dense_kind": dense_kind,
    }
    row["dense_ms"] = _bench(dense_fn, args.rep_ms)
    row["sparse_ms"] = _bench(pipeline, args.rep_ms)
    row["attend_ms"] = _bench(lambda: block_sparse_attention(q, k, v, index, bs), args.rep_ms)
    row["scores_ms"] = _bench(lambda: estimate_block_scores_triton(q, k, cfg), args.rep_ms)
    # the two-pass score kernel beside the default one-pass one (same scores; which is faster is measured here)
    row["scores_2pass_ms"] = _bench(lambda: estimate_block_scores_triton(q, k, cfg, passes=2), args.rep_ms)
    row["select_ms"] = _bench(lambda: select_blocks(scores, cfg, S, S), args.rep_ms)
    try:  # the library entry point (its own choice of score path) for comparison; never fatal here
        row["k1_sparse_attention_ms"] = _bench(lambda: kernels.sparse_attention(q, k, v, cfg), args.rep_ms)
    except Exception as exc:  # noqa: BLE001
        print(f"  kernels.sparse_attention failed at S={S}: {type(exc).__name__}: {exc}", flush=True)
        row["k1_sparse_attention_ms"] = None
    row["selection_share"] = (row["scores_ms"] + row["select_ms"]) / row["sparse_ms"]
    row["speedup"] = row["dense_ms"] / row["sparse_ms"]
    row["recall"] = None
    if S <= args.recall_up_to:
        row["recall"] = float(attention_recall(q, k, index, bs, rows_per_chunk=512).mean())
    torch.cuda.synchronize()
    return row


COLUMNS = [
    ("shape", "shape", "{}"), ("S", "S", "{}"), ("dtype", "dtype", "{}"), ("block", "block", "{}"),
    ("samples", "samples", "{}"), ("tau", "tau", "{}"), ("density", "density", "{:.3f}"),
    ("recall", "recall", "{:.3f}"), ("rel_err", "rel. L2 err", "{:.4f}"), ("dense_ms", "flash SDPA ms", "{:.2f}"),
    ("sparse_ms", "sparse ms", "{:.2f}"), ("attend_ms", "attend ms", "{:.2f}"), ("scores_ms", "scores ms", "{:.2f}"),
    ("scores_2pass_ms", "scores 2-pass ms", "{:.2f}"), ("select_ms", "select ms", "{:.2f}"),
    ("selection_share", "selection share", "{:.0%}"),
    ("speedup", "speedup", "{:.2f}x"), ("k1_sparse_attention_ms", "sparse_attention() ms", "{:.2f}"),
]


def markdown_table(rows) -> str:
    head = "| " + " | ".join(c[1] for c in COLUMNS) + " |"
    sep = "|" + "|".join("---" for _ in COLUMNS) + "|"
    body = []
    for r in rows:
        cells = ["-" if r.get(key) is None else fmt.format(r[key]) for key, _, fmt in COLUMNS]
        body.append("| " + " | ".join(cells) + " |")
    return "\n".join([head, sep, *body])


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.dry_run:
        print("\n".join(plan(args)))
        return 0
    # The point is the compiled kernels: never run them interpreted here.
    os.environ.pop("TRITON_INTERPRET", None)
    if args.compile_only:
        rows = compile_report(quick=args.quick)
        print("| kernel | dtype | D | block | config | shared KiB | ptxas | compile s |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['kernel']} | {r['dtype']} | {r['D']} | {r['block']} | {r['config']} | "
                  f"{r['shared_kib']:.0f} | {r['usage']} | {r['seconds']:.1f} |")
        return 0
    import torch

    if not torch.cuda.is_available():
        print("kernels.gpu_check needs a CUDA GPU (none found); use --dry-run to see the plan", file=sys.stderr)
        return 2
    torch.manual_seed(0)
    print(f"# kernels.gpu_check on {torch.cuda.get_device_name()} — torch {torch.__version__}, "
          f"triton {__import__('triton').__version__}, {time.strftime('%Y-%m-%d %H:%M')}\n")
    failed = 0
    if not args.skip_correctness:
        t0 = time.time()
        results = check_correctness(args.quick)
        print("## Correctness (un-interpreted Triton vs torch reference)\n")
        for name, ok, detail in results:
            print(f"- {'PASS' if ok else 'FAIL'} {name}: {detail}")
            failed += not ok
        print(f"\n{len(results) - failed}/{len(results)} passed in {time.time() - t0:.0f} s\n", flush=True)
    if not args.skip_bench:
        dtype = getattr(torch, args.dtype)
        rows = []
        for shape in args.shapes:
            for S in args.seqlens:
                t0 = time.time()
                try:
                    row = bench_one(args, shape, S, dtype)
                except torch.cuda.OutOfMemoryError:
                    print(f"- {shape} S={S}: out of GPU memory, skipped", flush=True)
                    torch.cuda.empty_cache()
                    continue
                if row is None:
                    print(f"- {shape} S={S}: inputs shorter than {S}, skipped", flush=True)
                    continue
                rows.append(row)
                # each row as soon as it is measured: a lease that runs out still leaves the rows done so far
                print(f"- {shape} S={S}: done in {time.time() - t0:.0f} s (dense: {row['dense_kind']})\n"
                      f"  {markdown_table([row]).splitlines()[-1]}", flush=True)
                torch.cuda.empty_cache()
        print(f"\n## Speed: dense flash SDPA vs sparse (Triton scores + select + Triton attention), {args.dtype}, "
              f"inputs={args.inputs}, medians of do_bench\n")
        print(markdown_table(rows))
        if args.csv and rows:
            with open(args.csv, "w", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
