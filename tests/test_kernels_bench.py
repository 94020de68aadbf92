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


@pytest.mark.parametrize("layer", ["-1", "30"])
def test_a_layer_the_model_does_not_have_is_refused(layer, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--source", "random", "--lengths", "4k", "--layer", layer])
    assert exit_info.value.code == 2
    assert "--layer must be in 0-29" in capsys.readouterr().err
