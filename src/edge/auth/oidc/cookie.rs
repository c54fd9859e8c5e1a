//! The `orrery_session` cookie, which carries a session's secret, and the short-lived
//! `orrery_signin` cookie, which ties a sign-in's answer to the browser that started it.

use axum::http::{HeaderMap, header};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "orrery_session";

/// Name of the cookie that holds the `state` of the sign-in this browser started. Without
/// it, someone could send a person a link that finishes *their own* sign-in in that
/// person's browser (login cross-site request forgery).
pub const SIGNIN_COOKIE: &str = "orrery_signin";

/// The value of the cookie `name` in a request, if present.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

/// The attributes every Orrery cookie carries: `HttpOnly` (no script reads it),
/// `SameSite=Lax` (sent when following a link in, and on the provider's redirect back),
/// and `Secure` when the public URL is https.
fn attributes(path: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("Path={path}; HttpOnly; SameSite=Lax{secure}")
}

/// `Set-Cookie` for a new session. No `Max-Age`: the server ends the session, and the
/// browser forgets the cookie when it closes.
pub fn session(secret: &str, secure: bool) -> String {
    format!("{SESSION_COOKIE}={secret}; {}", attributes("/", secure))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session(secure: bool) -> String {
    format!("{SESSION_COOKIE}=; Max-Age=0; {}", attributes("/", secure))
}

/// `Set-Cookie` for a sign-in that started with `state`, only sent to the callback, for as
/// long as the sign-in may take.
pub fn signin(state: &str, secure: bool, max_age_secs: i64) -> String {
    format!(
        "{SIGNIN_COOKIE}={state}; Max-Age={max_age_secs}; {}",
        attributes("/auth/callback", secure)
    )
}

/// `Set-Cookie` that removes the sign-in cookie.
pub fn clear_signin(secure: bool) -> String {
    format!(
        "{SIGNIN_COOKIE}=; Max-Age=0; {}",
        attributes("/auth/callback", secure)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        assert_eq!(
            session("abc", false),
            "orrery_session=abc; Path=/; HttpOnly; SameSite=Lax"
        );
        assert!(session("abc", true).ends_with("; Secure"));
        assert!(clear_session(false).contains("Max-Age=0"));
        assert!(signin("s", false, 600).contains("Path=/auth/callback"));
    }

    #[test]
    fn reads_among_others() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; orrery_session=xyz".parse().unwrap());
        assert_eq!(read(&h, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(read(&h, SIGNIN_COOKIE), None);
    }
}
