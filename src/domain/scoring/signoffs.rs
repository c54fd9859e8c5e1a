//! Which required sign-offs are in: one status per role the tier requires. The gate turns
//! the missing ones into `SIGNOFF_MISSING`; the review meeting shows every row.

use super::model::SignOffFact;
use crate::domain::review::SignOffDecision;

/// Where one required role stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSignOff {
    /// The role, e.g. `sre`.
    pub role: String,
    /// Who approved for it, if anyone.
    pub approved_by: Option<String>,
    /// Who rejected for it (a rejection leaves the role missing).
    pub rejected_by: Vec<String>,
}

impl RoleSignOff {
    /// Whether the role still lacks an approving sign-off.
    pub fn is_missing(&self) -> bool {
        self.approved_by.is_none()
    }
}

/// One status per distinct role in `roles` (first occurrence order) from the sign-offs given.
pub fn role_sign_offs(roles: &[String], sign_offs: &[SignOffFact]) -> Vec<RoleSignOff> {
    let mut out: Vec<RoleSignOff> = Vec::with_capacity(roles.len());
    for role in roles {
        if out.iter().any(|r| &r.role == role) {
            continue;
        }
        let of_role = || sign_offs.iter().filter(|s| &s.role == role);
        out.push(RoleSignOff {
            role: role.clone(),
            approved_by: of_role()
                .find(|s| s.decision == SignOffDecision::Approve)
                .map(|s| s.signer.clone()),
            rejected_by: of_role()
                .filter(|s| s.decision == SignOffDecision::Reject)
                .map(|s| s.signer.clone())
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(role: &str, signer: &str, decision: SignOffDecision) -> SignOffFact {
        SignOffFact {
            role: role.into(),
            signer: signer.into(),
            decision,
        }
    }

    #[test]
    fn one_row_per_required_role() {
        let roles = ["service_owner", "sre", "security", "sre"].map(String::from);
        let given = [
            fact("sre", "bob", SignOffDecision::Approve),
            fact("security", "eve", SignOffDecision::Reject),
            fact("unrelated", "zed", SignOffDecision::Approve),
        ];
        let rows = role_sign_offs(&roles, &given);
        assert_eq!(rows.len(), 3, "duplicates collapse");
        assert_eq!(rows[0].role, "service_owner");
        assert!(rows[0].is_missing() && rows[0].rejected_by.is_empty());
        assert_eq!(rows[1].approved_by.as_deref(), Some("bob"));
        assert!(!rows[1].is_missing());
        assert!(rows[2].is_missing());
        assert_eq!(rows[2].rejected_by, ["eve"]);
    }
}
