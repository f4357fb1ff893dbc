use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<AdminUser>;
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

fn created() -> AdminUserEvent {
    AdminUserEvent::AdminCreated {
        username: "siti".into(),
        email: Some("siti@example.id".into()),
        password_hash: HASH.into(),
        role: Role::Admin,
    }
}

fn create(username: &str, email: Option<&str>) -> AdminUserCommand {
    AdminUserCommand::CreateAdmin {
        username: username.into(),
        email: email.map(Into::into),
        password_hash: HASH.into(),
        role: Role::Admin,
    }
}

#[test]
fn creating_an_admin_normalises_the_username() {
    Given::with(())
        .given_no_previous_events()
        .when(create("  Siti ", Some("siti@example.id")))
        .then_expect_events(vec![created()]);
}

#[test]
fn creating_twice_is_a_conflict() {
    Given::with(())
        .given(vec![created()])
        .when(create("siti", None))
        .then_expect_error(AdminUserError::AlreadyExists);
}

#[test]
fn bad_usernames_emails_and_hashes_are_refused() {
    Given::with(())
        .given_no_previous_events()
        .when(create("ab", None))
        .then_expect_error(AdminUserError::InvalidUsername);
    Given::with(())
        .given_no_previous_events()
        .when(create("siti", Some("not-an-email")))
        .then_expect_error(AdminUserError::InvalidEmail);
    Given::with(())
        .given_no_previous_events()
        .when(AdminUserCommand::CreateAdmin {
            username: "siti".into(),
            email: None,
            password_hash: "plain".into(),
            role: Role::Admin,
        })
        .then_expect_error(AdminUserError::InvalidPasswordHash);
}

#[test]
fn commands_on_a_missing_admin_are_not_found() {
    Given::with(())
        .given_no_previous_events()
        .when(AdminUserCommand::DeactivateAdmin)
        .then_expect_error(AdminUserError::NotFound);
}

#[test]
fn changing_the_password_records_the_new_hash() {
    let new_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3";
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::ChangePassword {
            password_hash: new_hash.into(),
        })
        .then_expect_events(vec![AdminUserEvent::AdminPasswordChanged {
            password_hash: new_hash.into(),
        }]);
}

#[test]
fn a_deactivated_admin_cannot_log_in_or_change_password() {
    Given::with(())
        .given(vec![created(), AdminUserEvent::AdminDeactivated])
        .when(AdminUserCommand::RecordLogin {
            session_id: "s1".into(),
        })
        .then_expect_error(AdminUserError::Inactive);
    Given::with(())
        .given(vec![created(), AdminUserEvent::AdminDeactivated])
        .when(AdminUserCommand::ChangePassword {
            password_hash: HASH.into(),
        })
        .then_expect_error(AdminUserError::Inactive);
}

#[test]
fn deactivation_and_reactivation_are_idempotent() {
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::DeactivateAdmin)
        .then_expect_events(vec![AdminUserEvent::AdminDeactivated]);
    Given::with(())
        .given(vec![created(), AdminUserEvent::AdminDeactivated])
        .when(AdminUserCommand::DeactivateAdmin)
        .then_expect_events(vec![]);
    Given::with(())
        .given(vec![created(), AdminUserEvent::AdminDeactivated])
        .when(AdminUserCommand::ReactivateAdmin)
        .then_expect_events(vec![AdminUserEvent::AdminReactivated]);
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::ReactivateAdmin)
        .then_expect_events(vec![]);
}

#[test]
fn role_changes_only_when_different() {
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::ChangeRole {
            role: Role::Operator,
        })
        .then_expect_events(vec![AdminUserEvent::AdminRoleChanged {
            role: Role::Operator,
        }]);
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::ChangeRole { role: Role::Admin })
        .then_expect_events(vec![]);
}

#[test]
fn login_and_logout_are_recorded_with_the_session() {
    Given::with(())
        .given(vec![created()])
        .when(AdminUserCommand::RecordLogin {
            session_id: "s1".into(),
        })
        .then_expect_events(vec![AdminUserEvent::AdminLoggedIn {
            session_id: "s1".into(),
        }]);
    Given::with(())
        .given(vec![
            created(),
            AdminUserEvent::AdminLoggedIn {
                session_id: "s1".into(),
            },
        ])
        .when(AdminUserCommand::Logout {
            session_id: "s1".into(),
        })
        .then_expect_events(vec![AdminUserEvent::AdminLoggedOut {
            session_id: "s1".into(),
        }]);
}
