"""Date and time recognition: one example per format, negatives, properties."""

from __future__ import annotations

import calendar
import datetime
import itertools
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tei_edition.dates import (
    DateContext,
    DateValue,
    find_dates,
    find_times,
    infer_month_first,
    parse_date,
)

FEB_1963 = DateContext(year=1963, month=2)
NOV_1962 = DateContext(year=1962, month=11)


@pytest.mark.parametrize(
    ("text", "context", "attributes"),
    [
        ("16 February 1963", DateContext(), {"when": "1963-02-16"}),
        ("16th February 1963", DateContext(), {"when": "1963-02-16"}),
        ("16 of February, 1963", DateContext(), {"when": "1963-02-16"}),
        ("29 OCTOBER 1962", DateContext(), {"when": "1962-10-29"}),
        ("February 16, 1963", DateContext(), {"when": "1963-02-16"}),
        ("March 23, 1963", DateContext(), {"when": "1963-03-23"}),
        ("Sept. 3, 1962", DateContext(), {"when": "1962-09-03"}),
        ("Oct 3 1962", DateContext(), {"when": "1962-10-03"}),
        ("30/X/62", DateContext(), {"when": "1962-10-30"}),
        ("30/X/1962", DateContext(), {"when": "1962-10-30"}),
        ("29/X-62", DateContext(), {"when": "1962-10-29"}),
        ("4.XI.62", DateContext(), {"when": "1962-11-04"}),
        ("23/X/1962", DateContext(), {"when": "1962-10-23"}),
        ("1/V-62", DateContext(), {"when": "1962-05-01"}),
        ("10.31.1962", DateContext(), {"when": "1962-10-31"}),
        ("31.10.1962", DateContext(), {"when": "1962-10-31"}),
        ("10/31/62", DateContext(), {"when": "1962-10-31"}),
        ("3.4.1962", DateContext(month_first=True), {"when": "1962-03-04", "cert": "medium"}),
        ("3.4.1962", DateContext(month_first=False), {"when": "1962-04-03", "cert": "medium"}),
        ("3.4.1962", DateContext(), {"when": "1962-04-03", "cert": "low"}),
        ("4.4.1962", DateContext(), {"when": "1962-04-04"}),
        ("22 and 23 February 1963", DateContext(), {"from": "1963-02-22", "to": "1963-02-23"}),
        ("6-7 January 1963", DateContext(), {"from": "1963-01-06", "to": "1963-01-07"}),
        ("3-5 November 1962", DateContext(), {"from": "1962-11-03", "to": "1962-11-05"}),
        ("3\u20135 November 1962", DateContext(), {"from": "1962-11-03", "to": "1962-11-05"}),
        ("3 to 5 November 1962", DateContext(), {"from": "1962-11-03", "to": "1962-11-05"}),
        ("February 22-23, 1963", DateContext(), {"from": "1963-02-22", "to": "1963-02-23"}),
        (
            "28 October - 2 November 1962",
            DateContext(),
            {"from": "1962-10-28", "to": "1962-11-02"},
        ),
        ("3-5 November", NOV_1962, {"from": "1962-11-03", "to": "1962-11-05", "cert": "medium"}),
        ("28 October", NOV_1962, {"when": "1962-10-28", "cert": "medium"}),
        ("28 October", DateContext(), {"when": "--10-28"}),
        ("October 28", NOV_1962, {"when": "1962-10-28", "cert": "medium"}),
        ("2018-06-27", DateContext(), {"when": "2018-06-27"}),
        ("November 1962", DateContext(), {"when": "1962-11"}),
        ("November, 1962", DateContext(), {"when": "1962-11"}),
        ("1939", DateContext(), {"when": "1939"}),
        ("1961-1963", DateContext(), {"from": "1961", "to": "1963"}),
    ],
)
def test_parse_date_formats(text: str, context: DateContext, attributes: dict[str, str]) -> None:
    value = parse_date(text, context)
    assert value is not None
    assert value.attributes() == attributes


@pytest.mark.parametrize(
    ("sentence", "context", "expected"),
    [
        ("We met on 5 November, at noon.", NOV_1962, [("5 November", "1962-11-05", "medium")]),
        ("on the 26th he left", NOV_1962, [("26th", "1962-11-26", "medium")]),
        ("It was done by the 26th.", NOV_1962, [("26th", "1962-11-26", "medium")]),
        ("On the 26th Castro spoke", NOV_1962, [("26th", "1962-11-26", "medium")]),
        ("On 22 Castro was present", FEB_1963, [("22", "1963-02-22", "medium")]),
        ("On 22, after the rally", FEB_1963, [("22", "1963-02-22", "medium")]),
        ("On 22 Castro was present", DateContext(), [("22", "---22", None)]),
        ("the 22 February ceremonial meeting", FEB_1963, [("22 February", "1963-02-22", "medium")]),
        ("In May we met", FEB_1963, [("May", "1963-05", "medium")]),
        ("for about August of this year", FEB_1963, [("August", "1963-08", "medium")]),
        ("at the beginning of June", DateContext(), [("June", "--06", None)]),
        ("the 1939 German-Soviet Agreement", FEB_1963, [("1939", "1939", None)]),
        ("CWIHP Bulletin 5 (Spring 1995), 59", FEB_1963, [("1995", "1995", None)]),
        (
            "Comrade Khrushchev's 28 October communication",
            NOV_1962,
            [("28 October", "1962-10-28", "medium")],
        ),
        (
            "on 22 and 25 February 1963",
            DateContext(),
            [("22", "1963-02-22", None), ("25 February 1963", "1963-02-25", None)],
        ),
        (
            "Time: 12:10  Date: 30/X/1962",
            DateContext(),
            [("30/X/1962", "1962-10-30", None)],
        ),
        (
            "No. 848 (Ref. No. 29692) dated 29/X-62 Comrade Gromyko",
            DateContext(),
            [("29/X-62", "1962-10-29", None)],
        ),
        (
            "records of 3-5 November 1962, see ... November 1962",
            DateContext(),
            [("3-5 November 1962", None, None), ("November 1962", "1962-11", None)],
        ),
    ],
)
def test_find_dates_in_sentences(
    sentence: str, context: DateContext, expected: list[tuple[str, str | None, str | None]]
) -> None:
    found = [
        (m.text, m.value.when if m.value else None, m.value.cert if m.value else None)
        for m in find_dates(sentence, context)
    ]
    assert found == expected
    for match in find_dates(sentence, context):
        assert sentence[match.start : match.end] == match.text


@pytest.mark.parametrize(
    "text",
    [
        "No. 848-849",
        "No 849-853",
        "ll. 83-84",
        "ll. 237-240",
        "f. 0104",
        "AVP RF, f. 0104, op. 19, p. 124, d. 3, l. 66",
        "59, 89-92 and 109, 159",
        "Special No. 1688-1691",
        "(5 points)",
        "the 45th anniversary of the Soviet Army",
        "at the 22nd Congress of the CPSU",
        "on 5 points",
        "Record ID 188144",
        "No. 1962",
        "6216/sh",
        "the 26th of July Movement",
        "section 1.2.3",
        "the 1960s",
        "May I ask",
        "the October events",
        "Copy Nº 2",
        "Outgoing Nº 121",
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, FEB_1963) == []


@pytest.mark.parametrize(
    "text",
    [
        "31/II/62",
        "30 February 1963",
        "29 February 1962",
        "31 April 1961",
        "10.32.1962",
        "2018-13-01",
        "7-3 May 1962",
    ],
)
def test_impossible_dates_warn_and_have_no_value(text: str) -> None:
    [match] = find_dates(text)
    assert match.value is None
    assert match.warning is not None and text in match.warning
    assert parse_date(text) is None


def test_impossible_day_from_context() -> None:
    [match] = find_dates("on the 30th he left", FEB_1963)
    assert match.value is None
    assert match.warning


def test_parse_date_needs_the_whole_string() -> None:
    assert parse_date("on 16 February 1963") is None
    assert parse_date("  16 February 1963 ") == DateValue(when="1963-02-16")
    assert parse_date("16 February 1963 and 17 February 1963") is None
    assert parse_date("Spring 1995") is None


def test_attributes_order() -> None:
    value = DateValue(
        when="1963", from_="1962", to="1964", not_before="1", not_after="2", cert="low"
    )
    assert list(value.attributes()) == ["when", "from", "to", "notBefore", "notAfter", "cert"]


def test_context_from_value() -> None:
    assert DateContext.from_value(DateValue(when="1963-02-16")) == FEB_1963
    assert DateContext.from_value(DateValue(from_="1963-02-22", to="1963-02-23")) == FEB_1963
    assert DateContext.from_value(DateValue(when="1963"), month_first=True) == DateContext(
        1963, None, True
    )
    assert DateContext.from_value(None) == DateContext()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dated 10.31.1962 and 3.4.1962", True),
        ("dated 31.10.1962", False),
        ("30/X/62, 3/4/62", None),
    ],
)
def test_infer_month_first(text: str, expected: bool | None) -> None:
    assert infer_month_first(text) is expected


@pytest.mark.parametrize(
    ("text", "surface", "when"),
    [
        ("Time: 12:10 Date:", "12:10", "12:10:00"),
        ("at 4:10 am we", "4:10 am", "04:10:00"),
        ("at 4:10 PM", "4:10 PM", "16:10:00"),
        ("at 12:30 a.m.", "12:30 a.m.", "00:30:00"),
        ("at 12:30 p.m.", "12:30 p.m.", "12:30:00"),
        ("at 4.10 p.m.", "4.10 p.m.", "16:10:00"),
        ("at 2:00 in the afternoon local time", "2:00 in the afternoon", "14:00:00"),
        ("at 9:15 in the morning", "9:15 in the morning", "09:15:00"),
        ("at 23:59", "23:59", "23:59:00"),
    ],
)
def test_find_times(text: str, surface: str, when: str) -> None:
    [match] = find_times(text)
    assert (match.text, match.value) == (surface, DateValue(when=when))
    assert text[match.start : match.end] == surface


@pytest.mark.parametrize(
    "text", ["section 4.10", "24:10", "12:60", "ll. 83-84", "1.5 million", "30/X/62"]
)
def test_not_a_time(text: str) -> None:
    assert find_times(text) == []


def test_impossible_time_warns() -> None:
    [match] = find_times("at 13:10 pm")
    assert match.value is None and match.warning


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
MONTHS = list(calendar.month_name)[1:]


def _renderings(day: datetime.date) -> list[tuple[str, DateContext]]:
    d, m, y, yy = day.day, day.month, day.year, day.year % 100
    name = MONTHS[m - 1]
    plain = DateContext()
    formats = [
        (f"{d} {name} {y}", plain),
        (f"{name} {d}, {y}", plain),
        (f"{d} {name.upper()} {y}", plain),
        (f"{d}/{ROMAN[m - 1]}/{y}", plain),
        (f"{d}.{m:02d}.{y}", DateContext(month_first=False)),
        (f"{m:02d}.{d:02d}.{y}", DateContext(month_first=True)),
        (f"{m}/{d}/{y}", DateContext(month_first=True)),
        (day.isoformat(), plain),
    ]
    if 1900 <= y <= 1999:
        formats += [
            (f"{d}/{ROMAN[m - 1]}/{yy:02d}", plain),
            (f"{d}/{ROMAN[m - 1]}-{yy:02d}", plain),
            (f"{d}.{ROMAN[m - 1]}.{yy:02d}", plain),
        ]
    return formats


@given(st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_every_format_round_trips(day: datetime.date) -> None:
    for text, context in _renderings(day):
        value = parse_date(text, context)
        assert value is not None, text
        assert value.when == day.isoformat(), text


@given(
    st.integers(min_value=1800, max_value=2099),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=29, max_value=31),
)
def test_impossible_dates_never_have_a_value(year: int, month: int, day: int) -> None:
    if day <= calendar.monthrange(year, month)[1]:
        return
    for text in (
        f"{day} {MONTHS[month - 1]} {year}",
        f"{day}/{ROMAN[month - 1]}/{year}",
        f"{month}.{day}.{year}",
    ):
        [match] = find_dates(text)
        assert match.value is None and match.warning, text


@given(st.text(alphabet="0123456789 ./-,:()NoXIVlf", max_size=30))
def test_matches_are_sorted_disjoint_and_exact(text: str) -> None:
    matches = find_dates(text, FEB_1963)
    for match in matches:
        assert text[match.start : match.end] == match.text
    for first, second in itertools.pairwise(matches):
        assert first.end <= second.start


EXPECTED = Path(__file__).parent / "names_dates" / "expected.toml"
ROOT = Path(__file__).resolve().parent.parent


def _attributes(item: dict) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in item.items() if k not in ("line", "text"))


@pytest.mark.parametrize("kind", ["dates", "times"])
def test_sample_precision_recall(kind: str) -> None:
    expected: Counter[tuple] = Counter()
    found: Counter[tuple] = Counter()
    for transcript in tomllib.loads(EXPECTED.read_text(encoding="utf-8"))["transcript"]:
        path = ROOT / "transcripts" / transcript["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        context = DateContext(**transcript["date_context"])
        for number in range(transcript["first_line"], transcript["last_line"] + 1):
            line = lines[number - 1]
            matches = find_dates(line, context) if kind == "dates" else find_times(line)
            for m in matches:
                attributes = tuple(m.value.attributes().items()) if m.value else ()
                found[(transcript["file"], number, m.text, attributes)] += 1
        for item in transcript[kind]:
            expected[(transcript["file"], item["line"], item["text"], _attributes(item))] += 1
    true_positives = (found & expected).total()
    precision, recall = true_positives / found.total(), true_positives / expected.total()
    print(f"{kind}: {expected.total()} expected, precision {precision:.1%}, recall {recall:.1%}")
    assert sorted((found - expected).elements(), key=str) == [], "tagged but not expected"
    assert sorted((expected - found).elements(), key=str) == [], "expected but not tagged"
    assert precision == recall == 1.0
