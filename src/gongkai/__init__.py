"""gongkai (公开): compile county government-affairs disclosure catalogs from YAML into a searchable static site."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gongkai")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
