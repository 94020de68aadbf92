"""The attention benchmark (`python -m kernels.bench` / `docproc bench attention`) on random q/k/v: a real run."""

import csv
import signal
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from docproc.cli import app
from kernels import bench


def test_bench_attention_runs_and_writes_its_table(tmp_path):
    out = tmp_path / "attention.csv"
    res = CliRunner().invoke(app, ["bench", "attention", "--source", "random", "--lengths", "4k", "--repeats", "1",
                                   "--no-memory", "--csv", str(out), "--layer", "16"])
    assert res.exit_code == 0, res.output
    assert "| 4096 |" in res.stdout and "source: random activations;" in res.stdout
    # the header shows the config measured: the sparse path at every length
    assert "dense_below=0," in res.stdout and "(dense_below=4096 ignored: sparse at every length)" in res.stdout
    [row] = list(csv.DictReader(out.open()))
    assert row["tokens"] == "4096" and 0 < float(row["density"]) <= 1 and 0 < float(row["recall"]) <= 1
    assert float(row["speedup"]) > 0


@pytest.mark.parametrize("args, message", [
    (["--layer", "30"], "--layer must be in 0-29, got 30"),
    (["--layer", "-1"], "--layer must be in 0-29"),
    (["--lengths", "abc"], "bad length 'abc'"),
    (["--repeats", "0"], "--repeats must be at least 1"),
    (["--tau", "2"], "tau must be in (0, 1]"),
    (["--device", "tpu9"], "unknown --device 'tpu9'"),
    (["--device", "mps"], "unknown --device 'mps'"),  # torch parses it; neither path is measured there
    (["--device", "meta"], "unknown --device 'meta'"),
    (["--dtype", "float64"], "invalid choice: 'float64'"),
    (["--csv", "{tmp}/missing/attention.csv"], "folder {tmp}/missing does not exist"),
    (["--csv", "{tmp}"], "is a directory"),
    (["--csv", "{tmp}/afile/attention.csv"], "{tmp}/afile is a file, not a folder"),
])
def test_bad_arguments_get_one_line_and_status_2_before_any_work(args, message, tmp_path, monkeypatch, capsys):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    (tmp_path / "afile").write_text("")
    monkeypatch.setattr(bench, "run_bench", lambda *a, **k: pytest.fail("the benchmark ran"))
    monkeypatch.setattr("sys.argv", ["python -m kernels.bench", "--source", "random", "--lengths", "4k", *args])
    assert bench._cli() == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m kernels.bench: error: ") and err.count("\n") == 1
    assert message.replace("{tmp}", str(tmp_path)) in err
    # the docproc CLI says the same in its own words, without a traceback
    res = CliRunner().invoke(app, ["bench", "attention", "--source", "random", "--lengths", "4k", *args])
    assert res.exit_code != 0 and "Traceback" not in res.output


@pytest.mark.parametrize("args, message", [
    (["--source", "foo"], "bad --source 'foo' — use auto, real or random"),
    (["--lengths=-4k"], "bad length '-4k'"),
    (["--lengths", "inf"], "bad length 'inf'"),
    (["--lengths", "1e12"], "bad length '1e12'"),
    (["--lengths", "99999k"], "bad length '99999k'"),
    (["--lengths", ""], "--lengths is empty"),  # not the full default benchmark
    (["--tau=-1"], "tau must be in (0, 1]"),
])
def test_docproc_bench_attention_bad_values_are_one_docproc_line(args, message, monkeypatch):
    monkeypatch.setattr(bench, "run_bench", lambda *a, **k: pytest.fail("the benchmark ran"))
    res = CliRunner().invoke(app, ["bench", "attention", "--repeats", "1", "--no-memory", *args])
    assert res.exit_code == 2, res.output
    assert "docproc: error: " in res.output
    assert res.output.count("\n") == 1 and message in res.output
    assert "usage:" not in res.output and "kernels.bench" not in res.output


def test_kernels_bench_argparse_errors_are_one_line(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["python -m kernels.bench", "--source", "foo"])
    assert bench._cli() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'foo'" in err and "usage:" not in err


def test_device_auto_is_the_default(monkeypatch):
    seen = []
    monkeypatch.setattr(bench, "run_bench", lambda *a, **k: seen.append(k["device"]))
    assert bench.main(["--source", "random", "--lengths", "4k", "--device", "auto"]) == 0
    assert seen == [None]  # cuda when present, else cpu


def test_a_csv_that_cannot_be_written_at_the_end_is_one_line_and_leaves_no_temp_file(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "gone"
    folder.mkdir()
    rows = [{"tokens": 4096, "density": 0.5}]

    def run_then_lose_the_folder(*a, **k):
        folder.rmdir()  # removed while the benchmark ran
        bench.write_csv(rows, folder / "a.csv")

    monkeypatch.setattr(bench, "run_bench", run_then_lose_the_folder)
    monkeypatch.setattr("sys.argv", ["python -m kernels.bench", "--source", "random", "--lengths", "4k",
                                     "--csv", str(folder / "a.csv")])
    assert bench._cli() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a.csv not written" in err and "the table is on stdout" in err
    folder.mkdir()
    res = CliRunner().invoke(app, ["bench", "attention", "--source", "random", "--lengths", "4k", "--csv",
                                   str(folder / "a.csv")])
    assert res.exit_code == 1 and res.output.count("\n") == 1 and "not written" in res.output, res.output
    (folder / "sub").mkdir(parents=True)
    with pytest.raises(bench.CsvNotWritten):
        bench.write_csv(rows, folder / "sub")  # a folder where the file should go: refused, temp file removed
    assert list(folder.iterdir()) == [folder / "sub"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_with_status_130_and_one_line(sig, monkeypatch, capsys):
    def interrupted(*a, **k):
        # raise_signal runs the handler before it returns; os.kill(os.getpid()) may leave it pending past the next
        # line when another thread takes the signal (CI failed so once, on a loaded machine)
        signal.raise_signal(sig)
        pytest.fail("the signal did not stop the benchmark")

    monkeypatch.setattr(bench, "run_bench", interrupted)
    monkeypatch.setattr("sys.argv", ["python -m kernels.bench", "--source", "random", "--lengths", "4k"])
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    assert bench._cli() == 130
    assert capsys.readouterr().err == "python -m kernels.bench: interrupted\n"
    assert {s: signal.getsignal(s) for s in before} == before  # the previous handlers are back
    res = CliRunner().invoke(app, ["bench", "attention", "--source", "random", "--lengths", "4k"])
    assert res.exit_code == 130 and "interrupted" in res.output and "Traceback" not in res.output


def test_temp_files_of_killed_runs_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = tmp_path / f".a.csv.{dead.pid}.tmp"  # a run killed hard (SIGKILL, out of memory) left it
    live = tmp_path / ".a.csv.1.tmp"  # a run still going (process 1 always is)
    other = tmp_path / f".b.csv.{dead.pid}.tmp"  # another file's
    for f in (gone, live, other):
        f.write_text("x")
    bench.write_csv([{"tokens": 4096}], tmp_path / "a.csv")
    assert not gone.exists() and live.exists() and other.exists() and (tmp_path / "a.csv").exists()


def test_a_capture_says_what_it_does_and_gives_real_activations(tmp_path, capsys):
    """review28 F5: the first benchmark run captured activations for 14 minutes without a word (the help said
    "about a minute"). A capture now says what it runs and where it caches, and how long it took."""
    q, k, v = bench.capture_activations(128, layer=1, cache_dir=tmp_path)
    assert (q.shape, k.shape, v.shape) == ((1, 9, 128, 64), (1, 3, 128, 64), (1, 3, 128, 64))
    assert q.abs().sum() > 0 and not q.isnan().any()
    err = capsys.readouterr().err
    assert "capturing q/k/v of SmolLM2 layer 1 over 128 tokens" in err and str(tmp_path) in err
    assert "captured in" in err
    # cached: the second call reads the file, says nothing and gives the same tensors
    again = bench.capture_activations(64, layer=1, cache_dir=tmp_path)
    assert "capturing" not in capsys.readouterr().err
    assert all((a == b[:, :, :64]).all() for a, b in zip(again, (q, k, v)))


def test_the_timed_selection_is_the_sparse_paths_own_and_the_dtype_is_chosen(monkeypatch):
    """On a GPU the bench timed the torch estimator while the sparse path ran the Triton one, and compared float32
    (which flash SDPA does not take) where models run bfloat16: the selection is now the path's own estimator
    (kernels._estimator) and the dtype bfloat16 on a GPU, float32 on a CPU, or the one asked for."""
    import torch

    import kernels
    from kernels import SparseConfig

    assert bench.default_dtype("cpu") == torch.float32 and bench.default_dtype("cuda:0") == torch.bfloat16
    asked = []
    real = kernels._estimator
    monkeypatch.setattr(kernels, "_estimator", lambda q: asked.append(q.dtype) or real(q))
    row = bench.bench_length(256, SparseConfig(block_size=32), source="random", repeats=1, memory=False,
                             recall=False, dtype=torch.bfloat16)
    assert row["dtype"] == "bfloat16" and asked and set(asked) == {torch.bfloat16}
    assert 0 < row["density"] <= 1 and row["select_s"] > 0


def test_real_activations_are_captured_on_the_benchs_device(monkeypatch):
    # On a GPU machine the 64K and 128K captures ran SmolLM2 on the CPU (hours); the capture now runs where the
    # bench does.
    import torch

    seen = {}

    def fake_capture(n_tokens, layer, **kwargs):
        seen.update(kwargs)
        return bench.random_activations(n_tokens)

    monkeypatch.setattr(bench, "capture_activations", fake_capture)
    q, _, _, used = bench.load_activations("real", 128, device=torch.device("cpu"))
    assert used == "real" and q.shape[2] == 128 and seen["device"] == torch.device("cpu")
