//! Session tokens: HS256 JWTs valid 30 days, bound to a session id and to the admin's
//! session generation. A token is refused when its session was logged out, or when the
//! generation moved on (password change, role change, deactivation) — no clocks compared.

use chrono::{Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tagih_aggregates::Role;
use tagih_aggregates::admin_user::AdminUser;
use tagih_projections::queries;

use crate::error::ApiError;

pub const TOKEN_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claims {
    sub: String,
    sid: String,
    role: String,
    iat: i64,
    exp: i64,
    /// The admin's session generation when the token was issued.
    generation: i32,
}

/// The caller of a request, once the token checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub admin_id: String,
    pub session_id: String,
    pub role: Role,
}

/// What the transport found in the request.
#[derive(Debug, Clone)]
pub enum AuthState {
    Anonymous,
    Invalid(String),
    Authenticated(Actor),
}

#[derive(Clone)]
pub struct TokenService {
    secret: SecretString,
}

pub struct IssuedToken {
    pub token: String,
    pub session_id: String,
    pub expires_at: chrono::DateTime<Utc>,
}

impl TokenService {
    pub fn new(secret: SecretString) -> Self {
        Self { secret }
    }

    pub fn issue(
        &self,
        admin_id: &str,
        role: Role,
        generation: i32,
    ) -> Result<IssuedToken, ApiError> {
        let now = Utc::now();
        let expires_at = now + Duration::days(TOKEN_DAYS);
        let session_id = uuid::Uuid::new_v4().to_string();
        let claims = Claims {
            sub: admin_id.to_string(),
            sid: session_id.clone(),
            role: role.as_str().to_string(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            generation,
        };
        let key = EncodingKey::from_secret(self.secret.expose_secret().as_bytes());
        let token =
            encode(&Header::new(Algorithm::HS256), &claims, &key).map_err(ApiError::internal)?;
        Ok(IssuedToken {
            token,
            session_id,
            expires_at,
        })
    }

    /// Checks signature and expiry, then the admin's current state in the read model.
    pub async fn authenticate(&self, pool: &PgPool, token: &str) -> AuthState {
        let key = DecodingKey::from_secret(self.secret.expose_secret().as_bytes());
        let claims = match decode::<Claims>(token, &key, &Validation::new(Algorithm::HS256)) {
            Ok(data) => data.claims,
            Err(e) => return AuthState::Invalid(format!("invalid token: {e}")),
        };
        let found = match queries::admin_session(pool, &claims.sub, &claims.sid).await {
            Ok(found) => found,
            Err(e) => {
                tracing::error!(error = %e, "token check failed");
                return AuthState::Invalid("token could not be checked".into());
            }
        };
        let (active, generation, role, revoked) = match found {
            // The read model has caught up with this token's account state.
            Some((a, revoked)) if a.session_generation >= claims.generation => {
                (a.active, a.session_generation, a.role, revoked)
            }
            // It lags behind (a fresh account, a login right after a password change): the
            // event store is the authority.
            _ => {
                let Some((active, generation, role)) = write_model_state(pool, &claims.sub).await
                else {
                    return AuthState::Invalid("unknown account".into());
                };
                match queries::session_revoked(pool, &claims.sid).await {
                    Ok(revoked) => (active, generation, role, revoked),
                    Err(e) => {
                        tracing::error!(error = %e, "token check failed");
                        return AuthState::Invalid("token could not be checked".into());
                    }
                }
            }
        };
        if revoked {
            return AuthState::Invalid("session has been logged out".into());
        }
        if !active {
            return AuthState::Invalid("account is deactivated".into());
        }
        if claims.generation != generation {
            return AuthState::Invalid("session was revoked; log in again".into());
        }
        let Some(role) = Role::parse(&role) else {
            return AuthState::Invalid("unknown role".into());
        };
        AuthState::Authenticated(Actor {
            admin_id: claims.sub,
            session_id: claims.sid,
            role,
        })
    }
}

/// (active, session generation, role) folded from the admin's events.
async fn write_model_state(pool: &PgPool, admin_id: &str) -> Option<(bool, i32, String)> {
    match tagih_commands::bus::load::<AdminUser>(pool, admin_id).await {
        Ok(a) if a.created => Some((
            a.active,
            a.session_generation,
            a.role.map(|r| r.as_str().to_string())?,
        )),
        Ok(_) => None,
        Err(e) => {
            tracing::error!(error = %e, "token check could not read the event store");
            None
        }
    }
}
