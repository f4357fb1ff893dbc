//! One LISTEN connection per instance: `events` wakes the projection host and log tails,
//! `projections` carries other instances' checkpoint moves into [`Progress`].

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::Notify;

use crate::cursor::LogCursor;
use crate::progress::Progress;

/// Runs until the task is aborted; reconnects with a pause when the connection drops.
pub async fn listen(pool: PgPool, progress: Progress, wakers: Vec<Arc<Notify>>) {
    loop {
        if let Err(e) = listen_once(&pool, &progress, &wakers).await {
            tracing::warn!(error = %e, "event listener lost its connection; reconnecting");
        }
        // Whatever was missed meanwhile: a pass finds it.
        wake_all(&wakers);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen_once(
    pool: &PgPool,
    progress: &Progress,
    wakers: &[Arc<Notify>],
) -> sqlx::Result<()> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.ignore_pool_close_event(true);
    listener.listen_all(["events", "projections"]).await?;
    loop {
        let n = listener.recv().await?;
        match n.channel() {
            "events" => {
                if let Ok(pos) = n.payload().parse::<i64>() {
                    progress.publish_event_head(pos);
                }
                wake_all(wakers);
            }
            _ => {
                // `name,name,…=tx:position`: every named checkpoint moved there.
                if let Some((names, c)) = n
                    .payload()
                    .split_once('=')
                    .and_then(|(names, c)| Some((names, LogCursor::decode(c)?)))
                {
                    for name in names.split(',') {
                        progress.publish(name, c);
                    }
                }
            }
        }
    }
}

fn wake_all(wakers: &[Arc<Notify>]) {
    for w in wakers {
        w.notify_one();
    }
}
