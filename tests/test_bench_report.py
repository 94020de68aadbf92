"""`docproc bench report`: the numbers it derives, its files, and one real trial with SmolLM2."""

import csv
import json
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docproc import bench, synthetic
from docproc.cli import app
from docproc.document import Document, KeyPoint, Page, Result, RunStats
from docproc.errors import UsageError

REPO = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path: Path) -> None:
    import matplotlib.image

    assert path.read_bytes()[:8] == PNG_SIGNATURE, path
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert pixels.std() > 0.01  # not a blank canvas


def fake_run(doc, mode, repeat, *, prefill, e2e, peak, tokens=1000, out=50, density=None, chunks=1,
             cited=2, valid=2, price=1.0):
    return {"document": doc, "mode": mode, "repeat": repeat, "order": 1, "input_tokens": tokens, "pages": 3,
            "chunks": chunks, "attention": mode, "prefill_s": prefill,
            "decode_tokens_per_s": out / (e2e - prefill), "end_to_end_s": e2e, "output_tokens": out,
            "peak_memory_bytes": peak, "memory_increase_bytes": peak // 10, "density": density,
            "cited_pages": cited, "valid_cited_pages": valid, "cost_usd": e2e / 3600 * price}


def trial_doc(name, pages=3, language="en"):
    return bench.TrialDocument(name, Document(source=f"{name}.txt", language=language,
                                              pages=[Page(i + 1, f"page {i + 1}") for i in range(pages)]))


# ---- aggregation (pure) ---------------------------------------------------------------------------


@pytest.fixture
def fake_report():
    runs = []
    # doc "a": dense prefill 4, 5, 9 (median 5); sparse 2, 2.5, 3 (median 2.5) -> prefill speedup 2.0
    for rep, (dp, de, sp, se) in enumerate([(4, 10, 2, 8), (5, 12, 2.5, 9), (9, 20, 3, 7)], start=1):
        runs.append(fake_run("a", "dense", rep, prefill=dp, e2e=de, peak=1000, price=2.5))
        runs.append(fake_run("a", "sparse", rep, prefill=sp, e2e=se, peak=800, density=0.3, cited=3, valid=2,
                             price=2.5))
    for rep in (1, 2, 3):
        runs.append(fake_run("b", "dense", rep, prefill=1, e2e=4, peak=500, tokens=3000, price=2.5))
        runs.append(fake_run("b", "sparse", rep, prefill=1, e2e=4, peak=500, tokens=3000, price=2.5))
    outputs = {("a", "dense"): ["the pump is checked monthly"] * 3,
               ("a", "sparse"): ["the pump is checked every month"] * 3,
               ("b", "dense"): ["ポンプを毎月点検する", "ポンプを毎月点検する", "ポンプを毎週点検する"],
               ("b", "sparse"): ["ポンプを毎月点検する"] * 3}
    docs = [trial_doc("a"), trial_doc("b", pages=5, language="ja")]
    report = bench.summarize_runs(runs, outputs, docs, price=2.5, references={"a": "the pump is checked monthly"})
    return report, runs


def test_medians_speedups_and_costs(fake_report):
    report, _ = fake_report
    a, b = report["documents"]
    assert a["dense"]["prefill_s"] == 5 and a["sparse"]["prefill_s"] == 2.5
    assert a["speedup_prefill"] == pytest.approx(2.0)
    assert a["dense"]["end_to_end_s"] == 12 and a["sparse"]["end_to_end_s"] == 8
    assert a["speedup_end_to_end"] == pytest.approx(1.5)
    assert a["dense"]["cost_usd"] == pytest.approx(12 / 3600 * 2.5)
    assert a["memory_saving"] == pytest.approx(0.2)
    assert a["sparse"]["density"] == pytest.approx(0.3)
    assert a["sparse"]["citation_validity"] == pytest.approx(6 / 9)
    assert a["dense"]["citation_validity"] == 1.0
    total = report["total"]
    assert total["pages"] == 8 and total["input_tokens"] == 4000
    assert total["dense"]["prefill_s"] == 6 and total["sparse"]["prefill_s"] == 3.5
    assert total["speedup_prefill"] == pytest.approx(6 / 3.5)
    assert total["speedup_end_to_end"] == pytest.approx(16 / 12)
    assert total["memory_saving"] == pytest.approx(1 - 1300 / 1500)
    mean_cost = (8 + 4) / 2 / 3600 * 2.5
    assert total["sparse"]["cost_per_1000_documents_usd"] == pytest.approx(1000 * mean_cost)


def test_agreement_reference_and_run_to_run(fake_report):
    report, _ = fake_report
    a, b = report["documents"]
    assert 0.5 < a["agreement"]["rougeL"] < 1.0
    assert b["agreement"] == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}  # identical Japanese outputs
    assert b["run_to_run_rougeL"]["sparse"] == 1.0
    assert 0.5 < b["run_to_run_rougeL"]["dense"] < 1.0  # one dense repeat said 毎週 instead of 毎月
    assert a["reference"]["dense"]["rougeL"] == 1.0
    assert a["reference"]["sparse"]["rougeL"] == a["agreement"]["rougeL"]
    assert b["reference"] is None


def test_headline(fake_report):
    report, _ = fake_report
    line = bench.headline(report["total"])
    assert line.startswith("sparse: 1.71× faster prefill, 13.3% less memory, ROUGE-L vs dense ")
    cost = report["total"]["sparse"]["cost_per_1000_documents_usd"]
    assert line.endswith(f"cost ${cost:,.2f} per 1,000 documents")
    slower = dict(report["total"], speedup_prefill=0.5, memory_saving=-0.25)
    assert "2.00× slower prefill, 25.0% more memory" in bench.headline(slower)


def test_files_written_from_fake_runs(tmp_path, fake_report):
    report, runs = fake_report
    report["headline"] = bench.headline(report["total"])
    report["meta"] = {"date": "2026-11-29", "command": "docproc bench report a b", "model": "m", "device": "cpu",
                      "machine": {"platform": "Linux", "cpus": 2, "torch": "x", "transformers": "y",
                                  "device_name": "cpu"},
                      "sparse_mode": "auto", "sparse_settings": {"block_size": 64, "dense_below": 4096},
                      "repeats": 3, "hourly_price": 2.5, "length": "short"}
    report["method"], report["notes"], report["failures"] = ["m1"], ["n1"], []
    bench.write_report(report, runs, tmp_path)
    for name in bench.PLOTS.values():
        assert_png(tmp_path / name)
    md = (tmp_path / "report.md").read_text()
    assert report["headline"] in md and "| a |" in md and "![Agreement per document](agreement.png)" in md
    rows = list(csv.DictReader((tmp_path / "runs.csv").open()))
    assert len(rows) == len(runs) and float(rows[0]["prefill_s"]) == runs[0]["prefill_s"]
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["total"]["speedup_prefill"] == pytest.approx(report["total"]["speedup_prefill"])


def test_citation_counts_and_result_text():
    doc = Document(source="x", pages=[Page(2, "a"), Page(3, "b")])
    result = Result(source="x", title=None, pages=[2, 3], language="en", summary="Sum.",
                    key_points=[KeyPoint("one", [2]), KeyPoint("two", [3, 9])], stats=RunStats(model="m",
                                                                                                attention="dense"))
    assert bench.citation_counts(result, doc) == (3, 2)
    assert bench.result_text(result) == "Sum.\none\ntwo"


def test_bad_settings_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="nothing to measure"):
        bench.validate(bench.BenchSettings())
    with pytest.raises(UsageError, match="repeats"):
        bench.validate(bench.BenchSettings(docs=["x"], repeats=0))
    with pytest.raises(UsageError, match="price"):
        bench.validate(bench.BenchSettings(docs=["x"], cpu_hourly_price=-1))
    with pytest.raises(UsageError, match="references"):
        bench.validate(bench.BenchSettings(docs=["x"], references=tmp_path / "missing"))


def test_cli_bad_price_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["bench", "report", str(tmp_path), "--gpu-hourly-price", "-3",
                                      "-o", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "--gpu-hourly-price must be a price >= 0" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_reference_front_matter_is_stripped(tmp_path):
    (tmp_path / "manual.md").write_text("---\ntitle: x\n---\nThe reference summary.\n", encoding="utf-8")
    assert bench.read_reference(tmp_path, "manual").strip() == "The reference summary."
    assert bench.read_reference(tmp_path, "other") is None


def test_peak_memory_sees_each_runs_own_peak():
    # RSS peaks are monotone in a process; the reset must give the second, smaller run its own (smaller) peak.
    with bench.PeakMemory("cpu") as big:
        block = bytearray(200 * 2**20)
        block[:: 4096] = b"x" * len(block[:: 4096])
        del block
    with bench.PeakMemory("cpu") as small:
        block = bytearray(20 * 2**20)
        block[:: 4096] = b"x" * len(block[:: 4096])
        del block
    assert big.increase >= 150 * 2**20
    assert small.increase < 100 * 2**20
    assert small.peak < big.peak


def test_parse_lengths():
    assert synthetic.parse_lengths("8k, 16k,32K") == [8192, 16384, 32768]
    assert synthetic.parse_lengths("6000,1.5k") == [6000, 1536]
    for bad in ("", "eight", "10"):
        with pytest.raises(UsageError):
            synthetic.parse_lengths(bad)
    assert synthetic.label(8192) == "8k" and synthetic.label(6000) == "6000"
