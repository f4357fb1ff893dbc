//! Where each projection has got to, for read-your-writes waits and live subscriptions.
//!
//! Fed by the local projection host after each commit and by `projections` notifications from other
//! instances, so a mutation served here can wait for a projector running elsewhere.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use crate::cursor::LogCursor;

#[derive(Clone, Default)]
pub struct Progress {
    channels: Arc<Mutex<HashMap<String, watch::Sender<LogCursor>>>>,
    /// Highest position seen in an `events` notification: wakes event-log tails.
    events_head: Arc<Mutex<Option<watch::Sender<i64>>>>,
}

impl Progress {
    fn sender(&self, name: &str) -> watch::Sender<LogCursor> {
        let mut map = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(name.to_string())
            .or_insert_with(|| watch::channel(LogCursor::START).0)
            .clone()
    }

    /// Records that `name` has applied everything up to `cursor` (never moves backwards).
    pub fn publish(&self, name: &str, cursor: LogCursor) {
        self.sender(name).send_if_modified(|c| {
            let moved = cursor > *c;
            if moved {
                *c = cursor;
            }
            moved
        });
    }

    pub fn current(&self, name: &str) -> LogCursor {
        *self.sender(name).borrow()
    }

    pub fn subscribe(&self, name: &str) -> watch::Receiver<LogCursor> {
        self.sender(name).subscribe()
    }

    /// Waits until `name` has applied `target`; false on timeout.
    pub async fn wait_for(&self, name: &str, target: LogCursor, timeout: Duration) -> bool {
        let mut rx = self.subscribe(name);
        let reached = rx.wait_for(|c| *c >= target);
        matches!(tokio::time::timeout(timeout, reached).await, Ok(Ok(_)))
    }

    fn head_sender(&self) -> watch::Sender<i64> {
        let mut head = self.events_head.lock().unwrap_or_else(|p| p.into_inner());
        head.get_or_insert_with(|| watch::channel(0).0).clone()
    }

    pub fn publish_event_head(&self, position: i64) {
        self.head_sender().send_if_modified(|p| {
            let moved = position > *p;
            if moved {
                *p = position;
            }
            moved
        });
    }

    pub fn subscribe_event_head(&self) -> watch::Receiver<i64> {
        self.head_sender().subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiting_returns_once_the_projection_passes_the_target() {
        let p = Progress::default();
        let waiter = {
            let p = p.clone();
            tokio::spawn(async move {
                p.wait_for("vouchers", LogCursor::new(7, 3), Duration::from_secs(5))
                    .await
            })
        };
        p.publish("vouchers", LogCursor::new(7, 2));
        p.publish("vouchers", LogCursor::new(8, 1));
        assert!(waiter.await.unwrap_or(false));
    }

    #[tokio::test]
    async fn waiting_times_out_and_progress_never_goes_back() {
        let p = Progress::default();
        p.publish("x", LogCursor::new(9, 9));
        p.publish("x", LogCursor::new(1, 1));
        assert_eq!(p.current("x"), LogCursor::new(9, 9));
        assert!(
            !p.wait_for("x", LogCursor::new(10, 1), Duration::from_millis(20))
                .await
        );
    }
}
