//! Embedded PostgreSQL: owns the private cluster `tagih serve` runs on when no
//! DATABASE_URL is set. It finds the machine's `initdb`/`pg_ctl`, creates the cluster
//! under a data directory once, starts it on a fresh loopback port at every start
//! (nothing about the port is persisted), makes sure database `tagih` exists, and
//! stops it on [`EmbeddedPostgres::stop`] or drop.
//!
//! initdb and postgres refuse to run as root, so when the effective uid is 0 the
//! server-side commands run as the `postgres` OS user (via `runuser`, else `su`) and
//! the data dir and log file are handed to that user. The unix socket lives in the
//! data dir (the one place the cluster owner can always write), or in /tmp when that
//! path would exceed the socket path limit. A server already running on the data dir
//! (left over by a killed process) is stopped and restarted on the new port, not
//! reused, so that its options are always ours.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use anyhow::{Context, Result, anyhow, bail};
use tokio::process::Command;
use tracing::{info, warn};

const DB_NAME: &str = "tagih";
const SUPERUSER: &str = "postgres";
const OS_USER: &str = "postgres";
const PORT_ENV: &str = "TAGIH_EMBEDDED_PG_PORT";
const NOT_FOUND: &str = "no PostgreSQL server binaries (initdb, pg_ctl) found on PATH, via \
    pg_config --bindir, or under /usr/lib/postgresql/*/bin; install PostgreSQL (Debian: \
    apt-get install postgresql) or set DATABASE_URL to an existing server";

/// A command line; paths are UTF-8 (checked in `start`), which keeps this simple.
type Argv = Vec<String>;

/// A PostgreSQL cluster started (and stopped) by this process.
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    port: u16,
    bin_dir: PathBuf,
    /// OS user server commands run as; `Some` only when we are root.
    run_as: Option<String>,
    /// `runuser` is missing, so `su` switches to `run_as`.
    via_su: bool,
    /// Whether `stop`/drop still has a server to stop.
    running: bool,
}

impl EmbeddedPostgres {
    /// Finds binaries, initdb's the cluster if absent, starts it (pg_ctl -w), creates database `tagih` if missing.
    pub async fn start(data_dir: &Path) -> Result<Self> {
        // Commands run with cwd "/" (the postgres user may not enter ours), so relative
        // paths would point elsewhere.
        let data_dir = std::path::absolute(data_dir).context("embedded PostgreSQL data dir")?;
        anyhow::ensure!(data_dir.to_str().is_some(), "{data_dir:?} is not UTF-8");
        let bin_dir = find_bin_dir(&BinSearch::from_env()).await?;
        info!(bin_dir = %bin_dir.display(), "embedded PostgreSQL: found server binaries");
        let (run_as, via_su) = server_user().await?;
        let data_dir = match &run_as {
            Some(user) => reachable_data_dir(&data_dir, user, via_su).await,
            None => data_dir,
        };
        let port = choose_port()?;
        let running = false;
        let mut pg = Self {
            data_dir,
            port,
            bin_dir,
            run_as,
            via_su,
            running,
        };
        let fresh = !pg.data_dir.join("PG_VERSION").exists();
        pg.prepare_dirs(fresh).await?;
        if fresh {
            pg.initdb().await?;
        } else if pg.server_running().await? {
            info!(
                dir = pg.dir(),
                "embedded PostgreSQL: stopping leftover server"
            );
            pg.stop_server().await?;
        }
        // Set before starting so that drop also cleans up a half-started server.
        pg.running = true;
        pg.start_server().await?;
        pg.ensure_database().await?;
        Ok(pg)
    }

    /// postgres://postgres@127.0.0.1:{port}/tagih
    pub fn database_url(&self) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{DB_NAME}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// pg_ctl stop -m fast; idempotent.
    pub async fn stop(&mut self) -> Result<()> {
        if !self.running {
            return Ok(());
        }
        self.stop_server().await?;
        self.running = false;
        info!(data_dir = self.dir(), "embedded PostgreSQL stopped");
        Ok(())
    }

    /// Creates the data dir (0700) and log file, owned by the server user.
    async fn prepare_dirs(&self, fresh: bool) -> Result<()> {
        let ctx = || format!("cannot prepare {}", self.dir());
        std::fs::create_dir_all(&self.data_dir).with_context(ctx)?;
        if fresh {
            let mode = std::fs::Permissions::from_mode(0o700);
            std::fs::set_permissions(&self.data_dir, mode).with_context(ctx)?;
        }
        // pg_ctl opens the log as the cluster owner, but its directory is usually
        // root-owned, so the file is created here and handed over.
        let log = self.log_file()?;
        let open = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&log);
        open.with_context(|| log.clone())?;
        let Some(user) = &self.run_as else {
            return Ok(());
        };
        let owner = format!("{user}:");
        run(&argv(&["chown", &owner, &log]), "chown log file").await?;
        if fresh {
            let chown = argv(&["chown", "-R", &owner, self.dir()]);
            run(&chown, "chown data dir").await?;
        }
        let probe = self.as_owner(argv(&["test", "-w", self.dir()]));
        if run(&probe, "access check").await.is_err() {
            bail!(
                "the `{user}` OS user cannot write to {}; make its parent directories \
                 traversable (chmod o+x) or choose another data directory",
                self.dir()
            );
        }
        Ok(())
    }

    async fn initdb(&self) -> Result<()> {
        info!(data_dir = self.dir(), "embedded PostgreSQL: running initdb");
        let initdb = self.bin("initdb");
        let args = argv(&[&initdb, "-D", self.dir(), "-U", SUPERUSER]);
        let args = [args, words("--auth=trust -E UTF8")].concat();
        let with = |locale: &str| self.as_owner([args.clone(), argv(&[locale])].concat());
        let Err(first) = run(&with("--locale=C.UTF-8"), "initdb").await else {
            return Ok(());
        };
        // initdb empties the data dir again on failure, so a retry starts clean.
        warn!(error = %first, "initdb with C.UTF-8 failed; retrying with --no-locale");
        run(&with("--no-locale"), "initdb --no-locale")
            .await
            .with_context(|| format!("after initdb --locale=C.UTF-8 failed with: {first:#}"))?;
        Ok(())
    }

    async fn start_server(&self) -> Result<()> {
        let socket_dir = socket_dir(self.dir());
        // pg_ctl passes -o through /bin/sh, hence the quoting.
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c max_connections=100",
            self.port,
            sh_quote(socket_dir)
        );
        let log = self.log_file()?;
        let args = [
            argv(&["-D", self.dir(), "-l", &log, "-o", &opts]),
            words("-w -t 60 start"),
        ];
        if let Err(err) = run(&self.pg_ctl(args.concat()), "pg_ctl start").await {
            bail!("{err:#}\n--- last lines of {log} ---\n{}", log_tail(&log));
        }
        info!(
            port = self.port,
            dir = self.dir(),
            "embedded PostgreSQL started"
        );
        Ok(())
    }

    async fn ensure_database(&self) -> Result<()> {
        let port = self.port.to_string();
        let conn = |bin: &str| argv(&[&self.client(bin), "-h", "127.0.0.1", "-p", &port]);
        let query = format!("select 1 from pg_database where datname='{DB_NAME}'");
        let exists = [
            conn("psql"),
            words("-X -U postgres -d postgres -tAc"),
            argv(&[&query]),
        ];
        if run(&exists.concat(), "psql").await?.trim() == "1" {
            return Ok(());
        }
        let create = [conn("createdb"), argv(&["-U", SUPERUSER, DB_NAME])].concat();
        run(&create, "createdb").await?;
        info!(database = DB_NAME, "embedded PostgreSQL: created database");
        Ok(())
    }

    /// A failed stop is fine if the server is gone anyway: stopped by someone else, or
    /// crashed (pg_ctl reports a postmaster that dies while it waits as a failure).
    async fn stop_server(&self) -> Result<()> {
        match run(&self.stop_argv(), "pg_ctl stop").await {
            Err(err) if self.server_running().await? => Err(err),
            _ => Ok(()),
        }
    }

    /// `pg_ctl status` exits 0 exactly when a server runs on the data dir.
    async fn server_running(&self) -> Result<bool> {
        let out = output(&self.pg_ctl(argv(&["status", "-D", self.dir()]))).await?;
        Ok(out.status.success())
    }

    fn stop_argv(&self) -> Argv {
        self.pg_ctl([argv(&["-D", self.dir()]), words("stop -m fast -w -t 60")].concat())
    }

    fn pg_ctl(&self, args: Argv) -> Argv {
        self.as_owner([vec![self.bin("pg_ctl")], args].concat())
    }

    /// Wraps a server-side command so it runs as the cluster owner when we are root.
    fn as_owner(&self, cmd: Argv) -> Argv {
        match &self.run_as {
            Some(user) => as_user(user, self.via_su, cmd),
            None => cmd,
        }
    }

    fn dir(&self) -> &str {
        // `start` rejects non-UTF-8 data dirs, so this never falls back.
        self.data_dir.to_str().unwrap_or_default()
    }

    fn bin(&self, name: &str) -> String {
        self.bin_dir.join(name).to_string_lossy().into_owned()
    }

    /// psql/createdb beside the server binaries, else from PATH (pg_wrapper works too).
    fn client(&self, name: &str) -> String {
        let beside = self.bin_dir.join(name);
        if beside.is_file() {
            self.bin(name)
        } else {
            name.to_owned()
        }
    }

    fn log_file(&self) -> Result<String> {
        let parent = self.data_dir.parent().context("data dir has no parent")?;
        Ok(parent.join("pg.log").to_string_lossy().into_owned())
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if !self.running {
            return;
        }
        // Drop cannot await; blocking briefly at shutdown beats leaking a server.
        let argv = self.stop_argv();
        let Some((program, args)) = argv.split_first() else {
            return;
        };
        let mut cmd = std::process::Command::new(program);
        cmd.args(args).current_dir("/").stdin(Stdio::null());
        match cmd.output() {
            Ok(o) if o.status.success() => {
                info!(data_dir = self.dir(), "embedded PostgreSQL stopped")
            }
            other => warn!(result = ?other, "embedded PostgreSQL: pg_ctl stop failed in drop"),
        }
    }
}

/// Where binary discovery looks; injectable so tests can simulate a bare machine.
struct BinSearch {
    path: Option<std::ffi::OsString>,
    lib_root: PathBuf,
}

impl BinSearch {
    fn from_env() -> Self {
        let (path, lib_root) = (std::env::var_os("PATH"), "/usr/lib/postgresql".into());
        Self { path, lib_root }
    }
}

/// PATH, then `pg_config --bindir`, then the newest `/usr/lib/postgresql/*/bin`.
async fn find_bin_dir(search: &BinSearch) -> Result<PathBuf> {
    let path_dirs = split_path(search.path.as_deref());
    if let Some(dir) = path_dirs.iter().find_map(|d| server_dir(d)) {
        return Ok(dir);
    }
    if let Some(pg_config) = which_in("pg_config", &path_dirs)
        && let Ok(out) = output(&argv(&[&pg_config.to_string_lossy(), "--bindir"])).await
        && out.status.success()
        && let Some(dir) = server_dir(Path::new(String::from_utf8_lossy(&out.stdout).trim()))
    {
        return Ok(dir);
    }
    let versioned = versioned_bin_dirs(&search.lib_root);
    versioned
        .iter()
        .find_map(|d| server_dir(d))
        .context(NOT_FOUND)
}

/// A dir holding both initdb and pg_ctl. Symlinks (here /usr/local/bin points into
/// /usr/lib/postgresql/15/bin) are followed so psql/createdb beside them are found too.
fn server_dir(dir: &Path) -> Option<PathBuf> {
    let initdb = real_binary(&dir.join("initdb"))?;
    let pg_ctl = real_binary(&dir.join("pg_ctl"))?;
    match (initdb.parent(), pg_ctl.parent()) {
        (Some(a), Some(b)) if a == b => Some(a.to_path_buf()),
        _ => Some(dir.to_path_buf()),
    }
}

/// The resolved executable, unless it is a script: Debian's pg_wrapper picks a
/// configured cluster and cannot initdb a custom directory.
fn real_binary(path: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 {
        return None;
    }
    let mut head = [0u8; 2];
    std::io::Read::read_exact(&mut std::fs::File::open(&real).ok()?, &mut head).ok()?;
    (head != *b"#!").then_some(real)
}

/// `<root>/<version>/bin`, highest version first.
fn versioned_bin_dirs(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let version = |e: &std::fs::DirEntry| -> Vec<u32> {
        let name = e.file_name().to_string_lossy().into_owned();
        name.split('.').map(|p| p.parse().unwrap_or(0)).collect()
    };
    let mut found: Vec<_> = entries.flatten().map(|e| (version(&e), e.path())).collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    found.into_iter().map(|(_, dir)| dir.join("bin")).collect()
}

fn split_path(path: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    // Empty PATH entries mean "cwd"; never pick binaries up from there.
    let dirs = path.map(std::env::split_paths).into_iter().flatten();
    dirs.filter(|d| d.is_absolute()).collect()
}

fn which_in(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Who runs initdb/pg_ctl: ourselves, or `postgres` (and via su?) when we are root.
async fn server_user() -> Result<(Option<String>, bool)> {
    if !is_root().await {
        return Ok((None, false));
    }
    let user = output(&argv(&["id", "-u", OS_USER])).await;
    if !user.is_ok_and(|o| o.status.success()) {
        bail!(
            "running as root, but initdb/postgres refuse to run as root and there is no \
             `{OS_USER}` OS user to run them as; create it (useradd --system {OS_USER}), \
             run tagih as a non-root user, or set DATABASE_URL"
        );
    }
    // Containers often leave /usr/sbin, where runuser lives, off PATH.
    let mut dirs = split_path(std::env::var_os("PATH").as_deref());
    dirs.extend(["/usr/sbin", "/sbin"].map(PathBuf::from));
    let via_su = which_in("runuser", &dirs).is_none();
    let via = if via_su { "su" } else { "runuser" };
    info!(
        user = OS_USER,
        via, "embedded PostgreSQL: root, so server runs as user"
    );
    Ok((Some(OS_USER.to_owned()), via_su))
}

/// `cmd` run as `user` (we are root), through `runuser` or else `su`.
fn as_user(user: &str, via_su: bool, cmd: Argv) -> Argv {
    if via_su {
        let script: Vec<String> = cmd.iter().map(|a| sh_quote(a)).collect();
        return argv(&["su", user, "-s", "/bin/sh", "-c", &script.join(" ")]);
    }
    [argv(&["runuser", "-u", user, "--"]), cmd].concat()
}

/// Where the cluster goes when the server runs as `user`: the requested folder if that
/// user can reach its parent, else a folder it can (ADR 0024) — said in the log, since a
/// folder inside /root (mode 0700) is a common place to run Tagih from as root.
async fn reachable_data_dir(requested: &Path, user: &str, via_su: bool) -> PathBuf {
    let mut reachable = Vec::new();
    for dir in data_dir_candidates(requested, 0) {
        let Some(parent) = dir.parent() else { continue };
        if std::fs::create_dir_all(parent).is_err() {
            continue;
        }
        let probe = as_user(
            user,
            via_su,
            argv(&["test", "-x", &parent.to_string_lossy()]),
        );
        if run(&probe, "access check").await.is_ok() {
            reachable.push(dir);
            break;
        }
    }
    let chosen = choose_data_dir(requested, 0, |d| reachable.iter().any(|r| r == d));
    if chosen != requested {
        warn!(
            requested = %requested.display(),
            chosen = %chosen.display(),
            "embedded PostgreSQL: the `{user}` user cannot reach the requested data folder; \
             using this one instead"
        );
        eprintln!(
            "tagih: the embedded PostgreSQL keeps its data in {} (the `{user}` user cannot \
             reach {})",
            chosen.display(),
            requested.display()
        );
    }
    chosen
}

/// The folders tried for the cluster, in order: the requested one, then
/// `/var/lib/tagih/pg`, then `/tmp/tagih-<uid>/pg`.
fn data_dir_candidates(requested: &Path, uid: u32) -> Vec<PathBuf> {
    vec![
        requested.to_path_buf(),
        PathBuf::from("/var/lib/tagih/pg"),
        PathBuf::from(format!("/tmp/tagih-{uid}/pg")),
    ]
}

/// The first candidate `reachable` accepts; the requested folder when none is (its
/// access check then fails with a message naming it).
fn choose_data_dir(requested: &Path, uid: u32, reachable: impl Fn(&Path) -> bool) -> PathBuf {
    data_dir_candidates(requested, uid)
        .into_iter()
        .find(|d| reachable(d))
        .unwrap_or_else(|| requested.to_path_buf())
}

/// `id -u` prints the effective uid; it works on any Unix, without libc bindings.
async fn is_root() -> bool {
    let id = output(&words("id -u")).await;
    id.is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn choose_port() -> Result<u16> {
    if let Ok(value) = std::env::var(PORT_ENV) {
        let port = value.trim().parse();
        return port.with_context(|| format!("{PORT_ENV}={value:?} is not a port"));
    }
    // Bind-and-release races slightly with other processes, but needs no persisted state.
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// The data dir, unless `<dir>/.s.PGSQL.<port>` would exceed the ~100-byte socket path limit.
fn socket_dir(data_dir: &str) -> &str {
    if data_dir.len() + "/.s.PGSQL.65535".len() < 100 {
        data_dir
    } else {
        "/tmp"
    }
}

fn log_tail(log: &str) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Single-quotes an argument for /bin/sh.
fn sh_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', r"'\''"))
}

/// Splits fixed flags on whitespace (never use it for paths).
fn words(flags: &str) -> Argv {
    flags.split_whitespace().map(str::to_owned).collect()
}

fn argv(parts: &[&str]) -> Argv {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

async fn output(argv: &[String]) -> Result<Output> {
    let (program, args) = argv.split_first().ok_or_else(|| anyhow!("empty command"))?;
    let mut cmd = Command::new(program);
    // cwd "/": the postgres user may not be able to enter ours (e.g. /root).
    cmd.args(args).current_dir("/").stdin(Stdio::null());
    let out = cmd.output().await;
    out.with_context(|| format!("cannot run {program}"))
}

/// Runs a command and returns its stdout; on failure the error carries stderr and stdout.
async fn run(argv: &[String], what: &str) -> Result<String> {
    let out = output(argv).await.context(what.to_owned())?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let (status, stderr) = (out.status, String::from_utf8_lossy(&out.stderr));
        bail!(
            "{what} failed ({status}): {}\n{}",
            stderr.trim(),
            stdout.trim()
        );
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_folder_the_server_user_cannot_reach_falls_back_to_one_it_can() {
        let requested = Path::new("/root/tagih/data/pg");
        let all = |_: &Path| true;
        assert_eq!(choose_data_dir(requested, 0, all), requested);
        let outside_root = |d: &Path| !d.starts_with("/root");
        assert_eq!(
            choose_data_dir(requested, 0, outside_root),
            Path::new("/var/lib/tagih/pg")
        );
        let only_tmp = |d: &Path| d.starts_with("/tmp");
        assert_eq!(
            choose_data_dir(requested, 0, only_tmp),
            Path::new("/tmp/tagih-0/pg")
        );
        // Nowhere: the requested folder, whose access check then explains the problem.
        assert_eq!(choose_data_dir(requested, 0, |_: &Path| false), requested);
    }

    /// A fresh data dir path; its parent is removed by `cleanup`.
    fn scratch_dir() -> PathBuf {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let nanos = now.map_or(0, |d| d.subsec_nanos());
        PathBuf::from(format!("/tmp/embpg-test-{}-{nanos}/pg", std::process::id()))
    }

    fn cleanup(dir: &Path) -> Result<()> {
        Ok(std::fs::remove_dir_all(dir.parent().unwrap_or(dir))?)
    }

    /// Integration tests need real binaries (and, as root, a `postgres` user); skip
    /// with a note on machines without them.
    async fn have_binaries() -> bool {
        let found = find_bin_dir(&BinSearch::from_env()).await;
        let usable = found.is_ok() && server_user().await.is_ok();
        if !usable {
            eprintln!("skipping embedded PostgreSQL test: no usable initdb/pg_ctl");
        }
        usable
    }

    async fn select_1(url: &str) -> Result<String> {
        let bin_dir = find_bin_dir(&BinSearch::from_env()).await?;
        let psql = bin_dir.join("psql").to_string_lossy().into_owned();
        let out = run(&argv(&[&psql, "-X", "-tA", url, "-c", "select 1"]), "psql").await?;
        Ok(out.trim().to_owned())
    }

    #[tokio::test]
    async fn missing_binaries_error_says_what_to_do() {
        let (path, lib_root) = (Some("".into()), "/nonexistent/postgresql".into());
        let search = BinSearch { path, lib_root };
        let err = find_bin_dir(&search).await.err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some(NOT_FOUND));
    }

    #[tokio::test]
    async fn discovery_skips_scripts_and_prefers_newest_version() -> Result<()> {
        let root = scratch_dir();
        for (version, content) in [("9.6", "ELF"), ("15", "ELF"), ("16", "#!/bin/sh")] {
            let bin = root.join(version).join("bin");
            std::fs::create_dir_all(&bin)?;
            for name in ["initdb", "pg_ctl"] {
                std::fs::write(bin.join(name), content)?;
                std::fs::set_permissions(bin.join(name), std::fs::Permissions::from_mode(0o755))?;
            }
        }
        let search = BinSearch {
            path: None,
            lib_root: root.clone(),
        };
        assert_eq!(find_bin_dir(&search).await?, root.join("15/bin"));
        cleanup(&root)
    }

    #[tokio::test]
    async fn start_connect_stop_restart() -> Result<()> {
        if !have_binaries().await {
            return Ok(());
        }
        let dir = scratch_dir();
        let started = std::time::Instant::now();
        let mut pg = EmbeddedPostgres::start(&dir).await?;
        eprintln!("fresh initdb + start: {:?}", started.elapsed());
        let expected = format!("postgres://postgres@127.0.0.1:{}/tagih", pg.port());
        assert_eq!(pg.database_url(), expected);
        assert_eq!(select_1(&pg.database_url()).await?, "1");
        pg.stop().await?;
        pg.stop().await?;
        assert!(select_1(&pg.database_url()).await.is_err());
        let started = std::time::Instant::now();
        let mut again = EmbeddedPostgres::start(&dir).await?;
        eprintln!("start of existing cluster: {:?}", started.elapsed());
        assert_eq!(select_1(&again.database_url()).await?, "1");
        again.stop().await?;
        cleanup(&dir)
    }

    #[tokio::test]
    async fn drop_stops_server_and_leftover_server_is_restarted() -> Result<()> {
        if !have_binaries().await {
            return Ok(());
        }
        let dir = scratch_dir();
        // A forgotten instance stands in for a crashed owner: its server keeps running.
        let leaked = std::mem::ManuallyDrop::new(EmbeddedPostgres::start(&dir).await?);
        let pg = EmbeddedPostgres::start(&dir).await?;
        let url = pg.database_url();
        assert_eq!(select_1(&url).await?, "1");
        if pg.port() != leaked.port() {
            assert!(select_1(&leaked.database_url()).await.is_err());
        }
        drop(pg);
        assert!(select_1(&url).await.is_err(), "still answers after drop");
        assert!(!dir.join("postmaster.pid").exists());
        cleanup(&dir)
    }
}
