//! Identifier newtypes. Each can only hold a value that passed its parser, so code that
//! receives a `Slug` never re-checks it.

use super::{FieldError, FieldResult};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:expr, $valid:expr) => {
        string_id!($(#[$doc])* $name, $what, $max, $valid, |v: &str| v.to_owned());
    };
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:expr, $valid:expr, $canonical:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses `value` into its canonical form, reporting problems against `field`.
            pub fn parse(field: &str, value: &str) -> FieldResult<Self> {
                let v = value.trim();
                let valid: fn(&str) -> bool = $valid;
                if v.is_empty() || v.len() > $max || !valid(v) {
                    return Err(FieldError::new(
                        field,
                        format!(
                            "`{}` is not a valid {}: {}",
                            v.escape_debug(),
                            $what,
                            Self::RULE
                        ),
                    ));
                }
                let canonical: fn(&str) -> String = $canonical;
                Self::check_reserved(field, canonical(v))
            }

            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps a value read back from storage, where it was validated on the way in.
            pub fn from_trusted(value: String) -> Self {
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn kebab(v: &str) -> bool {
    v.split('-')
        .all(|part| !part.is_empty() && part.chars().all(lower_alnum))
}

fn snake(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_lowercase()) && v.chars().all(|c| lower_alnum(c) || c == '_')
}

string_id!(
    /// URL-safe identifier of a team or service: lowercase letters, digits and single hyphens.
    Slug, "slug", 64, kebab
);

string_id!(
    /// A person's login (as in GitHub or the identity provider). Logins are case-insensitive:
    /// the canonical form is lowercase, so `Alice` and `alice` are the same person.
    Login, "login", 64, |v| {
        v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'))
    },
    |v: &str| v.to_ascii_lowercase()
);

string_id!(
    /// A sign-off role such as `service_owner` or `sre`.
    RoleName, "role", 64, snake
);

string_id!(
    /// Stable key of a checklist item: `<category>.<name>`, e.g. `resilience.readiness-probe`.
    ItemKey, "item key", 100, |v| {
        match v.split_once('.') {
            Some((cat, name)) => {
                snake(cat)
                    && !name.is_empty()
                    && name.starts_with(|c: char| lower_alnum(c))
                    && name.chars().all(|c| lower_alnum(c) || matches!(c, '_' | '-'))
            }
            None => false,
        }
    }
);

string_id!(
    /// Key of a checklist template, e.g. `orr-standard`.
    TemplateKey, "template key", 64, kebab
);

impl Slug {
    const RULE: &'static str = "use 1-64 lowercase letters, digits and single hyphens, not starting or ending with a hyphen";
}
impl Login {
    const RULE: &'static str =
        "use up to 64 letters, digits, `_`, `-`, `.` or `@`, starting with a letter or digit";
}
impl RoleName {
    const RULE: &'static str = "use lowercase letters, digits and `_`, starting with a letter";
}
impl ItemKey {
    const RULE: &'static str = "use `<category>.<name>` in lowercase, e.g. `security.non-root`";
}
impl TemplateKey {
    const RULE: &'static str = "use lowercase letters, digits and single hyphens";
}

/// Logins Orrery records for itself; no client may claim them.
pub const RESERVED_LOGINS: [&str; 2] = ["orrery", "anonymous"];

impl Login {
    fn check_reserved(field: &str, login: String) -> FieldResult<Self> {
        if RESERVED_LOGINS.contains(&login.as_str()) {
            return Err(FieldError::new(
                field,
                format!("`{login}` is reserved for Orrery itself; use your own login"),
            ));
        }
        Ok(Self(login))
    }
}

macro_rules! unreserved {
    ($($name:ident),+) => {$(
        impl $name {
            fn check_reserved(_field: &str, value: String) -> FieldResult<Self> {
                Ok(Self(value))
            }
        }
    )+};
}
unreserved!(Slug, RoleName, ItemKey, TemplateKey);

impl ItemKey {
    /// The category part of the key (before the first dot).
    pub fn category(&self) -> &str {
        self.0.split_once('.').map_or(&self.0, |(c, _)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("s", "checkout-api").is_ok());
        assert!(Slug::parse("s", " payments ").is_ok());
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", &"x".repeat(65)] {
            let err = Slug::parse("slug", bad).unwrap_err();
            assert_eq!(err.field, "slug", "{bad}");
        }
    }

    #[test]
    fn logins_roles_items() {
        assert!(Login::parse("l", "alice.smith-2").is_ok());
        // Identity providers and proxies often identify people by e-mail address.
        assert_eq!(
            Login::parse("l", "Alice@Example.com").unwrap().as_str(),
            "alice@example.com"
        );
        assert!(Login::parse("l", ".alice").is_err());
        assert_eq!(
            Login::parse("l", "  Alice.Smith ").unwrap().as_str(),
            "alice.smith"
        );
        assert_eq!(
            Login::parse("l", "ALICE").unwrap(),
            Login::parse("l", "alice").unwrap()
        );
        for reserved in ["orrery", "Orrery", " ANONYMOUS "] {
            let e = Login::parse("x-orrery-actor", reserved).unwrap_err();
            assert!(e.message.contains("reserved"), "{e}");
        }
        assert!(Login::parse("l", "orrery-bot").is_ok());
        let e = Login::parse("l", "a\0b").unwrap_err();
        assert!(
            e.message.contains("a\\0b"),
            "control characters are escaped: {e}"
        );
        assert!(RoleName::parse("r", "service_owner").is_ok());
        assert!(RoleName::parse("r", "1sre").is_err());
        let key = ItemKey::parse("k", "resilience.readiness-probe").unwrap();
        assert_eq!(key.category(), "resilience");
        assert!(ItemKey::parse("k", "resilience").is_err());
        assert!(ItemKey::parse("k", "resilience.").is_err());
        assert!(ItemKey::parse("k", "Res.x").is_err());
    }

    proptest! {
        #[test]
        fn parsed_slugs_round_trip(s in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}") {
            let slug = Slug::parse("s", &s).unwrap();
            prop_assert_eq!(slug.as_str(), s.as_str());
        }

        #[test]
        fn logins_are_canonical_whatever_the_case(s in "[a-zA-Z0-9][a-zA-Z0-9._-]{0,20}") {
            let lower = Login::parse("l", &s.to_ascii_lowercase());
            let upper = Login::parse("l", &s.to_ascii_uppercase());
            prop_assert_eq!(lower.clone().ok(), upper.ok());
            if let Ok(login) = lower {
                prop_assert_eq!(login.as_str(), s.to_ascii_lowercase());
            }
        }

        #[test]
        fn slug_parser_never_accepts_uppercase(s in ".*[A-Z].*") {
            prop_assert!(Slug::parse("s", &s).is_err());
        }
    }
}
