//! Running one test on both databases: `dual_test!` boots the app for it, `dual_backend_test!`
//! hands it the backend to boot the app itself (other sign-in settings).

/// Runs the async fn `$name(app: TestApp)` once on SQLite and once on PostgreSQL, as the
/// tests `$name::sqlite` and `$name::postgres`.
#[macro_export]
macro_rules! dual_test {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await).await;
            }
        }
    )+};
}

/// Runs the async fn `$name(backend: Backend)` once per database, as `$name::sqlite` and
/// `$name::postgres`, for tests that boot the app themselves (other sign-in settings).
#[macro_export]
macro_rules! dual_backend_test {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await;
            }
        }
    )+};
}
