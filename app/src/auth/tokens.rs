//! Session tokens: HS256 JWTs valid 30 days, bound to a session id and to the admin's
//! session generation. A token is refused when its session was logged out, or when the
//! generation moved on (password change, role change, deactivation) — no clocks compared.
//! Its own times are checked, with a minute of leeway for clock skew: `exp` passed, `nbf`
//! not reached yet, or `iat` in the future all refuse it.
//! The session is checked against the instance's in-memory session authority (ADR 0019).

use chrono::{Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tagih_aggregates::Role;
use tagih_commands::sessions::{Refusal, SessionAuthority, SessionClaim, Verdict};

use crate::error::AppError;

pub const TOKEN_DAYS: i64 = 30;

/// Seconds of clock skew allowed on `exp`, `nbf` and `iat` (jsonwebtoken's default).
pub const LEEWAY_SECS: u64 = 60;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claims {
    sub: String,
    sid: String,
    role: String,
    iat: i64,
    /// Not before; tokens issued before it was added have none (then `iat` bounds them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
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
    ) -> Result<IssuedToken, AppError> {
        let now = Utc::now();
        let expires_at = now + Duration::days(TOKEN_DAYS);
        let session_id = uuid::Uuid::new_v4().to_string();
        let claims = Claims {
            sub: admin_id.to_string(),
            sid: session_id.clone(),
            role: role.as_str().to_string(),
            iat: now.timestamp(),
            nbf: Some(now.timestamp()),
            exp: expires_at.timestamp(),
            generation,
        };
        let key = EncodingKey::from_secret(self.secret.expose_secret().as_bytes());
        let token = encode(&Header::new(Algorithm::HS256), &claims, &key)
            .map_err(|e| AppError::Internal(format!("token: {e}")))?;
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
        let claims = match self.decode(token) {
            Ok(claims) => claims,
            Err(reason) => return AuthState::Invalid(reason),
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

    /// Signature, `exp`, `nbf` and `iat` (within the leeway); `Err` says why not.
    fn decode(&self, token: &str) -> Result<Claims, String> {
        let key = DecodingKey::from_secret(self.secret.expose_secret().as_bytes());
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        let claims = decode::<Claims>(token, &key, &validation)
            .map_err(|e| format!("invalid token: {e}"))?
            .claims;
        // jsonwebtoken does not look at `iat`: a token "issued" in the future was not
        // issued by this server's clock.
        let latest = Utc::now().timestamp() + i64::try_from(LEEWAY_SECS).unwrap_or(i64::MAX);
        if claims.iat > latest {
            return Err("invalid token: issued in the future".into());
        }
        Ok(claims)
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
