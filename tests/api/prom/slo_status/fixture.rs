//! Five weeks of minute-by-minute traffic for SLO tests, as OpenMetrics text for promtool and as
//! exact integer counts the tests add up themselves.
//!
//! The service `checkout` is busy by day (06:00–22:00 UTC, about 1 200 requests a minute on
//! weekdays and 500 at weekends) and nearly idle at night (about 12 a minute). Errors (code
//! 500) and slow requests (over 0.25 s) are rare, except for an incident during the quiet night
//! before the evaluation instant: from 01:00 to 03:30 a third of the requests fail and most
//! are slow. By event count the incident is a drop in the bucket; averaged per time slice it
//! dominates the month, so an engine that averages ratios gets a visibly different answer.
//!
//! Every checkout counter restarts (a deploy) at noon on day 20 to exercise counter resets
//! inside the window. A nightly batch job runs once a day at 02:00 and fails on days 3, 13, 23
//! and 33: a handful of events, too few for a 99% objective.
//!
//! Sample `i` is at `START + 60·i` and holds the counts of the minute ending there (sample 0
//! holds none): a counter's value at sample `i` is its start value plus the counts of minutes
//! 1..=i, so `v(b) − v(a)` is exactly the sum of the minutes in `(a, b]`.

use std::fmt::Write as _;

/// 2024-01-01T00:00:00Z, a Monday.
pub const START: i64 = 1_704_067_200;
/// Days of data.
pub const DAYS: i64 = 35;
/// Samples per day.
pub const PER_DAY: usize = 1_440;
pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
/// Where the tests evaluate: day 32 at 04:00, half an hour after the incident, with four
/// days of data before the 28-day window and three after it.
pub const EVAL: i64 = START + 32 * DAY + 4 * HOUR;
/// The incident covers the minutes ending in `(INCIDENT.0, INCIDENT.1]` (01:00–03:30).
pub const INCIDENT: (i64, i64) = (EVAL - 3 * HOUR, EVAL - 30 * MINUTE);
/// The deploy that restarts every checkout counter: the sample at day 20, 12:00.
pub const RESTART: i64 = START + 20 * DAY + 12 * HOUR;
/// Histogram bucket boundaries (`le`), `+Inf` last.
pub const LE: [&str; 6] = ["0.05", "0.1", "0.25", "0.5", "1", "+Inf"];
/// Start values of the checkout counters (the process has been up for a while).
const OFFSET: u64 = 5_000_000;

/// Counts of one minute.
#[derive(Debug, Clone, Copy, Default)]
pub struct Minute {
    /// Sample timestamp (end of the minute), Unix seconds.
    pub t: i64,
    /// Requests answered with code 200.
    pub ok: u64,
    /// Requests answered with code 500.
    pub err: u64,
    /// Requests per latency bucket, not cumulative: `(…,0.05]`, `(0.05,0.1]`, `(0.1,0.25]`,
    /// `(0.25,0.5]`, `(0.5,1]`, `(1,+Inf)`.
    pub latency: [u64; 6],
    /// Successful and failed batch runs.
    pub batch_ok: u64,
    pub batch_failed: u64,
}

impl Minute {
    pub fn requests(&self) -> u64 {
        self.ok + self.err
    }
}

/// Sums over a window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    pub requests: u64,
    pub errors: u64,
    /// Requests at most 0.25 s.
    pub under_250ms: u64,
    /// Requests at most 1 s.
    pub under_1s: u64,
    pub batch_runs: u64,
    pub batch_ok: u64,
}

/// splitmix64: deterministic, good enough for jitter.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `n·p` rounded up or down at random so that the expectation is `n·p`.
    fn share(&mut self, n: u64, p: f64) -> u64 {
        ((n as f64 * p + self.unit()).floor() as u64).min(n)
    }
}

/// The generated history.
pub struct Fixture {
    /// One entry per sample, `minutes[i].t == START + 60·i`.
    pub minutes: Vec<Minute>,
}

impl Fixture {
    pub fn generate() -> Self {
        let mut rng = Rng(20_240_101);
        let samples = DAYS as usize * PER_DAY;
        let mut minutes = Vec::with_capacity(samples);
        minutes.push(Minute {
            t: START,
            ..Minute::default()
        });
        for i in 1..samples {
            let t = START + MINUTE * i as i64;
            let day = (i - 1) / PER_DAY;
            let hour = (i - 1) % PER_DAY / 60;
            let weekend = day % 7 >= 5;
            let busy = (6..22).contains(&hour);
            let rate = match (busy, weekend) {
                (true, false) => 1_200.0,
                (true, true) => 500.0,
                (false, _) => 12.0,
            };
            let n = (rate * (0.9 + 0.2 * rng.unit())).round() as u64;
            let incident = INCIDENT.0 < t && t <= INCIDENT.1;
            let (p_err, p_slow) = match (incident, busy) {
                (true, _) => (0.35, 0.6),
                (false, true) => (0.0004, 0.002),
                (false, false) => (0.0004, 0.001),
            };
            let err = rng.share(n, p_err);
            let slow = rng.share(n, p_slow);
            let fast = n - slow;
            let (f0, f1) = (fast * 60 / 100, fast * 25 / 100);
            let (s0, s1) = (slow / 2, slow * 3 / 10);
            let batch = (i - 1) % PER_DAY == 2 * 60;
            let failed = batch && day % 10 == 3;
            minutes.push(Minute {
                t,
                ok: n - err,
                err,
                latency: [f0, f1, fast - f0 - f1, s0, s1, slow - s0 - s1],
                batch_ok: u64::from(batch && !failed),
                batch_failed: u64::from(failed),
            });
        }
        Self { minutes }
    }

    /// Sums over the minutes ending in `(from, to]`.
    pub fn sums(&self, from: i64, to: i64) -> Sums {
        self.minutes
            .iter()
            .filter(|m| from < m.t && m.t <= to)
            .fold(Sums::default(), |mut s, m| {
                s.requests += m.requests();
                s.errors += m.err;
                s.under_250ms += m.latency[..3].iter().sum::<u64>();
                s.under_1s += m.latency[..5].iter().sum::<u64>();
                s.batch_runs += m.batch_ok + m.batch_failed;
                s.batch_ok += m.batch_ok;
                s
            })
    }

    /// What an engine averaging per-slice ratios reports: the mean over consecutive slices of
    /// `slice` minutes in `(from, to]` of each slice's good/total (slices without events
    /// skipped), with `good` picking the good events of a minute.
    pub fn averaged_attainment(
        &self,
        from: i64,
        to: i64,
        slice: usize,
        good: impl Fn(&Minute) -> u64,
    ) -> f64 {
        let window: Vec<&Minute> = self
            .minutes
            .iter()
            .filter(|m| from < m.t && m.t <= to)
            .collect();
        let ratios: Vec<f64> = window
            .chunks(slice)
            .filter_map(|c| {
                let total: u64 = c.iter().map(|m| m.requests()).sum();
                let good: u64 = c.iter().map(|m| good(m)).sum();
                (total > 0).then(|| good as f64 / total as f64)
            })
            .collect();
        ratios.iter().sum::<f64>() / ratios.len() as f64
    }

    /// One OpenMetrics document (ending in `# EOF`) per day of data.
    pub fn openmetrics_by_day(&self) -> Vec<String> {
        let counters = Counters::checkout(self);
        (0..self.minutes.len().div_ceil(PER_DAY))
            .map(|day| {
                let end = ((day + 1) * PER_DAY).min(self.minutes.len());
                self.openmetrics(&counters, day * PER_DAY..end)
            })
            .collect()
    }

    /// One OpenMetrics document covering every sample.
    pub fn openmetrics_all(&self) -> String {
        self.openmetrics(&Counters::checkout(self), 0..self.minutes.len())
    }

    /// OpenMetrics for the samples in `range`: each family once, each series' samples in time
    /// order, timestamps in seconds, histogram without `_sum` (optional in OpenMetrics).
    fn openmetrics(&self, checkout: &Counters, range: std::ops::Range<usize>) -> String {
        let mut out = String::with_capacity(range.len() * 11 * 60);
        out.push_str("# TYPE http_requests counter\n");
        for (code, series) in [("200", &checkout.ok), ("500", &checkout.err)] {
            write_series(
                &mut out,
                &format!("http_requests_total{{job=\"checkout\",code=\"{code}\"}}"),
                &self.minutes,
                series,
                range.clone(),
            );
        }
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for (le, series) in LE.iter().zip(&checkout.buckets) {
            write_series(
                &mut out,
                &format!("http_request_duration_seconds_bucket{{job=\"checkout\",le=\"{le}\"}}"),
                &self.minutes,
                series,
                range.clone(),
            );
        }
        write_series(
            &mut out,
            "http_request_duration_seconds_count{job=\"checkout\"}",
            &self.minutes,
            &checkout.count,
            range.clone(),
        );
        out.push_str("# TYPE batch_runs counter\n");
        for (result, series) in [
            ("ok", &checkout.batch_ok),
            ("failed", &checkout.batch_failed),
        ] {
            write_series(
                &mut out,
                &format!("batch_runs_total{{job=\"nightly\",result=\"{result}\"}}"),
                &self.minutes,
                series,
                range.clone(),
            );
        }
        out.push_str("# EOF\n");
        out
    }
}

/// Counter values at every sample.
struct Counters {
    ok: Vec<u64>,
    err: Vec<u64>,
    /// Cumulative buckets, in `LE` order.
    buckets: Vec<Vec<u64>>,
    count: Vec<u64>,
    batch_ok: Vec<u64>,
    batch_failed: Vec<u64>,
}

impl Counters {
    fn checkout(f: &Fixture) -> Self {
        // A checkout counter starts at OFFSET and restarts from zero at RESTART (the value at
        // RESTART is that minute's count, so `increase` loses nothing across the reset).
        let checkout = |per_minute: &dyn Fn(&Minute) -> u64| {
            let mut value = OFFSET;
            f.minutes
                .iter()
                .map(|m| {
                    if m.t == RESTART {
                        value = 0;
                    }
                    value += per_minute(m);
                    value
                })
                .collect::<Vec<_>>()
        };
        let plain = |per_minute: &dyn Fn(&Minute) -> u64| {
            let mut value = 0;
            f.minutes
                .iter()
                .map(|m| {
                    value += per_minute(m);
                    value
                })
                .collect::<Vec<_>>()
        };
        Self {
            ok: checkout(&|m| m.ok),
            err: checkout(&|m| m.err),
            buckets: (0..LE.len())
                .map(|b| checkout(&move |m: &Minute| m.latency[..=b].iter().sum()))
                .collect(),
            count: checkout(&|m| m.requests()),
            batch_ok: plain(&|m| m.batch_ok),
            batch_failed: plain(&|m| m.batch_failed),
        }
    }
}

fn write_series(
    out: &mut String,
    series: &str,
    minutes: &[Minute],
    values: &[u64],
    range: std::ops::Range<usize>,
) {
    for i in range {
        writeln!(out, "{series} {} {}", values[i], minutes[i].t).unwrap();
    }
}
