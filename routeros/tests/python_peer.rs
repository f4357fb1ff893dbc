//! The simulator judged by clients we did not write: `scripts/routeros_check.py` runs
//! librouteros 4.2 and routeros-api 0.21 against it (plain, TLS, and a pre-6.43 router
//! for the MD5 login). The venv lives in `target/pyvenv` and is reused between runs.
//!
//! Without network for pip the test is skipped with a note, unless `CI` is set: then
//! it fails, because CI must run the independent check.

// Set-up failures are test failures (the same allowance as tests/api).
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tagih_routeros::sim::{SimConfig, start};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn has_peers(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import librouteros, routeros_api"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The venv's python with both libraries, creating the venv when needed; `Err` says why
/// it could not be made.
fn venv_python() -> Result<PathBuf, String> {
    let venv = workspace().join("target/pyvenv");
    let python = venv.join("bin/python");
    if has_peers(&python) {
        return Ok(python);
    }
    let run = |cmd: &mut Command| -> Result<(), String> {
        let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        Err(format!(
            "{cmd:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    };
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "-q",
        "librouteros>=4.2,<4.3",
        "routeros-api",
    ]))?;
    Ok(python)
}

/// The venv, or `None` after printing why the check is skipped outside CI.
async fn python_or_skip() -> Option<PathBuf> {
    // One venv set-up per run, however many tests ask for it at once.
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let venv = tokio::task::spawn_blocking(|| VENV.get_or_init(venv_python).clone());
    match venv.await.expect("venv task") {
        Ok(python) => Some(python),
        Err(why) if !in_ci() => {
            eprintln!("note: skipping the Python peer check (no venv: {why})");
            None
        }
        Err(why) => panic!("CI must run the Python peer check: {why}"),
    }
}

/// Runs the check script; returns whether it passed and what it printed.
async fn check(python: &Path, port: u16, extra: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(python)
        .arg(workspace().join("scripts/routeros_check.py"))
        .args([
            "--host",
            "127.0.0.1",
            "--user",
            "admin",
            "--password",
            "",
            "--port",
            &port.to_string(),
        ])
        .args(extra)
        .output()
        .await
        .expect("run the check script");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn librouteros_and_routeros_api_accept_the_simulator() {
    let Some(python) = python_or_skip().await else {
        return;
    };
    let localhost = || "127.0.0.1:0".parse().expect("address");
    // An empty password makes routeros-api send its bare `=password` word.
    let sim = start(SimConfig {
        tls_listen: Some(localhost()),
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let legacy = start(SimConfig {
        version: "6.40".to_owned(),
        ..SimConfig::default()
    })
    .await
    .expect("legacy sim");
    let tls_port = sim.tls_addr().expect("tls").port().to_string();
    let legacy_port = legacy.addr().port().to_string();
    let extra = [
        "--tls-port",
        &tls_port,
        "--legacy-port",
        &legacy_port,
        "--version",
        "7.18",
    ];
    let (passed, report) = check(&python, sim.addr().port(), &extra).await;
    assert!(passed, "routeros_check.py found a difference:\n{report}");
    println!("{report}");
}

/// The checker is not vacuous: a 7.17 router told to look like 7.18 lacks `!empty`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_script_reports_a_mismatch() {
    let Some(python) = python_or_skip().await else {
        return;
    };
    let sim = start(SimConfig {
        version: "7.17".to_owned(),
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let (passed, report) = check(&python, sim.addr().port(), &["--version", "7.18"]).await;
    assert!(!passed, "a missing !empty went unnoticed:\n{report}");
    assert!(
        report.contains("FAIL empty print replied ['!done']"),
        "unclear failure:\n{report}"
    );
}
