"""Dates and times in running text, normalised to TEI attribute values (docs/encoding.md §5).

This module owns the recognition of date and time expressions and their ISO values. It knows
nothing of TEI trees: callers wrap each :class:`DateMatch` in ``date`` or ``time`` and copy
:meth:`DateValue.attributes` onto the element.

Policy, applied uniformly:

* Full dates give ``@when`` (``1963-02-16``); a month and year ``1962-11``; a bare four-digit
  year between 1800 and 2099 standing alone (``the 1939 German-Soviet Agreement``) gives
  ``1939``, unless a reference label (``No.``, ``f.``, ``ll.`` ...) precedes it. Season words
  (``Spring 1995``) are not normalised: only the year is a date.
* Day ranges (``6-7 January 1963``) and pairs of consecutive days (``22 and 23 February 1963``)
  become one date with ``@from``/``@to``. Two days that are not consecutive (``22 and 25
  February``) are two dates, since a range would claim the days between them.
* Whatever the text leaves out and the document supplies (the year of ``28 October``, the month
  and year of ``the 26th``) is taken from :class:`DateContext` and marked ``cert="medium"``.
  Without a context the value stays partial, as XML Schema allows (``--10-28``, ``---26``).
* A month name alone is a date only after a preposition (``in August``, ``the beginning of
  June``); its year comes from the context.
* A bare day number is a date only in two conservative shapes: an ordinal after ``the``
  followed by punctuation, the end, or a function word (``on the 26th he``), and ``On 22``
  followed by a comma or a capitalised word (``On 22 Castro was present``).
* All-numeric dates read day first unless the month would exceed 12 or the document's
  convention (:attr:`DateContext.month_first`) says otherwise; where only that convention
  decides, ``cert="medium"``, and where nothing decides, day first with ``cert="low"``.
* Two-digit years are 19xx. Impossible dates (``31/II/62``) give no value and a warning.
* Times give ``@when`` as ``HH:MM:SS``: ``12:10``, ``4:10 am``, ``2:00 in the afternoon``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "DateContext",
    "DateMatch",
    "DateValue",
    "find_dates",
    "find_times",
    "infer_month_first",
    "parse_date",
]


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ISO strings with TEI attribute semantics."""

    when: str | None = None
    from_: str | None = None
    to: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    cert: str | None = None

    def attributes(self) -> dict[str, str]:
        """TEI attribute names mapped to values, in a stable order, unset ones left out."""
        pairs = (
            ("when", self.when),
            ("from", self.from_),
            ("to", self.to),
            ("notBefore", self.not_before),
            ("notAfter", self.not_after),
            ("cert", self.cert),
        )
        return {name: value for name, value in pairs if value is not None}

    @classmethod
    def from_attributes(cls, attrs: Iterable[tuple[str, str]]) -> DateValue:
        """The value whose :meth:`attributes` are ``attrs`` (unknown names ignored)."""
        fields = {"when": "when", "from": "from_", "to": "to", "notBefore": "not_before"}
        fields |= {"notAfter": "not_after", "cert": "cert"}
        return cls(**{fields[name]: value for name, value in attrs if name in fields})


@dataclass(frozen=True)
class DateContext:
    """What the document tells about its dates: its year and month, and its numeric convention."""

    year: int | None = None
    month: int | None = None
    month_first: bool | None = None

    @classmethod
    def from_value(cls, value: DateValue | None, month_first: bool | None = None) -> DateContext:
        """The context of a document dated ``value`` (its ``when`` or ``from``)."""
        iso = value and (value.when or value.from_ or value.not_before)
        match = _ISO_PREFIX.match(iso or "")
        if not match:
            return cls(month_first=month_first)
        month = int(match["month"]) if match["month"] else None
        return cls(year=int(match["year"]), month=month, month_first=month_first)


@dataclass(frozen=True)
class DateMatch:
    """One date or time expression found in a text (``value`` is None for impossible dates)."""

    start: int
    end: int
    text: str
    value: DateValue | None
    warning: str | None = None


_ISO_PREFIX = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")

_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)
_MONTH_ABBREVIATIONS = {"Sept": 9} | {
    name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)
}
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)} | _MONTH_ABBREVIATIONS
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_ROMAN |= {"VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}


def _month_pattern(group: str) -> str:
    full = sorted(_MONTH_NAMES, key=len, reverse=True)
    names = [*full, *(name.upper() for name in full)]
    abbreviations = [rf"{name}\.?" for name in sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True)]
    return rf"(?P<{group}>{'|'.join(names + abbreviations)})(?![\w])"


_M = _month_pattern("m")
_M2 = _month_pattern("m2")
_DAY = r"(?<![\w.,/-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])"
_DAY2 = r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\w])"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?![\w-])"
_DASH = r"\s*[-\u2013\u2014]\s*"
_RANGE_JOIN = r"(?:\s*[-\u2013\u2014]\s*|\s+(?P<join>and|to|until|through)\s+)"
_ROMAN_MONTH = r"(?P<m>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:No|Nº|N|f|F|op|Op|p|P|pp|d|D|l|ll|Fond|Opis|Delo|List|ID|Bulletin|Special)\.?|[#№])"
    r"\s*$"
)
_FUNCTION_WORDS = frozenset(
    {"he", "she", "it", "we", "they", "i", "you", "and", "but", "or", "at", "in", "on", "when"}
    | {"where", "there", "the", "a", "an", "as", "was", "were", "had", "has", "is", "will"}
    | {"would", "could", "should", "that", "which", "who"}
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _partial(year: int | None, month: int | None, day: int | None) -> str | None:
    """ISO date, or the XML Schema partial forms (``--MM-DD``, ``---DD``, ``YYYY-MM``)."""
    if year is not None and month is not None and day is not None:
        return _iso(year, month, day)
    if day is not None and month is not None:
        return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None
    if day is not None:
        return f"---{day:02d}" if 1 <= day <= 31 else None
    if month is not None:
        return f"--{month:02d}" if year is None else f"{year:04d}-{month:02d}"
    return None if year is None else f"{year:04d}"


def _two_digit_year(text: str) -> int:
    return int(text) + 1900 if len(text) == 2 else int(text)


@dataclass(frozen=True)
class _Parts:
    """Day, month and year as the text gives them, before the context fills the gaps."""

    day: int | None
    month: int | None
    year: int | None

    def resolve(self, context: DateContext) -> tuple[str | None, bool]:
        """The ISO value, and whether the context had to supply part of it."""
        month = self.month
        inferred = False
        if month is None and self.day is not None and context.month is not None:
            month, inferred = context.month, True
        year = self.year
        if year is None and month is not None and context.year is not None:
            year, inferred = context.year, True
        return _partial(year, month, self.day), inferred


def _impossible(match: re.Match[str], reason: str = "no such day") -> list[DateMatch]:
    text = match.group()
    return [
        DateMatch(match.start(), match.end(), text, None, f"impossible date {text!r}: {reason}")
    ]


def _single(
    match: re.Match[str], parts: _Parts, context: DateContext, cert: str | None = None
) -> list[DateMatch]:
    iso, inferred = parts.resolve(context)
    if iso is None:
        return _impossible(match)
    value = DateValue(when=iso, cert="medium" if inferred and cert is None else cert)
    return [DateMatch(match.start(), match.end(), match.group(), value)]


def _range(
    match: re.Match[str], first: _Parts, last: _Parts, context: DateContext
) -> list[DateMatch]:
    start, inferred_start = first.resolve(context)
    end, inferred_end = last.resolve(context)
    if start is None or end is None:
        return _impossible(match)
    if start >= end:
        return _impossible(match, "the range ends before it starts")
    cert = "medium" if inferred_start or inferred_end else None
    return [
        DateMatch(match.start(), match.end(), match.group(), DateValue(None, start, end, cert=cert))
    ]


def _year(match: re.Match[str]) -> int | None:
    year = match.groupdict().get("y")
    return int(year) if year else None


def _day_range(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``6-7 January 1963``, ``22 and 23 February 1963``, ``February 22-23, 1963``."""
    month, year = _month_number(match["m"]), _year(match)
    first, last = _Parts(int(match["d"]), month, year), _Parts(int(match["d2"]), month, year)
    if match["join"] == "and" and last.day != (first.day or 0) + 1:
        return _pair(match, first, last, context)
    return _range(match, first, last, context)


def _pair(
    match: re.Match[str], first: _Parts, last: _Parts, context: DateContext
) -> list[DateMatch]:
    """``22 and 25 February``: two dates, the first taking month and year from the second."""
    head = _Span(match.start("d"), match.end("d"), match.string)
    tail = _Span(match.start("d2"), match.end(), match.string)
    return [*_single(head, first, context), *_single(tail, last, context)]


@dataclass(frozen=True)
class _Span:
    """A part of a regex match, with the interface :func:`_single` needs."""

    begin: int
    finish: int
    string: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.string[self.begin : self.finish]


def _month_number(name: str) -> int:
    cleaned = name.rstrip(".").title()
    return _MONTHS.get(cleaned) or _MONTHS[cleaned[:3]]


def _cross_month_range(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``28 October - 2 November 1962``."""
    year = _year(match)
    first = _Parts(int(match["d"]), _month_number(match["m"]), year)
    last = _Parts(int(match["d2"]), _month_number(match["m2"]), year)
    return _range(match, first, last, context)


def _day_month(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``16 February 1963``, ``February 16, 1963``, ``28 October``, ``October 28``."""
    return _single(match, _Parts(int(match["d"]), _month_number(match["m"]), _year(match)), context)


def _month_year(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``November 1962``."""
    return _single(match, _Parts(None, _month_number(match["m"]), _year(match)), context)


def _month_alone(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``in August``, ``the beginning of June``: a month after a preposition, year from context."""
    month = _Span(match.start("m"), match.end("m"), match.string)
    return _single(month, _Parts(None, _month_number(match["m"]), None), context)


def _roman(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``30/X/62``, ``29/X-62``, ``4.XI.62``, ``23/X/1962``."""
    parts = _Parts(int(match["d"]), _ROMAN[match["m"]], _two_digit_year(match["y"]))
    return _single(match, parts, context)


def _numeric(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``10.31.1962``, ``30/10/62``: day first unless the numbers or the document say otherwise."""
    first, second, year = int(match["a"]), int(match["b"]), _two_digit_year(match["y"])
    cert = None
    if first > 12 or second > 12 or first == second:
        month_first = second > 12
    elif context.month_first is not None:
        month_first, cert = context.month_first, "medium"
    else:
        month_first, cert = False, "low"
    day, month = (second, first) if month_first else (first, second)
    if not 1 <= month <= 12:
        return _impossible(match, "no such month")
    return _single(match, _Parts(day, month, year), context, cert)


def _iso_date(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``2018-06-27``."""
    parts = _Parts(int(match["d"]), int(match["m"]), int(match["y"]))
    if not 1 <= int(match["m"]) <= 12:
        return _impossible(match, "no such month")
    return _single(match, parts, context)


def _year_range(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``1961-1963``."""
    if _LABEL_BEFORE.search(match.string, 0, match.start()):
        return []
    return _range(
        match, _Parts(None, None, int(match["y"])), _Parts(None, None, int(match["y2"])), context
    )


def _bare_year(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``1939`` standing alone, not after a reference label such as ``No.`` or ``f.``."""
    if _LABEL_BEFORE.search(match.string, 0, match.start()):
        return []
    return _single(match, _Parts(None, None, int(match["y"])), context)


def _ordinal_day(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``on the 26th``: only before punctuation, the end, or a function word."""
    following = match["next"]
    after_on = bool(match["on"])
    closed_class = not following or following.lower() in _FUNCTION_WORDS
    if not closed_class and not (after_on and following[0].isupper()):
        return []
    return _single(
        _Span(match.start("d"), match.end("dd"), match.string),
        _Parts(int(match["d"]), None, None),
        context,
    )


def _on_day(match: re.Match[str], context: DateContext) -> list[DateMatch]:
    """``On 22 Castro was present``: a day number before a comma or a capitalised word."""
    if match["next"] and match["next"].rstrip(".").title() in _MONTHS:
        return []
    return _single(
        _Span(match.start("d"), match.end("d"), match.string),
        _Parts(int(match["d"]), None, None),
        context,
    )


_Rule = Callable[[re.Match[str], DateContext], list[DateMatch]]

_RULES: tuple[tuple[re.Pattern[str], _Rule], ...] = (
    (re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])"), _iso_date),
    (
        re.compile(rf"{_DAY}\s+(?:of\s+)?{_M}{_DASH}{_DAY2}\s+(?:of\s+)?{_M2},?\s+{_YEAR}"),
        _cross_month_range,
    ),
    (re.compile(rf"{_DAY}{_RANGE_JOIN}{_DAY2}\s+(?:of\s+)?{_M}(?:,?\s+{_YEAR})?"), _day_range),
    (
        re.compile(rf"{_M}\s+(?<![\w])(?P<d>[0-3]?\d){_RANGE_JOIN}{_DAY2}(?:,\s*{_YEAR})?"),
        _day_range,
    ),
    (re.compile(rf"{_DAY}\s+(?:of\s+)?{_M},?\s+{_YEAR}"), _day_month),
    (re.compile(rf"{_M}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}"), _day_month),
    (
        re.compile(
            rf"(?<![\w./-])(?P<d>[0-3]?\d)\s*[/.]\s*{_ROMAN_MONTH}\s*[/.-]\s*(?P<y>\d\d(?:\d\d)?)(?![\w/.-]\w)"
        ),
        _roman,
    ),
    (
        re.compile(
            r"(?<![\w./-])(?P<a>[01]?\d|[23]\d)/(?P<b>[01]?\d|[23]\d)/(?P<y>\d\d(?:\d\d)?)(?![\w/-])"
        ),
        _numeric,
    ),
    (
        re.compile(
            r"(?<![\w./-])(?P<a>[01]?\d|[23]\d)\.(?P<b>[01]?\d|[23]\d)\.(?P<y>\d{4})(?![\w/-]|\.\d)"
        ),
        _numeric,
    ),
    (re.compile(rf"{_M},?\s+{_YEAR}"), _month_year),
    (re.compile(rf"{_DAY}\s+(?:of\s+)?{_M}(?!\s+Movement)"), _day_month),
    (re.compile(rf"{_M}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w]|,?\s*\d)"), _day_month),
    (
        re.compile(
            rf"\b(?i:in|of|by|until|since|before|after|about|during|from|till|through|early|late|mid)"
            rf"[\s-]+(?P<m>{'|'.join(_MONTH_NAMES)})\b(?!\s+Movement|\s*,?\s*\d)"
        ),
        _month_alone,
    ),
    (
        re.compile(rf"(?<![\w.-])(?P<y>1[89]\d\d|20\d\d){_DASH}(?P<y2>1[89]\d\d|20\d\d)(?![\w-])"),
        _year_range,
    ),
    (re.compile(r"(?<![\w.,/:-])(?P<y>1[89]\d\d|20\d\d)(?![\w/:-]|[.,]\d)"), _bare_year),
    (
        re.compile(
            r"(?:\b(?P<on>[Oo]n)\s+)?\bthe\s+(?P<d>[1-9]|[12]\d|3[01])(?P<dd>st|nd|rd|th)\b"
            r"(?:\s+(?P<next>[A-Za-z]+)|(?=\s*(?:[,.;:!?)]|$)))"
        ),
        _ordinal_day,
    ),
    (re.compile(r"\b[Oo]n\s+(?P<d>[1-9]|[12]\d|3[01])(?:,|\s+(?P<next>[A-Z][\w.]*))"), _on_day),
)


def _overlaps(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(match.start() < end and match.end() > start for start, end in spans)


def find_dates(text: str, context: DateContext = DateContext()) -> list[DateMatch]:
    """All date expressions in ``text``: non-overlapping, sorted, earlier rules winning."""
    found: list[DateMatch] = []
    for pattern, rule in _RULES:
        claimed = [(match.start, match.end) for match in found]
        for match in pattern.finditer(text):
            if not _overlaps(match, claimed):
                found.extend(rule(match, context))
    return sorted(found, key=lambda match: match.start)


def parse_date(text: str, context: DateContext = DateContext()) -> DateValue | None:
    """The value of ``text`` when the whole of it is one date expression, else None."""
    stripped = text.strip()
    matches = find_dates(stripped, context)
    if len(matches) == 1 and matches[0].text == stripped:
        return matches[0].value
    return None


_TIME = re.compile(
    r"(?<![\w.:/])(?P<h>[01]?\d|2[0-3])[:.](?P<min>[0-5]\d)(?![\w:.]|\.\d)"
    r"(?:\s*(?P<ampm>[ap]\.?m\b\.?|[AP]\.?M\b\.?)"
    r"|\s+(?P<part>in the (?:morning|afternoon|evening)|at night))?"
)


def _hour(match: re.Match[str]) -> int | None:
    hour = int(match["h"])
    suffix = (match["ampm"] or "").lower().replace(".", "")
    part = match["part"] or ""
    afternoon = suffix == "pm" or part.endswith(("afternoon", "evening")) or part == "at night"
    if suffix and not 1 <= hour <= 12:
        return None
    if afternoon and hour < 12:
        return hour + 12
    if suffix == "am" and hour == 12:
        return 0
    return hour


def find_times(text: str) -> list[DateMatch]:
    """Clock times: ``12:10``, ``4:10 am``, ``4.10 p.m.``, ``2:00 in the afternoon``.

    A time with a dot (``4.10``) is a time only with ``am``/``pm`` or a part of the day, since
    ``4.10`` alone is more often a number or a section.
    """
    matches = []
    for match in _TIME.finditer(text):
        qualified = match["ampm"] or match["part"]
        if not qualified and ":" not in match.group():
            continue
        hour = _hour(match)
        if hour is None:
            matches.append(
                DateMatch(
                    match.start(),
                    match.end(),
                    match.group(),
                    None,
                    f"impossible time {match.group()!r}",
                )
            )
            continue
        value = DateValue(when=f"{hour:02d}:{match['min']}:00")
        matches.append(DateMatch(match.start(), match.end(), match.group(), value))
    return matches


def infer_month_first(text: str) -> bool | None:
    """The document's all-numeric date convention, where one of its dates proves it."""
    for pattern, rule in _RULES:
        if rule is not _numeric:
            continue
        for match in pattern.finditer(text):
            first, second = int(match["a"]), int(match["b"])
            if first > 12 >= second:
                return False
            if second > 12 >= first:
                return True
    return None
