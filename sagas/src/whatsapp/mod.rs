//! WhatsApp notifications: the provider port and its adapters (WAHA, Fonnte, Cloud API,
//! generic HTTP), the per-sender rate limit, the delivery saga and its sender, the trigger
//! saga (billing events → messages) and the sender health job (delivery webhooks are
//! `tagih_app::messaging::delivery`).

pub mod cloud_api;
pub mod delivery;
pub mod fonnte;
pub mod generic;
pub mod health_job;
pub mod provider;
pub mod rate_limit;
pub mod runtime;
pub mod senders;
pub mod triggers;
pub mod waha;

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use serde::Deserialize;
use tagih_aggregates::billing_cycle::WIB;

pub use provider::{OutboundText, SendError, SendReceipt, SessionHealth, WhatsAppProvider};
pub use rate_limit::SenderRateLimiter;
pub use senders::SenderSessionsAdapter;

/// `[whatsapp]` settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WhatsAppSettings {
    /// Turn event triggers (welcome, invoice, payment, expired, renewal) on or off.
    pub triggers: bool,
    /// `id` or `en`: the language of messages to customers.
    pub language: String,
    /// Quiet hours in WIB (`"21:00"`–`"08:00"`); messages wait until they end. Empty = off.
    pub quiet_start: String,
    pub quiet_end: String,
    /// Minimum spacing of two messages from one sender.
    pub rate_interval_ms: u64,
    pub http_timeout_secs: u64,
    /// `isp.name` and `isp.phone` in templates.
    pub isp_name: String,
    pub isp_phone: String,
    /// Where customers pay online: `payment.url` = this + the invoice id. Empty = none.
    pub payment_url_base: String,
    /// The public address of this server (`https://tagih.example.net`):
    /// `payment.receipt_url` = this + `/receipts/<receipt id>`. Empty = no link.
    pub public_url: String,
}

impl Default for WhatsAppSettings {
    fn default() -> Self {
        Self {
            triggers: true,
            language: "id".into(),
            quiet_start: "21:00".into(),
            quiet_end: "08:00".into(),
            rate_interval_ms: 1000,
            http_timeout_secs: 15,
            isp_name: "Tagih".into(),
            isp_phone: String::new(),
            payment_url_base: String::new(),
            public_url: String::new(),
        }
    }
}

impl WhatsAppSettings {
    pub fn rate_interval(&self) -> Duration {
        Duration::from_millis(self.rate_interval_ms)
    }

    /// When quiet hours are on and `now` falls inside them: how long until they end.
    pub fn quiet_for(&self, now: DateTime<Utc>) -> Option<Duration> {
        let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let (start, end) = (parse(&self.quiet_start)?, parse(&self.quiet_end)?);
        let local = now.with_timezone(&WIB).time().with_nanosecond(0)?;
        let inside = if start <= end {
            local >= start && local < end
        } else {
            local >= start || local < end
        };
        if !inside {
            return None;
        }
        let secs = (end - local).num_seconds().rem_euclid(86_400);
        Some(Duration::from_secs(secs.max(1) as u64))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn wib(h: u32, m: u32) -> DateTime<Utc> {
        WIB.with_ymd_and_hms(2026, 11, 24, h, m, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn quiet_hours_span_midnight_in_wib() {
        let s = WhatsAppSettings::default();
        assert_eq!(s.quiet_for(wib(12, 0)), None);
        assert_eq!(
            s.quiet_for(wib(21, 0)),
            Some(Duration::from_secs(11 * 3600))
        );
        assert_eq!(s.quiet_for(wib(7, 30)), Some(Duration::from_secs(1800)));
        let off = WhatsAppSettings {
            quiet_start: String::new(),
            ..s
        };
        assert_eq!(off.quiet_for(wib(23, 0)), None);
    }
}
