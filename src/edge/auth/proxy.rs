//! `proxy` mode: identity headers from an authenticating reverse proxy (oauth2-proxy and the
//! like), believed only when the connection comes from a trusted address range.

use crate::config::AuthArgs;
use crate::domain::ids::Login;
use crate::services::Actor;
use axum::http::{HeaderMap, HeaderName};
use ipnet::IpNet;
use std::net::IpAddr;

/// Where the proxy puts the identity, and which addresses it connects from.
#[derive(Debug, Clone)]
pub struct ProxySettings {
    user_header: HeaderName,
    groups_header: HeaderName,
    trusted: Vec<IpNet>,
}

impl ProxySettings {
    /// Reads the proxy flags; at least one `--trusted-proxy` range is required.
    pub fn from_args(args: &AuthArgs) -> Result<Self, String> {
        let header = |flag: &str, v: &str| {
            HeaderName::try_from(v.trim())
                .map_err(|_| format!("{flag}: `{v}` is not a valid header name"))
        };
        let trusted = args
            .trusted_proxies
            .iter()
            .map(|raw| parse_range(raw))
            .collect::<Result<Vec<_>, _>>()?;
        if trusted.is_empty() {
            return Err(
                "--auth proxy needs --trusted-proxy CIDR (the address range the proxy connects from)"
                    .into(),
            );
        }
        Ok(Self {
            user_header: header("--proxy-user-header", &args.proxy_user_header)?,
            groups_header: header("--proxy-groups-header", &args.proxy_groups_header)?,
            trusted,
        })
    }

    /// The person the proxy vouches for: `None` when the request carries no identity header,
    /// refused when it does but comes from an untrusted address or names an invalid login.
    pub fn actor(
        &self,
        headers: &HeaderMap,
        peer: Option<IpAddr>,
    ) -> Result<Option<Actor>, String> {
        let Some(user) = headers.get(&self.user_header) else {
            return Ok(None);
        };
        let trusted = peer.is_some_and(|ip| self.trusted.iter().any(|n| n.contains(&ip)));
        if !trusted {
            return Err(format!(
                "the {} header is only accepted from a trusted proxy",
                self.user_header
            ));
        }
        let login = Login::parse(self.user_header.as_str(), user.to_str().unwrap_or(""))
            .map_err(|e| e.to_string())?;
        let groups = headers
            .get_all(&self.groups_header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|g| !g.is_empty() && g.len() <= 128)
            .map(str::to_owned)
            .collect();
        Ok(Some(Actor::signed_in(login, groups)))
    }
}

/// `10.0.0.0/8`, or a single address (`127.0.0.1`) meaning just that one.
fn parse_range(raw: &str) -> Result<IpNet, String> {
    let raw = raw.trim();
    raw.parse::<IpNet>()
        .or_else(|_| raw.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("--trusted-proxy: `{raw}` is not an address range like 10.0.0.0/8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(ranges: &[&str]) -> ProxySettings {
        let args = AuthArgs {
            trusted_proxies: ranges.iter().map(|r| (*r).to_owned()).collect(),
            ..AuthArgs::default()
        };
        ProxySettings::from_args(&args).unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn trusted_proxies_vouch_with_groups() {
        let p = settings(&["10.0.0.0/8"]);
        let h = headers(&[
            ("x-forwarded-user", "Alice"),
            ("x-forwarded-groups", "sre, payments-owners"),
            ("x-forwarded-groups", "oncall"),
        ]);
        let actor = p
            .actor(&h, Some("10.1.2.3".parse().unwrap()))
            .unwrap()
            .unwrap();
        assert_eq!(actor.login(), "alice");
        assert_eq!(actor.groups(), ["sre", "payments-owners", "oncall"]);
    }

    #[test]
    fn the_same_headers_from_elsewhere_are_refused() {
        let p = settings(&["127.0.0.1"]);
        let h = headers(&[("x-forwarded-user", "alice")]);
        let e = p
            .actor(&h, Some("192.168.1.5".parse().unwrap()))
            .unwrap_err();
        assert!(e.contains("only accepted from a trusted proxy"), "{e}");
        assert!(p.actor(&h, None).is_err());
        // No header: nobody, whoever connects.
        assert!(
            p.actor(&HeaderMap::new(), Some("192.168.1.5".parse().unwrap()))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn settings_are_checked() {
        let none = AuthArgs::default();
        assert!(
            ProxySettings::from_args(&none)
                .unwrap_err()
                .contains("--trusted-proxy")
        );
        let bad = AuthArgs {
            trusted_proxies: vec!["10.0.0.0/99".into()],
            ..AuthArgs::default()
        };
        assert!(ProxySettings::from_args(&bad).is_err());
        let p = settings(&["::1"]);
        let h = headers(&[("x-forwarded-user", "bob")]);
        assert!(p.actor(&h, Some("::1".parse().unwrap())).unwrap().is_some());
    }

    #[test]
    fn an_invalid_login_is_refused() {
        let p = settings(&["127.0.0.1/32"]);
        let h = headers(&[("x-forwarded-user", "no spaces")]);
        assert!(p.actor(&h, Some("127.0.0.1".parse().unwrap())).is_err());
    }
}
