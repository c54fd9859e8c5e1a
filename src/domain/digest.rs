//! The weekly digest's schedule: a weekday and a UTC time of day (`mon 09:00`). Each
//! scheduled instant closes a period, the seven days before it; the digest of that period is
//! posted once, whichever replica gets to it first.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use std::fmt;
use std::str::FromStr;

/// When the weekly digest is due: a weekday and a time of day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestSchedule {
    weekday: Weekday,
    time: NaiveTime,
}

/// Why a schedule did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(String);

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

impl FromStr for DigestSchedule {
    type Err = ScheduleError;

    /// `<weekday> <HH:MM>` with an optional trailing `UTC`: `mon 09:00`, `Friday 16:30 UTC`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |why: &str| {
            ScheduleError(format!(
                "`{s}` is not a digest schedule: {why} (expected a weekday and a UTC time, e.g. `mon 09:00`)"
            ))
        };
        let mut parts = s.split_whitespace();
        let (Some(day), Some(time)) = (parts.next(), parts.next()) else {
            return Err(err("it needs a weekday and a time"));
        };
        match parts.next() {
            None => {}
            Some(zone) if zone.eq_ignore_ascii_case("utc") => {}
            Some(_) => return Err(err("times are in UTC; only `UTC` may follow the time")),
        }
        if parts.next().is_some() {
            return Err(err("too many words"));
        }
        let weekday = day
            .parse::<Weekday>()
            .map_err(|_| err(&format!("`{day}` is not a weekday")))?;
        let time = NaiveTime::parse_from_str(time, "%H:%M")
            .map_err(|_| err(&format!("`{time}` is not a time of day as HH:MM")))?;
        Ok(Self { weekday, time })
    }
}

impl fmt::Display for DigestSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} UTC", self.weekday, self.time.format("%H:%M"))
    }
}

impl Default for DigestSchedule {
    /// Monday 09:00 UTC.
    fn default() -> Self {
        Self {
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        }
    }
}

/// The seven days a digest covers: `[start, end)`, `end` being a scheduled instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestPeriod {
    /// Start (inclusive), a week before `end`.
    pub start: DateTime<Utc>,
    /// End: the scheduled instant the digest is due at.
    pub end: DateTime<Utc>,
}

impl DigestSchedule {
    /// The period closed by the latest scheduled instant at or before `now`.
    pub fn latest_period(&self, now: DateTime<Utc>) -> DigestPeriod {
        let days_back =
            (7 + now.weekday().num_days_from_monday() - self.weekday.num_days_from_monday()) % 7;
        let mut end = (now.date_naive() - Duration::days(i64::from(days_back)))
            .and_time(self.time)
            .and_utc();
        if end > now {
            end -= Duration::weeks(1);
        }
        DigestPeriod {
            start: end - Duration::weeks(1),
            end,
        }
    }

    /// The next scheduled instant after `now`.
    pub fn next_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.latest_period(now).end + Duration::weeks(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        // December 2026: the 7th is a Monday.
        Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap()
    }

    #[test]
    fn parses_weekday_and_utc_time() {
        let s: DigestSchedule = "Friday 16:30 UTC".parse().unwrap();
        assert_eq!(s.to_string(), "Fri 16:30 UTC");
        assert_eq!(
            "mon 09:00".parse::<DigestSchedule>(),
            Ok(DigestSchedule::default())
        );
        for bad in [
            "",
            "mon",
            "someday 09:00",
            "mon 9h",
            "mon 25:00",
            "mon 09:00 CET",
            "mon 09:00 UTC x",
        ] {
            let e = bad.parse::<DigestSchedule>().unwrap_err().to_string();
            assert!(e.contains(&format!("`{bad}`")), "{e}");
        }
    }

    #[test]
    fn the_latest_period_ends_at_the_last_scheduled_instant() {
        let s = DigestSchedule::default();
        // Monday 09:00 exactly: this week's digest is due.
        assert_eq!(s.latest_period(at(7, 9, 0)).end, at(7, 9, 0));
        // A minute before: last week's.
        assert_eq!(
            s.latest_period(at(7, 8, 59)).end,
            at(7, 9, 0) - Duration::weeks(1)
        );
        // Sunday: still Monday's.
        let p = s.latest_period(at(13, 23, 0));
        assert_eq!(
            (p.start, p.end),
            (at(7, 9, 0) - Duration::weeks(1), at(7, 9, 0))
        );
        assert_eq!(s.next_after(at(13, 23, 0)), at(14, 9, 0));
    }

    proptest! {
        #[test]
        fn the_period_is_a_week_ending_on_the_schedule_at_or_before_now(
            secs in 0i64..(4 * 365 * 86_400), day in 0u32..7, h in 0u32..24, m in 0u32..60,
        ) {
            let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(secs);
            let s = DigestSchedule {
                weekday: Weekday::try_from(day as u8).unwrap(),
                time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            };
            let p = s.latest_period(now);
            prop_assert!(p.end <= now && now < p.end + Duration::weeks(1));
            prop_assert_eq!(p.end.weekday(), s.weekday);
            prop_assert_eq!(p.end.time(), s.time);
            prop_assert_eq!(p.end - p.start, Duration::weeks(1));
        }
    }
}
