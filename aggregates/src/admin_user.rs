//! AdminUser aggregate: accounts that log in to the dashboard, their role and sessions.
//!
//! Password hashing happens before the command (it needs randomness); the aggregate only
//! stores the argon2id PHC string it is given.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, HasErrorKind};
use crate::role::Role;

#[derive(Debug, Clone, PartialEq)]
pub enum AdminUserCommand {
    CreateAdmin {
        username: String,
        email: Option<String>,
        password_hash: String,
        role: Role,
    },
    ChangePassword {
        password_hash: String,
    },
    ChangeRole {
        role: Role,
    },
    DeactivateAdmin,
    ReactivateAdmin,
    RecordLogin {
        session_id: String,
    },
    Logout {
        session_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AdminUserEvent {
    AdminCreated {
        username: String,
        email: Option<String>,
        password_hash: String,
        role: Role,
    },
    AdminPasswordChanged {
        password_hash: String,
    },
    AdminRoleChanged {
        role: Role,
    },
    AdminDeactivated,
    AdminReactivated,
    AdminLoggedIn {
        session_id: String,
    },
    AdminLoggedOut {
        session_id: String,
    },
}

/// The stored names of the events other crates select by name (`Interests`, sagas'
/// matches): one spelling, so a rename is a compile error there.
impl AdminUserEvent {
    pub const ADMIN_LOGGED_IN: &'static str = "AdminLoggedIn";
    pub const ADMIN_LOGGED_OUT: &'static str = "AdminLoggedOut";
}

impl DomainEvent for AdminUserEvent {
    fn event_type(&self) -> String {
        let name = match self {
            Self::AdminCreated { .. } => "AdminCreated",
            Self::AdminPasswordChanged { .. } => "AdminPasswordChanged",
            Self::AdminRoleChanged { .. } => "AdminRoleChanged",
            Self::AdminDeactivated => "AdminDeactivated",
            Self::AdminReactivated => "AdminReactivated",
            Self::AdminLoggedIn { .. } => Self::ADMIN_LOGGED_IN,
            Self::AdminLoggedOut { .. } => Self::ADMIN_LOGGED_OUT,
        };
        name.to_string()
    }
    fn event_version(&self) -> String {
        "1.0".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminUserError {
    #[error("username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'")]
    InvalidUsername,
    #[error("email address is not valid")]
    InvalidEmail,
    #[error("password hash is not an argon2id hash")]
    InvalidPasswordHash,
    #[error("admin user already exists")]
    AlreadyExists,
    #[error("admin user not found")]
    NotFound,
    #[error("admin user is deactivated")]
    Inactive,
}

impl HasErrorKind for AdminUserError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidUsername | Self::InvalidEmail | Self::InvalidPasswordHash => {
                ErrorKind::Invalid
            }
            Self::AlreadyExists => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::Inactive => ErrorKind::Rejected,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub created: bool,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: Option<Role>,
    pub active: bool,
    /// Bumped by every change that must end existing sessions (password, role,
    /// deactivation); tokens carry the generation they were issued under.
    pub session_generation: i32,
}

/// Lower-cases and checks a username; `None` when it breaks the rules.
pub fn normalise_username(raw: &str) -> Option<String> {
    let u = raw.trim().to_ascii_lowercase();
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
    ((3..=32).contains(&u.len()) && u.chars().all(ok_char)).then_some(u)
}

fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.len() <= 254
        && !e.chars().any(char::is_whitespace)
}

impl AdminUser {
    pub fn decide(&self, cmd: AdminUserCommand) -> Result<Vec<AdminUserEvent>, AdminUserError> {
        use AdminUserCommand as C;
        use AdminUserEvent as E;
        if let C::CreateAdmin {
            username,
            email,
            password_hash,
            role,
        } = cmd
        {
            return self.create(username, email, password_hash, role);
        }
        if !self.created {
            return Err(AdminUserError::NotFound);
        }
        Ok(match cmd {
            C::CreateAdmin { .. } => vec![],
            C::ChangePassword { password_hash } => {
                self.require_active()?;
                check_hash(&password_hash)?;
                vec![E::AdminPasswordChanged { password_hash }]
            }
            C::ChangeRole { role } if Some(role) == self.role => vec![],
            C::ChangeRole { role } => vec![E::AdminRoleChanged { role }],
            C::DeactivateAdmin if !self.active => vec![],
            C::DeactivateAdmin => vec![E::AdminDeactivated],
            C::ReactivateAdmin if self.active => vec![],
            C::ReactivateAdmin => vec![E::AdminReactivated],
            C::RecordLogin { session_id } => {
                self.require_active()?;
                vec![E::AdminLoggedIn { session_id }]
            }
            C::Logout { session_id } => vec![E::AdminLoggedOut { session_id }],
        })
    }

    fn create(
        &self,
        username: String,
        email: Option<String>,
        password_hash: String,
        role: Role,
    ) -> Result<Vec<AdminUserEvent>, AdminUserError> {
        if self.created {
            return Err(AdminUserError::AlreadyExists);
        }
        let username = normalise_username(&username).ok_or(AdminUserError::InvalidUsername)?;
        let email = email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty());
        if email.as_deref().is_some_and(|e| !valid_email(e)) {
            return Err(AdminUserError::InvalidEmail);
        }
        check_hash(&password_hash)?;
        Ok(vec![AdminUserEvent::AdminCreated {
            username,
            email,
            password_hash,
            role,
        }])
    }

    fn require_active(&self) -> Result<(), AdminUserError> {
        if self.active {
            Ok(())
        } else {
            Err(AdminUserError::Inactive)
        }
    }
}

fn check_hash(hash: &str) -> Result<(), AdminUserError> {
    if hash.starts_with("$argon2id$") {
        Ok(())
    } else {
        Err(AdminUserError::InvalidPasswordHash)
    }
}

impl Aggregate for AdminUser {
    const TYPE: &'static str = "AdminUser";
    type Command = AdminUserCommand;
    type Event = AdminUserEvent;
    type Error = AdminUserError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let events = self.decide(command)?;
        crate::write_all!(self, sink, events)
    }

    fn apply(&mut self, event: Self::Event) {
        use AdminUserEvent as E;
        match event {
            E::AdminCreated {
                username,
                email,
                password_hash,
                role,
            } => {
                *self = AdminUser {
                    created: true,
                    username,
                    email,
                    password_hash,
                    role: Some(role),
                    active: true,
                    session_generation: 0,
                };
            }
            E::AdminPasswordChanged { password_hash } => {
                self.password_hash = password_hash;
                self.session_generation += 1;
            }
            E::AdminRoleChanged { role } => {
                self.role = Some(role);
                self.session_generation += 1;
            }
            E::AdminDeactivated => {
                self.active = false;
                self.session_generation += 1;
            }
            E::AdminReactivated => self.active = true,
            E::AdminLoggedIn { .. } | E::AdminLoggedOut { .. } => {}
        }
    }
}

#[cfg(test)]
#[path = "admin_user_tests.rs"]
mod tests;
