"""Lint: rules that check catalogs, the runner that applies them, and the report formats."""
