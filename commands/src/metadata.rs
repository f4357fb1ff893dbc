//! Who issued a command, from where, and why: stored on every event (the activity log).

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub correlation_id: Option<String>,
    pub causation_id: Option<String>,
    pub command: Option<String>,
}

impl Metadata {
    /// Metadata for work the system does by itself (sagas, jobs, bootstrap).
    pub fn system(actor: &str) -> Self {
        Self {
            actor_id: Some(actor.to_string()),
            actor_role: Some("system".into()),
            ..Self::default()
        }
    }

    pub fn with_command(&self, command: &str) -> Self {
        Self {
            command: Some(command.to_string()),
            ..self.clone()
        }
    }

    pub fn with_causation(&self, causation: impl Into<String>) -> Self {
        Self {
            causation_id: Some(causation.into()),
            ..self.clone()
        }
    }

    /// The string map stored on every event (absent fields are left out).
    pub fn to_map(&self) -> HashMap<String, String> {
        let fields = [
            ("actor_id", &self.actor_id),
            ("actor_role", &self.actor_role),
            ("ip", &self.ip),
            ("user_agent", &self.user_agent),
            ("request_id", &self.request_id),
            ("correlation_id", &self.correlation_id),
            ("causation_id", &self.causation_id),
            ("command", &self.command),
        ];
        fields
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
            .collect()
    }
}
