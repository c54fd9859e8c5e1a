//! `X-Hub-Signature-256`: GitHub signs every delivery with HMAC-SHA256 over the raw body,
//! keyed with the webhook secret, and sends `sha256=<64 hex digits>`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a delivery's signature is refused. The messages say what is wrong, never what was
/// expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    /// The header is not `sha256=` followed by 64 hex digits.
    #[error("the X-Hub-Signature-256 header is not `sha256=` followed by 64 hex digits")]
    Malformed,
    /// The signature does not match the body and the configured secret.
    #[error("the X-Hub-Signature-256 signature does not match the body and the webhook secret")]
    Mismatch,
}

/// Checks `header` (the `X-Hub-Signature-256` value) against `body` signed with `secret`,
/// comparing in constant time. Run it on the raw bytes before parsing anything.
pub fn verify_signature(
    secret: &[u8],
    body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_digits = header
        .strip_prefix("sha256=")
        .filter(|h| h.len() == 64)
        .ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_digits).map_err(|_| SignatureError::Malformed)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The `X-Hub-Signature-256` value GitHub would send for `body` (tests and benchmarks sign
/// their deliveries with it).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GitHub's published test vector (docs: "Validating webhook deliveries").
    const SECRET: &[u8] = b"It's a Secret to Everybody";
    const BODY: &[u8] = b"Hello, World!";
    const GOOD: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    #[test]
    fn github_test_vector_verifies_and_signs() {
        assert_eq!(verify_signature(SECRET, BODY, Some(GOOD)), Ok(()));
        assert_eq!(sign(SECRET, BODY), GOOD);
        let upper = GOOD.to_uppercase().replace("SHA256=", "sha256=");
        assert_eq!(verify_signature(SECRET, BODY, Some(&upper)), Ok(()));
    }

    #[test]
    fn wrong_secret_body_or_header_is_refused() {
        assert_eq!(
            verify_signature(b"another secret", BODY, Some(GOOD)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(SECRET, b"Hello, World", Some(GOOD)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(SECRET, BODY, None),
            Err(SignatureError::Missing)
        );
        for bad in [
            "",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea",
            "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        ] {
            assert_eq!(
                verify_signature(SECRET, BODY, Some(bad)),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
        let flipped = GOOD.replace("e17", "e18");
        assert_eq!(
            verify_signature(SECRET, BODY, Some(&flipped)),
            Err(SignatureError::Mismatch)
        );
    }
}
