//! Session tokens: HS256 JWTs valid 30 days, bound to a session id and to the admin's
//! session generation. A token is refused when its session was logged out, or when the
//! generation moved on (password change, role change, deactivation) — no clocks compared.
//! The session is checked against the instance's in-memory session authority (ADR 0019).

use chrono::{Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tagih_aggregates::Role;
use tagih_commands::sessions::{Refusal, SessionAuthority, SessionClaim, Verdict};

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
    sessions: SessionAuthority,
}

pub struct IssuedToken {
    pub token: String,
    pub session_id: String,
    pub expires_at: chrono::DateTime<Utc>,
}

impl TokenService {
    pub fn new(secret: SecretString, sessions: SessionAuthority) -> Self {
        Self { secret, sessions }
    }

    /// How long a token lives (the session authority remembers logouts that long).
    pub fn lifetime() -> Duration {
        Duration::days(TOKEN_DAYS)
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

    /// Checks signature and expiry, then the session against the instance's session
    /// authority: from memory, with no database round trip, unless memory may be behind
    /// this token (then one read of the admin's stream).
    pub async fn authenticate(&self, token: &str) -> AuthState {
        let key = DecodingKey::from_secret(self.secret.expose_secret().as_bytes());
        let claims = match decode::<Claims>(token, &key, &Validation::new(Algorithm::HS256)) {
            Ok(data) => data.claims,
            Err(e) => return AuthState::Invalid(format!("invalid token: {e}")),
        };
        let claim = SessionClaim {
            admin_id: &claims.sub,
            session_id: &claims.sid,
            generation: claims.generation,
        };
        let role = match self.sessions.verify(&claim).await {
            Ok(Verdict::Valid(role)) => role,
            Ok(Verdict::Refused(refusal)) => return AuthState::Invalid(refused(refusal).into()),
            Err(e) => {
                tracing::error!(error = %e, "token check failed");
                return AuthState::Invalid("token could not be checked".into());
            }
        };
        AuthState::Authenticated(Actor {
            admin_id: claims.sub,
            session_id: claims.sid,
            role,
        })
    }

    /// The authority tokens are checked against; commands on admins tell it what changed.
    pub fn sessions(&self) -> &SessionAuthority {
        &self.sessions
    }
}

/// The messages clients (and tests) know.
fn refused(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::UnknownAccount => "unknown account",
        Refusal::LoggedOut => "session has been logged out",
        Refusal::Deactivated => "account is deactivated",
        Refusal::Superseded => "session was revoked; log in again",
    }
}
