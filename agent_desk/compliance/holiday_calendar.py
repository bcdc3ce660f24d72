"""National holidays for the contact rules: the ``holidays`` package plus an editable overrides file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from typing import Any


@dataclasses.dataclass(frozen=True)
class Holiday:
    """A day off; ``name`` is in the country's own language (how agents and customers know it)."""

    day: dt.date
    name: str
    name_en: str


class HolidayCalendar:
    """Which local dates are holidays in a country. Thread-safe; each year is computed once.

    Args:
        country: ISO country code understood by the ``holidays`` package.
        categories: the package's holiday categories (for Indonesia "government" adds collective leave).
        additions: decreed dates the package does not know.
        removals: dates the package lists that are not days off after all.
    """

    def __init__(
        self,
        country: str,
        categories: Iterable[str] = ("public",),
        additions: Iterable[Holiday] = (),
        removals: Iterable[dt.date] = (),
    ) -> None:
        self.country = country
        self.categories = tuple(categories)
        self._additions = {holiday.day: holiday for holiday in additions}
        self._removals = frozenset(removals)
        self._years: dict[int, Mapping[dt.date, Holiday]] = {}
        self._lock = threading.Lock()

    def holiday(self, day: dt.date) -> Holiday | None:
        """The holiday on ``day``, or None on an ordinary day."""
        year = self._years.get(day.year)
        if year is None:
            year = self._load_year(day.year)
        return year.get(day)

    def _load_year(self, year: int) -> Mapping[dt.date, Holiday]:
        with self._lock:
            if year in self._years:
                return self._years[year]
            english = self._package_year(year, "en_US")
            local = self._package_year(year, None)
            days: dict[dt.date, Holiday] = {}
            for day, name in english.items():
                if day not in self._removals:
                    days[day] = Holiday(day, local.get(day, name), name)
            for day, holiday in self._additions.items():
                if day.year == year:
                    days[day] = holiday
            self._years[year] = days
            return days

    def _package_year(self, year: int, language: str | None) -> dict[dt.date, str]:
        """The package's holidays of ``year`` named in ``language`` (None: the country's own language)."""
        import holidays as holidays_package  # loaded when a year is first computed, not at every start-up

        try:
            if language is None:
                language = holidays_package.country_holidays(self.country).default_language
            calendar: Any = holidays_package.country_holidays(
                self.country, years=year, categories=self.categories, language=language
            )
        except (NotImplementedError, KeyError):
            calendar = holidays_package.country_holidays(self.country, years=year, categories=self.categories)
        # Several holidays on one day come joined by "; " — keep the text as the package gives it.
        return {day: str(name) for day, name in calendar.items()}


def overrides_from_toml(data: Mapping[str, Any], country: str) -> tuple[list[Holiday], list[dt.date]]:
    """The additions and removals for ``country`` from the overrides file's parsed TOML."""
    section = data.get(country, {})
    additions = []
    for entry in section.get("add", []):
        day = _as_date(entry["date"])
        name = str(entry.get("name") or entry.get("name_en") or "Holiday")
        additions.append(Holiday(day, name, str(entry.get("name_en") or name)))
    removals = [_as_date(entry["date"]) for entry in section.get("remove", [])]
    return additions, removals


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
