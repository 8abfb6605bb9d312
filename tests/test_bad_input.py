"""Bad input (SPEC §10): every file in tests/bad_input/ through the real `gongkai` command.

Each case is copied into a throwaway county (`gongkai.toml`, `catalogs/<file>`, and one domain file of its own,
`domains/shehui-jiuzhu.yaml`, so that the results do not depend on the packaged domains changing under us) and
checked with `gongkai lint`, `gongkai fmt --check` and `gongkai fmt`: never a traceback or an internal error,
never a hang, the right exit code, every problem at `path:line:col`, the expected rule codes, and the file left
byte-for-byte as it was unless `fmt` may rewrite it.

Speed: starting the console script costs about half a second (imports), and the matrix is ~200 runs. So the
per-file matrix goes through a small fork server: one process imports `gongkai.cli` once, then forks a child per
run that calls the same `main()` the console script calls, in the county folder, with its own stdout and stderr
files and exit code. `test_forked_runs_match_the_console_script` checks that both give identical results; the
hostile-strings JSON test, the timing tests, the 50 MB file, the FIFO and the device run the console script itself.
Set GONGKAI_TEST_NO_FORK=1 to run everything through the console script (about 2.5 minutes, same results).

The corpus is byte-exact (`tests/bad_input/.gitattributes` says `* -text`); its README lists every file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "bad_input"
NOT_CASES = {"README.md", ".gitattributes"}

_NEXT_TO_PYTHON = Path(sys.executable).parent / "gongkai"
GONGKAI = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("gongkai")

TIMEOUT = 10.0
"""Seconds one run may take before it counts as a hang."""

ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1793462400",  # 2026-11-01 (CST): GK601 sees a fixed day
    "NO_COLOR": "1",
    "COLUMNS": "200",
}
ENV.pop("GONGKAI_DEBUG", None)  # tracebacks must not be switched on from outside

CONFIG = '[site]\ncounty = "测试县"\n'
DOMAIN = "id: shehui-jiuzhu\nname: 社会救助\npilot: true\n"


# --- expectations ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    codes: tuple[str, ...]  # rule codes `gongkai lint` must report (others may appear too)
    exit: int  # lint's exit code: 2 unreadable, 1 errors, 0 clean or warnings only
    fmt_refuses: bool = False  # fmt must not touch it (does not parse, or is empty) and exit 1 or 2


def syntax(code: str = "GK101", exit: int = 1) -> Case:
    return Case((code,), exit, fmt_refuses=True)


EXPECTED: dict[str, Case] = {
    # YAML syntax and unsafe YAML features
    "tab-indent.yaml": syntax(),
    "mixed-indent.yaml": syntax(),
    "unclosed-quote.yaml": syntax(),
    "bare-colon.yaml": syntax(),
    "invalid-escape.yaml": syntax(),
    "lone-surrogate.yaml": syntax(),
    "control-char.yaml": syntax(),
    "undefined-alias.yaml": syntax(),
    "complex-key.yaml": syntax(),
    "python-tag.yaml": syntax(),
    "binary-tag.yaml": syntax(),
    "custom-tag.yaml": syntax(),
    "multi-document.yaml": syntax(),
    "alias-bomb.yaml": syntax(),
    "deep-nesting.yaml": syntax(),
    "deep-block-nesting.yaml": syntax(),
    # encodings and bytes
    "utf8-bom.yaml": Case(("GK109",), 0),
    "gb18030.yaml": Case(("GK109",), 0),
    "utf16.yaml": Case(("GK109",), 0),
    "utf16-be.yaml": Case(("GK109",), 0),
    "latin1-looks-like-gb.yaml": Case(("GK109",), 0),
    "crlf.yaml": Case((), 0),
    "cr-only.yaml": Case((), 0),
    "bom-mid-file.yaml": Case((), 0),
    "binary.yaml": syntax("GK100", 2),
    "nul-byte.yaml": syntax("GK100", 2),
    "utf16-no-bom.yaml": syntax("GK100", 2),
    "utf32.yaml": Case(("GK109",), 0),  # read as UTF-32, with the encoding warning
    "invalid-utf8-not-gb.yaml": syntax("GK100", 2),
    "latin1.yaml": syntax("GK100", 2),
    # shape of the document
    "empty.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "whitespace-only.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "only-comment.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "only-bom.yaml": Case(("GK103", "GK109"), 1, fmt_refuses=True),
    "document-markers-only.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "top-level-list.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "top-level-scalar.yaml": Case(("GK103",), 1, fmt_refuses=True),
    "missing-unit.yaml": Case(("GK103",), 1),
    "duplicate-key.yaml": Case(("GK102",), 1, fmt_refuses=True),
    # types, keys, values
    "wrong-types.yaml": Case(("GK105",), 1),
    "wrong-types-item.yaml": Case(("GK105",), 1),
    "item-not-a-list.yaml": Case(("GK105",), 1),
    "unit-kind-wrong.yaml": Case(("GK105",), 1),
    "bad-date.yaml": Case(("GK105",), 1),
    "unknown-keys.yaml": Case(("GK104", "GK203", "GK205"), 1),
    "merge-key.yaml": Case(("GK104",), 1),
    "anchors-ok.yaml": Case((), 0),
    "placeholders.yaml": Case(("GK202", "GK203", "GK204", "GK205", "GK206", "GK207", "GK208"), 1),
    "duplicate-item.yaml": Case(("GK106",), 1),
    "unknown-domain.yaml": Case(("GK107",), 1),
    "中文文件名.yaml": Case(("GK108",), 1),
    "ext-yml.yml": Case((), 0),
    "huge-number.yaml": Case((), 0, fmt_refuses=True),  # lint reads it as text; fmt's loader cannot, and says so
    "leading-zero.yaml": Case((), 0),
    # hostile and huge strings
    "hostile-strings.yaml": Case(("GK107", "GK305", "GK310", "GK311"), 1),
    "escaped-control-chars.yaml": Case(("GK305",), 0),
    "newline-in-value.yaml": Case(("GK310", "GK311"), 0),
    "huge-line.yaml": Case(("GK301",), 1),
}


LINT_XFAIL: dict[str, str] = {}
OUTPUT_XFAIL: dict[str, str] = {}
FMT_XFAIL: dict[str, str] = {}


def case_names() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.name not in NOT_CASES)


def cases(xfail: dict[str, str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=xfail[name], strict=True)) if name in xfail else name
        for name in case_names()
    ]


# --- running the command -----------------------------------------------------------------------------------


@dataclass
class Run:
    rc: int | None  # None: killed after the timeout
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def assert_sane(self, what: str) -> None:
        """No hang, no traceback, no internal error."""
        assert self.rc is not None, f"{what}: no answer after {self.seconds:.0f} s (hang)"
        both = self.out + self.err
        assert "Traceback" not in both, f"{what}: traceback\n{both[-3000:]}"
        assert "内部错误" not in both, f"{what}: internal error\n{both[-3000:]}"


def run_script(argv: list[str], cwd: Path, timeout: float = TIMEOUT, preexec: Callable | None = None) -> Run:
    """The console script in a subprocess: `gongkai ARGV` in `cwd`."""
    assert GONGKAI, "the gongkai console script is not installed next to this Python"
    start = time.monotonic()
    try:
        done = subprocess.run(
            [GONGKAI, *argv],
            cwd=cwd,
            env=ENV,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            preexec_fn=preexec,
        )
    except subprocess.TimeoutExpired as exc:
        return Run(None, exc.stdout or b"", exc.stderr or b"", time.monotonic() - start)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


FORK_SERVER = r"""
import json, os, sys, time
from gongkai.cli import main
import gongkai.fmt, gongkai.lint.formats, gongkai.lint.runner, gongkai.model.project  # what commands import lazily

replies = os.fdopen(os.dup(1), "w")
for line in sys.stdin:
    request = json.loads(line)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 2
        try:
            os.chdir(request["cwd"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
            os.dup2(os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
            sys.argv = ["gongkai", *request["argv"]]
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    rc = None
    while True:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            rc = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - start > request["timeout"]:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            break
        time.sleep(0.002)
    replies.write(json.dumps({"rc": rc, "seconds": time.monotonic() - start}) + "\n")
    replies.flush()
"""


class ForkServer:
    """Runs `main()` of gongkai.cli in a forked child per request (see the module docstring)."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.count = 0
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=ENV,
            text=True,
        )

    def run(self, argv: list[str], cwd: Path, timeout: float = TIMEOUT) -> Run:
        self.count += 1
        out, err = self.scratch / f"{self.count}.out", self.scratch / f"{self.count}.err"
        request = {"argv": argv, "cwd": str(cwd), "stdout": str(out), "stderr": str(err), "timeout": timeout}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout + 10)
        assert ready, "the fork server stopped answering"
        reply = json.loads(self.process.stdout.readline())
        return Run(reply["rc"], out.read_bytes(), err.read_bytes(), reply["seconds"])

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def gongkai(tmp_path_factory) -> Callable[..., Run]:
    """`gongkai(argv, cwd)`: the CLI in a child process, forked from a warm server unless GONGKAI_TEST_NO_FORK."""
    if os.environ.get("GONGKAI_TEST_NO_FORK") or not hasattr(os, "fork"):
        yield run_script
        return
    server = ForkServer(tmp_path_factory.mktemp("fork-server"))
    yield server.run
    server.close()


def make_county(root: Path) -> Path:
    (root / "catalogs").mkdir(parents=True)
    (root / "domains").mkdir()
    (root / "gongkai.toml").write_text(CONFIG, encoding="utf-8")
    (root / "domains" / "shehui-jiuzhu.yaml").write_text(DOMAIN, encoding="utf-8")
    return root


def county_with(tmp_path: Path, name: str, folder: str = "county") -> Path:
    root = make_county(tmp_path / folder)
    shutil.copyfile(CORPUS / name, root / "catalogs" / name)
    return root


LOCATED = re.compile(r"^\s+(?P<file>\S.*?):(?P<line>[0-9]+):(?P<col>[0-9]+) (?P<code>GK[0-9]{3}) ")
CODE = re.compile(r"\bGK[0-9]{3}\b")


def problem_codes(run: Run, name: str) -> list[str]:
    """The codes of the text report's problem lines for `catalogs/NAME`; every line naming a code is located."""
    codes = []
    for line in run.out.splitlines():
        if not CODE.search(line):
            continue
        match = LOCATED.match(line)
        assert match, f"a problem line without path:line:col: {line!r}"
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1, line
        if match["file"] == f"catalogs/{name}":
            codes.append(match["code"])
    return codes


# --- the corpus itself -------------------------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation():
    names = case_names()
    assert len(names) >= 30
    assert sorted(EXPECTED) == names, "tests/bad_input/ and EXPECTED disagree"
    for table in (LINT_XFAIL, OUTPUT_XFAIL, FMT_XFAIL):
        assert set(table) <= set(names)


def test_readme_lists_every_file():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [name for name in case_names() if f"`{name}`" not in readme]
    assert not missing, f"tests/bad_input/README.md does not list {missing}"


def test_corpus_bytes_are_intact():
    """Guards against an editor or git rewriting the byte-exact cases."""
    data = {name: (CORPUS / name).read_bytes() for name in case_names()}
    assert (CORPUS / ".gitattributes").read_text().splitlines()[-1] == "* -text"
    assert data["crlf.yaml"].count(b"\r\n") == data["crlf.yaml"].count(b"\n") > 5
    assert b"\n" not in data["cr-only.yaml"] and data["cr-only.yaml"].count(b"\r") > 5
    assert data["utf8-bom.yaml"].startswith(b"\xef\xbb\xbf") and data["only-bom.yaml"] == b"\xef\xbb\xbf"
    assert data["utf16.yaml"].startswith(b"\xff\xfe") and data["utf16-be.yaml"].startswith(b"\xfe\xff")
    assert data["utf32.yaml"].startswith(b"\xff\xfe\x00\x00")
    assert b"\x00" in data["nul-byte.yaml"] and b"\x00" in data["binary.yaml"]
    assert b"\x07" in data["control-char.yaml"] and b"\t" in data["tab-indent.yaml"]
    assert data["empty.yaml"] == b""
    for name in ("gb18030.yaml", "latin1.yaml", "latin1-looks-like-gb.yaml", "invalid-utf8-not-gb.yaml"):
        with pytest.raises(UnicodeDecodeError):
            data[name].decode("utf-8")
    data["gb18030.yaml"].decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data["invalid-utf8-not-gb.yaml"].decode("gb18030")
    assert data["deep-nesting.yaml"].count(b"[") == 10_000
    assert len(max(data["huge-line.yaml"].splitlines(), key=len)) > 60_000
    for name, raw in data.items():
        assert len(raw) < 200_000, f"{name} is not small"


# --- lint --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases(LINT_XFAIL))
def test_lint(name, gongkai, tmp_path):
    case = EXPECTED[name]
    root = county_with(tmp_path, name)
    run = gongkai(["lint", f"catalogs/{name}"], root)
    run.assert_sane(f"gongkai lint catalogs/{name}")
    codes = problem_codes(run, name)
    assert set(case.codes) <= set(codes), f"expected {case.codes}, got {codes}\n{run.out}"
    assert run.rc == case.exit, f"exit {run.rc}, expected {case.exit}\n{run.out}{run.err}"
    if case.exit == 2:
        assert "GK100" in codes
    assert (root / "catalogs" / name).read_bytes() == (CORPUS / name).read_bytes(), "lint changed the file"


@pytest.mark.parametrize("name", cases(OUTPUT_XFAIL))
def test_lint_output_is_one_located_line_per_problem(name, gongkai, tmp_path):
    """Text output is the file's header, one `path:line:col CODE …` line per problem, and the summary; values
    from the catalog cannot add lines or send control characters to the terminal."""
    root = county_with(tmp_path, name)
    run = gongkai(["lint", f"catalogs/{name}"], root)
    run.assert_sane(f"gongkai lint catalogs/{name}")
    shown = f"catalogs/{name}"
    lines = [line for line in run.out.splitlines() if line.strip()]
    assert lines and re.match(r"^[✓!✗] 检查了 ", lines[-1]), f"no summary line\n{run.out}"
    for line in lines[:-1]:
        match = LOCATED.match(line)
        assert line == shown or (match and match["file"] == shown), f"a line that is not a located problem: {line!r}"
    control = set(re.findall(r"[\x00-\x08\x0b-\x1f\x7f]", run.out + run.err))
    assert not control, f"control characters in the output: {control}"


# --- fmt ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases(FMT_XFAIL))
def test_fmt(name, gongkai, tmp_path):
    case = EXPECTED[name]
    root = county_with(tmp_path, name)
    path, original = root / "catalogs" / name, (CORPUS / name).read_bytes()

    check = gongkai(["fmt", "--check", f"catalogs/{name}"], root)
    check.assert_sane(f"gongkai fmt --check catalogs/{name}")
    assert path.read_bytes() == original, "fmt --check changed the file"

    rewrite = gongkai(["fmt", f"catalogs/{name}"], root)
    rewrite.assert_sane(f"gongkai fmt catalogs/{name}")

    if case.fmt_refuses:
        assert check.rc in (1, 2), f"fmt --check exit {check.rc} for a file it cannot format"
        assert rewrite.rc in (1, 2), f"fmt exit {rewrite.rc} for a file it cannot format"
        assert path.read_bytes() == original, "fmt changed a file that does not parse"
        located = re.compile(re.escape(f"catalogs/{name}") + r":[0-9]+:[0-9]+")
        assert located.search(check.out + check.err), f"fmt --check does not say where\n{check.err}"
        assert located.search(rewrite.out + rewrite.err), f"fmt does not say where\n{rewrite.err}"
        return

    assert check.rc in (0, 1), f"fmt --check exit {check.rc}\n{check.err}"
    assert rewrite.rc == 0, f"fmt exit {rewrite.rc}\n{rewrite.out}{rewrite.err}"
    if path.read_bytes() != original:
        assert check.rc == 1, "fmt rewrote a file that fmt --check called canonical"
        path.read_bytes().decode("utf-8")  # canonical form is UTF-8
        again = gongkai(["fmt", "--check", f"catalogs/{name}"], root)
        again.assert_sane(f"gongkai fmt --check catalogs/{name} after fmt")
        assert again.rc == 0, f"fmt is not idempotent\n{again.out}{again.err}"
    else:
        assert check.rc == 0


def test_fmt_check_on_a_broken_file_does_not_advise_fmt(gongkai, tmp_path):
    """`fmt --check` on a file that does not parse says so; it should not claim "0 files are not formatted, run
    `gongkai fmt`" (fmt cannot fix a syntax error)."""
    root = county_with(tmp_path, "tab-indent.yaml")
    run = gongkai(["fmt", "--check", "catalogs/tab-indent.yaml"], root)
    run.assert_sane("gongkai fmt --check")
    assert "0 个文件不是规范格式" not in run.err
    assert "运行 `gongkai fmt` 改写" not in run.err


# --- the console script itself -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tab-indent.yaml", "binary.yaml", "gb18030.yaml", "hostile-strings.yaml"])
def test_forked_runs_match_the_console_script(name, gongkai, tmp_path):
    forked = gongkai(["lint", f"catalogs/{name}"], county_with(tmp_path, name, "a"))
    script = run_script(["lint", f"catalogs/{name}"], county_with(tmp_path, name, "b"))
    assert (script.rc, script.out, script.err) == (forked.rc, forked.out, forked.err)


JSON_CASES = ["alias-bomb.yaml", "binary.yaml", "gb18030.yaml", "wrong-types-item.yaml", "huge-line.yaml"]


@pytest.mark.parametrize("name", JSON_CASES)
def test_lint_json(name, gongkai, tmp_path):
    case = EXPECTED[name]
    root = county_with(tmp_path, name)
    run = gongkai(["lint", "--format", "json", f"catalogs/{name}"], root)
    run.assert_sane("gongkai lint --format json")
    assert run.rc == case.exit
    report = json.loads(run.out)
    problems = report["problems"]
    assert set(case.codes) <= {p["code"] for p in problems}
    assert report["summary"]["errors"] == sum(p["severity"] == "error" for p in problems)
    assert report["summary"]["warnings"] == sum(p["severity"] == "warning" for p in problems)
    for p in problems:
        assert p["file"] == f"catalogs/{name}"
        assert p["line"] >= 1 and p["column"] >= 1
        assert "\n" not in p["message"]
    if name == "huge-line.yaml":
        text = (CORPUS / name).read_text(encoding="utf-8")
        (p,) = [p for p in problems if p["code"] == "GK301"]
        assert (p["line"], p["column"]) == (1, text.index("method: 公开") + 1)


HOSTILE = [
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "${jndi:ldap://127.0.0.1/a}",
    "{{ 7*7 }}",
    "[red]伪造[/red]",
]
HOSTILE_NAME = "低保\u202e审核\u200b信息\u200d🏠👨\u200d👩\u200d👧"


def test_hostile_strings_survive_byte_exact(gongkai, tmp_path):
    name = "hostile-strings.yaml"
    root = county_with(tmp_path, name)
    run = run_script(["lint", "--format", "json", f"catalogs/{name}"], root)
    run.assert_sane("gongkai lint --format json")
    assert run.rc == 1
    problems = json.loads(run.out)["problems"]
    messages = "\n".join(p["message"] for p in problems)
    for value in HOSTILE:
        assert value in messages, f"{value!r} not reported byte-exact"
    assert any(p["domain"] == "../../etc/passwd" and p["code"] == "GK107" for p in problems)
    assert {p["item"] for p in problems if p["domain"] == "shehui-jiuzhu"} == {HOSTILE_NAME}

    text = gongkai(["lint", f"catalogs/{name}"], root)  # rich markup in a value is printed, not interpreted
    assert "[red]伪造[/red]" in text.out and "<script>alert(1)</script>" in text.out

    rewrite = gongkai(["fmt", f"catalogs/{name}"], root)
    rewrite.assert_sane("gongkai fmt")
    from ruamel.yaml import YAML

    before = YAML(typ="safe", pure=True).load((CORPUS / name).read_text(encoding="utf-8"))
    after = YAML(typ="safe", pure=True).load((root / "catalogs" / name).read_text(encoding="utf-8"))
    assert after == before, "fmt changed the values"


def test_github_annotations_cannot_be_injected(gongkai, tmp_path):
    name = "newline-in-value.yaml"
    run = gongkai(["lint", "--format", "github", f"catalogs/{name}"], county_with(tmp_path, name))
    run.assert_sane("gongkai lint --format github")
    lines = run.out.splitlines()
    assert len(lines) == 2, lines
    assert all(re.match(rf"::(error|warning) file=catalogs/{name},line=[0-9]+,col=[0-9]+,title=", x) for x in lines)


@pytest.mark.parametrize("name", ["alias-bomb.yaml", "deep-nesting.yaml"])
def test_bombs_are_refused_quickly(name, tmp_path):
    """Loosely timed (< 2 s, or one second more than a clean file on a slow machine); expanding the bomb or
    recursing 10,000 levels would take far longer."""
    baseline = run_script(["lint", "catalogs/anchors-ok.yaml"], county_with(tmp_path, "anchors-ok.yaml", "base"))
    run = run_script(["lint", f"catalogs/{name}"], county_with(tmp_path, name))
    run.assert_sane(f"gongkai lint catalogs/{name}")
    assert run.rc == 1 and "GK101" in run.out
    assert run.seconds < max(2.0, baseline.seconds + 1.0), f"{run.seconds:.2f} s"


@pytest.mark.slow
def test_50_mb_file_is_refused_quickly(tmp_path):
    root = make_county(tmp_path / "county")
    path = root / "catalogs" / "huge-file.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as out:
        for _ in range(50 * 1024):
            out.write(line)
    size = path.stat().st_size
    run = run_script(["lint", "catalogs/huge-file.yaml"], root)
    run.assert_sane("gongkai lint (50 MB)")
    assert run.rc == 2
    assert re.search(r"catalogs/huge-file\.yaml:1:1 GK100 ", run.out), run.out
    assert run.seconds < 5.0, f"{run.seconds:.2f} s"
    rewrite = run_script(["fmt", "catalogs/huge-file.yaml"], root)
    rewrite.assert_sane("gongkai fmt (50 MB)")
    assert rewrite.rc in (1, 2)
    assert path.stat().st_size == size


# --- odd file system entries (made here: git cannot hold them portably) ---------------------------------------


def test_directory_named_yaml_is_skipped(gongkai, tmp_path):
    root = county_with(tmp_path, "crlf.yaml")
    (root / "catalogs" / "folder.yaml").mkdir()
    run = gongkai(["lint"], root)
    run.assert_sane("gongkai lint")
    assert run.rc == 0 and "1 file," in run.out


@pytest.mark.parametrize("command", ["lint", "fmt"])
def test_a_folder_without_catalogs_is_an_error_not_a_fallback_to_catalogs(gongkai, tmp_path, command):
    root = county_with(tmp_path, "crlf.yaml")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "dir.yaml").mkdir()
    for asked in (tmp_path / "empty", tmp_path / "empty" / "dir.yaml"):
        run = gongkai([command, str(asked)], root)
        run.assert_sane(f"gongkai {command}")
        assert run.rc == 2 and "没有找到目录文件" in run.err and str(asked) in run.err


def test_symlinks(gongkai, tmp_path):
    root = county_with(tmp_path, "crlf.yaml")
    catalogs = root / "catalogs"
    (catalogs / "link.yaml").symlink_to("crlf.yaml")
    (catalogs / "dangling.yaml").symlink_to("nowhere.yaml")
    (catalogs / "loop-a.yaml").symlink_to("loop-b.yaml")
    (catalogs / "loop-b.yaml").symlink_to("loop-a.yaml")
    run = gongkai(["lint", "catalogs/link.yaml"], root)
    run.assert_sane("gongkai lint (symlink)")
    assert run.rc == 0
    for name in ("dangling.yaml", "loop-a.yaml"):
        run = gongkai(["lint", f"catalogs/{name}"], root)
        run.assert_sane(f"gongkai lint ({name})")
        assert run.rc == 2 and f"catalogs/{name}:1:1 GK100" in run.out, run.out


def test_fifo_is_refused(tmp_path):
    root = make_county(tmp_path / "county")
    os.mkfifo(root / "catalogs" / "pipe.yaml")
    run = run_script(["lint", "catalogs/pipe.yaml"], root, timeout=2)
    run.assert_sane("gongkai lint (FIFO)")
    assert run.rc == 2 and re.search(r"catalogs/pipe\.yaml:1:1 GK100 ", run.out)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 29, 1 << 29))  # 512 MB


def test_device_is_refused(tmp_path):
    root = make_county(tmp_path / "county")
    (root / "catalogs" / "zero.yaml").symlink_to("/dev/zero")
    run = run_script(["lint", "catalogs/zero.yaml"], root, preexec=_limit_memory)
    run.assert_sane("gongkai lint (/dev/zero)")
    assert run.rc == 2 and re.search(r"catalogs/zero\.yaml:1:1 GK100 ", run.out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    root = county_with(tmp_path, "crlf.yaml")
    (root / "catalogs" / "crlf.yaml").chmod(0)
    run = run_script(["lint", "catalogs/crlf.yaml"], root)
    run.assert_sane("gongkai lint (no permission)")
    assert run.rc == 2 and re.search(r"catalogs/crlf\.yaml:1:1 GK100 ", run.out)
