"""The attention benchmark (`python -m kernels.bench` / `docproc bench attention`) on random q/k/v: a real run."""

import csv

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
