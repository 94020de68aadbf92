"""Unit tests of the batch building blocks: walking inputs, output names, shards, atomic writes, locks,
up-to-date checks, the timeout alarm and the CUDA-OOM fallback ladder (with a fake model)."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path, PurePosixPath

import pytest

from docproc import batch, outputs
from docproc.document import Document, KeyPoint, Page, Result, RunStats
from docproc.errors import ModelError, OutputError, UsageError
from docproc.inputs import collect_inputs, output_names, parse_shard, shard_of
from docproc.settings import RunSettings


def touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- inputs ----------------------------------------------------------------------------------------


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_temporary_files(tmp_path):
    root = tmp_path / "docs"
    for name in ["b.pdf", "a.txt", "sub/c.md", "sub/deeper/d.pdf", "image.png", ".hidden.pdf", "~lock.txt",
                 "draft.pdf.tmp", "download.pdf.part", "#autosave#", ".git/config.txt", "sub/.cache/e.pdf"]:
        touch(root / name)
    items = collect_inputs([str(root)])
    assert [str(it.rel) for it in items] == ["a.txt", "b.pdf", "sub/c.md", "sub/deeper/d.pdf"]
    assert all(it.path.exists() for it in items)


def test_glob_filters_folder_walk_but_never_a_file_named_explicitly(tmp_path):
    touch(tmp_path / "d/a.pdf"), touch(tmp_path / "d/b.txt"), touch(tmp_path / "d/sub/c.pdf")
    touch(tmp_path / "explicit.docx")
    items = collect_inputs([str(tmp_path / "d"), str(tmp_path / "explicit.docx")], globs=["*.pdf"])
    assert sorted(it.path.name for it in items) == ["a.pdf", "c.pdf", "explicit.docx"]
    items = collect_inputs([str(tmp_path / "d")], globs=["sub/*.pdf"])
    assert [str(it.rel) for it in items] == ["sub/c.pdf"]


def test_glob_narrows_the_readable_files_ignores_case_and_star_stays_in_one_folder(tmp_path):
    for name in ["Doc.PDF", "a.txt", "data.csv", "pic.png", "report.docx", "sub/b.txt", "sub/x.pdf",
                 "sub/deep/c.txt"]:
        touch(tmp_path / "g" / name)

    def walk(*globs):
        return [str(it.rel) for it in collect_inputs([str(tmp_path / "g")], globs=list(globs))]

    assert walk("*") == walk() == ["Doc.PDF", "a.txt", "sub/b.txt", "sub/deep/c.txt", "sub/x.pdf"]
    assert walk("*.pdf") == ["Doc.PDF", "sub/x.pdf"]  # like the plain walk, *.PDF from a scanner counts
    assert walk("sub/*.txt") == ["sub/b.txt"]  # * does not cross "/"
    assert walk("sub/**/*.txt") == ["sub/b.txt", "sub/deep/c.txt"]
    assert walk("**/*.TXT") == ["a.txt", "sub/b.txt", "sub/deep/c.txt"]
    assert walk("[!a]*") == ["Doc.PDF", "sub/b.txt", "sub/deep/c.txt", "sub/x.pdf"]


def test_symlink_loop_is_walked_once_with_a_warning(tmp_path, capsys):
    touch(tmp_path / "d/a.txt"), touch(tmp_path / "d/sub/b.txt")
    os.symlink("..", tmp_path / "d/sub/loop")  # d/sub/loop -> d
    os.symlink("self", tmp_path / "d/self")  # a symlink pointing at itself
    items = collect_inputs([str(tmp_path / "d")])
    assert [str(it.rel) for it in items] == ["a.txt", "sub/b.txt"]
    err = capsys.readouterr().err
    assert "symlink loop" in err and err.count("\n") <= 3


def test_output_dir_inside_input_folder_is_not_read_back(tmp_path):
    touch(tmp_path / "d/a.txt"), touch(tmp_path / "d/out/a.md")
    items = collect_inputs([str(tmp_path / "d")], output_dir=tmp_path / "d/out")
    assert [str(it.rel) for it in items] == ["a.txt"]


def test_files_of_other_types_in_a_folder_are_counted_in_one_line(tmp_path, capsys):
    """review34 F8: a .docx dropped into a cron inbox was never summarized and never mentioned."""
    for name in ("memo.txt", "report.docx", "page.html", "scan.png", "old/notes.docx", "README"):
        touch(tmp_path / "inbox" / name)
    capsys.readouterr()
    items = collect_inputs([str(tmp_path / "inbox")])
    assert [str(it.rel) for it in items] == ["memo.txt"]
    err = capsys.readouterr().err
    assert "5 files of other types not read (2 .docx, 1 .html, 1 .png, 1 without an extension)" in err, err
    collect_inputs([str(tmp_path / "inbox")], globs=["*.md"])  # a --glob leaves memo.txt out: the user's choice
    assert "5 files of other types" in capsys.readouterr().err


def test_a_bench_report_folder_inside_an_input_folder_is_not_read(tmp_path, capsys):
    """review35 F7: `bench report trial/ -o trial/report-a`, then `-o trial/report-b`: the second trial measured
    report-a's report.md and outputs/*.dense.md as 8 more documents, summaries of summaries."""
    touch(tmp_path / "trial/pump_notice.txt", "The pump is checked every month.")
    report = {"headline": "sparse: ...", "documents": [], "total": {}, "meta": {"command": "docproc bench report trial"}}
    for name in ("report.md", "runs.csv", "outputs/pump_notice.dense.md"):
        touch(tmp_path / "trial/report-a" / name, "x")
    touch(tmp_path / "trial/report-a/report.json", json.dumps(report))
    touch(tmp_path / "trial/notes/report.md", "A document that happens to be called report.md.")
    # review37 F5: a folder of documents that are merely named so is read
    for name in ("report.md", "report.json", "runs.csv", "minutes.md"):
        touch(tmp_path / "trial/inbox" / name, '{"quarter": 3}' if name.endswith(".json") else "Minutes of 3 May.")
    capsys.readouterr()
    items = collect_inputs([str(tmp_path / "trial")], output_dir=tmp_path / "trial/report-b")
    assert [str(it.rel) for it in items] == ["inbox/minutes.md", "inbox/report.md", "notes/report.md",
                                            "pump_notice.txt"]
    assert "trial/report-a: a docproc bench report folder" in capsys.readouterr().err


def test_another_runs_outputs_inside_an_input_folder_are_not_read_back(tmp_path, capsys):
    """review19 F4: two cron jobs (-o inbox/summaries, -o inbox/keypoints) read each other's outputs as documents,
    one level deeper every night. review20 F5: skipping every folder with docproc's state also skipped the
    documents of a folder a one-file call had written its output into. The outputs recorded there are skipped,
    nothing else."""
    touch(tmp_path / "inbox/memo.txt", "The memo says the pump is checked every month.")
    for out in ("summaries", "keypoints"):
        assert batch.run(RunSettings(command="extract", inputs=[str(tmp_path / "inbox")],
                                     output_dir=str(tmp_path / "inbox" / out), quiet=True)) == 0
    touch(tmp_path / "inbox/summaries/later.txt", "A document saved into that folder later.")
    capsys.readouterr()
    items = collect_inputs([str(tmp_path / "inbox")], output_dir=tmp_path / "inbox/keypoints")
    assert [str(it.rel) for it in items] == ["memo.txt", "summaries/later.txt"]
    assert "inbox/summaries: holds 1 output of another docproc run" in capsys.readouterr().err
    # a one-file call that wrote its output beside its document: the folder's other documents are still read
    touch(tmp_path / "docs/a.txt", "Document A is about filters."), touch(tmp_path / "docs/b.txt", "Document B.")
    assert batch.run(RunSettings(command="extract", inputs=[str(tmp_path / "docs/a.txt")],
                                 output_dir=str(tmp_path / "docs"), quiet=True)) == 0
    assert [str(it.rel) for it in collect_inputs([str(tmp_path)])] == [
        "docs/a.txt", "docs/b.txt", "inbox/memo.txt", "inbox/summaries/later.txt"]
    # given itself, an output folder is what the user asked for (review21 F4: "no input files found")
    assert [str(it.rel) for it in collect_inputs([str(tmp_path / "inbox/summaries")])] == ["later.txt", "memo.md"]


def test_a_tree_a_thousand_folders_deep_is_walked(tmp_path):
    """review19 F10: the walk recursed, and ~980 nested folders ended in a RecursionError traceback."""
    touch(tmp_path / "d/top.txt")
    folders = [os.path.join(tmp_path, "d")]
    try:
        for _ in range(1200):  # (os.makedirs recurses too)
            folders.append(os.path.join(folders[-1], "x"))
            os.mkdir(folders[-1])
        Path(folders[-1], "bottom.txt").write_text("x")
        assert [it.path.name for it in collect_inputs([str(tmp_path / "d")])] == ["top.txt", "bottom.txt"]
    finally:  # removed here: pytest's clean-up of old temporary folders recurses, and would fail on it
        if os.path.exists(os.path.join(folders[-1], "bottom.txt")):
            os.remove(os.path.join(folders[-1], "bottom.txt"))
        for folder in reversed(folders[1:]):
            if os.path.isdir(folder):
                os.rmdir(folder)


def test_symlinks_that_lead_to_no_document_say_why(tmp_path, capsys):
    """review19 F11: a second path to a folder was "a symlink loop", a link to /dev/zero "broken or looping"."""
    touch(tmp_path / "d/sub/a.txt")
    os.symlink("sub", tmp_path / "d/again")
    os.symlink("/dev/zero", tmp_path / "d/zero.txt")
    os.symlink("missing.txt", tmp_path / "d/gone.txt")
    assert [str(it.rel) for it in collect_inputs([str(tmp_path / "d")])] == ["again/a.txt"]  # name order
    err = capsys.readouterr().err
    assert "d/sub: a folder already walked" in err  # "again" comes first in name order
    assert "zero.txt: symlink to a device, a pipe or a socket" in err
    assert "gone.txt: broken symlink" in err


def test_an_input_that_cannot_be_looked_at_fails_alone(tmp_path):
    """review19 F2: Path.is_dir() raises for a name over 255 bytes (and under a folder without search
    permission): a traceback, and the good files of the batch were lost. Now it is that file's error."""
    good = touch(tmp_path / "good.txt", "The pump runs at 3,000 rpm. It is checked every three months.")
    long_name = tmp_path / ("z" * 300 + ".txt")
    items = collect_inputs([str(good), str(long_name)])
    assert [it.path.name for it in items] == ["good.txt", long_name.name]
    code = batch.run(RunSettings(command="extract", inputs=[str(good), str(long_name)],
                                 output_dir=str(tmp_path / "out"), quiet=True))
    assert code == 1 and (tmp_path / "out/good.md").is_file()


def test_output_names_mirror_the_tree_and_never_collide(tmp_path):
    for name in ["a/notes.pdf", "b/notes.pdf", "a/minutes.txt", "a/minutes.pdf", "ノート 会議.txt"]:
        touch(tmp_path / name)
    items = collect_inputs([str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "ノート 会議.txt")])
    names = {str(it.rel): str(name) for it, name in output_names(items, ".md").items()}
    assert names == {"a/notes.pdf": "a/notes.md", "b/notes.pdf": "b/notes.md",
                     "a/minutes.txt": "a/minutes.txt.md", "a/minutes.pdf": "a/minutes.pdf.md",
                     "ノート 会議.txt": "ノート 会議.md"}
    # One folder given: paths relative to it; the same file named twice counts once.
    items = collect_inputs([str(tmp_path / "a"), str(tmp_path / "a" / "notes.pdf")])
    assert sorted(str(it.rel) for it in items) == ["minutes.pdf", "minutes.txt", "notes.pdf"]


def test_output_names_are_unique_even_when_a_full_name_is_another_inputs_short_name(tmp_path):
    for name in ["a.txt", "a.md", "a.txt.md", "Notes.txt", "notes.txt", "notes.txt.2.txt"]:
        touch(tmp_path / "d" / name)
    items = collect_inputs([str(tmp_path / "d")])
    names = {str(it.rel): str(name) for it, name in output_names(items, ".md").items()}
    assert names == {"a.md": "a.md.md", "a.txt": "a.txt.md", "a.txt.md": "a.txt.md.md",
                     "Notes.txt": "Notes.txt.md", "notes.txt": "notes.txt.3.md", "notes.txt.2.txt": "notes.txt.2.md"}
    assert output_names(list(reversed(items)), ".md") == output_names(items, ".md")  # stable: same every run


def test_clashing_names_lose_no_output_and_are_up_to_date_on_the_next_run(tmp_path):
    touch(tmp_path / "in/a.txt", "Alpha text file about pumps.\n"), touch(tmp_path / "in/a.md", "# Beta fans.\n")
    touch(tmp_path / "in/a.txt.md", "# Gamma notes, the third file.\n")
    settings = RunSettings(command="extract", inputs=[str(tmp_path / "in")], output_dir=tmp_path / "out",
                           report=tmp_path / "r.json")
    assert batch.run(settings) == 0
    outs = {p.name: p.read_text("utf-8") for p in (tmp_path / "out").glob("*.md")}
    assert sorted(outs) == ["a.md.md", "a.txt.md", "a.txt.md.md"]
    assert "Alpha" in outs["a.txt.md"] and "Gamma" in outs["a.txt.md.md"]
    assert batch.run(settings) == 0
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["skipped"] == 3


def test_stdin_is_one_input_named_stdin():
    items = collect_inputs(["-"])
    assert len(items) == 1 and items[0].is_stdin and str(output_names(items, ".md")[items[0]]) == "stdin.md"
    with pytest.raises(UsageError):
        collect_inputs(["-", "-"])


@pytest.mark.parametrize("spec", ["0/3", "4/3", "1/0", "a/b", "1-3", "", "2"])
def test_bad_shard_is_a_usage_error(spec):
    with pytest.raises(UsageError) as info:
        parse_shard(spec)
    assert info.value.exit_code == 2


def test_shards_cover_every_output_exactly_once():
    names = [PurePosixPath(f"dir{i % 7}/file {i}.md") for i in range(500)]
    for n in (1, 2, 3, 8):
        shards = [[p for p in names if shard_of(p, n) == k] for k in range(n)]
        assert sorted(p for s in shards for p in s) == sorted(names)
        if n > 1:
            assert all(len(s) > 500 / n / 2 for s in shards)  # roughly balanced
    assert parse_shard(" 2 / 4 ") == (2, 4)
    # Stable across processes (no PYTHONHASHSEED dependence).
    code = "from pathlib import PurePosixPath as P; from docproc.inputs import shard_of; print(shard_of(P('a/b.md'), 7))"
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert out == {f"{shard_of(PurePosixPath('a/b.md'), 7)}\n"}


# ---- atomic writes, state, locks ---------------------------------------------------------------------


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "sub" / "out.md"
    outputs.atomic_write(target, "first\n")
    outputs.atomic_write(target, "second ✓\n")
    assert target.read_text("utf-8") == "second ✓\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]


def test_disk_full_during_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.md"
    target.write_text("old\n")

    def full_disk(fd, data):
        os.write(fd, bytes(data[:3]))  # a part got written before the disk filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "_write_fully", full_disk)
    with pytest.raises(OutputError) as info:
        outputs.atomic_write(target, "new content\n")
    assert "disk full" in info.value.one_line() and str(target) in info.value.one_line()
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_stale_temp_files_of_a_killed_run_are_removed(tmp_path):
    target = tmp_path / "a [1].md"
    leftover = tmp_path / f".a [1].md.1234.5{outputs._TMP_SUFFIX}"
    leftover.write_text("partial")
    other = tmp_path / f".b.md.1.2{outputs._TMP_SUFFIX}"
    other.write_text("someone else's")
    outputs.remove_stale_temps(target)
    assert not leftover.exists() and other.exists()


def test_up_to_date_needs_same_key_and_untouched_output(tmp_path):
    out = outputs.OutputDir(tmp_path)
    rel = PurePosixPath("sub/a.md")
    key = outputs.run_key("abc", {"model": "m"})
    assert key == outputs.run_key("abc", {"model": "m"}) != outputs.run_key("abd", {"model": "m"})
    assert not out.is_up_to_date(rel, key)
    outputs.atomic_write(out.path_of(rel), "text\n")
    out.record(rel, key, "text\n", {})
    assert out.is_up_to_date(rel, key)
    assert not out.is_up_to_date(rel, outputs.run_key("abc", {"model": "other"}))
    out.path_of(rel).write_text("edited by hand\n")
    assert not out.is_up_to_date(rel, key)
    out.path_of(rel).unlink()
    assert not out.is_up_to_date(rel, key)


def test_lock_is_exclusive_and_names_the_holder(tmp_path):
    out = outputs.OutputDir(tmp_path)
    rel = PurePosixPath("a.md")
    with out.lock(rel) as first:
        assert first is None
        with out.lock(rel) as second:  # a second open file description conflicts, as another process would
            assert second == str(os.getpid())
        with out.lock(PurePosixPath("b.md")) as other:
            assert other is None
    with out.lock(rel) as again:
        assert again is None


def test_a_lock_says_which_document_only_while_it_is_held(tmp_path):
    """review20 F7: holder_input locked the file to see whether it was held, and a process that tried the lock
    at that moment skipped its document ("being made by another docproc (pid ?)"). It now reads the file, which
    the holder empties on release; a holder killed before that holds nothing."""
    out, rel = outputs.OutputDir(tmp_path), PurePosixPath("notes.md")
    with out.lock(rel, "/docs/a/notes.txt") as first:
        assert first is None and out.holder_input(rel) == "/docs/a/notes.txt"
        with out.lock(rel) as second:  # (holder_input took no lock: the next try meets only the holder's)
            assert second == str(os.getpid())
    assert out.holder_input(rel) is None
    lock_file = next((tmp_path / ".docproc/locks").iterdir())
    assert lock_file.read_bytes() == b""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_file.write_text(f"{dead.stdout.strip()}\n\"/docs/b/notes.txt\"\n")
    assert out.holder_input(rel) is None


def test_a_lock_whose_holder_has_not_said_who_it_is_is_asked_again(tmp_path):
    """review21 F5: a process that met the lock in the instant its holder had taken it but not yet written its
    pid (or had emptied it and not yet let go) skipped its document: "being made by another docproc (pid ?)"."""
    import fcntl
    import threading

    out, rel = outputs.OutputDir(tmp_path), PurePosixPath("notes.md")
    with out.lock(rel):
        pass  # (makes the lock file)
    lock_file = next((tmp_path / ".docproc/locks").iterdir())
    fd = os.open(lock_file, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held, and empty
    threading.Timer(0.1, lambda: fcntl.flock(fd, fcntl.LOCK_UN)).start()
    try:
        with out.lock(rel) as holder:
            assert holder is None
    finally:
        os.close(fd)


def test_a_name_another_document_took_before_the_lock_was_ours_is_chosen_again(tmp_path):
    """review20 F4: two parallel calls chose the same free name; the second got the lock after the first had
    written its output there, and wrote over it ("done" twice, one document lost)."""
    from docproc.inputs import InputItem

    a, b = touch(tmp_path / "a/notes.txt", "Folder A."), touch(tmp_path / "b/notes.txt", "Folder B.")
    out = tmp_path / "out"
    assert batch.run(RunSettings(command="extract", inputs=[str(a)], output_dir=str(out), quiet=True)) == 0
    settings = RunSettings(command="extract", inputs=[str(b)], output_dir=str(out), quiet=True)
    item = InputItem(str(b), b, PurePosixPath("notes.txt"))
    outcome = batch.FileOutcome(str(b), str(out / "notes.md"))
    with pytest.raises(batch.OutputNameTaken):  # as if b had chosen "notes.md" before a's state was there
        batch.process(item, PurePosixPath("notes.md"), outputs.OutputDir(out), settings, batch.ModelSlot(settings),
                      None, outcome)
    assert "a/notes.txt" in (out / "notes.md").read_text()


def test_lock_of_a_killed_process_is_released(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path, PurePosixPath
        from docproc.outputs import OutputDir
        with OutputDir(Path({str(tmp_path)!r})).lock(PurePosixPath("a.md")) as h:
            print("locked", h, flush=True)
            time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().startswith("locked None")
        out = outputs.OutputDir(tmp_path)
        with out.lock(PurePosixPath("a.md")) as h:
            assert h == str(holder.pid)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with out.lock(PurePosixPath("a.md")) as h:
            assert h is None
    finally:
        holder.kill()
        holder.wait()


# ---- validation, timeout ---------------------------------------------------------------------------


@pytest.mark.parametrize("changes", [
    {"pages": "3-x"}, {"pages": "1,,2"}, {"pages": "10-3"}, {"pages": "0-2"}, {"shard": "3/2"}, {"timeout": 0}, {"device": "tpu"},
    {"attention": "fast"}, {"length": "huge"}, {"sparse_tau": 1.5}, {"inputs": []},
])
def test_bad_options_are_usage_errors(changes):
    settings = dataclasses.replace(RunSettings(command="summarize", inputs=["x.pdf"]), **changes)
    with pytest.raises(UsageError) as info:
        batch.validate(settings)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("pages", ["3", "3-10", "3-10,12", "5-", "-4", " 1 - 2 , 7 "])
def test_good_page_specs_pass(pages):
    batch.validate(RunSettings(command="extract", inputs=["x.pdf"], pages=pages))


def test_every_setting_that_shapes_the_output_is_in_the_key():
    base = RunSettings(command="summarize", inputs=["a.pdf"])
    keys = {outputs.run_key("sha", batch.key_fields(dataclasses.replace(base, **change))) for change in [
        {}, {"model": "qwen2.5-1.5b"}, {"length": "long"}, {"language": "ja"}, {"attention": "dense"},
        {"sparse_tau": 0.9}, {"sparse_block": 128}, {"pages": "1-3"}, {"json": True}, {"command": "keypoints"},
    ]}
    assert len(keys) == 10
    # ... and what does not shape it is not: device, timeout, report, verbosity.
    same = {outputs.run_key("sha", batch.key_fields(dataclasses.replace(base, **change))) for change in [
        {}, {"device": "cpu"}, {"timeout": 5.0}, {"quiet": True}, {"force": True}, {"shard": "1/2"},
    ]}
    assert len(same) == 1


def test_stop_signal_waits_for_the_critical_section():
    steps = []
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with batch.stop_signals_as_interrupt():
            with batch.critical_section():
                signal.raise_signal(signal.SIGTERM)  # (the handler runs before it returns)
                time.sleep(0.05)
                steps.append("output and state written")
            steps.append("never reached")
    assert steps == ["output and state written"]
    assert signal.getsignal(signal.SIGTERM) is before  # the previous handler is back


def test_stop_signal_while_the_model_loads_is_an_interrupt_not_a_model_error(tmp_path, monkeypatch):
    def load_model(*args, **kwargs):
        try:
            batch._on_stop_signal(signal.SIGTERM, None)  # lands inside transformers' lazy import...
        except KeyboardInterrupt:  # ...which re-raises it as ModuleNotFoundError, wrapped by load_model
            raise ModelError("cannot load the model (ModuleNotFoundError: Could not import module 'LlamaConfig')",
                             path="smollm2-135m") from None

    from docproc import models

    monkeypatch.setattr(models, "load_model", load_model)
    touch(tmp_path / "in/a.txt", "Alpha. The pump is checked weekly.\n"), touch(tmp_path / "in/b.txt", "Beta.\n")
    settings = RunSettings(command="summarize", inputs=[str(tmp_path / "in")], output_dir=tmp_path / "out",
                           device="cpu", report=tmp_path / "r.json")
    assert batch.run(settings) == 130
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["counts"]["failed"] == 0 and report["counts"]["interrupted"] == 1


def test_the_file_a_stop_lands_in_reports_the_time_it_ran(tmp_path, monkeypatch):
    """review35 F6: the file being summarized at SIGTERM was reported with "seconds": 0.0, hiding its 11 s."""
    def load_model(*args, **kwargs):
        time.sleep(0.3)
        raise KeyboardInterrupt

    from docproc import models

    monkeypatch.setattr(models, "load_model", load_model)
    touch(tmp_path / "in/a.txt", "Alpha. The pump is checked weekly.\n"), touch(tmp_path / "in/b.txt", "Beta.\n")
    settings = RunSettings(command="summarize", inputs=[str(tmp_path / "in")], output_dir=tmp_path / "out",
                           device="cpu", report=tmp_path / "r.json")
    assert batch.run(settings) == 130
    stopped, unstarted = json.loads((tmp_path / "r.json").read_text())["files"]
    assert stopped["status"] == "interrupted" and stopped["seconds"] >= 0.3, stopped
    assert unstarted["status"] == "not_run" and unstarted["seconds"] == 0.0


def test_deadline_interrupts_a_busy_loop_and_disarms():
    t0 = time.monotonic()
    with pytest.raises(batch.DocumentTimeout):
        with batch.deadline(0.2, "a.pdf"):
            while True:
                sum(range(1000))
    assert time.monotonic() - t0 < 5
    with batch.deadline(0.2, "b.pdf"):
        pass
    time.sleep(0.3)  # the alarm was disarmed: nothing fires now
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# ---- the CUDA out-of-memory ladder, with a fake model ---------------------------------------------------


@dataclasses.dataclass
class FakeOptions:
    mode: str = "summarize"
    length: str = "medium"
    language: str = "auto"
    chunk_tokens: int | None = None


class FakeModel:
    """Stands for a model on a GPU: its summarizer runs out of memory on cuda, works on cpu."""

    config = types.SimpleNamespace(max_position_embeddings=8192)

    def __init__(self):
        self.device = types.SimpleNamespace(type="cuda")
        self.moves = []

    def to(self, device):
        self.moves.append(device)
        self.device = types.SimpleNamespace(type=device)
        return self


def _install_fake_summarizer(monkeypatch, fail_while):
    import torch

    calls = []

    def summarize_document(doc, model, tokenizer, options, model_name=None):
        calls.append((model.device.type, options.chunk_tokens))
        if fail_while(model, options):
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        stats = RunStats(model=model_name or "fake", attention="dense", device=model.device.type)
        return Result(doc.source, None, [1], "en", "ok", [KeyPoint("k", [1])], stats)

    fake = types.ModuleType("docproc.summarize")
    fake.summarize_document = summarize_document
    fake.SummarizeOptions = FakeOptions
    monkeypatch.setitem(sys.modules, "docproc.summarize", fake)
    return calls


def _slot_with(model):
    slot = batch.ModelSlot(RunSettings(command="summarize", inputs=["a.pdf"], model="fake"))
    slot.model, slot.tokenizer = model, object()
    return slot


def test_cuda_oom_retries_with_smaller_chunks_first(monkeypatch, capsys):
    calls = _install_fake_summarizer(monkeypatch, lambda m, o: o.chunk_tokens is None)
    model = FakeModel()
    outcome = batch.FileOutcome("a.pdf", None)
    doc = Document("a.pdf", [Page(1, "text")])
    result = batch.summarize_resilient(doc, _slot_with(model), _slot_with(model).settings, outcome, None)
    assert result.summary == "ok"
    assert calls == [("cuda", None), ("cuda", 2048)] and model.moves == []
    assert "smaller chunks" in outcome.notes[0] and "smaller chunks" in capsys.readouterr().err


def test_cuda_oom_falls_back_to_cpu_then_returns_to_gpu(monkeypatch, capsys):
    calls = _install_fake_summarizer(monkeypatch, lambda m, o: m.device.type == "cuda")
    model = FakeModel()
    outcome = batch.FileOutcome("a.pdf", None)
    slot = _slot_with(model)
    result = batch.summarize_resilient(Document("a.pdf", [Page(1, "t")]), slot, slot.settings, outcome, None)
    assert result.stats.device == "cpu"
    assert calls == [("cuda", None), ("cuda", 2048), ("cpu", None)]
    assert model.moves == ["cpu", "cuda"]  # the next document gets the GPU again
    err = capsys.readouterr().err
    assert "retried on CPU" in err and "a.pdf" in err


def test_oom_on_cpu_is_a_model_error_not_a_traceback(monkeypatch):
    _install_fake_summarizer(monkeypatch, lambda m, o: True)
    model = FakeModel()
    model.device = types.SimpleNamespace(type="cpu")
    slot = _slot_with(model)
    with pytest.raises(ModelError) as info:
        batch.summarize_resilient(Document("a.pdf", [Page(1, "t")]), slot, slot.settings,
                                  batch.FileOutcome("a.pdf", None), None)
    assert "out of memory" in info.value.one_line() and "a.pdf" in info.value.one_line()


def test_cuda_requested_without_gpu_runs_on_cpu_with_warning(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert batch.resolve_device("cuda") == "cpu"
    assert "no CUDA GPU" in capsys.readouterr().err
    assert batch.resolve_device("auto") == "cpu"
