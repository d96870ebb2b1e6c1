"""Dates and date ranges as official documents write them (GB/T 9704: no zero padding)."""

from __future__ import annotations

import datetime as dt

import pytest

from wenming_desktop.wording import date_range

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        (D(2019, 3, 5), None, "2019年3月5日"),
        (D(2019, 3, 5), D(2019, 3, 5), "2019年3月5日"),
        (D(2019, 3, 5), D(2019, 3, 7), "2019年3月5日至7日"),
        (D(2019, 4, 28), D(2019, 5, 2), "2019年4月28日至5月2日"),
        (D(2019, 12, 30), D(2020, 1, 2), "2019年12月30日至2020年1月2日"),
        (D(2019, 10, 1), D(2019, 10, 31), "2019年10月1日至31日"),
    ],
)
def test_date_range(start: dt.date, end: dt.date | None, written: str) -> None:
    assert date_range(start, end) == written


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        (D(2019, 3, 5), None, "3月5日"),
        (D(2019, 3, 5), D(2019, 3, 7), "3月5日至7日"),
        (D(2019, 4, 28), D(2019, 5, 2), "4月28日至5月2日"),
        (D(2019, 12, 30), D(2020, 1, 2), "12月30日至2020年1月2日"),
        (D(2018, 12, 30), D(2019, 1, 2), "2018年12月30日至2019年1月2日"),
    ],
)
def test_date_range_under_a_title_that_names_the_year(
    start: dt.date, end: dt.date | None, written: str
) -> None:
    assert date_range(start, end, year=2019) == written
