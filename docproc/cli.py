"""The `docproc` command: parses options, calls the library, prints. No logic lives here."""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path
from typing import List, Optional

import typer

from docproc import log
from docproc.errors import DocprocError, visible
from docproc.settings import RunSettings

app = typer.Typer(
    help="Summarize long PDFs and text files offline with a local language model.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: typer's rich panels print every flag as taking a value ("--json <bool>": review74 L1)
    rich_markup_mode=None,
)
models_app = typer.Typer(help="List and fetch models.", no_args_is_help=True)
bench_app = typer.Typer(help="Measure accuracy, speed, memory and cost.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(bench_app, name="bench")


def _print_version(value: bool) -> None:
    if value:
        from docproc import __version__

        typer.echo(f"docproc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass  # the app's help (above) describes the command

# ---- options shared by summarize / keypoints / extract -------------------------------------------

def _path(value) -> Path:
    """A path option's value; an empty one (`-o "$OUT"` with OUT unset in a cron script) would mean the current
    folder: the outputs would land among the inputs."""
    if not str(value).strip():
        raise typer.BadParameter("an empty path (an unset shell variable?): give a path")
    return Path(value)


InputsArg = typer.Argument(..., metavar="INPUTS", help="Files or folders to process; '-' reads stdin.")
OutputOpt = typer.Option(None, "-o", "--output", parser=_path, metavar="DIR",
                         help="Write DIR/<path>.md instead of stdout.")
JsonOpt = typer.Option(False, "--json", help="Print the result as JSON.")
ModelOpt = typer.Option("smollm2-135m", "--model", "-m", metavar="NAME",
                        help="Registered name, Hugging Face id, or local path.")
DeviceOpt = typer.Option("auto", "--device", help="auto | cuda | cpu")
AttentionOpt = typer.Option("auto", "--attention", help="auto | sparse | dense (auto: sparse for long inputs)")
TauOpt = typer.Option(None, "--sparse-tau", help="Attention mass the sparse selection keeps (0-1].")
BlockOpt = typer.Option(None, "--sparse-block", help="Sparse block size in tokens (64 or 128).")
PagesOpt = typer.Option(None, "--pages", metavar="PAGES", help="Pages to use, e.g. 3-10,12 (also 5- and -2).")
LanguageOpt = typer.Option("auto", "--language", help="Output language: auto | en | ja | ...")
LengthOpt = typer.Option("medium", "--length", help="short | medium | long")
PasswordOpt = typer.Option(None, "--password", metavar="TEXT", help="Password of an encrypted PDF.")
ForceOpt = typer.Option(False, "--force", help="Redo outputs that are up to date.")
GlobOpt = typer.Option(None, "--glob", metavar="PATTERN",
                       help="Only files matching this pattern in folders (repeatable).")
ReportOpt = typer.Option(None, "--report", parser=_path, metavar="FILE", help="Write a per-file JSON report here.")
FailFastOpt = typer.Option(False, "--fail-fast", help="Stop at the first failed file.")
TimeoutOpt = typer.Option(None, "--timeout", metavar="SECONDS", help="Seconds allowed per document (inf: no limit).")
ShardOpt = typer.Option(None, "--shard", metavar="K/N", help="K/N: process only the K-th of N deterministic shards.")
QuietOpt = typer.Option(False, "-q", "--quiet", help="Errors only.")
VerboseOpt = typer.Option(False, "-v", "--verbose", help="More detail.")


def friendly_errors(fn):
    """Turn expected failures into one line on stderr and an exit code: never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from docproc.batch import stop_signals_as_interrupt

        try:
            with stop_signals_as_interrupt():  # SIGTERM (kill, Slurm) stops a command like Ctrl-C: exit 130
                return fn(*args, **kwargs)
        except DocprocError as exc:
            log.error(exc.one_line())
            raise typer.Exit(exc.exit_code)
        except KeyboardInterrupt:
            log.error("interrupted")
            raise typer.Exit(130)
        except OSError as exc:  # a path of the command line that cannot be looked at (-o, --report, --model):
            # a folder on the way without search permission, a name over 255 bytes (each input fails alone)
            where = f"{visible(os.fsdecode(exc.filename))}: " if exc.filename else ""
            log.error(f"{where}cannot access ({exc.strerror or exc}) — check the path and the permissions of the "
                      "folders on it")
            raise typer.Exit(2)

    return wrapper


def _run(settings: RunSettings) -> None:
    from docproc import batch

    log.set_verbosity(settings.quiet, settings.verbose)
    raise typer.Exit(batch.run(settings))


def _model_command(command: str):
    def command_fn(
        inputs: List[str] = InputsArg,
        output: Optional[Path] = OutputOpt,
        json: bool = JsonOpt,
        model: str = ModelOpt,
        device: str = DeviceOpt,
        attention: str = AttentionOpt,
        sparse_tau: Optional[float] = TauOpt,
        sparse_block: Optional[int] = BlockOpt,
        pages: Optional[str] = PagesOpt,
        language: str = LanguageOpt,
        length: str = LengthOpt,
        password: Optional[str] = PasswordOpt,
        force: bool = ForceOpt,
        glob: Optional[List[str]] = GlobOpt,
        report: Optional[Path] = ReportOpt,
        fail_fast: bool = FailFastOpt,
        timeout: Optional[float] = TimeoutOpt,
        shard: Optional[str] = ShardOpt,
        quiet: bool = QuietOpt,
        verbose: bool = VerboseOpt,
    ) -> None:
        _run(RunSettings(
            command=command, inputs=list(inputs), output_dir=output, json=json, model=model,
            device=device, attention=attention, sparse_tau=sparse_tau, sparse_block=sparse_block,
            pages=pages, language=language, length=length, password=password, force=force,
            globs=list(glob or []), report=report, fail_fast=fail_fast, timeout=timeout,
            shard=shard, quiet=quiet, verbose=verbose,
        ))

    return command_fn


app.command("summarize", help="Summary and key points (with page citations) as Markdown.")(
    friendly_errors(_model_command("summarize"))
)
app.command("keypoints", help="Key points only, each citing its pages.")(friendly_errors(_model_command("keypoints")))


@app.command("extract", help="The cleaned text of each page as Markdown (no model).")
@friendly_errors
def extract(
    inputs: List[str] = InputsArg,
    output: Optional[Path] = OutputOpt,
    json: bool = JsonOpt,
    pages: Optional[str] = PagesOpt,
    password: Optional[str] = PasswordOpt,
    force: bool = ForceOpt,
    glob: Optional[List[str]] = GlobOpt,
    report: Optional[Path] = ReportOpt,
    fail_fast: bool = FailFastOpt,
    timeout: Optional[float] = TimeoutOpt,
    shard: Optional[str] = ShardOpt,
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    _run(RunSettings(
        command="extract", inputs=list(inputs), output_dir=output, json=json, pages=pages,
        password=password, force=force, globs=list(glob or []), report=report,
        fail_fast=fail_fast, timeout=timeout, shard=shard, quiet=quiet, verbose=verbose,
    ))


# ---- models ---------------------------------------------------------------------------------------


@models_app.command("list", help="Known models, whether they are cached, and their sizes.")
@friendly_errors
def models_list(json: bool = JsonOpt) -> None:
    from docproc import models

    models.print_model_list(as_json=json)


@models_app.command("pull", help="Download (or convert) a model into the cache now.")
@friendly_errors
def models_pull(name: str = typer.Argument(..., help="Registered name, Hugging Face id, or path.")) -> None:
    from docproc import models

    path = models.pull_model(name)
    log.info(f"{name}: ready in {path}")


# ---- bench: thin shells over docproc.bench, docproc.fidelity and kernels.bench ------------------------


@bench_app.command("report", help="Trial on your documents: dense vs sparse accuracy, speed, memory and cost.")
@friendly_errors
def bench_report(
    docs: Optional[List[str]] = typer.Argument(None, help="Documents or folders to measure."),
    output: Path = typer.Option(Path("docproc-report"), "-o", "--output", parser=_path, help="Report folder."),
    references: Optional[Path] = typer.Option(None, "--references", parser=_path,
                                              help="Folder of reference <stem>.md summaries."),
    gpu_hourly_price: float = typer.Option(2.50, "--gpu-hourly-price", help="$ per GPU hour (on CUDA)."),
    cpu_hourly_price: float = typer.Option(0.20, "--cpu-hourly-price", help="$ per hour of the CPU machine."),
    model: str = ModelOpt,
    device: str = DeviceOpt,
    repeats: int = typer.Option(3, "--repeats", help="Runs per document and mode; medians are reported."),
    synthetic: Optional[str] = typer.Option(None, "--synthetic", help="Add synthetic documents, e.g. 8k,16k,32k."),
    synthetic_language: str = typer.Option("en", "--synthetic-language", help="en | ja | all sample sources."),
    synthetic_from: Optional[Path] = typer.Option(None, "--synthetic-from", parser=_path,
                                                  help="Folder of sources (default samples/)."),
    length: str = LengthOpt,
    language: str = LanguageOpt,
    pages: Optional[str] = PagesOpt,
    sparse_mode: str = typer.Option("auto", "--sparse-mode", help="Sparse arm: auto (from dense_below) | sparse."),
    sparse_tau: Optional[float] = TauOpt,
    sparse_block: Optional[int] = BlockOpt,
    max_new_tokens: Optional[int] = typer.Option(None, "--max-new-tokens", help="Cap generated tokens per pass."),
    warmup: bool = typer.Option(True, "--warmup/--no-warmup", help="One unmeasured run per mode first."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    from docproc import bench

    log.set_verbosity(quiet, verbose)
    raise typer.Exit(bench.run_report(bench.BenchSettings(
        docs=list(docs or []), output_dir=output, references=references, gpu_hourly_price=gpu_hourly_price,
        cpu_hourly_price=cpu_hourly_price, model=model, device=device, repeats=repeats, synthetic=synthetic,
        synthetic_language=synthetic_language, synthetic_from=synthetic_from, length=length, language=language,
        pages=pages, sparse_mode=sparse_mode, sparse_tau=sparse_tau, sparse_block=sparse_block,
        max_new_tokens=max_new_tokens, warmup=warmup,
    )))


@bench_app.command("fidelity", help="Dense vs sparse attention on one model: perplexity, needles, summaries.")
@friendly_errors
def bench_fidelity(
    files: Optional[List[str]] = typer.Argument(None, help="Documents to summarize both ways (default: samples/)."),
    model: str = ModelOpt,
    device: str = DeviceOpt,
    lengths: str = typer.Option("4k,8k", "--lengths", help="Contexts for perplexity / top-1 / KL ('' skips)."),
    ppl_tokens: int = typer.Option(1024, "--ppl-tokens", help="Tokens scored at the end of each context."),
    needle_lengths: str = typer.Option("2k,4k,8k", "--needle-lengths", help="Needle prompt lengths ('' skips)."),
    depths: str = typer.Option("10,25,50,75,90", "--depths", help="Needle depths in % of the document."),
    needles: int = typer.Option(4, "--needles", help="Documents per length, each with a fact at every depth."),
    haystack: str = typer.Option("samples", "--haystack", help="Long text: samples | essays | FILE."),
    seed: int = typer.Option(0, "--seed", help="Needle facts and haystack stretches (split long runs by seed)."),
    summaries: bool = typer.Option(True, "--summaries/--no-summaries", help="Greedy summaries, ROUGE-L."),
    summary_tokens: int = typer.Option(128, "--summary-tokens", help="Tokens generated per summary."),
    recall: bool = typer.Option(True, "--recall/--no-recall", help="Measure kept attention mass per layer."),
    sparse_mode: str = typer.Option("sparse", "--sparse-mode", help="Sparse arm: sparse (always) | auto."),
    sparse_tau: Optional[float] = TauOpt,
    sparse_block: Optional[int] = BlockOpt,
    output: Optional[Path] = typer.Option(None, "-o", "--output", parser=_path, help="Write the report to this file."),
    json: bool = typer.Option(False, "--json", help="JSON instead of Markdown."),
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
) -> None:
    from docproc import fidelity
    from docproc.errors import UsageError

    log.set_verbosity(quiet, verbose)
    if files and not summaries:
        raise UsageError("FILES are only summarized, and --no-summaries skips that",
                         hint="drop --no-summaries, or the files")
    files = list(files) if files else fidelity.default_files()
    fidelity.check_output(output, [*files, haystack])
    options = fidelity.FidelityOptions(
        files=files, model=model, device=device,
        sparse_config=fidelity.make_sparse_config(sparse_tau, sparse_block), sparse_mode=sparse_mode,
        haystack=haystack, ppl_lengths=fidelity.parse_ints(lengths, "lengths"), ppl_tokens=ppl_tokens,
        needle_lengths=fidelity.parse_ints(needle_lengths, "needle lengths"),
        depths=fidelity.parse_ints(depths, "depths", example="10,50,90 (percent)", minimum=0), needles=needles,
        summaries=summaries,
        summary_tokens=summary_tokens, recall=recall, seed=seed)
    fidelity.write_report(fidelity.run_fidelity(options), output, json)


@bench_app.command("attention", help="Sparse vs dense SDPA on one attention layer: density, recall, speed, memory.")
@friendly_errors
def bench_attention(
    lengths: Optional[str] = typer.Option(None, "--lengths", help="e.g. 4k,8k,16k,32k (default: up to 32k on CPU, 128k on GPU)."),
    source: str = typer.Option("auto", "--source", help="auto | real (SmolLM2 activations) | random"),
    repeats: int = typer.Option(3, "--repeats", help="Interleaved repeats; medians are reported."),
    device: Optional[str] = typer.Option(None, "--device", help="auto | cpu | cuda | cuda:N (default auto: cuda if present)."),
    dtype: Optional[str] = typer.Option(None, "--dtype", help="auto | float32 | float16 | bfloat16 (auto, the "
                                        "default: float32 on a CPU, bfloat16 on a GPU)."),
    csv: Optional[Path] = typer.Option(None, "--csv", parser=_path, help="Also write the table as CSV here."),
    tau: Optional[float] = typer.Option(None, "--tau", help="Override SparseConfig.tau."),
    estimator: Optional[str] = typer.Option(None, "--estimator", help="sampled | pooled | antidiagonal"),
    no_memory: bool = typer.Option(False, "--no-memory", help="Skip the peak-memory subprocesses."),
    no_recall: bool = typer.Option(False, "--no-recall", help="Skip the exact recall (costs a dense pass)."),
    layer: Optional[int] = typer.Option(None, "--layer", help="SmolLM2 layer whose activations are used (default "
                                        "15); a layer's first use captures 32K tokens once (~1 min on a CPU)."),
) -> None:
    from docproc.errors import OutputError, UsageError
    from kernels import bench

    if source not in ("auto", "real", "random"):
        raise UsageError(f"bad --source {source!r}", hint="use auto, real or random")
    argv = [f"--source={source}", f"--repeats={repeats}"]
    for flag, value in (("--lengths", lengths), ("--device", device), ("--dtype", dtype), ("--csv", csv),
                        ("--tau", tau), ("--estimator", estimator), ("--layer", layer)):
        if value is not None:
            argv.append(f"{flag}={value}")  # '=': a value starting with '-' is not taken for an option
    argv += ["--no-memory"] * no_memory + ["--no-recall"] * no_recall
    try:
        code = bench.main(argv)
    except ValueError as exc:
        raise UsageError(str(exc), hint="see docproc bench attention --help") from None
    except bench.CsvNotWritten as exc:
        raise OutputError(str(exc), hint="choose another --csv path; the figures above are complete") from None
    raise typer.Exit(code)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# click's UsageError, as the typer in use ships it (its own copy of click from 0.2x on, click before)
_OptionError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def main() -> None:
    """Entry point of the `docproc` script and `python -m docproc`."""
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM (cron, Slurm) is exit 130 from here on, not only in a batch
    try:
        code = app(standalone_mode=False)
    except _OptionError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `docproc`, `docproc bench` alone: typer printed the help
            sys.exit(2)
        # one line, as every other error (a box of five under cron's mail is hard to read)
        command = exc.ctx.command_path if exc.ctx else "docproc"
        log.error(f"{' '.join(exc.format_message().split()).rstrip('.')} — see {command} --help")
        sys.exit(2)
    except KeyboardInterrupt:
        log.error("interrupted")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
