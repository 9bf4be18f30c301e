"""Dates as Jekyll 4.3 understands them.

Jekyll turns every date (front matter, file name) into a string and hands it to
Ruby's ``Time.parse``, then shows it in the site's time zone (``timezone`` in
``_config.yml``, else the build machine's). Two details decide real posts:

- a YAML timestamp written without an offset (``2015-01-02 10:00:00``) is UTC,
  because Psych reads it so before Jekyll ever sees it;
- a string that YAML does not take for a timestamp (``2015-01-03 10:00``, no
  seconds; or ``'2015-01-05 10:00:00'`` quoted) is read in the site's zone.

A site zone of ``None`` means the machine's local zone, as with Jekyll.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import zoneinfo
from types import MappingProxyType

Zone = dt.tzinfo | None
"""A site time zone: a ``tzinfo``, or ``None`` for the machine's local zone."""

_OFFSET = r"(?P<tz>Z|UTC|GMT|UT|[ECMP][SD]T|[+-]\d{1,2}(?::?\d{2})?)"
_TIME = (
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
)
_ISOISH = re.compile(
    rf"(?P<y>\d{{2}}|\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
    rf"(?:(?:[Tt]|\s+){_TIME})?\s*{_OFFSET}?",
    re.ASCII,
)
# Ruby reads 01/05/2015 as day/month/year.
_DAY_FIRST = re.compile(
    rf"(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.](?P<y>\d{{4}})(?:\s+{_TIME})?\s*{_OFFSET}?",
    re.ASCII,
)
_COMPACT = re.compile(
    rf"(?P<y>\d{{4}})(?P<m>\d{{2}})(?P<d>\d{{2}})"
    rf"(?:[Tt]?(?P<H>\d{{2}})(?P<M>\d{{2}})(?P<S>\d{{2}})?)?\s*{_OFFSET}?",
    re.ASCII,
)
_MONTHS = MappingProxyType(
    {
        name: number
        for number, names in enumerate(
            (
                ("jan", "january"),
                ("feb", "february"),
                ("mar", "march"),
                ("apr", "april"),
                ("may",),
                ("jun", "june"),
                ("jul", "july"),
                ("aug", "august"),
                ("sep", "sept", "september"),
                ("oct", "october"),
                ("nov", "november"),
                ("dec", "december"),
            ),
            start=1,
        )
        for name in names
    }
)
_WORDY = re.compile(
    rf"(?:[A-Za-z]+,?\s+)?(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
    rf"(?:\s+{_TIME})?\s*{_OFFSET}?",
    re.ASCII,
)
_WORDY_DAY_FIRST = re.compile(
    rf"(?:[A-Za-z]+,?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d{{4}})"
    rf"(?:\s+{_TIME})?\s*{_OFFSET}?",
    re.ASCII,
)
_ZONE_NAMES = MappingProxyType(
    {
        "Z": 0,
        "UTC": 0,
        "UT": 0,
        "GMT": 0,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
    }
)


def resolve_zone(name: str | None) -> Zone:
    """The ``tzinfo`` for an IANA zone name; ``None`` or ``""`` is the local zone.

    Raises ``ValueError`` for a name the zone database does not know.
    """
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def in_zone(moment: dt.datetime, zone: Zone) -> dt.datetime:
    """An aware ``moment`` shown in ``zone`` (naive means wall time in ``zone``)."""
    if zone is not None:
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    try:
        return moment.astimezone()
    except (OverflowError, OSError, ValueError):
        # The C library's local time stops at the year 9999 (or 2038); the
        # machine's current offset is used past it.
        local = dt.datetime.now().astimezone().tzinfo
        return moment.replace(tzinfo=local) if moment.tzinfo is None else moment.astimezone(local)


def now_in(zone: Zone) -> dt.datetime:
    """The current time in ``zone``."""
    return in_zone(dt.datetime.now(dt.UTC), zone)


def date_from_yaml(value: object, zone: Zone) -> dt.datetime | None:
    """The date Jekyll computes for a ``date:`` value as YAML loaded it.

    Returns ``None`` when Ruby's ``Time.parse`` would reject it.
    """
    try:
        if isinstance(value, dt.datetime):
            # Psych reads an offset-less timestamp as UTC.
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.UTC)
            return in_zone(value, zone)
        if isinstance(value, dt.date):
            return in_zone(dt.datetime(value.year, value.month, value.day), zone)
    except (OverflowError, ValueError, OSError):
        return None  # out of the range a datetime can show in the site's zone
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, str):
        return parse_date(value, zone)
    return None


def parse_date(text: str, zone: Zone) -> dt.datetime | None:
    """Parse a date string the way Ruby's ``Time.parse`` reads real posts' dates.

    Accepts ``YYYY-MM-DD`` (also ``/`` or ``.`` separated, two-digit years),
    an optional time (``HH:MM``, ``HH:MM:SS``, fractions) after a space or
    ``T``, an optional offset (``Z``, ``+0100``, ``+01:00``, ``UTC``, ``PST``),
    ``YYYYMMDD``, RFC 2822 (``Tue, 13 Jan 2015 10:00:00 +0200``) and
    ``May 18, 2018``. A string without an offset is wall time in ``zone``.
    The result is shown in ``zone``. ``None`` when nothing matches or the date
    does not exist.
    """
    text = text.strip()
    if not text:
        return None
    for pattern in (_ISOISH, _COMPACT, _DAY_FIRST):
        match = pattern.fullmatch(text)
        if match:
            return _build(match.groupdict(), int(match["m"]), zone)
    for pattern in (_WORDY, _WORDY_DAY_FIRST):
        match = pattern.fullmatch(text)
        if match and match["mon"].lower() in _MONTHS:
            return _build(match.groupdict(), _MONTHS[match["mon"].lower()], zone)
    try:
        return in_zone(email.utils.parsedate_to_datetime(text), zone)
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        pass
    return _lenient(text, zone)


_LOOSE_DATE = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)", re.ASCII)
_LOOSE_TIME = re.compile(rf"(?<![\d:]){_TIME}(?![\d:])", re.ASCII)
_LOOSE_ZONE = re.compile(rf"(?<!\S){_OFFSET}(?!\S)", re.ASCII)


def _lenient(text: str, zone: Zone) -> dt.datetime | None:
    """Ruby's ``Date._parse`` picks a date, a time and a zone out of a string
    with other words in it (``2023-01-29 18:30:22 2023 -0800``); so do we, for
    ISO dates only."""
    date = _LOOSE_DATE.search(text)
    if date is None:
        return None
    parts: dict[str, str | None] = dict(date.groupdict())
    rest = text[date.end() :]
    time = _LOOSE_TIME.search(rest)
    if time:
        parts.update(time.groupdict())
        rest = rest[time.end() :]
    tz = _LOOSE_ZONE.search(rest)
    parts["tz"] = tz["tz"] if tz else None
    return _build(parts, int(date["m"]), zone)


def _build(parts: dict[str, str | None], month: int, zone: Zone) -> dt.datetime | None:
    year_text = parts["y"] or ""
    year = int(year_text)
    if len(year_text) == 2:
        year += 1900 if year >= 69 else 2000
    day = int(parts["d"] or 0)
    hour = int(parts.get("H") or 0)
    ampm = (parts.get("ampm") or "").lower()[:1]
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm == "p" and hour != 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    minute = int(parts.get("M") or 0)
    second = int(parts.get("S") or 0)
    frac = parts.get("frac") or ""
    micro = int((frac + "000000")[:6]) if frac else 0
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 24 and minute <= 59 and second <= 60):
        return None
    try:
        # Ruby rolls a day past the month's end over (2015-02-30 is March 2nd).
        start = dt.datetime(year, month, 1, 0, 0, 0, micro)
    except ValueError:
        return None
    try:
        naive = start + dt.timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second)
    except OverflowError:
        return None
    offset = _offset(parts.get("tz"))
    try:
        if offset is None:
            return in_zone(naive, zone)
        return in_zone(naive.replace(tzinfo=offset), zone)
    except (OverflowError, ValueError, OSError):
        return None


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() in _ZONE_NAMES:
        return dt.timezone(dt.timedelta(hours=_ZONE_NAMES[text.upper()]))
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2]) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 23 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
