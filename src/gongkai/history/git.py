"""Reading the repository: commits, and the catalogs' blobs through one `git cat-file --batch`; `diff_revisions`."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import GongkaiError
from gongkai.history.changes import MAIN_BRANCHES, WORKING_TREE, CatalogDiff
from gongkai.history.compare import compare
from gongkai.history.snapshots import Snapshots, UnitSnapshot
from gongkai.load import MAX_FILE_BYTES, LoadError


class GitUnavailable(GongkaiError):
    """No git, or the folder is not in a git repository."""


def run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run one git command and return its output. Tests replace this to count the calls."""
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"},
            check=False,
        )
    except FileNotFoundError:
        raise GitUnavailable("找不到 git 命令；查看变更记录需要 git (git not found)") from None
    except OSError as exc:
        raise GitUnavailable(f"无法运行 git：{exc} (cannot run git)") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitFailed(Exception):
    pass


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str | None  # the first parent; None for a root or a shallow clone's boundary
    date: dt.datetime
    message: str


@dataclass(frozen=True)
class FileChange:
    slug: str
    old: str | None  # blob sha, None when added
    new: str | None  # None when deleted


class Repo:
    """The git repository around a county, with one `git cat-file --batch` process for blobs."""

    def __init__(self, root: Path):
        try:
            out = run_git(["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"], root)
        except _GitFailed as exc:
            raise GitUnavailable(f"{root} 不在 git 仓库中，没有变更历史 (not a git repository: {exc})") from None
        top, prefix, shallow = [*out.decode("utf-8", "replace").split("\n"), "", "", ""][:3]
        self.top = Path(top)
        self.catalogs = f"{prefix}catalogs"  # relative to the top, with / separators
        self.shallow = shallow.strip() == "true"
        self._cat: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Repo:
        return self

    def __exit__(self, *_: object) -> None:
        if self._cat is not None:
            with contextlib.suppress(OSError):  # it may have ended already
                self._cat.stdin.close()  # type: ignore[union-attr]  # opened with stdin=PIPE: never None
            self._cat.wait()
            self._cat = None

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return run_git(list(args), self.top, stdin)

    def resolve(self, rev: str) -> str:
        if not rev or rev.startswith("-"):
            raise GongkaiError(f"版本「{rev}」不是有效的 git 版本名 (invalid revision)")
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
        except _GitFailed:
            if self.shallow:
                raise GongkaiError(
                    f"找不到版本「{rev}」：这是浅克隆（shallow clone），较早的提交不在本地；"
                    "请先运行 git fetch --unshallow（CI 中设 fetch-depth: 0）(revision missing from a shallow clone)"
                ) from None
            raise GongkaiError(f"找不到版本「{rev}」(unknown revision)") from None

    def merge_base(self) -> tuple[str, str]:
        """(commit, label): where HEAD left the main branch."""
        head = self.resolve("HEAD")
        for branch in MAIN_BRANCHES:
            try:
                main = self.git("rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}").decode().strip()
            except _GitFailed:
                continue
            try:
                base = self.git("merge-base", head, main).decode().strip()
            except _GitFailed:
                if self.shallow:
                    raise GongkaiError(
                        f"浅克隆（shallow clone）中找不到 HEAD 与 {branch} 的共同祖先；请先运行 git fetch --unshallow"
                        "（CI 中设 fetch-depth: 0），或写明要比较的版本 (merge base missing from a shallow clone)"
                    ) from None
                raise GongkaiError(f"HEAD 与 {branch} 没有共同祖先；请写明要比较的版本 (no merge base)") from None
            return base, f"{base[:7]}（与 {branch} 的合并基点）"
        raise GongkaiError(
            f"找不到主分支（{'、'.join(MAIN_BRANCHES)}）；请写明要比较的版本，如 gongkai diff v1.0 (no main branch)"
        )

    def tree(self, commit: str) -> dict[str, str]:
        """Unit slug → blob sha of each catalog file at `commit`."""
        out = self.git("ls-tree", "-z", "--full-tree", commit, "--", f"{self.catalogs}/")
        files: dict[str, str] = {}
        for record in sorted(out.split(b"\0"), key=lambda r: r.partition(b"\t")[2]):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            kind, sha = meta.split()[1:3]
            slug = self._slug(path.decode("utf-8", "surrogateescape"))
            if kind == b"blob" and slug:
                files.setdefault(slug, sha.decode())  # x.yaml before x.yml
        return files

    def _slug(self, path: str) -> str | None:
        """The unit slug of a catalog file directly in catalogs/, else None."""
        folder, _, name = path.rpartition("/")
        stem, dot, suffix = name.rpartition(".")
        if folder != self.catalogs or not dot or suffix.lower() not in ("yaml", "yml") or not stem:
            return None
        return stem

    def commits(self, limit: int | None) -> list[Commit]:
        """First-parent commits that changed catalogs/, newest first."""
        args = ["log", "--first-parent", "-z", "--format=%H%x1f%P%x1f%cI%x1f%s"]
        if limit is not None:
            args.append(f"-n{max(limit, 0)}")
        try:
            out = self.git(*args, "--", f"{self.catalogs}/")
        except _GitFailed:
            return []  # no commits yet
        shallow = self.shallow_commits()
        commits = []
        for record in out.decode("utf-8", "replace").split("\0"):
            if not record.strip():
                continue
            sha, parents, date, message = record.strip("\n").split("\x1f", 3)
            parent = parents.split()[0] if parents.split() and sha not in shallow else None
            commits.append(Commit(sha, parent, dt.datetime.fromisoformat(date), message.strip()))
        return commits

    def shallow_commits(self) -> set[str]:
        """The commits whose parents a shallow clone does not have."""
        if not self.shallow:
            return set()
        path = Path(self.git("rev-parse", "--git-path", "shallow").decode().strip())
        try:
            return set((path if path.is_absolute() else self.top / path).read_text().split())
        except OSError:
            return set()

    def file_changes(self, commits: list[Commit]) -> dict[str, list[FileChange]]:
        """What each commit changed in catalogs/ against its first parent: one `git diff-tree --stdin`."""
        lines = "".join(f"{c.sha} {c.parent}\n" if c.parent else f"{c.sha}\n" for c in commits)
        out = self.git(
            "diff-tree", "--stdin", "--root", "-r", "-z", "--raw", "--no-abbrev", "--", f"{self.catalogs}/",
            stdin=lines.encode(),
        )  # fmt: skip
        changes: dict[str, list[FileChange]] = {c.sha: [] for c in commits}
        tokens = out.split(b"\0")
        current: list[FileChange] | None = None
        n = 0
        while n < len(tokens):
            token = tokens[n].strip(b"\n")
            n += 1
            if not token:
                continue
            if not token.startswith(b":"):
                current = changes.get(token.decode(), [])
                continue
            path = tokens[n].decode("utf-8", "surrogateescape")
            n += 1
            _, _, old, new, status = token[1:].decode().split()
            slug = self._slug(path)
            if slug is None or current is None:
                continue
            current.append(FileChange(slug, None if status == "A" else old, None if status == "D" else new))
        return changes

    def blob(self, sha: str) -> bytes:
        if self._cat is None:
            self._cat = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        assert self._cat.stdin is not None and self._cat.stdout is not None
        self._cat.stdin.write(sha.encode() + b"\n")
        self._cat.stdin.flush()
        header = self._cat.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise LoadError(f"git 中找不到文件内容 {sha[:10]} (missing blob)", kind="unreadable")
        size = int(header[2])
        if size > MAX_FILE_BYTES:
            remaining = size + 1  # the content and its newline, read past in pieces
            while remaining > 0 and (piece := self._cat.stdout.read(min(1 << 20, remaining))):
                remaining -= len(piece)
            raise LoadError(f"文件过大（{size / 1048576:.1f} MB）(file too large)", kind="unreadable")
        data = self._cat.stdout.read(size)
        self._cat.stdout.read(1)
        return data


def state_at(repo: Repo, commit: str, snapshots: Snapshots) -> dict[str, UnitSnapshot]:
    return {slug: snapshots.of_blob(sha, repo.blob) for slug, sha in repo.tree(commit).items()}


def _object_id(data: bytes, length: int) -> str:
    """The git blob id of `data` (sha1, or sha256 in a sha256 repository)."""
    digest = hashlib.sha1 if length == 40 else hashlib.sha256
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def diff_revisions(root: Path, old: str | None = None, new: str | None = None) -> CatalogDiff:
    """Compare the catalogs at two revisions. `old` None: where HEAD left the main branch (merge base with main,
    master, origin/main or origin/HEAD); `new` None: the working tree. Raises GongkaiError (exit 2) without git,
    outside a repository, or for a revision a shallow clone does not have."""
    root = root.resolve()
    snapshots = Snapshots()
    with Repo(root) as repo:
        if old is None:
            old_commit, old_label = repo.merge_base()
        else:
            old_commit = repo.resolve(old)
            old_label = _label(old, old_commit)
        old_files = repo.tree(old_commit)
        before: dict[str, UnitSnapshot] = {}
        after: dict[str, UnitSnapshot] = {}
        if new is None:
            new_commit, new_label = None, WORKING_TREE
            for slug, data in _working_tree(root).items():
                if old_files.get(slug) == _object_id(data, len(old_commit)):
                    old_files.pop(slug)  # unchanged
                    continue
                after[slug] = snapshots.of_bytes(data)
        else:
            new_commit = repo.resolve(new)
            new_label = _label(new, new_commit)
            for slug, sha in repo.tree(new_commit).items():
                if old_files.get(slug) == sha:
                    old_files.pop(slug)
                    continue
                after[slug] = snapshots.of_blob(sha, repo.blob)
        for slug, sha in old_files.items():
            before[slug] = snapshots.of_blob(sha, repo.blob)
    diff = compare(before, after, old_label, new_label)
    diff.old_commit, diff.new_commit = old_commit, new_commit
    diff.domain_names = domain_names(root)
    return diff


def _label(rev: str, commit: str) -> str:
    return commit[:7] if commit.startswith(rev.lower()) else f"{rev}（{commit[:7]}）"


def _working_tree(root: Path) -> dict[str, bytes]:
    folder = root / "catalogs"
    files: dict[str, bytes] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".yaml", ".yml") and path.is_file():
                try:
                    with path.open("rb") as file:  # past the limit, decode() says it is too large
                        files.setdefault(path.stem, file.read(MAX_FILE_BYTES + 1))
                except OSError as exc:
                    files.setdefault(path.stem, f"\0{exc}".encode())  # "binary": unreadable, with a note
    return files


def domain_names(root: Path) -> dict[str, str]:
    from gongkai.model.project import project_domains

    try:
        return {d.id: d.name for d in project_domains(root).values()}
    except GongkaiError:
        return {}
