"""Unattended use: every bad input is one clear line and no output while the rest of the batch goes on; real
processes that overlap on one output dir, get SIGKILLed or SIGTERMed mid-run, and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docproc.cli import app
from tests import pdf_factory as pf

REPO = Path(__file__).resolve().parent.parent
TOPICS = ["pump", "filter", "valve", "sensor", "display", "battery", "cable", "fan", "door", "lamp", "motor",
          "switch"]
GOOD_PAGES = [[f"Section {n}. The {TOPICS[n]} must be serviced every {n} months.",
               f"Check the {TOPICS[n + 3]} before you restart the {TOPICS[n + 6]}."] for n in range(1, 4)]


def cli(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def outputs_in(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                  and ".docproc" not in p.parts)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "docproc: error:" in line]


# ---- every bad input: one line naming the file and the cause, no output, the batch goes on -------------------


BAD_INPUTS = {
    # file name -> (bytes factory, words the one-line error must contain)
    "empty.pdf": (lambda: b"", "empty"),
    "empty.txt": (lambda: b"", "empty"),
    "truncated.pdf": (lambda: pf.truncated_pdf(pf.text_pdf(GOOD_PAGES)), "pdf"),
    "corrupt.pdf": (pf.corrupt_pdf, "pdf"),
    "renamed text.pdf": (pf.fake_pdf_from_text, "not a pdf"),
    "picture.pdf": (pf.fake_pdf_from_png, "not a pdf"),
    "scanned.pdf": (lambda: pf.pdf_with_image_only_pages(3, blank=[1, 2, 3]), "no extractable text"),
    "locked.pdf": (lambda: pf.encrypted_pdf(pf.text_pdf(GOOD_PAGES), "s3cret"), "password"),
    "zero pages.pdf": (pf.zero_page_pdf, "no pages"),
    "bomb.pdf": (lambda: pf.flate_bomb_pdf(1 << 30), "limit"),
    "binary.txt": (pf.binary_garbage, "binary"),
    "latin junk.txt": (pf.undecodable_bytes, "undecodable"),
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad") / "inbox"
    pf.write(root / "good.pdf", pf.text_pdf(GOOD_PAGES))
    pf.write(root / "会議 メモ.txt", "本日の会議では、次回の点検日程を決めました。ポンプは三か月ごとに点検します。\n".encode())
    for name, (make, _) in BAD_INPUTS.items():
        pf.write(root / "bad" / name, make())
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "back")  # loop/back -> inbox: a symlink loop
    return root


def _status_kib(field: str) -> int:
    return int(next(line for line in open("/proc/self/status") if line.startswith(field + ":")).split()[1])


def test_bad_inputs_each_fail_alone_with_one_line(bad_folder, tmp_path):
    # The peak of this call alone: reset VmHWM to the current RSS (ru_maxrss would keep any earlier, larger
    # peak of the test process and could never fail).
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = _status_kib("VmRSS")
    rep = tmp_path / "report.json"
    res = cli("extract", bad_folder, "-o", tmp_path / "out", "--report", rep)
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert outputs_in(tmp_path / "out") == ["good.md", "会議 メモ.md"]
    assert "ポンプ" in (tmp_path / "out" / "会議 メモ.md").read_text("utf-8")

    errors = error_lines(res.stderr)
    assert len(errors) == len(BAD_INPUTS)
    for name, (_, words) in BAD_INPUTS.items():
        [line] = [e for e in errors if f"bad/{name}:" in e]
        assert words in line.lower(), line
    scanned = next(e for e in errors if "scanned.pdf" in e)
    assert "3" in scanned and "ocr" in scanned.lower()
    assert sum("symlink loop" in line for line in res.stderr.splitlines()) == 1

    report = json.loads(rep.read_text("utf-8"))
    assert report["counts"]["done"] == 2 and report["counts"]["failed"] == len(BAD_INPUTS)
    failed = {Path(f["source"]).name: f["reason"] for f in report["files"] if f["status"] == "failed"}
    assert set(failed) == set(BAD_INPUTS) and all(failed.values())
    for entry in report["files"]:  # an output path only where a file was written
        assert (entry["output"] is not None) == (entry["status"] == "done")
        assert entry["output"] is None or Path(entry["output"]).is_file()
    grown_mib = (_status_kib("VmHWM") - before) / 1024
    assert grown_mib < 700, f"the decompression bomb cost {grown_mib:.0f} MiB"


def test_corrupt_page_is_reported_as_corrupt_not_as_a_scan(tmp_path):
    pf.write(tmp_path / "c.pdf", pf.pdf_with_corrupt_page(3, corrupt=2))
    res = cli("extract", tmp_path / "c.pdf", "-o", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert "corrupt pages, could not be read: 2" in res.stderr and "scanned" not in res.stderr
    text = (tmp_path / "out/c.md").read_text("utf-8")
    assert "unreadable_pages: [2]" in text and "_(this page is corrupt and could not be read)_" in text
    assert "no extractable text on this page" not in text


def test_encrypted_pdf_wrong_and_right_password(tmp_path):
    pf.write(tmp_path / "locked.pdf", pf.encrypted_pdf(pf.text_pdf(GOOD_PAGES), "s3cret"))
    res = cli("extract", tmp_path / "locked.pdf", "--password", "wrong")
    assert res.exit_code == 1 and res.stdout == ""
    [line] = error_lines(res.stderr)
    assert "locked.pdf" in line and "wrong password" in line
    res = cli("extract", tmp_path / "locked.pdf", "--password", "s3cret")
    assert res.exit_code == 0 and "valve must be serviced every 2 months" in res.stdout


def test_page_range_past_the_end_is_that_files_error(tmp_path):
    pf.write(tmp_path / "d/short.pdf", pf.text_pdf(GOOD_PAGES))
    pf.write(tmp_path / "d/long.pdf", pf.text_pdf(GOOD_PAGES * 3))
    res = cli("extract", tmp_path / "d", "-o", tmp_path / "out", "--pages", "5-6")
    assert res.exit_code == 1
    assert outputs_in(tmp_path / "out") == ["long.md"]
    [line] = error_lines(res.stderr)
    assert "short.pdf" in line


# ---- real processes ---------------------------------------------------------------------------------


def make_inputs(root: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        pages = [[f"Document {i}: the {TOPICS[(i + p) % 12]} is checked weekly.",
                  f"Replace the {TOPICS[(i * p) % 12]} when the {TOPICS[(i + 2 * p) % 12]} light is on."]
                 for p in range(1, 4)]
        paths.append(pf.write(root / f"sub{i % 4}" / f"doc {i:03d}.pdf", pf.text_pdf(pages)))
    return paths


def docproc(*args) -> list[str]:
    return [sys.executable, "-m", "docproc", *[str(a) for a in args]]


def env() -> dict:
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}


def assert_complete_outputs(out: Path, n: int) -> None:
    names = outputs_in(out)
    assert len(names) == n and all(name.endswith(".md") for name in names)
    for name in names:
        text = (out / name).read_text("utf-8")
        assert "checked weekly" in text and text.endswith("\n")
    assert not [p for p in out.rglob("*.tmp")], "temp files left behind"


def test_two_processes_on_one_output_dir_share_the_work(tmp_path):
    n = 40
    make_inputs(tmp_path / "in", n)
    out = tmp_path / "out"
    procs = [subprocess.Popen(docproc("extract", tmp_path / "in", "-o", out, "--report", tmp_path / f"r{k}.json"),
                              env=env(), stderr=subprocess.PIPE, text=True) for k in (1, 2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    reports = [json.loads((tmp_path / f"r{k}.json").read_text()) for k in (1, 2)]
    done = [{f["source"] for f in r["files"] if f["status"] == "done"} for r in reports]
    assert not done[0] & done[1], "the same file was made twice"
    assert len(done[0] | done[1]) == n
    for r in reports:
        assert all(f["status"] in ("done", "skipped") for f in r["files"])
    assert_complete_outputs(out, n)


def wait_for_progress(proc, line_count: int, timeout: float = 60) -> list[str]:
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if sum("done ->" in x for x in lines) >= line_count:
            return lines
    raise AssertionError("no progress: " + "".join(lines))


def test_sigkill_mid_run_leaves_no_partial_output_and_rerun_completes(tmp_path):
    n = 80
    make_inputs(tmp_path / "in", n)
    out = tmp_path / "out"
    proc = subprocess.Popen(docproc("extract", tmp_path / "in", "-o", out), env=env(), stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for_progress(proc, 5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
    finished = outputs_in(out)
    assert 5 <= len(finished) < n
    for name in finished:  # whatever exists is whole
        assert (out / name).read_text("utf-8").endswith("\n")

    rerun = subprocess.run(docproc("extract", tmp_path / "in", "-o", out, "--report", tmp_path / "r.json"),
                           env=env(), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    counts = json.loads((tmp_path / "r.json").read_text())["counts"]
    assert counts["skipped"] >= len(finished) - 1 and counts["done"] + counts["skipped"] == n  # resumed
    assert_complete_outputs(out, n)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stop_signal_ends_cleanly_with_exit_130_and_a_report(tmp_path, stop):
    n = 80
    make_inputs(tmp_path / "in", n)
    out = tmp_path / "out"
    rep = tmp_path / "r.json"
    proc = subprocess.Popen(docproc("extract", tmp_path / "in", "-o", out, "--report", rep), env=env(),
                            stderr=subprocess.PIPE, text=True)
    wait_for_progress(proc, 3)
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    report = json.loads(rep.read_text())
    assert report["exit_code"] == 130 and report["counts"]["done"] >= 3
    assert report["counts"]["interrupted"] + report["counts"]["not_run"] >= 1
    assert len(outputs_in(out)) == report["counts"]["done"]
    assert not list(out.rglob("*.tmp"))
    # The locks were released: the next run takes every remaining file.
    rerun = subprocess.run(docproc("extract", tmp_path / "in", "-o", out), env=env(), capture_output=True,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete_outputs(out, n)


@pytest.mark.parametrize("stderr", ["disk full", "broken pipe", "closed"])
@pytest.mark.parametrize("quiet", [[], ["-q"]], ids=["normal", "quiet"])
def test_unwritable_stderr_never_stops_the_batch_or_changes_the_exit_code(tmp_path, stderr, quiet):
    """`2>&1 | head`, `2>> log` on a full disk, `2>&-`: the log is lost, nothing else is."""
    for name in ("a.txt", "b.txt", "d.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(f"Notes {name}. The pump is checked weekly.\n")
    (tmp_path / "in" / "c.txt").write_bytes(b"")  # fails: an error line is written too
    cmd = docproc("extract", tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "r.json", *quiet)
    if stderr == "disk full":
        with open("/dev/full", "w") as full:
            code = subprocess.run(cmd, env=env(), stderr=full, timeout=120).returncode
    elif stderr == "broken pipe":  # the reader is already gone: every write gets EPIPE
        read_end, write_end = os.pipe()
        os.close(read_end)
        code = subprocess.run(cmd, env=env(), stderr=write_end, timeout=120).returncode
        os.close(write_end)
    else:
        code = subprocess.run(["bash", "-c", 'exec "$@" 2>&-', "-", *cmd], env=env(), timeout=120).returncode
    assert code == 1  # c.txt failed; everything else as if stderr were fine
    assert outputs_in(tmp_path / "out") == ["a.md", "b.md", "d.md"]
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["exit_code"] == 1 and report["counts"]["done"] == 3 and report["counts"]["failed"] == 1


@pytest.mark.parametrize("stdout", ["disk full", "closed"])
def test_unwritable_stdout_is_one_clear_line_and_exit_1(tmp_path, stdout):
    src = tmp_path / "a.txt"
    src.write_text("The pump is checked weekly.\n")
    cmd = docproc("extract", src)
    if stdout == "disk full":
        with open("/dev/full", "w") as full:
            proc = subprocess.run(cmd, env=env(), stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    else:
        proc = subprocess.run(["bash", "-c", 'exec "$@" >&-', "-", *cmd], env=env(), stderr=subprocess.PIPE,
                              text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write to standard output" in lines[0] and str(src) in lines[0], lines
    assert "internal error" not in lines[0]


def test_documented_multi_gpu_shard_loop_covers_every_file_once(tmp_path):
    """The README's `--shard i+1/N &` example, with real processes (CUDA_VISIBLE_DEVICES is irrelevant on CPU)."""
    n = 30
    make_inputs(tmp_path / "in", n)
    script = (
        "N=3; for i in 0 1 2; do "
        "CUDA_VISIBLE_DEVICES=$i python -m docproc extract in -o out --shard $((i+1))/$N -q --report r$i.json & "
        "done; wait"
    )
    subprocess.run(["bash", "-c", script.replace("python", sys.executable)], cwd=tmp_path, env=env(), check=True,
                   timeout=180)
    done = []
    for i in range(3):
        report = json.loads((tmp_path / f"r{i}.json").read_text())
        assert report["exit_code"] == 0
        done += [f["source"] for f in report["files"] if f["status"] == "done"]
    assert len(done) == len(set(done)) == n
    assert_complete_outputs(tmp_path / "out", n)


def test_a_stop_while_waiting_for_stdin_is_an_interrupted_run_with_its_report(tmp_path):
    """review8 cli L5: a stop signal while docproc read a pipe on stdin exited 130 but left the previous run's
    report in place, which said exit 0."""
    rep = tmp_path / "reports/r.json"
    proc = subprocess.Popen(docproc("extract", "-", "-o", tmp_path / "out", "--report", rep), env=env(),
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not rep.parent.is_dir() and time.monotonic() < deadline:  # made just before stdin is read
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 130, proc.stderr.read()
    finally:
        proc.kill()
    report = json.loads(rep.read_text())
    assert report["exit_code"] == 130 and report["counts"]["interrupted"] == 1
