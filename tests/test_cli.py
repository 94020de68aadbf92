"""The batch behaviour of the CLI, through typer's CliRunner: inputs, outputs, incremental runs, reports, shards,
exit codes, log lines. `extract` needs no model, so most tests use it; model tests use a tiny random model."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docproc import outputs
from docproc.cli import app
from tests import pdf_factory as pf

TEXT = "Maintenance manual.\n\nReplace the filter every six months. Clean the sensor with a dry cloth.\n"


def cli(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def write(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report_of(path: Path) -> dict:
    data = json.loads(path.read_text("utf-8"))
    data["by_status"] = {}
    for f in data["files"]:
        data["by_status"].setdefault(f["status"], []).append(f["source"])
    return data


def md_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                  and ".docproc" not in p.parts)


# ---- stdout, -o, mirroring ---------------------------------------------------------------------------


def test_version():
    import docproc

    res = cli("--version")
    assert res.exit_code == 0 and res.stdout.strip() == f"docproc {docproc.__version__}"


@pytest.mark.parametrize("command", [["summarize"], ["extract"], ["bench", "report"], ["bench", "attention"]])
def test_help_shows_no_value_for_a_flag(command):
    """review74 L1: typer's rich help showed every flag as taking a value ("--json <bool>"), and "--json true" then
    read "true" as an input. Flags are listed bare; options that take a value name it."""
    res = cli(*command, "--help")
    assert res.exit_code == 0, res.output
    assert "<bool>" not in res.stdout
    flags = [line for line in res.stdout.splitlines() if line.strip().startswith(("--json ", "--force ", "--help "))]
    assert flags and all(re.match(r"\s+--\w+\s{2,}\S", line) for line in flags), flags
    if command[0] != "bench":
        assert re.search(r"--pages PAGES\s", res.stdout) and re.search(r"-o, --output DIR\s", res.stdout)


@pytest.mark.parametrize("args, message", [
    (["--sparse-block", "100"], "bad --sparse-block 100 — use 64 or 128"),
    (["--sparse-tau", "2"], "bad --sparse-tau 2.0"),
    (["--model", "no-such-model"], "unknown model 'no-such-model'"),
])
def test_bench_report_checks_options_as_summarize_does_before_loading(tmp_path, args, message):
    """review74 L2: bench report said "block_size must be a power of two >= 16 — see docproc summarize --help" where
    summarize says "use 64 or 128", and "loading no-such-model" before the model's name was checked."""
    res = cli("bench", "report", write(tmp_path / "a.txt"), "-o", tmp_path / "out", *args)
    assert res.exit_code == 2 and message in res.stderr, res.output
    assert "loading" not in res.stderr and not (tmp_path / "out").exists()


def test_one_file_goes_to_stdout_and_nothing_is_written(tmp_path):
    src = write(tmp_path / "a.txt")
    before = sorted(tmp_path.rglob("*"))
    res = cli("extract", src)
    assert res.exit_code == 0, res.output
    assert "Replace the filter every six months" in res.stdout
    assert sorted(tmp_path.rglob("*")) == before


def test_folder_without_output_dir_is_a_usage_error(tmp_path):
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt")
    res = cli("extract", tmp_path / "d")
    assert res.exit_code == 2
    assert "-o DIR" in res.stderr and "Traceback" not in res.output
    res = cli("extract", tmp_path / "d/a.txt", tmp_path / "d/b.txt")
    assert res.exit_code == 2 and "2 inputs" in res.stderr and res.stdout == ""


def test_output_mirrors_the_input_tree(tmp_path):
    write(tmp_path / "docs/a/notes.txt", "Notes of team A.\n"), write(tmp_path / "docs/b/notes.txt", "Notes of B.\n")
    write(tmp_path / "docs/top.md", "# Top\n\nThe top document.\n")
    write(tmp_path / "docs/.hidden.txt"), write(tmp_path / "docs/b/~$lock.txt"), write(tmp_path / "docs/x.txt.part")
    res = cli("extract", tmp_path / "docs", "-o", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert md_files(tmp_path / "out") == ["a/notes.md", "b/notes.md", "top.md"]
    assert "team A" in (tmp_path / "out/a/notes.md").read_text()
    assert "Notes of B" in (tmp_path / "out/b/notes.md").read_text()


def test_an_output_never_overwrites_its_input(tmp_path):
    src = write(tmp_path / "out/notes.md", "# Notes\n\nOriginal notes, keep me.\n")
    res = cli("extract", src, "-o", tmp_path / "out")
    assert res.exit_code == 1 and "overwrite" in res.stderr
    assert src.read_text() == "# Notes\n\nOriginal notes, keep me.\n"


def test_json_outputs_have_json_extension_and_parse(tmp_path):
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/sub/b.txt")
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--json")
    assert res.exit_code == 0, res.output
    assert md_files(tmp_path / "out") == ["a.json", "sub/b.json"]
    for name in ("a.json", "sub/b.json"):
        json.loads((tmp_path / "out" / name).read_text("utf-8"))


def test_files_with_spaces_unicode_and_japanese_names(tmp_path):
    names = ["meeting notes 2024.txt", "Übersicht – café.txt", "会議 議事録.txt", "マニュアル.md"]
    for i, name in enumerate(names):
        write(tmp_path / "in" / name, f"文書 {i}: 電源ボタンを三秒間押してください。Document {i}.\n")
    res = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert res.exit_code == 0, res.output
    assert md_files(tmp_path / "out") == sorted(Path(n).stem + ".md" for n in names)
    assert "電源ボタン" in (tmp_path / "out" / "会議 議事録.md").read_text("utf-8")
    assert report_of(tmp_path / "r.json")["counts"]["done"] == 4


def test_file_name_that_is_not_utf8(tmp_path):
    (tmp_path / "in").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "in"), b"caf\xe9 notes.txt"), "wb") as f:  # Latin-1 name
        f.write(TEXT.encode())
    rep = tmp_path / "r.json"
    res = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", rep)
    assert res.exit_code == 0, res.output
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b".docproc", b"caf\xe9 notes.md"]
    assert json.loads(rep.read_text("utf-8"))["counts"]["done"] == 1
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out").exit_code == 0  # and it is up to date


def test_stdin_to_stdout_and_to_output_dir(tmp_path):
    res = cli("extract", "-", input="Stdin text about the pump.\n")
    assert res.exit_code == 0, res.output
    assert "Stdin text about the pump" in res.stdout
    res = cli("extract", "-", "-o", tmp_path / "out", input="Stdin text about the pump.\n")
    assert res.exit_code == 0, res.output
    assert "pump" in (tmp_path / "out" / "stdin.md").read_text()


# ---- incremental runs ---------------------------------------------------------------------------------


def test_a_new_same_stem_file_does_not_rename_or_redo_an_existing_output(tmp_path):
    write(tmp_path / "inbox/notes.txt", "The first notes.\n")
    out, rep = tmp_path / "out", tmp_path / "r.json"
    assert cli("extract", tmp_path / "inbox", "-o", out, "--report", rep).exit_code == 0
    assert md_files(out) == ["notes.md"]
    write(tmp_path / "inbox/notes.markdown", "# Other notes\n\nThe second file.\n")  # arrives later
    assert cli("extract", tmp_path / "inbox", "-o", out, "--report", rep).exit_code == 0
    files = {Path(f["source"]).name: f for f in report_of(rep)["files"]}
    assert files["notes.txt"]["status"] == "skipped" and files["notes.txt"]["output"] == str(out / "notes.md")
    assert files["notes.markdown"]["status"] == "done"
    assert md_files(out) == ["notes.markdown.md", "notes.md"]  # no orphan, no rename
    assert "second file" in (out / "notes.markdown.md").read_text("utf-8")
    assert cli("extract", tmp_path / "inbox", "-o", out, "--report", rep).exit_code == 0  # stable afterwards
    assert report_of(rep)["counts"]["skipped"] == 2
    # a fresh output folder still gets the plain rule: both keep their full names
    assert cli("extract", tmp_path / "inbox", "-o", tmp_path / "fresh").exit_code == 0
    assert md_files(tmp_path / "fresh") == ["notes.markdown.md", "notes.txt.md"]


def test_up_to_date_outputs_are_skipped_until_input_or_settings_change(tmp_path):
    for n in "abc":
        write(tmp_path / f"d/{n}.txt", f"Document {n}.\n")
    out, rep = tmp_path / "out", tmp_path / "r.json"
    assert cli("extract", tmp_path / "d", "-o", out, "--report", rep).exit_code == 0
    assert report_of(rep)["counts"]["done"] == 3
    first = {p: (out / p).stat().st_mtime_ns for p in md_files(out)}

    res = cli("extract", tmp_path / "d", "-o", out, "--report", rep)
    assert res.exit_code == 0 and report_of(rep)["counts"] == {"done": 0, "skipped": 3, "failed": 0,
                                                                "interrupted": 0, "not_run": 0}
    assert "3 skipped" in res.stderr
    assert {p: (out / p).stat().st_mtime_ns for p in md_files(out)} == first

    write(tmp_path / "d/b.txt", "Document b, revised.\n")  # new content -> redo only b
    (out / "c.md").write_text("truncated by someone")  # damaged output -> redo c
    cli("extract", tmp_path / "d", "-o", out, "--report", rep)
    assert report_of(rep)["by_status"]["done"] == [str(tmp_path / "d/b.txt"), str(tmp_path / "d/c.txt")]
    assert "revised" in (out / "b.md").read_text()

    cli("extract", tmp_path / "d", "-o", out, "--report", rep, "--pages", "1")  # other settings -> redo all
    assert report_of(rep)["counts"]["done"] == 3
    cli("extract", tmp_path / "d", "-o", out, "--report", rep, "--pages", "1", "--force")
    assert report_of(rep)["counts"]["done"] == 3


# ---- failures, report, exit codes ---------------------------------------------------------------------


def test_one_bad_file_fails_alone_with_one_line_and_exit_1(tmp_path):
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/z.txt")
    (tmp_path / "d/empty.txt").write_bytes(b"")
    (tmp_path / "d/binary.txt").write_bytes(bytes(range(256)) * 8)
    rep = tmp_path / "r.json"
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", rep)
    assert res.exit_code == 1
    assert md_files(tmp_path / "out") == ["a.md", "z.md"]
    report = report_of(rep)
    assert report["exit_code"] == 1 and report["counts"]["done"] == 2 and report["counts"]["failed"] == 2
    reasons = {Path(f["source"]).name: f["reason"] for f in report["files"] if f["status"] == "failed"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    errors = [line for line in res.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2 and all("Traceback" not in line for line in errors)
    assert any("empty.txt" in line and "empty" in line for line in errors)
    assert "2 done, 0 skipped, 2 failed" in res.stderr


def test_missing_input_file_fails_alone(tmp_path):
    write(tmp_path / "a.txt")
    res = cli("extract", tmp_path / "a.txt", tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert res.exit_code == 1
    assert md_files(tmp_path / "out") == ["a.md"]
    assert "missing.txt" in res.stderr and "not found" in res.stderr


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d/a.txt").write_bytes(b"")
    write(tmp_path / "d/b.txt"), write(tmp_path / "d/c.txt")
    rep = tmp_path / "r.json"
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", rep, "--fail-fast")
    assert res.exit_code == 1
    assert report_of(rep)["counts"] == {"done": 0, "skipped": 0, "failed": 1, "interrupted": 0, "not_run": 2}
    assert not (tmp_path / "out/b.md").exists() and "--fail-fast" in res.stderr


@pytest.mark.parametrize("args, message", [
    (["--shard", "0/2"], "--shard"),
    (["--shard", "3/2"], "--shard"),
    (["--pages", "2-x"], "--pages"),
    (["--pages", "5-2"], "--pages"),
])
def test_bad_options_exit_2_before_any_work(tmp_path, args, message):
    write(tmp_path / "d/a.txt")
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", *args)
    assert res.exit_code == 2 and message in res.stderr
    assert not (tmp_path / "out").exists()


def run_main(monkeypatch, capsys, *args) -> tuple[int, str]:
    """The `docproc` script itself (option errors are handled in main(), which CliRunner does not run)."""
    from docproc import cli as cli_mod

    monkeypatch.setattr("sys.argv", ["docproc", *map(str, args)])
    with pytest.raises(SystemExit) as stop:
        cli_mod.main()
    return stop.value.code, capsys.readouterr().err


def test_option_errors_are_one_line_and_an_empty_path_is_one(tmp_path, monkeypatch, capsys):
    """review8 cli L3 and M2: option errors were a five-line box; `-o "$OUT"` with OUT unset wrote the outputs
    into the current folder, among the inputs; a bad --language was found after the model had loaded (M1)."""
    doc = write(tmp_path / "in/a.txt")
    monkeypatch.chdir(tmp_path / "in")
    for args, message in ((["extract", doc, "--bogus"], "No such option: --bogus"),
                          (["extract", doc, "--timeout", "abc"], "'--timeout'"),
                          (["extract", doc, "-o", ""], "empty path"),
                          (["extract", "", "-o", tmp_path / "out"], "empty input path"),
                          (["extract", doc, "-o", tmp_path / "out", "--report", ""], "empty path"),
                          (["bench", "attention", "--csv", ""], "empty path"),
                          (["summarize", doc, "-o", tmp_path / "out", "--language", "english"], "--language"),
                          # review19 F13: a code of the right shape that names no language
                          (["summarize", doc, "-o", tmp_path / "out", "--language", "xx"], "--language 'xx'")):
        code, err = run_main(monkeypatch, capsys, *args)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and message in lines[0] and " — " in lines[0], (args, err)
        assert "loading model" not in err
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["a.txt"] and not (tmp_path / "out").exists()
    code, err = run_main(monkeypatch, capsys, "extract", doc, "-o", tmp_path / "out")
    assert code == 0 and (tmp_path / "out/a.md").exists()


def test_output_dir_that_is_a_file_or_not_creatable_exits_2(tmp_path):
    write(tmp_path / "a.txt")
    blocker = write(tmp_path / "file")
    for out in (blocker, blocker / "sub"):
        res = cli("extract", tmp_path / "a.txt", "-o", out)
        assert res.exit_code == 2, res.output
        assert str(blocker) in res.stderr and "Traceback" not in res.output
    assert blocker.read_text() == TEXT


def test_paths_that_cannot_be_looked_at_are_one_line_and_exit_2(tmp_path):
    """review19 F2: Path.is_dir()/exists() raise for a name over 255 bytes or under a folder without search
    permission: -o, --report, --model and bench -o ended in tracebacks."""
    doc, long_name = write(tmp_path / "a.txt"), tmp_path / ("z" * 300)
    for args in (["extract", doc, "-o", long_name], ["extract", doc, "-o", tmp_path / "o", "--report", long_name],
                 ["summarize", doc, "--model", long_name], ["bench", "fidelity", doc, "-o", long_name / "f.md"]):
        res = cli(*args)
        assert res.exit_code == 2, (args, res.output)
        assert "File name too long" in res.stderr and "Traceback" not in res.output and res.stderr.count("\n") == 1


def test_output_troubles_say_what_is_in_the_way(tmp_path):
    """review19: an input that is its own output was told to use --force first (F9); a file where a sub-folder
    of -o must go was "cannot write (File exists)" (F7); an output name past 255 bytes was an "internal error"
    (F5); --report into a pipe by a /proc/self/fd path ran the whole batch, then lost the report (F6)."""
    doc = write(tmp_path / "self/a.md")
    res = cli("extract", doc, "-o", tmp_path / "self")
    assert res.exit_code == 1 and "would overwrite this input" in res.stderr and "--force" not in res.stderr
    write(tmp_path / "docs/sub/b.txt"), write(tmp_path / "uo/sub", "a file")
    res = cli("extract", tmp_path / "docs", "-o", tmp_path / "uo")
    assert res.exit_code == 1 and "a file is in the way of a folder on its path" in res.stderr
    long_doc = write(tmp_path / ("b" * 251 + ".txt"))
    res = cli("extract", long_doc, "--json", "-o", tmp_path / "lo")
    assert res.exit_code == 1 and "name is too long" in res.stderr and "internal error" not in res.stderr
    read_end, write_end = os.pipe()
    try:
        res = cli("extract", doc, "-o", tmp_path / "o", "--report", f"/proc/self/fd/{write_end}")
        assert res.exit_code == 2 and "not a device or a pipe" in res.stderr
    finally:
        os.close(read_end), os.close(write_end)


def test_the_output_of_another_command_is_not_replaced_without_force(tmp_path):
    """review19 F8: `docproc extract` and `docproc summarize` into one -o name their outputs alike; each run
    replaced the other's output without a word (a 3-minute summary lost, then redone every night)."""
    doc, out = write(tmp_path / "in/memo.txt"), tmp_path / "out"
    assert cli("extract", doc, "-o", out).exit_code == 0
    [state_file] = (out / ".docproc/state").glob("*.json")
    state = json.loads(state_file.read_text("utf-8"))
    state["settings"]["command"], state["key"] = "summarize", "0" * 64  # as a summarize run leaves it
    state_file.write_text(json.dumps(state), "utf-8")
    before = (out / "memo.md").read_bytes()
    res = cli("extract", doc, "-o", out)
    assert res.exit_code == 1 and "is the output of `docproc summarize`" in res.stderr and "--force" in res.stderr
    assert (out / "memo.md").read_bytes() == before
    assert cli("extract", doc, "-o", out, "--force").exit_code == 0


def test_a_blank_page_of_a_text_file_is_not_called_scanned(tmp_path):
    """review19 F14: two form feeds in a row in a .txt gave "pages without text (scanned?): 2"."""
    doc = tmp_path / "ff.txt"
    doc.write_text("Page one is about the pumps.\f\fPage three is about the filters.\n", encoding="utf-8")
    res = cli("extract", doc, "-o", tmp_path / "out")
    assert res.exit_code == 0 and "pages without text (blank between page breaks): 2" in res.stderr
    assert "scanned" not in res.stderr


def test_report_that_is_an_output_or_an_input_is_a_usage_error(tmp_path):
    write(tmp_path / "lr/last-run.txt")
    out = tmp_path / "out"
    for _ in range(2):  # never overwrites an output, on the first run or a later one
        res = cli("extract", tmp_path / "lr", "-o", out, "--json", "--report", out / "last-run.json")
        lines = res.stderr.strip().splitlines()
        assert res.exit_code == 2 and len(lines) == 1 and "--report" in lines[0] and "last-run.txt" in lines[0], \
            res.output
        assert not (out / "last-run.json").exists()
    res = cli("extract", tmp_path / "lr/last-run.txt", "-o", out, "--report", tmp_path / "lr/last-run.txt")
    assert res.exit_code == 2 and "--report is also an input" in res.stderr
    assert (tmp_path / "lr/last-run.txt").read_text() == TEXT


def test_report_inside_the_input_folder_is_not_read_as_a_document(tmp_path):
    write(tmp_path / "in/a.txt")
    rep = tmp_path / "in/last-run.md"  # a name the walk would take
    for _ in range(2):
        assert cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", rep).exit_code == 0
    assert report_of(rep)["inputs_found"] == 1 and md_files(tmp_path / "out") == ["a.md"]


def test_one_file_per_call_never_overwrites_the_output_of_another_file(tmp_path):
    """review8 cli H3: `find docs -type f -exec docproc extract {} -o out \\;` made docs/a/notes.pdf,
    docs/a/notes.txt and docs/b/notes.txt all out/notes.md, each over the last, and redid all three every night."""
    a_pdf = tmp_path / "docs/a/notes.pdf"
    a_pdf.parent.mkdir(parents=True)
    a_pdf.write_bytes(pf.text_pdf([["Folder A notes, page one."]]))
    a_txt = write(tmp_path / "docs/a/notes.txt", "Folder A notes: the budget is 100 euros.\n")
    b_txt = write(tmp_path / "docs/b/notes.txt", "Folder B notes: the budget is 999 euros.\n")
    out = tmp_path / "out"
    for night in range(2):
        reasons = []
        for f in (a_pdf, a_txt, b_txt):
            res = cli("extract", f, "-o", out, "--report", tmp_path / "r.json")
            assert res.exit_code == 0, res.output
            reasons.append(report_of(tmp_path / "r.json")["files"][0]["reason"])
        assert md_files(out) == ["notes.md", "notes.txt.2.md", "notes.txt.md"]
        assert reasons == ([None] * 3 if night == 0 else ["up to date"] * 3)
    assert "100 euros" in (out / "notes.txt.md").read_text() and "999 euros" in (out / "notes.txt.2.md").read_text()
    # a file that is gone no longer holds its name: its output is made again from the file that takes the name
    a_pdf.unlink()
    assert cli("extract", b_txt, "-o", out).exit_code == 0 and "999 euros" in (out / "notes.md").read_text()


def test_a_folder_named_like_an_output_a_users_file_and_a_killed_runs_temp(tmp_path):
    """review8 cli: x.txt beside a folder x.md/ failed on every run (M5); a user's own notes.md in -o was replaced
    without a word (L7); a killed run's temp file beside an up-to-date output was never removed (L2)."""
    write(tmp_path / "a/x.txt"), write(tmp_path / "a/x.md/y.txt")
    write(tmp_path / "a/w.markdown"), write(tmp_path / "a/w.md/z.txt")
    for _ in range(2):
        assert cli("extract", tmp_path / "a", "-o", tmp_path / "out").exit_code == 0
    assert md_files(tmp_path / "out") == ["w.markdown.md", "w.md/z.md", "x.md/y.md", "x.txt.md"]
    notes = write(tmp_path / "mine/notes.md", "my hand-written notes\n")
    doc = write(tmp_path / "notes.txt")
    res = cli("extract", doc, "-o", tmp_path / "mine")
    assert res.exit_code == 1 and "did not make" in res.stderr and "--force" in res.stderr, res.output
    assert notes.read_text() == "my hand-written notes\n"
    assert cli("extract", doc, "-o", tmp_path / "mine", "--force").exit_code == 0 and "Replace" in notes.read_text()
    leftover = tmp_path / "mine" / f"{outputs._tmp_prefix('notes.md')}.999.1{outputs._TMP_SUFFIX}"
    leftover.write_text("partial")
    res = cli("extract", doc, "-o", tmp_path / "mine", "--report", tmp_path / "r.json")
    assert report_of(tmp_path / "r.json")["files"][0]["reason"] == "up to date" and not leftover.exists()


def test_a_file_another_docproc_is_making_has_no_output_in_the_report_until_it_is_there(tmp_path):
    """review8 cli M4: the second of two overlapping runs listed an output for a file the first one was still
    making (and then failed on): monitoring read it as made."""
    from pathlib import PurePosixPath

    doc, out, rep = write(tmp_path / "a.txt"), tmp_path / "out", tmp_path / "r.json"
    out_dir = outputs.OutputDir(out)
    with out_dir.lock(PurePosixPath("a.md")) as holder:  # the other docproc, still at work
        assert holder is None
        assert cli("extract", doc, "-o", out, "--report", rep).exit_code == 0
    entry = report_of(rep)["files"][0]
    assert entry["status"] == "skipped" and "another docproc" in entry["reason"] and entry["output"] is None


def test_parallel_calls_for_documents_of_one_name_each_get_an_output(tmp_path):
    """review19 F1: `find docs -name '*.txt' | xargs -P4 -I{} docproc extract {} -o out`: a/notes.txt, b/notes.txt
    ... all chose out/notes.md; all but one were "skipped (being made by another docproc)", exit 0, no output.
    A name another process is taking for another document is chosen again; for the same document it is left to
    that process (overlapping folder runs share the work)."""
    from pathlib import PurePosixPath

    a = write(tmp_path / "docs/a/notes.txt", "Folder A notes.\n")
    b = write(tmp_path / "docs/b/notes.txt", "Folder B notes.\n")
    out, rep = tmp_path / "out", tmp_path / "r.json"
    out_dir = outputs.OutputDir(out)
    with out_dir.lock(PurePosixPath("notes.md"), os.path.realpath(a)) as holder:  # the other docproc, making a's
        assert holder is None
        assert cli("extract", b, "-o", out, "--report", rep).exit_code == 0
        [entry] = report_of(rep)["files"]
        assert entry["status"] == "done" and entry["output"] == str(out / "notes.txt.md")
        assert "docs/b/notes.txt" in (out / "notes.txt.md").read_text()
        res = cli("extract", a, "-o", out, "--report", rep)  # a itself: left to the process making it
        assert res.exit_code == 0 and report_of(rep)["files"][0]["status"] == "skipped"
    assert md_files(out) == ["notes.txt.md"]


def test_report_naming_a_document_of_an_input_folder_is_a_usage_error(tmp_path):
    """review8 cli H1: the walk dropped the document and the report was written over it (exit 0)."""
    write(tmp_path / "in/a.txt")
    spec = write(tmp_path / "in/spec.txt", "The specification.\n\nThe pump SHALL deliver 40 litres per minute.\n")
    res = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", spec)
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 2 and len(lines) == 1 and "--report" in lines[0] and "spec.txt" in lines[0], res.output
    assert spec.read_text().startswith("The specification.") and md_files(tmp_path / "out") == []


def test_report_is_never_written_over_a_pipe_and_goes_through_a_symlink(tmp_path):
    """review8 cli H2: the report replaced a FIFO, a device node (/dev/null as root) or a symlink with a file."""
    write(tmp_path / "in/a.txt")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    res = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", fifo)
    assert res.exit_code == 2 and "regular file" in res.stderr and md_files(tmp_path / "out") == [], res.output
    assert fifo.is_fifo()
    status = write(tmp_path / "status/last-run.json", "{}")
    link = tmp_path / "last-run.json"
    link.symlink_to(status)
    assert cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", link).exit_code == 0
    assert link.is_symlink() and report_of(status)["counts"]["done"] == 1
    with pytest.raises(outputs.OutputError, match="not a regular file"):
        outputs.atomic_write(fifo, "x")
    # the bench commands' files too, before any measurement
    res = cli("bench", "attention", "--source", "random", "--lengths", "1k", "--repeats", "1", "--no-memory",
              "--no-recall", "--csv", fifo)
    assert res.exit_code == 2 and "pipe" in res.stderr and fifo.is_fifo(), res.output
    from docproc import fidelity
    from docproc.errors import UsageError
    with pytest.raises(UsageError, match="pipe"):
        fidelity.check_output(fifo)


def test_an_output_name_near_the_file_system_limit_is_written_and_its_temps_cleaned(tmp_path):
    """review8 cli M3: 76 Japanese characters (231 bytes) made a legal output name, but its temp file's name
    (the name plus ~35 bytes) was too long: 'cannot write (File name too long)'."""
    name = "第三回製品開発会議議事録" * 6 + "保守手順.md"  # 76 characters, 228 bytes
    target = tmp_path / name
    outputs.atomic_write(target, "text")
    assert target.read_text() == "text" and [p.name for p in tmp_path.iterdir()] == [name]
    leftover = tmp_path / f"{outputs._tmp_prefix(name)}.999.1{outputs._TMP_SUFFIX}"
    leftover.write_text("partial")
    outputs.remove_stale_temps(target)
    assert not leftover.exists() and target.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_output_dir_exits_2(tmp_path):
    write(tmp_path / "a.txt")
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", 0o500)
    try:
        res = cli("extract", tmp_path / "a.txt", "-o", tmp_path / "ro")
        assert res.exit_code == 2 and "not writable" in res.stderr
    finally:
        os.chmod(tmp_path / "ro", 0o700)


def test_unwritable_report_path_exits_2_before_any_work(tmp_path):
    write(tmp_path / "d/a.txt")
    blocker = write(tmp_path / "my notes.txt")
    for rep in (blocker / "r.json", Path("/proc/no-such-dir/r.json")):
        res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", rep)
        assert res.exit_code == 2, res.output
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and str(rep) in lines[0] and "--report" in lines[0], res.stderr
        assert md_files(tmp_path / "out") == []  # found before any document was done
    assert blocker.read_text() == TEXT


def test_report_that_fails_at_the_end_makes_the_exit_code_non_zero(tmp_path, monkeypatch):
    from docproc import batch, errors

    write(tmp_path / "d/a.txt")
    rep = tmp_path / "r.json"
    real_write = batch.atomic_write

    def atomic_write(path, text):
        if Path(path) == rep:  # the disk fills up while the batch runs
            raise errors.OutputError("disk full while writing", path=str(path))
        real_write(path, text)

    monkeypatch.setattr(batch, "atomic_write", atomic_write)
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", rep)
    assert res.exit_code == 1 and "report not written" in res.stderr
    assert md_files(tmp_path / "out") == ["a.md"]


def test_output_dir_equal_to_the_input_folder_says_so(tmp_path):
    write(tmp_path / "same/a.txt")
    res = cli("extract", tmp_path / "same", "-o", tmp_path / "same")
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "output folder is an input folder" in lines[0] and "no input files" not in lines[0]


def test_symlink_loop_named_directly_is_not_called_missing(tmp_path):
    os.symlink("self", tmp_path / "self")
    res = cli("extract", tmp_path / "self")
    assert res.exit_code == 1
    assert "symbolic links" in res.stderr and "not found" not in res.stderr


def test_fifo_is_read_to_stdout_and_refused_with_a_reason_for_output_dir(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():  # like `docproc extract <(cat a.txt)`
        with open(fifo, "w") as f:
            f.write(TEXT)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    res = cli("extract", fifo)
    writer.join(10)
    assert res.exit_code == 0, res.output
    assert "Replace the filter every six months" in res.stdout
    res = cli("extract", fifo, "-o", tmp_path / "out")  # no writer: it must not wait for one
    assert res.exit_code == 1 and "pipe (FIFO) cannot be used with -o" in res.stderr


def test_no_inputs_found_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty/.hidden.txt"), write(tmp_path / "empty/picture.png")
    res = cli("extract", tmp_path / "empty", "-o", tmp_path / "out")
    assert res.exit_code == 2 and "no input files" in res.stderr


def test_quiet_prints_errors_only_and_plain_lines_are_timestamped(tmp_path):
    write(tmp_path / "d/a.txt")
    (tmp_path / "d/b.txt").write_bytes(b"")
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "-q")
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and "b.txt" in lines[0]
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out2")
    assert all(line[:4].isdigit() and line[10] == "T" for line in res.stderr.strip().splitlines())


# ---- shards -------------------------------------------------------------------------------------------


def test_shards_cover_every_file_exactly_once(tmp_path):
    names = [f"d{i % 3}/doc {i}.txt" for i in range(24)]
    for name in names:
        write(tmp_path / "in" / name, f"Document {name}.\n")
    done = []
    for k in (1, 2, 3):
        rep = tmp_path / f"r{k}.json"
        res = cli("extract", tmp_path / "in", "-o", tmp_path / "out", "--shard", f"{k}/3", "--report", rep)
        assert res.exit_code == 0, res.output
        report = report_of(rep)
        assert report["shard"] == f"{k}/3" and report["inputs_found"] == 24
        done += report["by_status"].get("done", [])
        assert report["counts"]["skipped"] == 0  # a shard never touches another shard's files
    assert sorted(done) == sorted(str(tmp_path / "in" / n) for n in names)
    assert md_files(tmp_path / "out") == sorted(n[:-4] + ".md" for n in names)


# ---- timeouts, disk full, disappearing files (fault injection inside the process) -------------------------


def test_timeout_fails_that_document_and_the_batch_goes_on(tmp_path, monkeypatch):
    from docproc import ingest

    real = ingest.load_document

    def slow_for_b(path, **kwargs):
        if Path(path).name == "b.txt":
            while True:  # a stuck document (Python-level work, as in a generation loop)
                time.sleep(0.01)
        return real(path, **kwargs)

    monkeypatch.setattr(ingest, "load_document", slow_for_b)
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt"), write(tmp_path / "d/c.txt")
    rep = tmp_path / "r.json"
    t0 = time.monotonic()
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--timeout", "0.5", "--report", rep)
    assert time.monotonic() - t0 < 20
    assert res.exit_code == 1
    assert md_files(tmp_path / "out") == ["a.md", "c.md"]
    assert "b.txt" in res.stderr and "timed out after 0.5 s" in res.stderr
    # review19 F14: the report's reason says what to do, as the log line does
    [failed] = [f for f in report_of(rep)["files"] if f["status"] == "failed"]
    assert "raise --timeout" in failed["reason"]


@pytest.mark.parametrize("timeout", ["inf", "1e12", "1e300"])
def test_infinite_or_huge_timeout_means_no_limit(tmp_path, timeout):
    write(tmp_path / "a.txt")
    res = cli("extract", tmp_path / "a.txt", "--timeout", timeout)
    assert res.exit_code == 0, res.output
    assert "Replace the filter every six months" in res.stdout


def test_disk_full_during_write_fails_that_file_with_no_partial_output(tmp_path, monkeypatch):
    real = outputs._write_fully

    def fill_disk_on_marker(fd, data):
        if b"FILL-THE-DISK" in bytes(data):
            os.write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(outputs, "_write_fully", fill_disk_on_marker)
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt", "FILL-THE-DISK here.\n"), write(tmp_path / "d/c.txt")
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out")
    assert res.exit_code == 1
    assert md_files(tmp_path / "out") == ["a.md", "c.md"]  # no b.md, no temp file
    assert "b.md" in res.stderr and "disk full" in res.stderr
    monkeypatch.setattr(outputs, "_write_fully", real)
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out")  # space freed: the next run completes
    assert res.exit_code == 0 and md_files(tmp_path / "out") == ["a.md", "b.md", "c.md"]
    assert "1 done, 2 skipped" in res.stderr


def test_file_that_disappears_or_turns_unreadable_mid_run(tmp_path, monkeypatch):
    from docproc import ingest

    real_load = ingest.load_document
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt"), write(tmp_path / "d/c.txt")

    def a_removes_b(path, **kwargs):
        if Path(path).name == "a.txt":
            (tmp_path / "d/b.txt").unlink()
        return real_load(path, **kwargs)

    def open_denied_for_c(path, *args, **kwargs):  # c.txt turns unreadable after docproc hashed it
        if Path(path).name == "c.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "load_document", a_removes_b)
    monkeypatch.setattr(ingest, "open", open_denied_for_c, raising=False)
    rep = tmp_path / "r.json"
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", rep)
    assert res.exit_code == 1
    assert md_files(tmp_path / "out") == ["a.md"]
    reasons = {Path(f["source"]).name: f["reason"] for f in report_of(rep)["files"]}
    assert "not found" in reasons["b.txt"]
    assert "permission denied" in reasons["c.txt"]
    assert "Traceback" not in res.output and "internal error" not in res.output


def test_unreadable_sub_folder_is_an_error_counted_in_the_report(tmp_path, monkeypatch):
    write(tmp_path / "d/ok.txt"), write(tmp_path / "d/noaccess/x.txt")
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 does not stop root, so deny the listing here
        if Path(path).name == "noaccess":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rep = tmp_path / "r.json"
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "-q", "--report", rep)  # as under cron
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and "noaccess" in lines[0] and "Permission denied" in lines[0]
    report = report_of(rep)
    assert report["counts"]["done"] == 1 and report["counts"]["failed"] == 1 and report["inputs_found"] == 2
    assert report["by_status"]["failed"] == [str(tmp_path / "d/noaccess")]
    assert md_files(tmp_path / "out") == ["ok.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_fails_alone(tmp_path):
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt")
    os.chmod(tmp_path / "d/b.txt", 0)
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out")
    assert res.exit_code == 1 and md_files(tmp_path / "out") == ["a.md"] and "permission denied" in res.stderr


# ---- models -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["{tmp}/no-such-model", "smolm2"])
def test_a_model_name_that_names_no_model_is_a_usage_error(tmp_path, model):
    # a typo in --model is the command line's fault, not the documents': exit 2, one line, before any work
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt")
    rep = tmp_path / "r.json"
    res = cli("summarize", tmp_path / "d", "-o", tmp_path / "out", "--model", model.format(tmp=tmp_path),
              "--report", rep)
    assert res.exit_code == 2, res.output
    errors = [line for line in res.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "Traceback" not in res.output
    assert ("no-such-model: no such model directory" in errors[0] if "no-such" in model else
            "--model: unknown model 'smolm2'" in errors[0] and "did you mean smollm2-135m" in errors[0]), errors
    assert "a.txt" not in errors[0] and not (tmp_path / "out").exists()


def test_a_model_folder_without_weights_is_a_usage_error(tmp_path):
    """review19 F12: --model DIR with no weights in it was exit 1 (some documents failed), not 2 (the command
    line is wrong for every document), unlike a model path that does not exist."""
    write(tmp_path / "d/a.txt"), write(tmp_path / "notes/readme.txt")
    res = cli("summarize", tmp_path / "d", "-o", tmp_path / "out", "--model", tmp_path / "notes")
    assert res.exit_code == 2, res.output
    [error] = [line for line in res.stderr.splitlines() if "error:" in line]
    assert "no *.safetensors weights" in error and "Traceback" not in res.output


def test_model_that_cannot_be_fetched_is_one_line_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("DOCPROC_CACHE", str(tmp_path / "cache"))
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt")
    rep = tmp_path / "r.json"
    res = cli("summarize", tmp_path / "d", "-o", tmp_path / "out", "--model", "someorg/no-such-model",
              "--report", rep)
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "no-such-model" in errors[0] and "Traceback" not in res.output
    assert "docproc models pull someorg/no-such-model" in errors[0]
    assert report_of(rep)["counts"]["failed"] == 2
    assert not (tmp_path / "out").exists() or md_files(tmp_path / "out") == []


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from tests.tiny_models import make_tiny_model_dir

    return make_tiny_model_dir(tmp_path_factory.mktemp("models"), arch="llama")


def test_summarize_batch_with_a_tiny_model_loads_it_only_when_needed(tmp_path, tiny_model):
    import torch

    write(tmp_path / "d/a.txt"), write(tmp_path / "d/sub/b.md", "# Minutes\n\nThe team agreed to ship on Friday.\n")
    args = ["summarize", tmp_path / "d", "-o", tmp_path / "out", "--model", tiny_model, "--length", "short",
            "--device", "cuda", "--report", tmp_path / "r.json"]
    res = cli(*args)
    assert res.exit_code == 0, res.output
    assert md_files(tmp_path / "out") == ["a.md", "sub/b.md"]
    text = (tmp_path / "out/a.md").read_text("utf-8")
    assert text.startswith("---") and "## Key points" in text
    if not torch.cuda.is_available():
        assert "no CUDA GPU" in res.stderr  # asked for cuda, ran on the CPU with a warning
    res = cli(*args)  # nothing changed: everything skipped and the model is not even loaded
    assert res.exit_code == 0 and "2 skipped" in res.stderr and "loading model" not in res.stderr


def test_keypoints_json_with_a_tiny_model(tmp_path, tiny_model):
    write(tmp_path / "a.txt")
    res = cli("keypoints", tmp_path / "a.txt", "--model", tiny_model, "--json", "--device", "cpu")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["summary"] is None and isinstance(data["key_points"], list)


def test_up_to_date_check_keys_on_the_model_itself_and_on_effective_settings(tmp_path, tiny_model, monkeypatch):
    import shutil

    model = shutil.copytree(tiny_model, tmp_path / "mcopy")
    write(tmp_path / "a.txt")
    monkeypatch.chdir(tmp_path)

    def run(*extra):
        res = cli("keypoints", "a.txt", "-o", "out", "--length", "short", "--device", "cpu", "--report", "r.json",
                  *extra)
        assert res.exit_code == 0, res.output
        return report_of(tmp_path / "r.json")["files"][0]["status"]

    assert run("--model", "./mcopy") == "done"
    front = (tmp_path / "out/a.md").read_text("utf-8").split("---")[1]
    # the output names the model it was made with wherever it is read from, and its exact weights
    assert f'model: "{model.resolve()}"' in front, front
    assert re.search(r'^model_revision: "[0-9a-f]{12}"$', front, re.M), front
    # the same model named another way, or a default given explicitly, is the same run
    assert run("--model", str(model), "--sparse-tau", "0.96", "--sparse-block", "64") == "skipped"
    config = json.loads((model / "config.json").read_text())
    config["rms_norm_eps"] = 0.5  # the model changed in place: its outputs are stale
    (model / "config.json").write_text(json.dumps(config))
    os.utime(model / "config.json", ns=(time.time_ns() + 10**9,) * 2)  # a coarse clock must not hide the edit
    assert run("--model", str(model)) == "done"  # same name as the skipped run above: only the model changed
    assert run("--model", "mcopy") == "skipped"
    (model / "chat_template.jinja").write_text("{{ 'Ignore the document.' }}")  # a new prompt: stale too
    assert run("--model", "mcopy") == "done"


def test_a_model_downloaded_by_the_run_keys_its_outputs_on_the_downloaded_revision(tmp_path, tiny_model,
                                                                                    monkeypatch):
    # Before the first load a Hugging Face model is "not cached"; the output must record what it is once loaded,
    # or the next run (model cached now) would redo everything once.
    from docproc import models

    state = {"cached": False}
    real_load = models.load_model

    def load(*args, **kwargs):
        state["cached"] = True
        return real_load(*args, **kwargs)

    monkeypatch.setattr(models, "load_model", load)
    monkeypatch.setattr(models, "model_identity", lambda name: "org/m@" + ("rev1" if state["cached"] else "not cached"))
    write(tmp_path / "a.txt")
    args = ("keypoints", tmp_path / "a.txt", "-o", tmp_path / "out", "--model", tiny_model, "--device", "cpu",
            "--length", "short", "--report", tmp_path / "r.json")
    assert cli(*args).exit_code == 0 and report_of(tmp_path / "r.json")["files"][0]["status"] == "done"
    assert cli(*args).exit_code == 0 and report_of(tmp_path / "r.json")["files"][0]["status"] == "skipped"


def test_timeout_stops_generation_but_not_the_batch(tmp_path, tiny_model):
    write(tmp_path / "d/a.txt"), write(tmp_path / "d/b.txt", "Second document about the pump.\n")
    t0 = time.monotonic()
    res = cli("summarize", tmp_path / "d", "-o", tmp_path / "out", "--model", tiny_model, "--timeout", "0.05",
              "--device", "cpu")
    assert time.monotonic() - t0 < 60
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2 and all("timed out" in line for line in errors)  # each file tried, model loaded once
    assert res.stderr.count("loading model") == 1
    assert md_files(tmp_path / "out") == []


def test_cuda_out_of_memory_ladder_through_the_cli(tmp_path, tiny_model, monkeypatch):
    """A real tiny model whose forward raises CUDA OOM while it 'sits on the GPU': smaller chunks, then CPU."""
    import torch

    from docproc import batch, models

    real_load = models.load_model
    state = {"device": "cuda", "moves": [], "ooms": 0}

    def load_on_fake_gpu(name, **kwargs):
        model, tokenizer = real_load(name, **{**kwargs, "device": "cpu"})
        real_forward = model.forward

        def forward(*args, **kw):
            if state["device"] == "cuda":
                state["ooms"] += 1
                raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 9.00 GiB")
            return real_forward(*args, **kw)

        def to(device, *args, **kw):  # record the move; the weights stay where they are (no GPU here)
            state["moves"].append(str(device))
            state["device"] = str(device)
            return model

        model.forward, model.to = forward, to
        return model, tokenizer

    monkeypatch.setattr(models, "load_model", load_on_fake_gpu)
    monkeypatch.setattr(batch, "model_device", lambda model: state["device"])
    write(tmp_path / "a.txt")
    res = cli("summarize", tmp_path / "a.txt", "-o", tmp_path / "out", "--model", tiny_model, "--length", "short")
    assert res.exit_code == 0, res.output
    assert state["ooms"] == 2 and state["moves"] == ["cpu", "cuda"]
    assert "smaller chunks" in res.stderr and "retried on CPU" in res.stderr
    assert "## Key points" in (tmp_path / "out/a.md").read_text("utf-8")


def test_file_names_with_runs_of_spaces_or_a_newline_are_shown_as_they_are(tmp_path):
    """review8 cli L1: "Report  final.txt" was shown as "Report final.txt" (another file), a newline in a name
    split a log line in three, and the failed list repeated the path."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d/Report  final.txt").write_bytes(b"")
    write(tmp_path / "d/new\nline.txt")
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert res.exit_code == 1
    assert f"{tmp_path}/d/Report  final.txt: empty file" in res.stderr
    assert all("line.txt" not in line or "new\\nline.txt" in line for line in res.stderr.splitlines())
    assert "new\\nline.md" in res.stderr  # its output's name too (review9 L2)
    files = report_of(tmp_path / "r.json")["files"]
    assert files[0]["source"].endswith("Report  final.txt") and files[0]["reason"].startswith("empty file")
    assert files[1]["source"].endswith("new\nline.txt")  # the report, JSON, holds the real name (review9 L3)
