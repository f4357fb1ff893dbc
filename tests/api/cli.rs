//! The `tagih` binary: admin creation from stdin, replay verify / export / rebuild.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{fresh_database, spawn_app};

/// Runs the binary off the test's runtime: the app under test lives on that (single)
/// thread, and blocking it would freeze the app's projectors mid-transaction while the
/// child waits for their locks.
async fn run(mut cmd: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn tagih(db_url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tagih"));
    cmd.args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .env(
            "TAGIH__DATABASE__DATA_DIR",
            std::env::temp_dir().join("tagih-cli-tests"),
        )
        .env_remove("TAGIH_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[tokio::test]
async fn admin_create_reads_the_password_from_stdin_and_the_admin_can_log_in() {
    let db = fresh_database().await;
    let mut child = tagih(
        &db,
        &["admin", "create", "--username", "Siti", "--role", "admin"],
    )
    .stdin(Stdio::piped())
    .spawn()
    .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created admin 'siti'"));

    let mut cmd = tagih(&db, &["admin", "create", "--username", "siti"]);
    cmd.env("TAGIH_ADMIN_PASSWORD", "another-password");
    let again = run(cmd).await;
    assert!(
        !again.status.success(),
        "creating the same admin twice must fail"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let mut cmd = tagih(&db, &["admin", "create", "--username", "budi"]);
    cmd.env("TAGIH_ADMIN_PASSWORD", "short");
    let short = run(cmd).await;
    assert!(String::from_utf8_lossy(&short.stderr).contains("password must be 8-128 characters"));

    let settings = crate::helpers::test_settings(&db, false).await;
    let app = tagih::startup::build(settings, tagih::startup::Options::default())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let r: serde_json::Value = client
        .post(format!("http://{}/graphql", app.address))
        .json(&serde_json::json!({"query": "mutation { login(username:\"siti\", password:\"a-long-password\") { admin { role } } }"}))
        .send().await.unwrap().json().await.unwrap();
    assert_eq!(r["data"]["login"]["admin"]["role"], "admin", "{r}");
}

#[tokio::test]
async fn replay_verify_export_and_rebuild_work_from_the_command_line() {
    let app = spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    app.generate(&token, &loc, "1 Hari", 20).await;
    // Let the provisioning saga finish writing, so the log stands still while we count.
    let settled = crate::helpers::eventually(std::time::Duration::from_secs(15), || async {
        app.count("select count(*) from events where event_type = 'VoucherProvisioned'")
            .await
            == 20
    })
    .await;
    assert!(settled);

    let verify = run(tagih(&app.db_url, &["replay", "verify"])).await;
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(String::from_utf8_lossy(&verify.stdout).contains("every hash chain intact"));

    let export = run(tagih(&app.db_url, &["replay", "export"])).await;
    assert!(export.status.success());
    let lines = String::from_utf8_lossy(&export.stdout).lines().count() as i64;
    assert_eq!(lines, app.count("select count(*) from events").await);

    let rebuild = run(tagih(&app.db_url, &["replay", "rebuild", "vouchers"])).await;
    assert!(
        rebuild.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuild.stderr)
    );
    assert!(String::from_utf8_lossy(&rebuild.stdout).contains("rebuilt vouchers"));
    assert_eq!(
        app.count(&format!(
            "select count(*) from rm_vouchers where location_id = '{loc}'"
        ))
        .await,
        20
    );

    let unknown = run(tagih(&app.db_url, &["replay", "rebuild", "nope"])).await;
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("rebuildable:"));
}
