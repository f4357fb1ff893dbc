//! Admin accounts as the API and the token check read them, and revoked sessions.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, PgConnection};
use tagih_aggregates::admin_user::AdminUser;
use tagih_aggregates::admin_user::AdminUserEvent as E;
use tagih_replay::{Interests, ProjectionError, StoredEvent};

use crate::row_model::{RowModel, load_by_key, upsert_sql};

#[derive(Debug, Clone, FromRow)]
pub struct AdminRow {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub role: String,
    pub active: bool,
    /// Tokens of an older generation are void (password or role change, deactivation);
    /// counted exactly as the AdminUser aggregate counts it.
    pub session_generation: i32,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub last_position: i64,
}

pub struct AdminUsers;

impl RowModel for AdminUsers {
    type Row = AdminRow;
    const NAME: &'static str = crate::names::ADMIN_USERS;
    const TABLE: &'static str = "rm_admin_users";

    fn interests() -> Interests {
        Interests::of::<AdminUser>()
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        ev.is::<AdminUser>().then(|| ev.aggregate_id.clone())
    }
    fn last_position(row: &AdminRow) -> i64 {
        row.last_position
    }

    fn apply(row: Option<AdminRow>, ev: &StoredEvent) -> Result<Option<AdminRow>, ProjectionError> {
        let at = ev.recorded_at;
        let mut row = match (ev.decode::<E>()?, row) {
            (
                E::AdminCreated {
                    username,
                    email,
                    role,
                    ..
                },
                _,
            ) => AdminRow {
                id: ev.aggregate_id.clone(),
                username,
                email,
                role: role.as_str().to_string(),
                active: true,
                session_generation: 0,
                last_login_at: None,
                created_at: at,
                last_position: 0,
            },
            (_, None) => return Ok(None),
            (E::AdminPasswordChanged { .. }, Some(r)) => AdminRow {
                session_generation: r.session_generation + 1,
                ..r
            },
            (E::AdminRoleChanged { role }, Some(r)) => AdminRow {
                role: role.as_str().to_string(),
                session_generation: r.session_generation + 1,
                ..r
            },
            (E::AdminDeactivated, Some(r)) => AdminRow {
                active: false,
                session_generation: r.session_generation + 1,
                ..r
            },
            (E::AdminReactivated, Some(r)) => AdminRow { active: true, ..r },
            (E::AdminLoggedIn { .. }, Some(r)) => AdminRow {
                last_login_at: Some(at),
                ..r
            },
            (E::AdminLoggedOut { .. }, Some(r)) => r,
        };
        row.last_position = ev.position;
        Ok(Some(row))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, AdminRow)>> {
        load_by_key(conn, &table, "id", keys, |r: &AdminRow| r.id.clone()).await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<AdminRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(
            &table,
            &[
                ("id", "text"),
                ("username", "text"),
                ("email", "text"),
                ("role", "text"),
                ("active", "bool"),
                ("session_generation", "int"),
                ("last_login_at", "timestamptz"),
                ("created_at", "timestamptz"),
                ("last_position", "bigint"),
            ],
        );
        sqlx::query(&sql)
            .bind(rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.username.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.email.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.role.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.active).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.session_generation)
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.last_login_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.last_position).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        Ok(())
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct RevokedSessionRow {
    pub session_id: String,
    pub admin_id: String,
    pub revoked_at: DateTime<Utc>,
    pub last_position: i64,
}

/// Sessions ended by logout: their tokens are refused until they expire.
pub struct RevokedSessions;

impl RowModel for RevokedSessions {
    type Row = RevokedSessionRow;
    const NAME: &'static str = crate::names::REVOKED_SESSIONS;
    const TABLE: &'static str = "rm_revoked_sessions";

    fn interests() -> Interests {
        Interests::events_of::<AdminUser>(&[E::ADMIN_LOGGED_OUT])
    }
    fn key(ev: &StoredEvent) -> Option<String> {
        if !ev.is_event::<AdminUser>(E::ADMIN_LOGGED_OUT) {
            return None;
        }
        match ev.decode::<E>() {
            Ok(E::AdminLoggedOut { session_id }) => Some(session_id),
            _ => None,
        }
    }
    fn last_position(row: &RevokedSessionRow) -> i64 {
        row.last_position
    }

    fn apply(
        row: Option<RevokedSessionRow>,
        ev: &StoredEvent,
    ) -> Result<Option<RevokedSessionRow>, ProjectionError> {
        if row.is_some() {
            return Ok(row);
        }
        let Some(session_id) = Self::key(ev) else {
            return Ok(None);
        };
        Ok(Some(RevokedSessionRow {
            session_id,
            admin_id: ev.aggregate_id.clone(),
            revoked_at: ev.recorded_at,
            last_position: ev.position,
        }))
    }

    async fn load(
        conn: &mut PgConnection,
        table: String,
        keys: Vec<String>,
    ) -> sqlx::Result<Vec<(String, RevokedSessionRow)>> {
        load_by_key(conn, &table, "session_id", keys, |r: &RevokedSessionRow| {
            r.session_id.clone()
        })
        .await
    }

    async fn upsert(
        conn: &mut PgConnection,
        table: String,
        rows: Vec<RevokedSessionRow>,
    ) -> sqlx::Result<()> {
        let sql = upsert_sql(
            &table,
            &[
                ("session_id", "text"),
                ("admin_id", "text"),
                ("revoked_at", "timestamptz"),
                ("last_position", "bigint"),
            ],
        );
        sqlx::query(&sql)
            .bind(
                rows.iter()
                    .map(|r| r.session_id.clone())
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.admin_id.clone()).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.revoked_at).collect::<Vec<_>>())
            .bind(rows.iter().map(|r| r.last_position).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        Ok(())
    }
}
