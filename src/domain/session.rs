//! Sign-in sessions: how long one lives, and who an identity provider says signed in.
//!
//! Pure rules; the clock is always passed in. The use cases are in
//! `services::access::sessions`, the protocol in `edge::auth::oidc`.

use super::ids::Login;
use chrono::{DateTime, TimeDelta, Utc};

/// How long a session lives: it ends after `idle` without a request, and at the latest
/// `absolute` after sign-in, whatever happens in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Longest time between two requests of a session.
    pub idle: TimeDelta,
    /// Longest life of a session from sign-in.
    pub absolute: TimeDelta,
}

impl Default for SessionPolicy {
    /// Eight idle hours, a week at most.
    fn default() -> Self {
        Self {
            idle: TimeDelta::minutes(480),
            absolute: TimeDelta::hours(168),
        }
    }
}

/// How stale `last_seen_at` may get before a request records it again: one write a minute
/// per session at most, however many requests it makes.
pub const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

impl SessionPolicy {
    /// The policy from whole minutes and hours (the command-line flags).
    /// (At least a minute and an hour; at most about ten years.)
    pub fn from_flags(idle_minutes: u64, max_hours: u64) -> Self {
        let clamp = |v: u64, max: u64| i64::try_from(v.clamp(1, max)).unwrap_or(1);
        Self {
            idle: TimeDelta::minutes(clamp(idle_minutes, 5_256_000)),
            absolute: TimeDelta::hours(clamp(max_hours, 87_600)),
        }
    }

    /// When a session opened at `created_at` ends at the latest.
    pub fn expires_at(&self, created_at: DateTime<Utc>) -> DateTime<Utc> {
        created_at + self.absolute
    }

    /// Whether a session last seen at `last_seen_at`, ending at `expires_at`, is still
    /// alive at `now`.
    pub fn is_live(
        &self,
        last_seen_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now < expires_at && now - last_seen_at < self.idle
    }

    /// Whether a request at `now` should record itself as the session's last sighting.
    pub fn touch_due(&self, last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - last_seen_at >= TOUCH_EVERY
    }
}

/// Why an identity provider's answer cannot be a person in Orrery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRefused {
    /// The claim the login was taken from (`preferred_username`, `email` or `sub`).
    pub claim: &'static str,
    /// What the rule says, for the person.
    pub reason: String,
}

/// The login of the person an identity provider vouches for: `preferred_username` if the
/// provider sent one, else `email`, else `sub`, in Orrery's canonical form (trimmed,
/// lowercase). The first claim present decides: if it is not a valid login (or a reserved
/// one), sign-in is refused rather than falling back to another claim, so a person's login
/// never depends on which claims a provider happens to send that day.
pub fn login_from_claims(
    preferred_username: Option<&str>,
    email: Option<&str>,
    sub: &str,
) -> Result<Login, LoginRefused> {
    fn present(v: Option<&str>) -> Option<&str> {
        v.filter(|s| !s.trim().is_empty())
    }
    let (claim, value) = match (present(preferred_username), present(email)) {
        (Some(v), _) => ("preferred_username", v),
        (None, Some(v)) => ("email", v),
        (None, None) => ("sub", sub),
    };
    Login::parse(claim, value).map_err(|e| LoginRefused {
        claim,
        reason: e.message,
    })
}

/// Most groups a session keeps, and the longest group name: a provider that sends more is
/// refused rather than silently cut.
pub const MAX_GROUPS: usize = 500;
/// See [`MAX_GROUPS`].
pub const MAX_GROUP_LEN: usize = 256;

/// Checks the group names a provider sent: trimmed, without empty names, duplicates or
/// control characters, at most [`MAX_GROUPS`] of at most [`MAX_GROUP_LEN`] bytes.
pub fn check_groups(groups: Vec<String>) -> Result<Vec<String>, String> {
    if groups.len() > MAX_GROUPS {
        return Err(format!("more than {MAX_GROUPS} groups"));
    }
    let mut out: Vec<String> = Vec::with_capacity(groups.len());
    for g in groups {
        let g = g.trim();
        if g.is_empty() {
            continue;
        }
        if g.len() > MAX_GROUP_LEN || g.chars().any(char::is_control) {
            return Err("a group name is too long or holds control characters".into());
        }
        if !out.iter().any(|o| o == g) {
            out.push(g.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    #[test]
    fn idle_and_absolute_expiry() {
        let p = SessionPolicy::from_flags(30, 2);
        let created = at(0);
        let expires = p.expires_at(created);
        assert_eq!(expires, at(120));
        assert!(p.is_live(created, expires, at(29)));
        assert!(!p.is_live(created, expires, at(30)), "idle for 30 minutes");
        assert!(p.is_live(at(100), expires, at(119)));
        assert!(
            !p.is_live(at(119), expires, at(120)),
            "two hours after sign-in"
        );
    }

    #[test]
    fn touches_at_most_once_a_minute() {
        let p = SessionPolicy::default();
        assert!(!p.touch_due(at(0), at(0) + TimeDelta::seconds(59)));
        assert!(p.touch_due(at(0), at(1)));
    }

    #[test]
    fn login_comes_from_the_first_claim_present() {
        let l = |p, e, s| login_from_claims(p, e, s).map(|l| l.as_str().to_owned());
        assert_eq!(l(Some("Alice"), Some("x@y"), "sub-1").unwrap(), "alice");
        assert_eq!(l(Some("  "), None, "Sub-1").unwrap(), "sub-1");
        assert_eq!(l(None, None, "1234567890").unwrap(), "1234567890");
        assert_eq!(
            l(None, Some("Alice@Example.com"), "s").unwrap(),
            "alice@example.com"
        );
        let refused = l(None, Some("alice smith@example.com"), "s").unwrap_err();
        assert_eq!(refused.claim, "email");
        let refused = l(Some("alice smith"), None, "ok").unwrap_err();
        assert_eq!(refused.claim, "preferred_username");
        assert!(refused.reason.contains("not a valid login"), "{refused:?}");
        assert!(l(Some("Orrery"), None, "s").is_err(), "reserved");
    }

    #[test]
    fn groups_are_cleaned_and_bounded() {
        let g = |v: &[&str]| check_groups(v.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            g(&[" sre ", "", "sre", "payments"]).unwrap(),
            ["sre", "payments"]
        );
        assert!(g(&["a\u{7}"]).is_err());
        assert!(g(&vec!["x"; MAX_GROUPS + 1]).is_err());
    }
}
