use chrono::TimeZone;
use cqrs_es::test::TestFramework;

use super::*;

type Given = TestFramework<MessageTemplate>;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, 0, 0)
        .single()
        .unwrap_or_default()
}

fn saved(version: u32, body: &str, rolled_back_from: Option<u32>) -> TemplateEvent {
    TemplateEvent::TemplateVersionSaved {
        category: TemplateCategory::Invoice,
        language: Language::Id,
        version: TemplateVersion {
            version,
            body: body.into(),
            saved_at: at(version),
            rolled_back_from,
        },
    }
}

fn save(body: &str, h: u32) -> TemplateCommand {
    TemplateCommand::SaveTemplate {
        category: TemplateCategory::Invoice,
        language: Language::Id,
        body: body.into(),
        at: at(h),
    }
}

#[test]
fn the_first_save_creates_version_one() {
    Given::with(())
        .given_no_previous_events()
        .when(save("Halo {{ customer.name }}\n", 1))
        .then_expect_events(vec![saved(1, "Halo {{ customer.name }}", None)]);
}

#[test]
fn saving_the_same_body_again_records_nothing() {
    Given::with(())
        .given(vec![saved(1, "Halo", None)])
        .when(save("Halo", 2))
        .then_expect_events(vec![]);
}

#[test]
fn a_rollback_saves_the_old_body_as_a_new_version() {
    Given::with(())
        .given(vec![saved(1, "Satu", None), saved(2, "Dua", None)])
        .when(TemplateCommand::Rollback {
            to_version: 1,
            at: at(3),
        })
        .then_expect_events(vec![saved(3, "Satu", Some(1))]);
}

#[test]
fn a_rollback_to_a_missing_version_is_not_found() {
    Given::with(())
        .given(vec![saved(1, "Satu", None)])
        .when(TemplateCommand::Rollback {
            to_version: 7,
            at: at(3),
        })
        .then_expect_error(TemplateError::NoSuchVersion(7));
}

#[test]
fn seeding_never_overwrites_an_edited_template() {
    Given::with(())
        .given(vec![saved(1, "Edited by the ISP", None)])
        .when(TemplateCommand::SeedTemplate {
            category: TemplateCategory::Invoice,
            language: Language::Id,
            body: "Default".into(),
            at: at(2),
        })
        .then_expect_events(vec![]);
}

#[test]
fn empty_and_oversized_bodies_are_refused() {
    Given::with(())
        .given_no_previous_events()
        .when(save("  \n", 1))
        .then_expect_error(TemplateError::Invalid("template body is empty".into()));
    Given::with(())
        .given_no_previous_events()
        .when(save(&"x".repeat(MAX_BODY_CHARS + 1), 1))
        .then_expect_error(TemplateError::Invalid(
            "template body is longer than 4096 characters".into(),
        ));
}

#[test]
fn ids_and_names_round_trip() {
    assert_eq!(
        template_id(TemplateCategory::ExpiryReminder, Language::En),
        "expiry_reminder:en"
    );
    for c in TemplateCategory::ALL {
        assert_eq!(TemplateCategory::parse(c.as_str()), Some(c));
    }
    assert_eq!(Language::parse("ID"), Some(Language::Id));
}
