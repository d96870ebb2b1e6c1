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
        ({"date": "2019-02-30"}, "date", "不是真实存在的日期"),
        ({"date": "1948-12-31"}, "date", "1949 年至 2100 年"),
        ({"date": "2101-01-01"}, "date", "1949 年至 2100 年"),
        ({"date": "下周三"}, "date", "无法识别"),
        ({"end_date": "2019-03-01"}, "end_date", "不能早于"),
        ({"participants": "abc"}, "participants", "应为整数"),
        ({"participants": "2.5"}, "participants", "应为整数"),
        ({"participants": "-3"}, "participants", "应为整数"),
        ({"participants": 1_000_001}, "participants", "0 到 1,000,000"),
        ({"volunteer_hours": "-1"}, "volunteer_hours", "不能为负数"),
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
    assert valid.volunteer_hours is None or 0 <= valid.volunteer_hours <= v.HOURS_MAX


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
