//! Authentication at the edge: who signed in, and how.
//!
//! `oidc`: sign-in with an OpenID Connect provider, and the `orrery_session` cookie.

pub mod oidc;
