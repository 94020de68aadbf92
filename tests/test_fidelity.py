"""docproc.fidelity / `docproc bench fidelity`: the dense-vs-sparse harness.

Plumbing and the metrics' invariants on a tiny random model (dense-equivalent sparse settings must measure
"no difference" everywhere; real sparsity must show density < 1). One end-to-end run of the CLI on the real
SmolLM2 weights with short lengths checks the report it writes.
"""

from __future__ import annotations

import json
import math

import pytest
import torch
from transformers import AutoModelForCausalLM
from typer.testing import CliRunner

from docproc import fidelity
from docproc.errors import UsageError
from kernels import SparseConfig
from tests.tiny_models import make_tiny_config, make_tiny_tokenizer

# Our own long-ish English text for the haystack (the harness repeats it to reach the asked length).
HAYSTACK = " ".join(
    f"Section {i}. The maintenance team inspected pump {i} on the {i % 28 + 1}th and found the seals in good "
    f"order. Operators should log the pressure reading every shift and report deviations above {5 + i % 7} "
    f"percent to the supervisor on duty." for i in range(60)
)


@pytest.fixture(scope="module")
def tiny():
    torch.manual_seed(0)
    config = make_tiny_config("llama", max_position_embeddings=1024)
    model = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa", dtype=torch.float32).eval()
    return model, make_tiny_tokenizer()


@pytest.fixture()
def files(tmp_path):
    haystack = tmp_path / "haystack.txt"
    haystack.write_text(HAYSTACK, encoding="utf-8")
    doc = tmp_path / "minutes.txt"
    doc.write_text("Minutes of the weekly meeting. The team agreed to replace pump 4 next week. "
                   "Budget for spare seals was approved. Next meeting on Friday.\n", encoding="utf-8")
    return haystack, doc


def tiny_options(haystack_file, doc, **changes):
    options = fidelity.FidelityOptions(
        files=[str(doc)], haystack=str(haystack_file), ppl_lengths=[256, 320], ppl_tokens=64, needle_lengths=[200],
        depths=[10, 90], needles=2, summary_tokens=8,
        sparse_config=SparseConfig(block_size=16, tau=1.0, dense_below=0))
    return fidelity.options_with(options, **changes)


def test_dense_equivalent_sparse_measures_no_difference(tiny, files):
    model, tokenizer = tiny
    report = fidelity.run_fidelity(tiny_options(*files), model, tokenizer)
    for row in report["perplexity"]:
        assert row["scored_tokens"] == 64
        assert math.isfinite(row["dense_ppl"]) and row["dense_ppl"] > 1
        assert abs(row["ppl_delta"]) < 1e-4
        assert row["top1_agreement"] == 1.0
        assert row["kl_mean"] < 1e-6
        assert row["density"] == pytest.approx(1.0)
        assert row["recall"] == pytest.approx(1.0, abs=1e-4)
    placements = report["needles"]["placements"]
    assert len(placements) == 4  # 1 length x 2 depths x 2 needles
    assert len({p["answer"] for p in placements}) == 4  # a different fact per placement
    for p in placements:
        assert p["tokens"] <= 200
        assert p["dense_correct"] == p["sparse_correct"] and p["dense_output"] == p["sparse_output"]
        assert p["sparse_nll"] == pytest.approx(p["dense_nll"], rel=1e-4)
    (summary,) = report["summaries"]
    assert summary["identical"] and summary["rouge_l"] == pytest.approx(1.0)
    assert [layer["layer"] for layer in report["layers"]] == [0, 1]
    assert report["targets"] == []  # nothing measured at 8K: no verdicts claimed
    json.dumps(report)  # JSON-able as --json prints it
    merged = fidelity.merge_reports([report, report])  # runs split by --seed add up
    assert len(merged["needles"]["placements"]) == 8 and merged["needles"]["by_length"][0]["placements"] == 8
    text = fidelity.render_markdown(report)
    for heading in ("## Perplexity", "## Needle in a haystack", "## Greedy summaries", "## Per layer"):
        assert heading in text


def test_real_sparsity_shows_in_density_and_recall(tiny, files):
    model, tokenizer = tiny
    options = tiny_options(*files, ppl_lengths=[320], needle_lengths=[], summaries=False,
                           sparse_config=SparseConfig(block_size=16, tau=0.5, dense_below=0))
    (row,) = fidelity.run_fidelity(options, model, tokenizer)["perplexity"]
    assert row["density"] < 0.9
    assert 0 < row["recall"] < 1.0
    assert row["kl_mean"] > 0


def test_needle_prompt_puts_the_fact_at_the_depth(tiny):
    _, tokenizer = tiny
    needle = fidelity.make_needles(1, seed=3)[0]
    positions = []
    for depth in (10, 50, 90):
        ids = fidelity.build_needle_prompt(tokenizer, HAYSTACK, needle, 400, depth)
        assert len(ids) <= 400
        text = tokenizer.decode(ids)
        assert text.count(needle.fact) == 1 and text.rstrip().endswith(needle.answer_prefix)
        assert needle.question in text
        start, end = text.index("Section 0."), text.index("\n\nAnswer the question")  # the document part
        positions.append((text.index(needle.fact) - start) / (end - start))
    assert 0.02 < positions[0] < 0.2 and 0.4 < positions[1] < 0.6 and 0.8 < positions[2] < 0.98


def test_score_answer_is_exact():
    assert fidelity.score_answer(" 4817.", "4817")
    assert not fidelity.score_answer(" 48170", "4817")
    assert not fidelity.score_answer(" 1234 or 4817", "4817")
    assert not fidelity.score_answer(" I do not know", "4817")


def test_config_parsing_and_bad_options(tiny, files):
    assert fidelity.parse_ints("2k, 4K,8192", "lengths") == [2048, 4096, 8192]
    assert fidelity.parse_ints("", "lengths") == []
    with pytest.raises(UsageError):
        fidelity.parse_ints("eight", "lengths")
    with pytest.raises(UsageError) as bad_depths:  # the hint speaks of percentages, not token lengths
        fidelity.parse_ints("-5", "depths", example="10,50,90 (percent)")
    assert "give numbers like 10,50,90 (percent)" in bad_depths.value.one_line()
    with pytest.raises(UsageError, match="bad sparse settings"):
        fidelity.make_sparse_config(tau=1.5)
    model, tokenizer = tiny
    with pytest.raises(UsageError, match="beyond the model's context"):
        fidelity.run_fidelity(tiny_options(*files, ppl_lengths=[4096]), model, tokenizer)
    with pytest.raises(UsageError, match="depths"):
        fidelity.run_fidelity(tiny_options(*files, depths=[120]), model, tokenizer)
    with pytest.raises(UsageError, match="not found"):
        fidelity.run_fidelity(tiny_options(*files, haystack="/nonexistent.txt"), model, tokenizer)


@pytest.mark.slow
def test_cli_fidelity_on_real_smollm2_writes_report(tmp_path, files):
    from docproc.cli import app

    _, doc = files
    out = tmp_path / "fidelity.json"
    # the default haystack: our English sample documents (real prose, not the repetitive test text)
    result = CliRunner().invoke(app, [
        "bench", "fidelity", str(doc), "--lengths", "640", "--ppl-tokens", "128",
        "--needle-lengths", "640", "--depths", "50", "--needles", "1", "--summary-tokens", "12",
        "--sparse-tau", "0.9", "--json", "-o", str(out), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["model"] == "smollm2-135m"
    assert "docproc samples" in report["haystack"]["source"]
    (ppl,) = report["perplexity"]
    # a real 135M model on coherent English: sensible perplexity, sparse close to dense at this length
    assert 1.5 < ppl["dense_ppl"] < 60
    assert abs(ppl["ppl_delta"]) < 0.1 and ppl["top1_agreement"] > 0.8
    assert 0 < ppl["density"] < 1.0 and 0.5 < ppl["recall"] <= 1.0
    assert len(report["layers"]) == 30
    (needle,) = report["needles"]["placements"]
    assert needle["dense_output"] and needle["sparse_output"]
    (summary,) = report["summaries"]
    assert summary["dense_summary"] and 0.0 <= summary["rouge_l"] <= 1.0
    assert report["attention"]["sparse"]["tau"] == 0.9


def test_block_aligned_prefix_cache_gives_the_one_shot_sparse_answer(tiny):
    # The needle test prefills the shared document once and each question on top of it; with the split on a
    # block boundary the sparse selection (and so the answer) must be the one of a one-shot prefill.
    from transformers import DynamicCache

    from docproc import attention

    model, tokenizer = tiny
    options = fidelity.FidelityOptions(sparse_config=SparseConfig(block_size=16, tau=0.5, dense_below=0))
    needle = fidelity.make_needles(1, seed=5)[0]
    prompt = fidelity.build_needle_prompt(tokenizer, HAYSTACK, needle, 300, 25)
    start = fidelity._shared_prefix([prompt, prompt[:-20] + [7] * 20], 16)
    assert start % 16 == 0 and len(prompt) - start >= 16
    fidelity._set_mode(model, options, sparse=True)
    one_shot_cache = DynamicCache(config=model.config)
    one_shot = fidelity._answer(model, tokenizer, one_shot_cache, prompt, 0, needle)
    assert attention.read_stats(model)["density"] < 0.95  # really sparse
    cache = DynamicCache(config=model.config)
    fidelity._set_mode(model, fidelity._document_part(options), sparse=True)  # the prefix is not the prompt's end
    with torch.no_grad():
        model(input_ids=torch.tensor([prompt[:start]]), cache=cache, use_cache=True)
    fidelity._set_mode(model, options, sparse=True)
    split = fidelity._answer(model, tokenizer, cache, prompt, start, needle)
    assert split[0] == one_shot[0]
    assert split[1] == pytest.approx(one_shot[1], rel=1e-4)
    assert cache.get_seq_length() == start  # cut back for the next question


@pytest.mark.parametrize("dense_ok, sparse_ok, placements, met", [
    (7, 7, 20, True),  # equal
    (4, 5, 20, True),  # sparse finds one more: no loss
    (7, 6, 20, False),  # sparse loses one
    (3, 3, 10, False),  # too few placements to judge
])
def test_needle_target_is_no_loss_over_enough_placements(dense_ok, sparse_ok, placements, met):
    group = {"length": fidelity.TARGET_CONTEXT, "placements": placements,
             "dense_accuracy": dense_ok / placements, "sparse_accuracy": sparse_ok / placements,
             "both_agree": 1.0, "nll_delta": 0.0}
    report = {"perplexity": [], "needles": {"by_length": [group]}}
    [needle_check] = [c for c in fidelity.check_targets(report) if c["target"].startswith("needle")]
    assert needle_check["met"] is met


# ---- bad options: one line, exit 2, before the model loads -------------------------------------------

def _no_model(monkeypatch):
    import docproc.models

    monkeypatch.setattr(docproc.models, "load_model", lambda *a, **k: pytest.fail("the model was loaded"))


def _fidelity_cli(*args):
    from docproc.cli import app

    return CliRunner().invoke(app, ["bench", "fidelity", "--lengths", "", "--needle-lengths", "", "--no-recall",
                                    *args])


@pytest.mark.parametrize("args, message", [
    (["--summary-tokens", "0"], "--summary-tokens must be at least 1, got 0"),
    (["--summary-tokens", "-1"], "--summary-tokens must be at least 1, got -1"),
    (["-o", "{tmp}/missing/report.md"], "the folder {tmp}/missing does not exist"),
    (["-o", "{doc}/report.md"], "{doc} is a file, not a folder"),
    (["-o", "{tmp}"], "-o is a folder"),
    (["-o", "/sys/report.md"], "cannot write in /sys"),
    (["--seed", "-1"], "--seed must be 0 or more"),
    (["--lengths", "1"], "--lengths must be at least 2 tokens"),
    (["--lengths", "0"], "lengths must be positive, got '0'"),  # not a silent "skip"
    (["--needle-lengths", "63"], "--needle-lengths must be at least 200 tokens"),
    (["--needle-lengths", "2k", "--depths", "0,50,101"], "needle depths must be percentages 0-100"),
    (["-o", "{doc}"], "-o is an input of this run"),  # the report would replace the document
    (["--haystack", "{hay}", "-o", "{hay}"], "-o is an input of this run"),
])
def test_cli_bad_options_are_one_line_before_the_model_loads(args, message, files, tmp_path, monkeypatch):
    hay, doc = files
    _no_model(monkeypatch)
    before = doc.read_bytes(), hay.read_bytes()
    args = [a.format(tmp=tmp_path, doc=doc, hay=hay) for a in args]
    result = _fidelity_cli(str(doc), *args)
    assert result.exit_code == 2, result.output
    assert message.format(tmp=tmp_path, doc=doc) in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert (doc.read_bytes(), hay.read_bytes()) == before


def test_cli_bad_document_and_haystack_fail_before_the_model_loads(files, tmp_path, monkeypatch):
    haystack, doc = files
    _no_model(monkeypatch)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = _fidelity_cli(str(empty))
    assert result.exit_code == 1 and "empty.txt: contains no text" in result.output
    from docproc.cli import app

    result = CliRunner().invoke(app, ["bench", "fidelity", str(doc), "--haystack", str(tmp_path / "none.txt")])
    assert result.exit_code == 2 and "haystack file not found" in result.output
    result = CliRunner().invoke(app, ["bench", "fidelity", str(doc), "--haystack", str(tmp_path)])
    assert result.exit_code == 2 and "--haystack is a folder" in result.output
    # a folder or a missing file among the documents is the command line's error, said as such
    result = _fidelity_cli(str(tmp_path))
    assert result.exit_code == 2 and f"{tmp_path}: is a folder" in result.output
    result = _fidelity_cli(str(tmp_path / "typo.txt"))
    assert result.exit_code == 2 and "typo.txt: file not found" in result.output
    # documents that --no-summaries would silently ignore, and a run that would measure nothing
    result = _fidelity_cli(str(tmp_path / "typo.txt"), "--no-summaries", "--lengths", "2k")
    assert result.exit_code == 2 and "FILES are only summarized" in result.output
    result = _fidelity_cli("--no-summaries")
    assert result.exit_code == 2 and "nothing to measure" in result.output
    result = CliRunner().invoke(app, ["bench", "fidelity", str(doc), "--depths", ",".join(["5"] * 60)])
    assert result.exit_code == 2 and "--depths" in result.output


def test_cli_late_write_failure_is_one_line_and_keeps_the_report(files, tmp_path, monkeypatch):
    _, doc = files
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def measure(options):  # the folder disappears (and a file takes its place) while measuring
        out_dir.rmdir()
        out_dir.write_text("not a folder")
        return {"measured": 42}

    monkeypatch.setattr(fidelity, "run_fidelity", measure)
    result = _fidelity_cli(str(doc), "--json", "-o", str(out_dir / "report.json"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert json.loads(result.stdout) == {"measured": 42}  # the results are not lost
    assert "report not written" in result.stderr and "printed on stdout" in result.stderr
    assert result.stderr.count("\n") == 1
