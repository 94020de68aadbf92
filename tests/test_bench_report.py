"""`docproc bench report`: the numbers it derives, its files, and one real trial with SmolLM2."""

import csv
import json
import re
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
            "chunks": chunks, "attention": mode, "ttft_s": prefill / 2, "prefill_s": prefill, "prefill_passes": 2,
            "decode_s": e2e - prefill, "decode_steps": out, "decode_tokens_per_s": out / (e2e - prefill),
            "end_to_end_s": e2e, "output_tokens": out,
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
    assert a["dense"]["ttft_s"] == 2.5 and a["speedup_ttft"] == pytest.approx(2.0)
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
    assert line.endswith(f"cost ${cost:,.2f} per 1,000 documents (sparse path engaged on 1 of 2 documents; "
                         "the rest ran dense in both arms)")
    slower = dict(report["total"], speedup_prefill=0.5, memory_saving=-0.25)
    assert "2.00× slower prefill, 25.0% more memory" in bench.headline(slower)
    # review35 F3: a change that rounds to nothing has no side ("0.0% more memory", "1.00× slower")
    same = dict(report["total"], memory_saving=-0.0004)
    assert "faster prefill, the same memory," in bench.headline(same)
    assert bench._faster(0.998) == "1.00× (the same)" and bench._faster(0.99) == "1.01× slower"


def test_headline_says_when_outputs_only_quote_the_document_or_sparse_never_ran():
    """review35 F1: all 6 outputs of a trial were docproc's quotes (the 135M model's text unusable): "ROUGE-L vs
    dense 1.000" measured docproc's choice of quotes, not the model, and nothing said so. F2: with the sparse
    path engaged nowhere, the headline still led with "1.11× faster prefill" and the rows showed 3.12×."""
    runs, outputs = [], {}
    for doc in ("a", "b"):
        for mode in ("dense", "sparse"):
            run = fake_run(doc, mode, 1, prefill=2 if mode == "dense" else 1, e2e=5, peak=100)
            run.update(key_points=3, summary_quoted=True, key_points_quoted=3 if doc == "a" else 1)
            runs.append(run)
            outputs[(doc, mode)] = ["the pump is checked monthly"]
    report = bench.summarize_runs(runs, outputs, [trial_doc("a"), trial_doc("b")], price=1.0)
    assert report["documents"][0]["dense"]["quotes_only_runs"] == 1
    assert report["total"]["quotes_only_runs"] == 2 and report["total"]["runs"] == 4
    line = bench.headline(report["total"])
    assert line.startswith("sparse path engaged on none of the documents (both arms ran dense: differences are "
                           "noise) — sparse: 2.00× faster prefill")
    assert line.endswith("; 2 of 4 outputs only quote the document (the model's text was unusable), so agreement "
                         "there compares docproc's choice of quotes, not the model's output")
    rows = bench._doc_rows(report)
    assert rows[0][5] == "2.00× (both dense)"
    assert bench._both_dense({"sparse": {"runs": 0, "density": None}}) == ""  # no sparse run: nothing to mark
    # runs.csv from before these columns (no summary_quoted): not quotes
    assert not bench.quotes_only({"key_points": 3})


def _complete(report: dict) -> None:
    """What run_report adds to summarize_runs' result before writing: headline, meta, method, notes."""
    report["headline"] = bench.headline(report["total"])
    report["meta"] = {"date": "2026-11-29", "command": "docproc bench report a b", "model": "m", "device": "cpu",
                      "machine": {"platform": "Linux", "cpus": 2, "torch": "x", "transformers": "y",
                                  "device_name": "cpu"},
                      "sparse_mode": "auto", "sparse_settings": {"block_size": 64, "dense_below": 4096},
                      "repeats": 3, "hourly_price": 2.5, "length": "short"}
    report["method"], report["notes"], report["failures"] = ["m1"], ["n1"], []


def test_files_written_from_fake_runs(tmp_path, fake_report):
    report, runs = fake_report
    _complete(report)
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
    with pytest.raises(UsageError, match="--repeats must be 1 to 1000"):
        bench.validate(bench.BenchSettings(docs=["x"], repeats=10**20))
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


# ---- the real thing: SmolLM2 on two samples (English and Japanese) -----------------------------------

SAMPLES = [REPO / "samples" / "hx40_manual_en.pdf", REPO / "samples" / "ks500_manual_ja.pdf"]
PRICE = 0.9


@pytest.fixture(scope="module")
def real_report(tmp_path_factory, model_cache):
    """One real trial, shared by the checks below: two one-page samples (English, Japanese), the sparse path
    forced at every length so it really runs, one repeat, tiny outputs (the CPU budget of CI)."""
    for sample in SAMPLES:
        if not sample.is_file():
            pytest.skip(f"{sample.name} not in samples/ yet")
    base = tmp_path_factory.mktemp("bench")
    refs = base / "refs"
    refs.mkdir()
    (refs / "hx40_manual_en.md").write_text("The HX-40 heat recovery ventilator manual: installation, "
                                            "operation and maintenance.\n", encoding="utf-8")
    out = base / "report"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCPROC_CACHE", str(model_cache))
        mp.setenv("HF_HUB_OFFLINE", "1")
        result = CliRunner().invoke(app, [
            "bench", "report", *map(str, SAMPLES), "-o", str(out), "--pages", "1", "--repeats", "1",
            "--max-new-tokens", "16", "--length", "short", "--sparse-mode", "sparse", "--device", "cpu",
            "--cpu-hourly-price", str(PRICE), "--references", str(refs), "--no-warmup",
        ])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.mark.slow
def test_real_report_files(real_report):
    out, console = real_report
    for name in ["report.md", "report.json", "runs.csv", *bench.PLOTS.values(),
                 "outputs/hx40_manual_en.dense.md", "outputs/ks500_manual_ja.sparse.md"]:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    for name in bench.PLOTS.values():
        assert_png(out / name)
    report = json.loads((out / "report.json").read_text())
    assert "sparse: " in console and report["headline"].split(" (")[0] in " ".join(console.split())
    md = (out / "report.md").read_text()
    assert report["headline"] in md and "hx40_manual_en" in md and "ks500_manual_ja" in md
    assert not list(out.rglob("*.tmp")), "temp files left behind"


@pytest.mark.slow
def test_real_report_numbers_are_consistent(real_report):
    out, _ = real_report
    report = json.loads((out / "report.json").read_text())
    rows = list(csv.DictReader((out / "runs.csv").open()))
    docs = {e["document"]: e for e in report["documents"]}
    assert set(docs) == {"hx40_manual_en", "ks500_manual_ja"}
    assert len(rows) == 2 * 2  # documents x modes x repeats
    for row in rows:
        e2e = float(row["end_to_end_s"])
        assert float(row["cost_usd"]) == pytest.approx(e2e * PRICE / 3600)
        assert 0 < float(row["prefill_s"]) < e2e and int(row["prefill_passes"]) >= 1
        assert int(row["input_tokens"]) > 0 and int(row["peak_memory_bytes"]) > 100 * 2**20
    for name, entry in docs.items():
        mine = {mode: [r for r in rows if r["document"] == name and r["mode"] == mode] for mode in bench.MODES}
        med = {mode: {k: statistics.median(float(r[k]) for r in mine[mode]) for k in ("prefill_s", "end_to_end_s")}
               for mode in bench.MODES}
        assert entry["speedup_prefill"] == pytest.approx(med["dense"]["prefill_s"] / med["sparse"]["prefill_s"])
        assert entry["speedup_end_to_end"] == pytest.approx(
            med["dense"]["end_to_end_s"] / med["sparse"]["end_to_end_s"])
        for mode in bench.MODES:
            assert entry[mode]["cost_usd"] == pytest.approx(med[mode]["end_to_end_s"] * PRICE / 3600)
            validity = entry[mode]["citation_validity"]
            assert validity is None or 0.0 <= validity <= 1.0
        # The sparse path really ran (forced at every length) and computed a fraction of the causal blocks.
        assert 0.0 < entry["sparse"]["density"] <= 1.0
        assert entry["dense"]["density"] in (None, 1.0)
        assert entry["output_chars"]["dense"] > 0 and entry["output_chars"]["sparse"] > 0, entry
        for key in ("rouge1", "rouge2", "rougeL"):
            assert 0.0 <= entry["agreement"][key] <= 1.0
    assert docs["ks500_manual_ja"]["agreement"]["rouge1"] > 0.0  # Japanese compared by characters
    assert docs["hx40_manual_en"]["reference"]["dense"]["rouge1"] > 0.0
    assert docs["ks500_manual_ja"]["reference"] is None
    total = report["total"]
    assert total["speedup_prefill"] == pytest.approx(
        sum(e["dense"]["prefill_s"] for e in docs.values()) / sum(e["sparse"]["prefill_s"] for e in docs.values()))
    cost = total["sparse"]["cost_per_1000_documents_usd"]
    assert cost == pytest.approx(1000 * statistics.mean(e["sparse"]["cost_usd"] for e in docs.values()))
    assert f"${cost:,.2f} per 1,000 documents" in report["headline"]
    # A run's output agrees with itself exactly, Japanese included (what run-to-run agreement relies on).
    for name in docs:
        text = (out / "outputs" / f"{name}.dense.md").read_text(encoding="utf-8")
        assert bench._f_scores(text, text) == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}


# ---- synthetic documents (tiny local tokenizer: no model needed) -------------------------------------


def test_synthetic_documents_have_the_asked_token_length():
    from tests.tiny_models import make_tiny_tokenizer

    tokenizer = make_tiny_tokenizer()
    sources = [Document(source="a.txt", language="en", pages=[
        Page(1, "Press the power button for three seconds to turn the device on."),
        Page(2, "Replace the filter every six months; clean the sensor with a dry cloth."),
        Page(3, "Press the power button for three seconds to turn the device on.")])]  # duplicate page
    for tokens in (64, 500, 3000):
        doc = synthetic.build_document(tokens, sources, tokenizer)
        assert len(tokenizer(doc.text, add_special_tokens=False)["input_ids"]) == tokens
        assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
        assert doc.meta["tokens"] == tokens and doc.language == "en"
    again = synthetic.build_document(500, sources, tokenizer)
    assert again.text == synthetic.build_document(500, sources, tokenizer).text  # same command, same document
    with pytest.raises(UsageError):
        synthetic.build_document(100, [Document(source="e", pages=[Page(1, "  ")])], tokenizer)


def test_synthetic_sources_from_a_folder(tmp_path):
    (tmp_path / "minutes.txt").write_text("Minutes of the meeting. The budget was approved.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("Not a source.\n", encoding="utf-8")
    (tmp_path / "議事録.txt").write_text("会議の議事録：予算案を承認した。次回は金曜日。\n", encoding="utf-8")
    en = synthetic.sample_sources("en", tmp_path)
    assert [Path(d.source).name for d in en] == ["minutes.txt"]
    assert [d.language for d in synthetic.sample_sources("ja", tmp_path)] == ["ja"]
    with pytest.raises(UsageError, match="no 'fr' sample"):
        synthetic.sample_sources("fr", tmp_path)
    # a report folder, hidden files and folders under it are not sources; a bad source names itself
    report = tmp_path / "trial-report"
    (report / "outputs").mkdir(parents=True)
    for name in ("report.json", "runs.csv", "report.md", "outputs/minutes.dense.md"):
        (report / name).write_text("The budget was approved by the committee.\n", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("A hidden draft of the minutes.\n", encoding="utf-8")
    assert [Path(d.source).name for d in synthetic.sample_sources("en", tmp_path)] == ["minutes.txt"]
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(UsageError, match="--synthetic: cannot use a source document: .*broken.pdf"):
        synthetic.sample_sources("en", tmp_path)


@pytest.mark.parametrize("args, code, message", [
    (["{doc}", "--pages", "0"], 2, "bad --pages '0'"),
    (["{doc}", "--pages", "3-1"], 2, "bad --pages '3-1'"),
    (["{doc}", "{tmp}/missing.txt"], 2, "{tmp}/missing.txt: document not found"),
    (["--synthetic", "8q"], 2, "--synthetic: cannot read the length '8q'"),
    (["--synthetic", "8m"], 2, "--synthetic: 8m is more than 2048k tokens"),
    (["--synthetic", "8k", "--synthetic-language", "xx"], 2, "--synthetic: no 'xx' sample documents"),
    (["{doc}", "-o", "{doc}/report"], 2, "cannot write the report folder"),
    (["{doc}", "--pages", "9"], 1, "doc.txt: --pages 9 asks for page 9"),
    (["{doc}", "--references", "{refs}"], 1, "doc.md: cannot read the reference"),
    (["{doc}", "--references", "{doc}"], 2, "{doc}: the references folder is not a folder"),
    (["-", "{doc}"], 2, "stdin ('-') cannot be benchmarked"),
    (["{tmp}", "-o", "{tmp}"], 2, "{tmp}: -o is the documents folder"),
    (["{doc}", "-o", "{blocked}"], 2, "report.md is in the way of the report (it should be a file)"),
    (["{empty}"], 1, "{empty}: no documents found (PDF, .txt or .md)"),
])
def test_cli_bad_values_are_one_line_before_the_model_loads(args, code, message, tmp_path, monkeypatch):
    import docproc.models

    monkeypatch.setattr(docproc.models, "load_model", lambda *a, **k: pytest.fail("the model was loaded"))
    doc = tmp_path / "doc.txt"
    doc.write_text("The pump is checked every month.\n", encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "doc.md").write_bytes(bytes(range(256)) * 4)  # binary: no encoding reads it as text
    blocked = tmp_path / "blocked"
    (blocked / "report.md").mkdir(parents=True)  # a folder where the report file goes
    empty = tmp_path / "empty"
    empty.mkdir()
    fill = {"doc": doc, "tmp": tmp_path, "refs": refs, "blocked": blocked, "empty": empty}
    args = [a.format(**fill) for a in args] + ([] if "-o" in args else ["-o", str(tmp_path / "r")])
    result = CliRunner().invoke(app, ["bench", "report", *args, "--device", "cpu"])
    assert result.exit_code == code, result.output
    assert message.format(**fill) in result.output and "Traceback" not in result.output
    assert all("docproc: error: " in line for line in result.output.splitlines()), result.output


def test_unique_names_never_reuse_another_documents_name():
    assert bench._unique_names(["a-2", "a", "a"]) == ["a-2", "a", "a-3"]
    assert bench._unique_names(["a", "a", "a-2"]) == ["a", "a-3", "a-2"]
    assert bench._unique_names(["Notes", "notes", "x"]) == ["Notes", "notes-2", "x"]
    names = bench._unique_names(["a-2", "a", "a"] + ["synthetic-8k", "synthetic-8k"])
    assert len({n.casefold() for n in names}) == len(names)
    assert bench._unique_names(names) == names  # unique names come back unchanged


def test_references_and_synthetic_sources_inside_the_documents_folder_are_not_documents(tmp_path):
    docs = tmp_path / "docs"
    (docs / "refs").mkdir(parents=True)
    (docs / "pump.txt").write_text("The pump is checked every month.\n", encoding="utf-8")
    (docs / "refs" / "pump.md").write_text("Monthly pump checks.\n", encoding="utf-8")
    (docs / "sources").mkdir()
    (docs / "sources" / "minutes.txt").write_text("Minutes of the meeting.\n", encoding="utf-8")
    settings = bench.BenchSettings(docs=[str(docs)], output_dir=tmp_path / "r", references=docs / "refs",
                                   synthetic_from=docs / "sources")
    trial, failures = bench.load_trial_documents(settings)
    assert [(t.name, Path(t.doc.source).name) for t in trial] == [("pump", "pump.txt")] and failures == []


def _old_report(out: Path) -> None:
    (out / "outputs").mkdir(parents=True)
    for name in ("report.md", "report.json", "runs.csv", "latency_vs_tokens.png"):
        (out / name).write_text("old\n")
    for name in ("gone.dense.md", "gone.sparse.md", "kept.dense.md"):
        (out / "outputs" / name).write_text("old\n")
    (out / "outputs" / "my-notes.txt").write_text("the user's own file\n")


def test_a_finished_report_replaces_the_previous_one_whole(tmp_path):
    out = tmp_path / "r"
    _old_report(out)
    staging = out / ".unfinished-report-x"
    (staging / "outputs").mkdir(parents=True)
    for name in ("report.md", "report.json", "runs.csv"):
        (staging / name).write_text("new\n")
    (staging / "outputs" / "kept.dense.md").write_text("new\n")
    bench._publish(staging, out)
    assert not staging.exists()
    assert sorted(p.name for p in (out / "outputs").iterdir()) == ["kept.dense.md", "my-notes.txt"]
    assert (out / "outputs" / "kept.dense.md").read_text() == "new\n"
    assert (out / "report.md").read_text() == "new\n"
    assert not (out / "latency_vs_tokens.png").exists()  # a plot this report does not show


@pytest.mark.parametrize("measured", [True, False])
def test_an_interrupted_trial_leaves_the_previous_report_and_keeps_its_runs(tmp_path, monkeypatch, capsys,
                                                                             measured):
    out = tmp_path / "r"
    _old_report(out)
    doc = tmp_path / "doc.txt"
    doc.write_text("The pump is checked every month.\n", encoding="utf-8")

    def interrupted(*args):
        staging = args[-1]
        (staging / "outputs").mkdir()
        (staging / "outputs" / "doc.dense.md").write_text("half\n")
        if measured:
            (staging / "runs.csv").write_text("document,mode\ndoc,dense\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "_measure_and_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        bench.run_report(bench.BenchSettings(docs=[str(doc)], output_dir=out, device="cpu"))
    assert (out / "report.md").read_text() == "old\n"
    assert sorted(p.name for p in (out / "outputs").iterdir()) == [
        "gone.dense.md", "gone.sparse.md", "kept.dense.md", "my-notes.txt"]
    left = list(out.glob(".unfinished-report-*"))
    if measured:
        assert [p.name for p in left[0].iterdir()] and (left[0] / "runs.csv").is_file()
        assert f"the runs measured so far are in {left[0] / 'runs.csv'}" in capsys.readouterr().err
    else:
        assert left == []
        assert f"no report was written; the report in {out} was left as it was" in capsys.readouterr().err


def test_a_trial_that_measured_nothing_leaves_no_report_folder(tmp_path, monkeypatch):
    """... nor the parent folders -o created (review35 F4)."""
    doc = tmp_path / "doc.txt"
    doc.write_text("The pump is checked every month.\n", encoding="utf-8")
    out = tmp_path / "x" / "y" / "new-report"

    def model_missing(*args):
        raise bench.InputError("no such model", hint="check --model")

    monkeypatch.setattr(bench, "_measure_and_report", model_missing)
    with pytest.raises(bench.InputError):
        bench.run_report(bench.BenchSettings(docs=[str(doc)], output_dir=out, device="cpu"))
    assert not (tmp_path / "x").exists()


def test_sigterm_stops_a_trial_like_ctrl_c(tmp_path, monkeypatch):
    import signal

    def killed(settings):
        signal.raise_signal(signal.SIGTERM)  # (the handler runs before it returns: see test_kernels_bench)
        pytest.fail("SIGTERM did not stop the trial")

    monkeypatch.setattr(bench, "_run_report", killed)
    with pytest.raises(KeyboardInterrupt):  # the CLI turns it into "interrupted", exit 130
        bench.run_report(bench.BenchSettings(docs=["x"], output_dir=tmp_path))


@pytest.mark.parametrize("stdout", ["closed", "full"])
def test_a_closed_or_full_stdout_costs_only_the_table(stdout, monkeypatch, capsys, fake_report):
    import io
    import sys

    report, _ = fake_report
    report["headline"] = "sparse: 1.5x faster"
    report["meta"] = {"model": "m", "device": "cpu"}

    class Full(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", None if stdout == "closed" else Full())
    bench.print_console_safely(report)  # no exception
    assert "could not print the summary table" in capsys.readouterr().err


def test_references_that_cannot_count_are_named(tmp_path, capsys):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "pump.md").write_text("---\ntitle: x\n---\n\n", encoding="utf-8")  # only front matter
    (refs / "notes.md").write_text("会議の議事録です。予算が承認されました。\n", encoding="utf-8")
    (refs / "minutes.md").write_text("The budget was approved.\n", encoding="utf-8")
    (refs / "Minutes-typo.md").write_text("The budget was approved.\n", encoding="utf-8")
    trial = [trial_doc("pump"), trial_doc("notes"), trial_doc("minutes")]
    got = bench._read_references(refs, ["pump", "notes", "minutes"], trial)
    assert sorted(got) == ["minutes", "notes"]  # the empty one is left out; the Japanese one still counts
    err = " ".join(capsys.readouterr().err.split())
    assert f"{refs / 'pump.md'}: the reference is empty" in err
    assert f"{refs / 'notes.md'}: the reference is in 'ja', the document in 'en'" in err
    assert "no document is named like the reference(s) Minutes-typo.md" in err


def test_memory_rows_say_which_figure_they_are(fake_report, tmp_path):
    report, runs = fake_report
    _complete(report)
    md = bench.render_markdown(report)
    # largest document: a 1000 -> 800 bytes (-20 %); summed over documents: 1500 -> 1300 (-13.3 %), the headline's
    assert "| peak memory (largest document) | 0 MiB | 0 MiB | -20.0% |" in md
    assert "| peak memory, summed over documents (the headline's) | 0 MiB | 0 MiB | -13.3% |" in md
    assert "13.3% less memory" in report["headline"]
    assert bench._pct(-0.00001) == "0.0%" and bench._pct(0.0) == "0.0%" and bench._pct(-0.012) == "-1.2%"


def test_references_in_the_encodings_documents_may_have(tmp_path):
    (tmp_path / "notes.md").write_bytes("会議の議事録：予算案を承認した。".encode("cp932"))  # Shift_JIS
    (tmp_path / "pump.md").write_bytes("The pump is checked monthly.".encode("utf-16"))
    assert bench.read_reference(tmp_path, "notes") == "会議の議事録：予算案を承認した。"
    assert bench.read_reference(tmp_path, "pump") == "The pump is checked monthly."


def test_a_forced_sparse_arm_that_never_engaged_is_explained():
    from kernels import SparseConfig

    report = {"documents": [{"document": "memo", "sparse": {"density": None}, "dense": {"chunks": 1}}]}
    notes = bench._notes(report, SparseConfig(block_size=128), bench.BenchSettings(docs=["x"], sparse_mode="sparse"))
    assert notes and "at least one block (128 tokens)" in notes[0] and "memo" in notes[0]


def test_two_empty_outputs_get_no_agreement_and_the_lengths_are_shown(fake_report, tmp_path):
    report, runs = fake_report
    outputs = {("a", "dense"): ["the pump is checked monthly"] * 3, ("a", "sparse"): ["the pump"] * 3,
               ("b", "dense"): [""] * 3, ("b", "sparse"): ["  \n"] * 3}
    docs = [trial_doc("a"), trial_doc("b", pages=5, language="ja")]
    report = bench.summarize_runs(runs, outputs, docs, price=2.5, references={})
    a, b = report["documents"]
    assert b["agreement"] is None and b["output_chars"] == {"dense": 0, "sparse": 3}  # not "identical, 1.0"
    assert report["total"]["agreement"]["rougeL"] == a["agreement"]["rougeL"] < 1.0  # b is not averaged in
    _complete(report)
    md = bench.render_markdown(report)
    assert "output characters (d/s)" in md
    assert re.search(r"^\| a \|[^\n]*\| 27 / 8 \|", md, re.M) and re.search(r"^\| b \| – \| – \| – \| 0 / 3 \|", md, re.M)
