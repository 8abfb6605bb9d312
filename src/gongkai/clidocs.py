"""The CLI reference (docs/cli.md), generated from every command's `--help` so it cannot drift."""

from __future__ import annotations

from typer.main import get_group
from typer.testing import CliRunner

from gongkai.cli import app


def reference() -> str:
    runner = CliRunner()
    command = get_group(app)
    parts = ["# Command reference / 命令参考", "", "Generated from `--help` by `make docs`.", ""]
    for name in [None, *sorted(command.commands)]:
        args = [name, "--help"] if name else ["--help"]
        result = runner.invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1"}, prog_name="gongkai")
        parts += [
            f"## gongkai {name}" if name else "## gongkai",
            "",
            "```",
            result.output.rstrip(),
            "```",
            "",
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
