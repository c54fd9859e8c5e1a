//! Access: who may use Orrery. Sign-in sessions (`sessions`) and the sign-ins waiting for
//! an identity provider's answer (`pending_logins`).

pub mod pending_logins;
pub mod sessions;

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of a secret: what the database keeps instead of the secret.
pub(crate) fn secret_hash(secret: &str) -> String {
    use std::fmt::Write;
    Sha256::digest(secret.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
