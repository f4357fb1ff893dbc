//! `/graphql/ws` judged by clients we did not write: the reference graphql-transport-ws
//! client (npm `graphql-ws`, tests/ws-client/check.mjs) and Python `websockets` speaking
//! the protocol by hand (tests/ws-client/check.py). Each installs what it needs on first
//! use: `npm ci` into tests/ws-client/node_modules, a venv in target/pyvenv-ws.
//!
//! Without network for npm or pip the check is skipped with a note, unless `CI` is set:
//! then it fails, because CI must run the independent checks.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::helpers::TestApp;
use crate::http_limits::spawn_configured;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

/// tests/ws-client with its node_modules installed from the lock file.
fn node_client() -> Result<PathBuf, String> {
    let dir = workspace().join("tests/ws-client");
    if !dir.join("node_modules/graphql-ws").is_dir() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir))?;
    }
    Ok(dir)
}

/// A venv's python with `websockets`, created when needed.
fn python() -> Result<PathBuf, String> {
    let venv = workspace().join("target/pyvenv-ws");
    let python = venv.join("bin/python");
    let has = |p: &Path| {
        Command::new(p)
            .args(["-c", "import websockets.asyncio.client"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has(&python) {
        return Ok(python);
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args(["install", "-q", "websockets>=14,<18"]))?;
    Ok(python)
}

/// The tool, or `None` after printing why the check is skipped outside CI.
async fn or_skip(
    cell: &'static OnceLock<Result<PathBuf, String>>,
    make: fn() -> Result<PathBuf, String>,
    what: &str,
) -> Option<PathBuf> {
    let made = tokio::task::spawn_blocking(move || cell.get_or_init(make).clone());
    match made.await.expect("set-up task") {
        Ok(path) => Some(path),
        Err(why) if !in_ci() => {
            eprintln!("note: skipping the {what} check ({why})");
            None
        }
        Err(why) => panic!("CI must run the {what} check: {why}"),
    }
}

/// Runs a check script; panics with its output unless it passed. Returns what it printed.
async fn check(app: &TestApp, program: &Path, script: &Path) -> String {
    let token = app.root_token().await;
    let output = tokio::process::Command::new(program)
        .arg(script)
        .args([&app.url, &token])
        .output()
        .await
        .expect("check did not run");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{} failed:\n{printed}",
        script.display()
    );
    printed
}

#[tokio::test]
async fn the_graphql_ws_npm_client_queries_subscribes_and_is_refused_a_bad_token() {
    static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let Some(dir) = or_skip(&NODE, node_client, "graphql-ws (npm)").await else {
        return;
    };
    let app = spawn_configured(|_| {}).await;
    let printed = check(&app, Path::new("node"), &dir.join("check.mjs")).await;
    assert_eq!(printed.matches("ok: ").count(), 3, "{printed}");
    assert!(printed.contains("bad token closed 4403"), "{printed}");
}

#[tokio::test]
async fn python_websockets_sees_every_close_code_of_the_protocol() {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let Some(python) = or_skip(&PYTHON, python, "Python websockets").await else {
        return;
    };
    let app = spawn_configured(|s| s.api.ws_init_timeout_ms = 2_000).await;
    let script = workspace().join("tests/ws-client/check.py");
    let printed = check(&app, &python, &script).await;
    for code in ["4409", "4401", "4400", "4429", "4403", "4408"] {
        assert!(
            printed.contains(&format!("-> {code} ")),
            "{code} not seen:\n{printed}"
        );
    }
}
