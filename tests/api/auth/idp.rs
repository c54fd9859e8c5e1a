//! A real OpenID Connect provider for the sign-in tests: node-oidc-provider (pinned in
//! `tests/idp/package.json`) run by Node from `tests/idp/server.mjs` on a free loopback
//! port. Its packages are installed on first use (`npm ci`); without `node` and `npm` the
//! tests fail rather than skip.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

/// The client Orrery is registered as.
pub const CLIENT_ID: &str = "orrery-test";
/// Its secret.
pub const CLIENT_SECRET: &str = "orrery-test-secret-0123456789";

fn idp_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/idp")
}

fn node() -> String {
    std::env::var("ORRERY_TEST_NODE").unwrap_or_else(|_| "node".into())
}

/// Installs the provider's packages once per test run when they are missing.
fn ensure_packages() {
    static ONCE: Mutex<bool> = Mutex::new(false);
    let mut done = ONCE.lock().unwrap_or_else(|e| e.into_inner());
    if *done
        || idp_dir()
            .join("node_modules/oidc-provider/package.json")
            .exists()
    {
        *done = true;
        return;
    }
    let status = Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(idp_dir())
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run npm ({e}): install Node.js 20+ and npm to run the sign-in tests")
        });
    assert!(status.success(), "npm ci in tests/idp failed");
    *done = true;
}

/// A running provider; stopped when dropped.
pub struct Idp {
    /// Its issuer URL, e.g. `http://127.0.0.1:43123`.
    pub issuer: String,
    child: Child,
}

impl Idp {
    /// Starts the provider with Orrery's client allowed to redirect to `redirect_uris`.
    pub async fn start(redirect_uris: &[String]) -> Idp {
        ensure_packages();
        let mut cmd = Command::new(node());
        cmd.arg(idp_dir().join("server.mjs")).args([
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
        ]);
        for uri in redirect_uris {
            cmd.args(["--redirect-uri", uri]);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): install Node.js 20+ to run the sign-in tests",
                    node()
                )
            });
        let stdout = child.stdout.take().unwrap();
        let issuer = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines();
            let line = lines
                .find_map(|l| l.ok().filter(|l| l.starts_with("listening on ")))
                .expect("the identity provider printed no `listening on` line");
            std::thread::spawn(move || lines.for_each(drop));
            line.trim_start_matches("listening on ").trim().to_owned()
        })
        .await
        .unwrap();
        Idp { issuer, child }
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
