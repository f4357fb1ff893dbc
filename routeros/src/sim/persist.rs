//! The state file: loaded at start, rewritten shortly after changes (batched, so a burst
//! of ten thousand adds costs a few writes, not ten thousand).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::router::Router;
use super::server::Mode;
use super::state::State;

/// How long changes gather before a write.
const BATCH: Duration = Duration::from_millis(100);

/// The saved state, or `None` when the file does not exist yet.
pub(crate) fn load(path: &Path) -> io::Result<Option<State>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Writes beside the file and renames, so a crash never leaves half a state.
pub(crate) fn save(path: &Path, state: &State) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)
}

/// Rewrites the file after changes until shutdown, then once more.
pub(crate) fn spawn_saver(
    router: Arc<Router>,
    path: PathBuf,
    mut mode: watch::Receiver<Mode>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = router.dirty.notified() => tokio::time::sleep(BATCH).await,
                changed = mode.changed() => if changed.is_err() || *mode.borrow() == Mode::Shutdown {
                    break;
                } else {
                    continue;
                },
            }
            write(&router, &path);
        }
        write(&router, &path);
    })
}

fn write(router: &Router, path: &Path) {
    if let Err(error) = save(path, &router.persistable()) {
        tracing::warn!(%error, path = %path.display(), "routeros-sim: could not save the state file");
    }
}
