//! Keeping the session authority current: LISTEN on `admin_sessions` (one connection per
//! instance, outside the request pool), load everything once listening, then read each
//! notified admin's new events. A lost connection may have lost notices: memory stops
//! deciding alone until a new connection listens and everything is loaded again.

use std::time::Duration;

use serde::Deserialize;
use sqlx::postgres::{PgListener, PgPoolOptions};
use tagih_aggregates::admin_user::AdminUserEvent;

use super::SessionAuthority;
use crate::error::CommandError;

/// The channel the `events_admin_sessions_notify` trigger notifies.
pub const CHANNEL: &str = "admin_sessions";

/// How the listener's connection shows in `pg_stat_activity.application_name`.
pub const APPLICATION_NAME: &str = "tagih-sessions";

const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// What the trigger sends: never the payload (it holds the password hash).
#[derive(Debug, Deserialize)]
pub(super) struct Notice {
    pub admin: String,
    pub sequence: i64,
    #[serde(rename = "type")]
    pub event_type: String,
}

impl SessionAuthority {
    /// Runs until the task is aborted.
    pub async fn follow(self) {
        let mut pause = FIRST_PAUSE;
        loop {
            match self.follow_once().await {
                Ok(()) => {
                    tracing::warn!("session listener lost its connection; reloading sessions");
                    pause = FIRST_PAUSE;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "session listener failed; retrying");
                    pause = (pause * 2).min(MAX_PAUSE);
                }
            }
            tokio::time::sleep(pause).await;
        }
    }

    /// Listens, loads, applies notices; returns when the connection is lost.
    async fn follow_once(&self) -> Result<(), CommandError> {
        let options = self
            .inner
            .pool
            .connect_options()
            .as_ref()
            .clone()
            .application_name(APPLICATION_NAME);
        // Its own connection: the listener never takes a slot requests need.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(options);
        let mut listener = PgListener::connect_with(&pool).await?;
        // A reconnect inside sqlx would re-LISTEN but not reload: we reconnect ourselves.
        listener.eager_reconnect(false);
        listener.listen(CHANNEL).await?;
        let result = self.live_on(&mut listener).await;
        self.set_live(false);
        result
    }

    async fn live_on(&self, listener: &mut PgListener) -> Result<(), CommandError> {
        self.reload().await?;
        self.set_live(true);
        while let Some(notification) = listener.try_recv().await? {
            self.on_notice(notification.payload()).await;
        }
        Ok(())
    }

    async fn on_notice(&self, payload: &str) {
        let notice: Notice = match serde_json::from_str(payload) {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, payload, "session notice not understood");
                return;
            }
        };
        if self.already_known(&notice) {
            return;
        }
        if let Err(e) = self.refresh(&notice.admin).await {
            tracing::warn!(admin_id = notice.admin, error = %e, "session authority could not read a changed account; checking its tokens against the store");
        }
    }

    /// True when the notice needs no read: memory has the event already, or it is the
    /// next event and a login.
    pub(super) fn already_known(&self, notice: &Notice) -> bool {
        let mut admins = self.write();
        let Some(admin) = admins.get_mut(&notice.admin) else {
            return false;
        };
        notice.sequence <= admin.version
            || (notice.event_type == AdminUserEvent::ADMIN_LOGGED_IN
                && admin.skip_login(notice.sequence))
    }
}
