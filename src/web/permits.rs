//! What the person looking at a page may do there: the same rules the use cases enforce
//! ([`Permits`]), so pages offer only the actions that would succeed and say why others are
//! missing.

use super::error::WebError;
use super::identity;
use crate::domain::access::Permits;
use crate::domain::records::Service;
use crate::services::Services;

/// The viewer's permits on `service`, whose review needs `roles` signed. Nobody identified
/// may do nothing, and is told to sign in.
pub async fn on(s: &Services, service: &Service, roles: &[String]) -> Result<Permits, WebError> {
    match identity::current().actor {
        Some(actor) => Ok(s.permits(&actor, service, roles).await?),
        None => {
            let no = || Err("sign in first".to_owned());
            Ok(Permits {
                login: String::new(),
                own: no(),
                decide: no(),
                contribute: no(),
                review: no(),
                override_no_go: no(),
                accept_na: no(),
                sign: roles.iter().map(|r| (r.clone(), no())).collect(),
            })
        }
    }
}

/// A permit as the two fields templates use: allowed, and why not (empty when allowed).
pub fn split(p: &Result<(), String>) -> (bool, String) {
    match p {
        Ok(()) => (true, String::new()),
        Err(why) => (false, why.clone()),
    }
}
