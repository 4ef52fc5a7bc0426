"""tactful.nlp.dates: days, clock times and dates in a text, and the moments they point to."""
from __future__ import annotations

from datetime import datetime

import pytest

from tactful.nlp.dates import dates_in, deferred_until, event_time, start_of_next, times_in
from tactful.nlp.lexicons import normalise

THURSDAY = datetime(2026, 12, 3, 15, 30)  # a Thursday afternoon in December


@pytest.mark.parametrize("text, expected", [
    ("Can we move it to Thursday at 10am?", [("day", "thursday"), ("clock", "10:00")]),
    ("tues works, say 2.30pm", [("day", "tuesday"), ("clock", "2:30")]),
    ("I'm free from 9 until noon tomorrow", [("clock", "9:00"), ("clock", "12:00"), ("day", "tomorrow")]),
    ("meet at 14:45", [("clock", "2:45")]),
    ("doors at 7 o'clock tonight", [("clock", "7:00"), ("day", "tonight")]),
    ("a table for 6 people at 8", [("clock", "8:00")]),      # "for 6 people" is a head count
    ("it took 3 hours and 20 minutes", []),                  # durations are not times
    ("call me at 25:99", []),                                 # no such time
    ("Thanks for the update", []),
])
def test_times_in(text, expected):
    assert [(w.kind, w.value) for w in times_in(text)] == expected


def test_times_in_gives_places_in_the_text():
    text = "Could we do Friday at 3pm instead?"
    found = times_in(text)
    assert [text[w.start:w.end] for w in found] == ["Friday", "3pm"]


@pytest.mark.parametrize("text, expected", [
    ("The launch is on June 12th", [("date", "06-12")]),
    ("we fly out 3rd of March", [("date", "03-03")]),
    ("Sept 9 works for the tasting", [("date", "09-09")]),
    ("invoice due the 21st", [("date", "??-21")]),
    ("see you next Tuesday", [("day", "next tuesday")]),
    ("let's aim for next week", [("day", "next week")]),
    ("May I ask a question?", []),                            # the verb, not the month
    ("June 45 is not a day", []),
])
def test_dates_in(text, expected):
    assert [(w.kind, w.value) for w in dates_in(normalise(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("Big interview tomorrow at 10am, wish me luck", datetime(2026, 12, 4, 10, 0)),
    ("Our open day is this Saturday at 2pm", datetime(2026, 12, 5, 14, 0)),
    ("The recital is on Thursday", datetime(2026, 12, 10)),    # said on a Thursday: the next one
    ("We're celebrating tonight", datetime(2026, 12, 3, 17, 0)),
    ("Just got back from the conference", None),
])
def test_event_time(text, expected):
    assert event_time(text, THURSDAY) == expected


@pytest.mark.parametrize("text, expected", [
    # "next ..." ends the wait when that period begins, by the calendar (not after 7, 28, 80 or 330 days)
    ("Busy this week, try me next week", datetime(2026, 12, 7)),
    ("Let's pick this up next month", datetime(2027, 1, 1)),
    ("Budget reopens next quarter", datetime(2027, 1, 1)),
    ("Nothing until next year, sorry", datetime(2027, 1, 1)),
    # "in N months" is N calendar months
    ("Can you check back in two months?", datetime(2027, 2, 3, 15, 30)),
    ("ask me again in 3 weeks", datetime(2026, 12, 24, 15, 30)),
    ("Call me after October", datetime(2027, 11, 1)),
    ("We're closed until March", datetime(2027, 3, 1)),
    ("hiring is frozen until 2028", datetime(2028, 1, 1)),
    ("after the summer would be better", datetime(2027, 9, 1)),
    ("not before Q2", datetime(2027, 4, 1)),
    ("on leave from next week until January 20th", datetime(2027, 1, 20)),  # the wait ends last
    # a wait of days: through the day named, or from it when they ask to be called then
    ("I'm buried until Wednesday", datetime(2026, 12, 10)),
    ("Nudge me Tuesday if you haven't heard back", datetime(2026, 12, 8)),
    ("out till Thursday", datetime(2026, 12, 11)),             # written on a Thursday: next week's
    ("Call me after 5pm", None),                                # a time of day is no deferral
    ("Thanks, that all looks good", None),
])
def test_deferred_until(text, expected):
    assert deferred_until(text, THURSDAY) == expected


@pytest.mark.parametrize("written_at, unit, expected", [
    (datetime(2026, 12, 6, 9, 0), "week", datetime(2026, 12, 7)),      # Sunday: next week starts tomorrow
    (datetime(2026, 12, 7, 9, 0), "week", datetime(2026, 12, 14)),     # Monday: a week from today
    (datetime(2027, 1, 31), "month", datetime(2027, 2, 1)),            # from a 31-day month
    (datetime(2027, 2, 1), "month", datetime(2027, 3, 1)),             # from the first of a short one
    (datetime(2027, 5, 15), "quarter", datetime(2027, 7, 1)),
    (datetime(2027, 12, 31), "quarter", datetime(2028, 1, 1)),
    (datetime(2027, 1, 1), "year", datetime(2028, 1, 1)),
])
def test_start_of_next(written_at, unit, expected):
    assert start_of_next(unit, written_at) == expected


def test_calendar_months_not_28_days():
    # 28-day months put "in six months" said on 31 January in mid-July; the calendar says 31 July.
    assert deferred_until("circle back in six months", datetime(2027, 1, 31)) == datetime(2027, 7, 31)
    assert deferred_until("in a month", datetime(2027, 1, 31)) == datetime(2027, 2, 28)


def test_a_date_past_the_calendar_is_no_match():
    assert deferred_until("try again next year", datetime(9999, 12, 31)) is None
    assert event_time("see you tomorrow at 9", datetime(9999, 12, 31)) is None
