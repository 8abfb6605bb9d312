"""The few exceptions the library raises on purpose; the CLI maps each to its exit code."""

from __future__ import annotations


class GongkaiError(Exception):
    """A problem the user can act on. `exit_code` follows SPEC §6: 1 a check failed, 2 usage or unreadable input."""

    exit_code = 2

    def __init__(self, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


class ConfigError(GongkaiError):
    """gongkai.toml is missing a value, has an unknown key or a wrong type."""


class UsageError(GongkaiError):
    """The command was called with options that do not fit together or name unknown things."""


class CheckFailed(GongkaiError):
    """A check ran and found errors (lint, fmt --check, schema --check)."""

    exit_code = 1
