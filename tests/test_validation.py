"""Every value is checked before it is stored; messages are Chinese and say what to fix."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wenming_desktop.books import validation as v
from wenming_desktop.books.draft import EntryDraft, validate
from wenming_desktop.errors import ValidationError


def draft(**changes: object) -> EntryDraft:
    values: dict[str, object] = {"area_id": 1, "date": "2019-03-05", "name": "学雷锋志愿服务"}
    values.update(changes)
    return EntryDraft(**values)  # type: ignore[arg-type]


def problems(**changes: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate(draft(**changes))
    return caught.value.problems


def test_a_good_draft_is_cleaned() -> None:
    valid = validate(
        draft(
            name="  学雷锋  ",
            participants="３０",
            volunteer_hours="2.5",
            content="第一行\r\n第二行",
        )
    )
    assert valid.name == "学雷锋"
    assert valid.participants == 30
    assert valid.volunteer_hours == 2.5
    assert valid.content == "第一行\n第二行"
    assert valid.date == dt.date(2019, 3, 5)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "请填写“活动名称”"),
        ({"name": "   "}, "name", "请填写“活动名称”"),
        ({"name": "长" * 201}, "name", "最多 200 个字"),
        ({"date": "2019-02-30"}, "date", "不是真实存在的日期：2019年2月没有30日"),
        ({"date": "2019-13-01"}, "date", "没有13月"),
        ({"date": "3月5日"}, "date", "没有写年份"),
        ({"date": "2019年3月5日至7日"}, "date", "只能写一天"),
        ({"date": "1948-12-31"}, "date", "1949 年至 2100 年"),
        ({"date": "2101-01-01"}, "date", "1949 年至 2100 年"),
        ({"date": "下周三"}, "date", "无法识别"),
        ({"end_date": "2019-03-01"}, "end_date", "不能早于"),
        ({"participants": "abc"}, "participants", "应为整数"),
        ({"participants": "2.5"}, "participants", "应为整数"),
        ({"participants": "-3"}, "participants", "“参加人数”不能是负数"),
        ({"participants": "−3"}, "participants", "“参加人数”不能是负数"),
        ({"participants": -3}, "participants", "“参加人数”不能是负数"),
        ({"participants": 1_000_001}, "participants", "0 到 1,000,000"),
        ({"volunteer_hours": "-1"}, "volunteer_hours", "不能是负数"),
        ({"volunteer_hours": "10001"}, "volunteer_hours", "不能超过 10,000 小时"),
        (
            {"volunteer_hours": "72.5", "participants": "3"},
            "volunteer_hours",
            "不能超过 72 小时（3 人次 × 24 小时）",
        ),
        ({"volunteer_hours": "两小时"}, "volunteer_hours", "应为数字"),
        ({"volunteer_hours": "nan"}, "volunteer_hours", "应为数字"),
        ({"content": "字" * 20_001}, "content", "最多 20,000 个字"),
        ({"remarks": "a\x00b"}, "remarks", "控制字符"),
        ({"name": "a\ud800b"}, "name", "无法识别的字符"),
    ],
)
def test_bad_input_gets_a_message_naming_the_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    found = problems(**changes)
    assert field in found
    assert words in found[field]


def test_all_problems_are_reported_together() -> None:
    found = problems(name="", participants="x", date="2019-13-01")
    assert set(found) == {"name", "participants", "date"}


def test_emoji_and_sql_metacharacters_are_just_text() -> None:
    valid = validate(draft(name="志愿服务🌟'; DROP TABLE entry; --"))
    assert valid.name == "志愿服务🌟'; DROP TABLE entry; --"


@pytest.mark.parametrize(
    "text", ["2019-03-05", "2019/3/5", "2019.3.5", "2019年3月5日", "２０１９年３月５日", "20190305"]
)
def test_common_date_spellings(text: str) -> None:
    assert v.parse_date(text) == dt.date(2019, 3, 5)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("3月5日", 2019, (dt.date(2019, 3, 5), None)),
        ("3.5", 2018, (dt.date(2018, 3, 5), None)),
        ("2019年3月5日（周二）上午9:30", None, (dt.date(2019, 3, 5), None)),
        ("2019年3月8日-10日", None, (dt.date(2019, 3, 8), dt.date(2019, 3, 10))),
        ("3月5日至3月7日", 2019, (dt.date(2019, 3, 5), dt.date(2019, 3, 7))),
        ("2019-03-05~2019-03-07", None, (dt.date(2019, 3, 5), dt.date(2019, 3, 7))),
        ("12月30日至1月2日", 2019, (dt.date(2019, 12, 30), dt.date(2020, 1, 2))),
        ("3月8日至5日", 2019, (dt.date(2019, 3, 8), dt.date(2019, 3, 5))),  # validate() says so
    ],
)
def test_dates_without_a_year_and_ranges(
    text: str, year: int | None, expected: tuple[dt.date, dt.date | None]
) -> None:
    assert v.parse_dates(text, year=year) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "“日期”不是真实存在的日期：2019年2月没有30日。"),
        ("2100年2月29日", "“日期”不是真实存在的日期：2100年2月没有29日。"),
        ("20190431", "“日期”不是真实存在的日期：2019年4月没有31日。"),
        ("2019/0/5", "“日期”不是真实存在的日期：一年只有 12 个月，没有0月。"),
        ("3月5日", "“日期”没有写年份：3月5日。请写成 2019-03-05 这样的格式。"),
        ("2019年3月", "“日期”无法识别：2019年3月。请写成 2019-03-05 这样的格式。"),
        ("5日", "“日期”无法识别：5日。请写成 2019-03-05 这样的格式。"),
    ],
)
def test_a_date_that_cannot_be_says_why(text: str, message: str) -> None:
    with pytest.raises(v.FieldError) as caught:
        v.parse_date(text)
    assert str(caught.value) == message


def test_the_end_of_a_range_takes_the_start_year_and_month() -> None:
    assert v.parse_date("10日", year=2019, month=3) == dt.date(2019, 3, 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-05", ("2019-03-05", None)),
        ("2019/3/5", ("2019-03-05", None)),
        ("2019.3.5", ("2019-03-05", None)),
        ("２０１９年３月５日", ("2019-03-05", None)),
        ("20190230", ("2019-02-30", None)),  # read, not yet judged
        ("3月5日", ("2019-03-05", None)),
        ("2019年3月5日-7日", ("2019-03-05", "2019-03-07")),
        ("12月30日至1月2日", ("2019-12-30", "2020-01-02")),
        ("2019年3月", None),
        ("下周", None),
    ],
)
def test_spelled_dates_reads_what_the_excel_import_reads(
    value: str, expected: tuple[str, str | None] | None
) -> None:
    """The one reading of written dates, for the dialog and (proposed) the Excel import."""
    assert v.spelled_dates(value, 2019) == expected


def test_spelled_dates_says_when_the_year_is_missing() -> None:
    with pytest.raises(v.YearMissing):
        v.spelled_dates("3月5日")


@pytest.mark.parametrize("value", ["-5", "−5", "－5", "-5人", -5, -5.0, "- 5"])
def test_a_negative_count_is_called_negative(value: object) -> None:
    with pytest.raises(v.FieldError) as caught:
        v.parse_count(value)
    assert str(caught.value) == "“参加人数”不能是负数。"


@pytest.mark.parametrize(
    ("participants", "days", "limit", "reckoning"),
    [
        (None, 1, 10_000, "未填参加人数时的上限"),
        (0, 1, 10_000, "未填参加人数时的上限"),
        (30, 1, 720, "30 人次 × 24 小时"),
        (30, 3, 2_160, "30 人次 × 3 天 × 24 小时"),
        (1_000, 1, 24_000, "1,000 人次 × 24 小时"),
    ],
)
def test_hours_limit(participants: int | None, days: int, limit: int, reckoning: str) -> None:
    assert v.hours_limit(participants, days) == (limit, reckoning)


def test_hours_over_the_limit_are_refused_with_it() -> None:
    assert problems(participants="30", volunteer_hours="721") == {
        "volunteer_hours": "“志愿服务时长”不能超过 720 小时（30 人次 × 24 小时）。"
    }
    several_days = validate(draft(end_date="2019-03-07", participants="30", volunteer_hours="2160"))
    assert several_days.volunteer_hours == 2160
    assert validate(draft(participants=1_000, volunteer_hours=24_000)).volunteer_hours == 24_000


@pytest.mark.parametrize("text", ["30", " 30 ", "３０", "30人", "30 人次", "+30"])
def test_participant_spellings(text: str) -> None:
    assert v.parse_count(text) == 30


def test_empty_numbers_mean_not_recorded() -> None:
    valid = validate(draft(participants="", volunteer_hours=" "))
    assert valid.participants is None
    assert valid.volunteer_hours is None


@given(st.text(max_size=60))
def test_count_parser_only_ever_raises_field_error(text: str) -> None:
    try:
        value = v.parse_count(text)
    except v.FieldError as error:
        assert str(error)
    else:
        assert value is None or 0 <= value <= v.PARTICIPANTS_MAX


@given(st.text(max_size=60))
def test_hours_parser_only_ever_raises_field_error(text: str) -> None:
    try:
        value = v.parse_hours(text)
    except v.FieldError:
        pass
    else:
        assert value is None or 0 <= value <= v.HOURS_MAX


@given(st.text(max_size=40))
def test_date_parser_only_ever_raises_field_error(text: str) -> None:
    try:
        value = v.parse_date(text)
    except v.FieldError:
        pass
    else:
        assert v.MIN_DATE <= value <= v.MAX_DATE


@given(
    name=st.text(max_size=250),
    participants=st.one_of(st.none(), st.integers(-5, 2_000_000), st.text(max_size=12)),
    hours=st.one_of(st.none(), st.floats(allow_nan=True), st.text(max_size=12)),
)
def test_validation_never_lets_invalid_values_through(
    name: str, participants: object, hours: object
) -> None:
    try:
        valid = validate(draft(name=name, participants=participants, volunteer_hours=hours))
    except ValidationError as error:
        assert error.problems and all(error.problems.values())
        return
    assert 1 <= len(valid.name) <= v.NAME_MAX
    assert valid.participants is None or 0 <= valid.participants <= v.PARTICIPANTS_MAX
    limit, _reckoning = v.hours_limit(valid.participants)
    assert valid.volunteer_hours is None or 0 <= valid.volunteer_hours <= limit


@pytest.mark.parametrize(
    "text", ["学习\uffff会", "学习\ufffe会", "反转\u202e文字", "隔离\u2066文字", "私用\ue000区"]
)
def test_characters_word_and_print_cannot_take_are_refused(text: str) -> None:
    found = problems(name=text)
    assert "name" in found and ("无法识别" in found["name"] or "控制字符" in found["name"])


def test_unicode_line_separators_become_line_breaks() -> None:
    valid = validate(draft(name="一\u2028二", content="第一段\u2029第二段\x85第三段"))
    assert valid.name == "一 二"
    assert valid.content == "第一段\n第二段\n第三段"


def test_errors_are_one_family() -> None:
    """Every validation failure is a UserError, so no caller can let one escape as a crash."""
    from wenming_desktop.errors import UserError

    assert issubclass(v.FieldError, UserError)


def test_os_errors_are_described_in_chinese() -> None:
    import errno

    from wenming_desktop.errors import describe_os_error

    assert describe_os_error(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert describe_os_error(OSError(errno.ENOSPC, "No space")) == "磁盘空间已满"
    assert describe_os_error(IsADirectoryError(errno.EISDIR, "x")) == "这是一个文件夹，不是文件"
    assert "系统错误" in describe_os_error(OSError(9999, "weird"))
