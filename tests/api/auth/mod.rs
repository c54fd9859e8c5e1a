//! Sign-in with OpenID Connect and server-side sessions, against a real provider
//! (node-oidc-provider, `tests/idp/`): the redirect, the callback's checks, the session
//! cookie, rotation, expiry and sign-out. Each test runs on SQLite and PostgreSQL.

/// Runs the async fn `$name(app: OidcApp)` once on SQLite and once on PostgreSQL, each
/// with its own provider.
#[macro_export]
macro_rules! oidc_test {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use $crate::helpers::Backend;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::auth::harness::OidcApp::start(Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::auth::harness::OidcApp::start(Backend::Postgres).await).await;
            }
        }
    )+};
}

pub mod harness;
pub mod idp;
mod sessions;
mod signin;
