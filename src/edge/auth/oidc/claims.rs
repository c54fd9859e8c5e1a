//! The claims Orrery reads beyond the standard ones: whatever else the provider sends
//! (the groups claim's name is configurable), and turning a groups claim into names.

use openidconnect::AdditionalClaims;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Every claim of an ID token or userinfo answer that is not a standard one, by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims {
    /// The claims, by name.
    #[serde(flatten)]
    pub claims: Map<String, Value>,
}

impl AdditionalClaims for OtherClaims {}

/// The group names in a groups claim: a JSON array of strings. Anything else is refused
/// (the provider is misconfigured; signing in without the groups would silently take
/// permissions away).
pub fn groups_of(value: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err("it is not a list".into());
    };
    items
        .iter()
        .map(|v| match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err("it holds something other than names".to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_must_be_an_array_of_strings() {
        assert_eq!(groups_of(&json!(["a", "b"])).unwrap(), ["a", "b"]);
        assert_eq!(groups_of(&json!([])).unwrap(), Vec::<String>::new());
        assert!(groups_of(&json!("a")).is_err());
        assert!(groups_of(&json!(["a", 1])).is_err());
    }

    #[test]
    fn other_claims_keep_unknown_names() {
        let c: OtherClaims = serde_json::from_value(json!({"groups": ["x"], "tenant": 1})).unwrap();
        assert_eq!(c.claims["groups"], json!(["x"]));
    }
}
