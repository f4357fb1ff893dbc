//! Admin roles and what each may do (SPEC "Roles").

use serde::{Deserialize, Serialize};

/// Roles are ordered: a super admin may do whatever an admin may, an admin whatever an operator may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Operator,
    Admin,
    SuperAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Admin => "admin",
            Role::SuperAdmin => "super_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "operator" => Some(Role::Operator),
            "admin" => Some(Role::Admin),
            "super_admin" => Some(Role::SuperAdmin),
            _ => None,
        }
    }

    /// True when this role carries at least the rights of `required`.
    pub fn at_least(self, required: Role) -> bool {
        self >= required
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_rights() {
        assert!(Role::SuperAdmin.at_least(Role::Admin));
        assert!(Role::Admin.at_least(Role::Operator));
        assert!(!Role::Operator.at_least(Role::Admin));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in [Role::Operator, Role::Admin, Role::SuperAdmin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
