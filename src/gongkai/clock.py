"""The one place that knows what time it is, so that two builds of the same input can be byte-identical."""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def now() -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set (reproducible builds), else the wall clock, in China Standard Time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), CHINA)
    return dt.datetime.now(CHINA)


def today() -> dt.date:
    return now().date()
