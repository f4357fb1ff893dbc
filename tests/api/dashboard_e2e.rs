//! The dashboard judged from outside: its committed build is what its sources build to
//! (`npm run fresh`), and, in Debian's Chromium driven by `playwright-core`
//! (dashboard/e2e/run.mjs), a real `tagih serve` on a fresh database with the RouterOS
//! simulator: log in, create a location on the simulator, generate 1,000 vouchers and
//! watch the overview move live, revoke and see it in another admin's list (also across a
//! dropped WebSocket), print with QR codes and PDF, roles, both languages, 360 px phones.
//! Screenshots and the PDF go to target/dashboard-e2e/.
//!
//! `npm ci` runs in dashboard/ when its packages are missing. Without Node or Chromium
//! the checks are skipped with a note, unless `CI` is set: then they fail, because CI
//! must run them (scripts/test installs Chromium with apt).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use tagih_commands::SecretBox;
use tagih_routeros::sim::{SimConfig, start};

use crate::helpers::fresh_database;

const CHROMIUM: &str = "/usr/bin/chromium";
const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "dashboard-e2e-password";
const ROUTER_PASSWORD: &str = "router-secret";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(printed)
    } else {
        Err(format!("{cmd:?} failed:\n{printed}"))
    }
}

/// dashboard/ with its packages installed from the lock file.
fn dashboard() -> Result<PathBuf, String> {
    let dir = workspace().join("dashboard");
    if !dir.join("node_modules/playwright-core").is_dir() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir))?;
    }
    Ok(dir)
}

/// The dashboard folder, or `None` after saying why the check is skipped outside CI.
async fn or_skip(what: &str, needs_browser: bool) -> Option<PathBuf> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let made = tokio::task::spawn_blocking(|| DIR.get_or_init(dashboard).clone());
    let mut made = made.await.expect("set-up task");
    if needs_browser && made.is_ok() && !Path::new(CHROMIUM).exists() {
        made = Err(format!("{CHROMIUM} is missing (apt-get install chromium)"));
    }
    match made {
        Ok(dir) => Some(dir),
        Err(why) if !in_ci() => {
            eprintln!("note: skipping the {what} check ({why})");
            None
        }
        Err(why) => panic!("CI must run the {what} check: {why}"),
    }
}

#[tokio::test]
async fn dashboard_build_is_fresh() {
    let Some(dir) = or_skip("dashboard freshness", false).await else {
        return;
    };
    let out = tokio::task::spawn_blocking(move || {
        run(Command::new("npm")
            .args(["run", "--silent", "fresh"])
            .current_dir(&dir))
    })
    .await
    .unwrap();
    match out {
        Ok(printed) => assert!(printed.contains("dashboard/dist is fresh"), "{printed}"),
        Err(why) => panic!("{why}"),
    }
}

#[tokio::test]
async fn dashboard_unit_tests_pass() {
    let Some(dir) = or_skip("dashboard unit (Vitest)", false).await else {
        return;
    };
    let out = tokio::task::spawn_blocking(move || {
        run(Command::new("npx")
            .args(["vitest", "run", "--reporter=dot"])
            .env("NO_COLOR", "1")
            .current_dir(&dir))
    })
    .await
    .unwrap();
    if let Err(why) = out {
        panic!("{why}");
    }
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `tagih serve` as a child process, killed when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_dashboard_works_in_a_real_browser() {
    let Some(dir) = or_skip("dashboard end-to-end (Chromium)", true).await else {
        return;
    };
    let sim = start(SimConfig {
        password: ROUTER_PASSWORD.into(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let db = fresh_database().await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let data_dir = std::env::temp_dir().join(format!("tagih-e2e-{port}"));
    let artifacts = workspace().join("target/dashboard-e2e");
    let log =
        std::fs::File::create(std::env::temp_dir().join(format!("tagih-e2e-{port}.log"))).unwrap();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_tagih"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .current_dir(workspace())
            .env("DATABASE_URL", &db)
            .env("RUST_LOG", "warn")
            .env("TAGIH__DATABASE__DATA_DIR", &data_dir)
            .env("TAGIH__BOOTSTRAP__ADMIN_USERNAME", ADMIN)
            .env("TAGIH__BOOTSTRAP__ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("TAGIH__SECURITY__JWT_SECRET", SecretBox::generate_key())
            .env("TAGIH__SECURITY__ENCRYPTION_KEY", SecretBox::generate_key())
            .env("TAGIH__SERVER__INSTANCE_ID", format!("e2e-{port}"))
            .env_remove("REDIS_URL")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("tagih serve"),
    );
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..120 {
        if client
            .get(format!("{url}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(up, "tagih serve did not come up on {url}");

    let output = tokio::process::Command::new("node")
        .arg(dir.join("e2e/run.mjs"))
        .current_dir(&dir)
        .env("TAGIH_URL", &url)
        .env("ADMIN_USER", ADMIN)
        .env("ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("SIM_HOST", sim.addr().ip().to_string())
        .env("SIM_PORT", sim.addr().port().to_string())
        .env("SIM_PASSWORD", ROUTER_PASSWORD)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", CHROMIUM)
        .output()
        .await
        .expect("node e2e/run.mjs");
    drop(server);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{printed}");
    assert!(output.status.success(), "browser checks failed:\n{printed}");
    assert!(printed.contains(" passed, 0 failed"), "{printed}");
    assert!(artifacts.join("overview-phone.png").exists());
}
