//! Calendar dates for planners who think in dates and ISO weeks, not in
//! period numbers: `start_date` in `scenario.toml` is the first day of
//! period 1, and every `week` cell may then be a date (`2026-12-09`: the
//! period containing it) or, with 7-day periods, an ISO week (`2026-W50`:
//! the period containing its Monday). Proleptic Gregorian calendar, no time
//! zones: a date is a day.

use std::fmt;

use crate::error::with_note;
use crate::lang::t;

/// A calendar day, counted in days from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

impl Date {
    /// The day `year-month-day`, if it exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then(|| Date(days_from_civil(year, month, day)))
    }

    /// `YYYY-MM-DD`, exactly (what Excel writes as ISO dates).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&text[0..4])?;
        let month = digits(&text[5..7])?;
        let day = digits(&text[8..10])?;
        Date::from_ymd(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
    }

    /// The Monday of ISO week `YYYY-Www` (`2026-W50`), if the year has that week.
    pub fn parse_iso_week(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 8 || b[4] != b'-' || b[5] != b'W' {
            return None;
        }
        let year = digits(&text[0..4])?;
        let week = digits(&text[6..8])?;
        if week < 1 || week > iso_weeks_in(year) {
            return None;
        }
        Some(Date(iso_week_one_monday(year).0 + 7 * (week - 1)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// 0 for Monday ... 6 for Sunday.
    pub fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    /// The day `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Periods on the calendar: period 1 starts on `start`, each lasts
/// `period_days`. Without a start date, weeks are plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Calendar {
    /// The date period 1 starts on (`scenario.toml`); `None`: weeks are shown as plain numbers.
    pub start: Option<Date>,
    /// Length of one period in days (7 unless `scenario.toml` says otherwise).
    pub period_days: u32,
}

impl Calendar {
    /// The first day of `week`, when the scenario has a start date.
    pub fn first_day(&self, week: u32) -> Option<Date> {
        self.start
            .map(|start| start.plus_days(i64::from(week.max(1) - 1) * i64::from(self.period_days)))
    }

    /// The period containing `date`, counted from 1; `None` before period 1.
    pub fn week_of(&self, date: Date) -> Option<u32> {
        let start = self.start?;
        let days = date.days_since(start);
        if days < 0 {
            return None;
        }
        u32::try_from(days / i64::from(self.period_days.max(1)) + 1).ok()
    }

    /// A `week` cell: a period number, or with a start date a date or an
    /// ISO week; `Err` says what was expected.
    pub fn parse_week(&self, text: &str, max_week: u32) -> Result<u32, WeekExpected> {
        self.week_or_expected(text, max_week).map_err(WeekExpected)
    }

    fn week_or_expected(&self, text: &str, max_week: u32) -> Result<u32, String> {
        let range = t("err-week-range", &[("max", &max_week.to_string())]);
        if let Ok(n) = text.parse::<u32>() {
            return if (1..=max_week).contains(&n) { Ok(n) } else { Err(range) };
        }
        let Some(start) = self.start else {
            let looks_like_date = Date::parse(text).is_some() || Date::parse_iso_week(text).is_some();
            return Err(if looks_like_date {
                with_note(&range, &t("err-note-date-needs-start", &[]))
            } else {
                range
            });
        };
        let date = match (Date::parse(text), Date::parse_iso_week(text)) {
            (Some(date), _) => date,
            (None, Some(_)) if self.period_days != 7 => {
                return Err(t(
                    "err-week-or-date-not-iso",
                    &[("range", &range), ("days", &self.period_days.to_string())],
                ))
            }
            (None, Some(monday)) => monday,
            (None, None) => return Err(t("err-week-or-date", &[("range", &range)])),
        };
        match self.week_of(date) {
            Some(week) if week <= max_week => Ok(week),
            Some(_) => Err(t(
                "err-week-too-far",
                &[
                    ("range", &range),
                    ("date", &date.to_string()),
                    ("start", &start.to_string()),
                ],
            )),
            None => Err(t("err-week-before-start", &[("start", &start.to_string())])),
        }
    }
}

/// What a week cell should have been, for the message `expected ..., found ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekExpected(pub String);

impl fmt::Display for WeekExpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn digits(text: &str) -> Option<i64> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

/// The Monday of ISO week 1: the week holding 4 January.
fn iso_week_one_monday(year: i64) -> Date {
    let jan4 = Date(days_from_civil(year, 1, 4));
    jan4.plus_days(-jan4.weekday())
}

/// 53 when the year starts on a Thursday, or is a leap year starting on a
/// Wednesday; else 52.
fn iso_weeks_in(year: i64) -> i64 {
    let jan1 = Date(days_from_civil(year, 1, 1)).weekday();
    if jan1 == 3 || (jan1 == 2 && is_leap(year)) {
        53
    } else {
        52
    }
}

/// Days from 1970-01-01 (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        let d = Date::parse("2026-11-30").expect("a date");
        assert_eq!(d.to_string(), "2026-11-30");
        assert_eq!(d.weekday(), 0, "2026-11-30 is a Monday");
        assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-11-30",
            "2026/11/30",
            "2026-11-3x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        for days in [-800_000, -1, 0, 59, 365, 10_957, 20_000, 800_000] {
            let (y, m, dd) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, dd), days);
        }
    }

    #[test]
    fn iso_weeks_across_a_year_boundary() {
        // 2026 starts on a Thursday: it has a week 53, which runs into 2027.
        assert_eq!(
            Date::parse_iso_week("2026-W01").map(|d| d.to_string()).as_deref(),
            Some("2025-12-29")
        );
        assert_eq!(
            Date::parse_iso_week("2026-W50").map(|d| d.to_string()).as_deref(),
            Some("2026-12-07")
        );
        assert_eq!(
            Date::parse_iso_week("2026-W53").map(|d| d.to_string()).as_deref(),
            Some("2026-12-28")
        );
        assert_eq!(
            Date::parse_iso_week("2027-W01").map(|d| d.to_string()).as_deref(),
            Some("2027-01-04")
        );
        assert_eq!(Date::parse_iso_week("2027-W53"), None, "2027 has 52 weeks");
        assert_eq!(Date::parse_iso_week("2026-W00"), None);
    }

    #[test]
    fn weeks_from_dates_and_iso_weeks() {
        let weekly = Calendar {
            start: Date::parse("2026-11-30"),
            period_days: 7,
        };
        assert_eq!(weekly.parse_week("3", 100), Ok(3));
        assert_eq!(weekly.parse_week("2026-11-30", 100), Ok(1));
        assert_eq!(weekly.parse_week("2026-12-06", 100), Ok(1));
        assert_eq!(weekly.parse_week("2026-12-09", 100), Ok(2));
        assert_eq!(weekly.parse_week("2026-W50", 100), Ok(2));
        assert_eq!(weekly.parse_week("2026-W53", 100), Ok(5));
        assert_eq!(weekly.parse_week("2027-W01", 100), Ok(6));
        assert!(weekly
            .parse_week("2026-11-29", 100)
            .unwrap_err()
            .0
            .contains("on or after start_date 2026-11-30"));
        assert!(weekly.parse_week("2027-W53", 100).is_err());
        assert_eq!(
            weekly.first_day(2).map(|d| d.to_string()).as_deref(),
            Some("2026-12-07")
        );
        let daily = Calendar {
            start: Date::parse("2026-11-30"),
            period_days: 1,
        };
        assert_eq!(daily.parse_week("2026-12-09", 100), Ok(10));
        assert!(daily
            .parse_week("2026-W50", 100)
            .unwrap_err()
            .0
            .contains("period_days = 7"));
        let plain = Calendar {
            start: None,
            period_days: 7,
        };
        assert!(plain
            .parse_week("2026-12-09", 100)
            .unwrap_err()
            .0
            .contains("needs start_date"));
        assert!(plain.parse_week("0", 100).is_err());
    }
}
