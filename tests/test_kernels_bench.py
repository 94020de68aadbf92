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
])
def test_bad_arguments_get_one_line_and_status_2_before_any_work(args, message, tmp_path, monkeypatch, capsys):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    monkeypatch.setattr(bench, "run_bench", lambda *a, **k: pytest.fail("the benchmark ran"))
    monkeypatch.setattr("sys.argv", ["python -m kernels.bench", "--source", "random", "--lengths", "4k", *args])
    assert bench._cli() == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m kernels.bench: error: ") and err.count("\n") == 1
    assert message.replace("{tmp}", str(tmp_path)) in err
    # the docproc CLI says the same in its own words, without a traceback
    res = CliRunner().invoke(app, ["bench", "attention", "--source", "random", "--lengths", "4k", *args])
    assert res.exit_code != 0 and "Traceback" not in res.output
