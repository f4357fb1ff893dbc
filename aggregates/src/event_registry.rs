//! The one registry of event-sourced aggregate types, and for each the fields of its events
//! that hold (or are named like) secrets, with how each is kept. Every audit view of the log
//! (`eventLog`, `history`, `stateAt`) redacts from this list; the test below walks every
//! field of every event type and fails on a secret-looking name that is not declared here,
//! so a new secret cannot slip into the log unnoticed (ADR 0012).

use crate::{
    admin_user, customer, invoice, location, message_template, payment, plugin_install,
    ppp_profile, router_drift, router_health, subscription, voucher, voucher_batch,
    voucher_profile, whatsapp_message, whatsapp_opt_out, whatsapp_sender,
};

/// How a secret-looking field is kept in the (append-only, exported) log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrecy {
    /// AES-256-GCM ciphertext under the server's key: safe in the log and in an export;
    /// redacted in audit views all the same.
    Sealed,
    /// A one-way password hash (argon2id): safe in the log; redacted in audit views.
    Hashed,
    /// A credential kept readable because Tagih must hand it out (a voucher's password is
    /// printed on its card, a PPPoE password is written to the router and told to the
    /// customer). Redacted in audit views; readable to whoever reads the store or an export.
    Handed,
    /// Never stored any more; events written before may hold it (as a map key's value,
    /// e.g. a callback header). Redacted in audit views.
    NoLongerStored,
    /// Named like a secret but is not one (a flag, an id, a key's name).
    NotSecret,
}

/// One aggregate type and the secret-looking fields of its events (by field name, at any
/// depth of the payload).
#[derive(Debug)]
pub struct AggregateKind {
    pub aggregate_type: &'static str,
    pub secrets: &'static [(&'static str, Secrecy)],
    /// The aggregate's state (as JSON) after its events' stored payloads, in order, folded
    /// with the aggregate's own `apply`: auditors' `stateAt` for every type.
    pub fold: fn(&[&str]) -> Result<serde_json::Value, String>,
}

impl AggregateKind {
    /// Field names whose values audit views replace with `[redacted]`.
    pub fn redacted(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.secrets
            .iter()
            .filter(|(_, s)| *s != Secrecy::NotSecret)
            .map(|(name, _)| *name)
    }
}

/// Whether a field or header name looks like it holds a secret.
pub fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "key",
        "signature",
        "credential",
        "hash",
        "authorization",
        "cookie",
        "private",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// Whether a header carries a credential (a shared token, a key, a password) rather than
/// evidence about the message (a signature computed over it): such headers are never
/// recorded.
pub fn carries_credential(header: &str) -> bool {
    looks_secret(header) && !header.to_ascii_lowercase().contains("signature")
}

/// The registry entry of an aggregate type, if it is one.
pub fn kind(aggregate_type: &str) -> Option<&'static AggregateKind> {
    AGGREGATES
        .iter()
        .find(|k| k.aggregate_type == aggregate_type)
}

fn fold_json<A: cqrs_es::Aggregate>(payloads: &[&str]) -> Result<serde_json::Value, String> {
    let mut aggregate = A::default();
    for payload in payloads {
        aggregate.apply(serde_json::from_str::<A::Event>(payload).map_err(|e| e.to_string())?);
    }
    serde_json::to_value(&aggregate).map_err(|e| e.to_string())
}

/// A row of a write-side lookup table that an event creates. The event store writes it in
/// the same statement as the event, so a write path that finds an aggregate by another key
/// never waits for (or is refused by) a lagging read model (ADR 0022).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteKey {
    /// `payment_orders`: a payment's order id at its gateway, with the plugin collecting it.
    PaymentOrder { plugin: String, order_id: String },
}

fn no_write_keys<E>(_: &E) -> Vec<WriteKey> {
    Vec::new()
}

/// An entry's `[keys …]` function, or none.
macro_rules! write_keys_with {
    ($event:ident) => {
        no_write_keys($event)
    };
    ($event:ident, $keys:path) => {
        $keys($event)
    };
}

/// The one list of aggregate types. For each it makes the `AGGREGATES` entry (audit views'
/// redaction and fold) and the `Decider` impl the command bus requires, so an aggregate the
/// bus can write is always one the log's readers know, and no other list exists to forget.
macro_rules! registry {
    ($( $agg:ty $([flatten $($inner:ty = $sample:expr),*])? $([keys $keys:path])? { $( $field:literal: $secrecy:ident ),* $(,)? } )*) => {
        /// Every aggregate type whose events the log holds.
        pub const AGGREGATES: &[AggregateKind] = &[$(
            AggregateKind {
                aggregate_type: <$agg as cqrs_es::Aggregate>::TYPE,
                secrets: &[$(($field, Secrecy::$secrecy)),*],
                fold: fold_json::<$agg>,
            }
        ),*];

        $(
            impl crate::sealed::Registered for $agg {}

            impl crate::Decider for $agg {
                fn decide_cmd(&self, cmd: Self::Command) -> Result<Vec<Self::Event>, Self::Error> {
                    self.decide(cmd)
                }

                fn write_keys(event: &Self::Event) -> Vec<WriteKey> {
                    write_keys_with!(event $(, $keys)?)
                }
            }
        )*

        /// Each registered aggregate type as the bus sees it (`Decider::TYPE`), in order.
        #[cfg(test)]
        fn deciders() -> Vec<&'static str> {
            fn type_of<A: crate::Decider>() -> &'static str {
                A::TYPE
            }
            vec![$(type_of::<$agg>()),*]
        }

        /// Each aggregate type with its events' traced fields (flattened types included).
        #[cfg(test)]
        fn traced() -> Vec<(&'static str, Vec<crate::event_fields::Traced>)> {
            use crate::event_fields::{trace, trace_with};
            vec![$(
                (<$agg as cqrs_es::Aggregate>::TYPE, vec![
                    trace_with::<<$agg as cqrs_es::Aggregate>::Event>(&[
                        $($(serde_json::to_value($sample).unwrap_or_default()),*)?
                    ])
                    $($(, trace::<$inner>())*)?
                ])
            ),*]
        }
    };
}

registry! {
    admin_user::AdminUser { "password_hash": Hashed }
    location::Location { "password_enc": Sealed, "token_enc": Sealed }
    voucher_profile::VoucherProfile {}
    voucher_batch::VoucherBatch { "password_mode": NotSecret }
    voucher::Voucher { "password": Handed }
    ppp_profile::PppProfile {}
    router_health::RouterHealth {}
    router_drift::RouterDrift {}
    customer::Customer {}
    subscription::Subscription [flatten crate::subscription_spec::Plan = samples::plan()] { "password": Handed }
    invoice::Invoice {}
    payment::Payment [keys payment::write_keys] { "signature_ok": NotSecret, "x-callback-token": NoLongerStored }
    plugin_install::PluginInstall { "secret": NotSecret }
    whatsapp_sender::WhatsAppSender { "credentials_enc": Sealed }
    message_template::MessageTemplate [flatten message_template::TemplateVersion = samples::template_version()] {}
    whatsapp_message::WhatsAppMessage { "idempotency_key": NotSecret }
    whatsapp_opt_out::WhatsAppOptOut {}
}

/// Values of the types events flatten into their payload, for the field walk.
#[cfg(test)]
mod samples {
    use crate::billing_cycle::BillingCycle;
    use crate::message_template::TemplateVersion;
    use crate::subscription_spec::Plan;

    pub fn plan() -> Plan {
        Plan {
            profile: "10M".into(),
            price: rust_decimal::Decimal::ONE,
            cycle: BillingCycle::Monthly,
        }
    }

    pub fn template_version() -> TemplateVersion {
        TemplateVersion {
            version: 1,
            body: "Halo".into(),
            saved_at: chrono::DateTime::UNIX_EPOCH,
            rolled_back_from: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_secret_looking_field_of_every_event_is_declared() {
        let mut undeclared = Vec::new();
        let mut stale = Vec::new();
        for (aggregate_type, traces) in traced() {
            let kind = kind(aggregate_type).expect("registered");
            let names: Vec<String> = traces
                .iter()
                .flat_map(|t| t.paths.iter())
                // `Variant.field…`: the last segment is a field (a bare variant is not).
                .filter_map(|p| p.rsplit_once('.').map(|(_, last)| last))
                .map(str::to_string)
                .collect();
            assert!(
                traces[0].flattening.is_empty() || traces.len() > 1,
                "{aggregate_type}: its events flatten {:?}; give a sample in the registry",
                traces[0].flattening
            );
            for t in &traces {
                assert!(
                    t.failed.is_empty(),
                    "{aggregate_type}: variants the tracer could not walk: {:?}",
                    t.failed
                );
            }
            assert!(
                names.len() > 1,
                "{aggregate_type}: no fields traced ({names:?})"
            );
            for name in &names {
                let declared = kind.secrets.iter().any(|(f, _)| f == name);
                let entry = (aggregate_type, name.clone());
                if looks_secret(name) && !declared && !undeclared.contains(&entry) {
                    undeclared.push(entry);
                }
            }
            for (field, secrecy) in kind.secrets {
                if *secrecy != Secrecy::NoLongerStored && !names.iter().any(|n| n == field) {
                    stale.push((aggregate_type, *field));
                }
            }
        }
        assert!(
            undeclared.is_empty(),
            "secret-looking event fields not in the registry (seal them, never store them, or declare why not): {undeclared:?}"
        );
        assert!(stale.is_empty(), "declared fields no event has: {stale:?}");
    }

    /// The `TYPE` of every `impl Aggregate` in this crate's sources.
    fn aggregate_types_in_sources() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut types = Vec::new();
        for entry in std::fs::read_dir(dir).expect("src") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            for line in text.lines() {
                let line = line.trim();
                if let Some(rest) = line.strip_prefix("const TYPE: &'static str = \"") {
                    types.push(rest.trim_end_matches("\";").to_string());
                }
            }
        }
        types.sort_unstable();
        types
    }

    #[test]
    fn the_bus_handles_exactly_the_registered_aggregates() {
        let mut registered: Vec<&str> = AGGREGATES.iter().map(|k| k.aggregate_type).collect();
        // The bus takes a (sealed) `Decider`; the registry makes one for each entry.
        assert_eq!(
            deciders(),
            registered,
            "the bus's types are the registry's, in order"
        );
        let n = registered.len();
        registered.sort_unstable();
        registered.dedup();
        assert_eq!(registered.len(), n, "an aggregate type registered twice");
        // Every aggregate of the domain is registered, and only those.
        assert_eq!(aggregate_types_in_sources(), registered);
        assert!(n >= 17, "{registered:?}");
    }

    #[test]
    fn credentials_are_told_from_signatures_in_header_names() {
        assert!(carries_credential("x-callback-token"));
        assert!(carries_credential("Authorization"));
        assert!(!carries_credential("x-callback-signature"));
        assert!(!carries_credential("content-type"));
    }

    #[test]
    fn the_tracer_sees_nested_and_flattened_fields() {
        let traced = crate::event_fields::trace::<subscription::SubscriptionEvent>();
        for path in [
            "SubscriptionCreated.password",
            "SubscriptionCreated.username",
            "SubscriptionRenewed.reference",
        ] {
            assert!(traced.paths.contains(path), "{path}: {:?}", traced.paths);
        }
        // Flattened parts come from samples; the container's own fields after them are
        // learnt all the same.
        let traced = crate::event_fields::trace_with::<subscription::SubscriptionEvent>(&[
            serde_json::to_value(samples::plan()).unwrap_or_default(),
        ]);
        for path in [
            "SubscriptionCreated.price",
            "SubscriptionCreated.auto_renew",
            "SubscriptionPlanChanged.anchor_day",
        ] {
            assert!(traced.paths.contains(path), "{path}: {:?}", traced.paths);
        }
    }
}
