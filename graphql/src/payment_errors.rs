//! What a payment flow or plugin failure tells a client. A failure of the server itself (a
//! database error, a package missing from storage, a built-in that does not load, a
//! dependency to retry) is INTERNAL with a generic message: its cause is logged once and
//! never returned; only what the client can act on keeps its message.

use tagih_app::payments::{PaymentFlowError, PluginUseError, RegistryError};

use crate::error::ApiError;

impl From<PluginUseError> for ApiError {
    fn from(e: PluginUseError) -> Self {
        match e {
            PluginUseError::Command(c) => c.into(),
            PluginUseError::NotInstalled(_) => Self::NotFound(e.to_string()),
            PluginUseError::Inactive(_) => Self::Rejected(e.to_string()),
            PluginUseError::Registry(RegistryError::Package(_) | RegistryError::Plugin(_)) => {
                Self::BadInput(e.to_string())
            }
            PluginUseError::Registry(RegistryError::UnknownBuiltin(_)) => {
                Self::NotFound(e.to_string())
            }
            PluginUseError::Registry(RegistryError::Builtin(..))
            | PluginUseError::MissingPackage(_)
            | PluginUseError::Database(_) => Self::internal(e),
        }
    }
}

impl From<PaymentFlowError> for ApiError {
    fn from(e: PaymentFlowError) -> Self {
        match e {
            PaymentFlowError::Plugin(p) => p.into(),
            PaymentFlowError::Command(c) => c.into(),
            PaymentFlowError::UnknownChannel(_) => Self::BadInput(e.to_string()),
            PaymentFlowError::UnknownOrder(_) => Self::NotFound(e.to_string()),
            PaymentFlowError::Gateway(_) | PaymentFlowError::Rejected(_) => {
                Self::Rejected(e.to_string())
            }
            PaymentFlowError::Retry(_) => Self::internal(e),
            PaymentFlowError::RefundRefused(_) => Self::RefundRefused(e.to_string()),
            PaymentFlowError::RefundPending(_) => Self::RefundPending(e.to_string()),
            PaymentFlowError::GatewayUnavailable(_) => Self::GatewayUnavailable(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_failures_are_internal_and_say_nothing_of_the_database() {
        let db = || sqlx::Error::Protocol("relation \"plugin_packages\" does not exist".into());
        for e in [
            ApiError::from(PaymentFlowError::Plugin(PluginUseError::Database(db()))),
            ApiError::from(PluginUseError::Database(db())),
            ApiError::from(PluginUseError::MissingPackage("ab12".into())),
            ApiError::from(PaymentFlowError::Retry("pool timed out".into())),
        ] {
            assert_eq!(e.code(), "INTERNAL");
            assert_eq!(e.to_string(), "internal error");
        }
    }

    #[test]
    fn what_the_client_can_act_on_keeps_its_message() {
        let e = ApiError::from(PaymentFlowError::UnknownChannel("XYZ".into()));
        assert_eq!(
            (e.code(), e.to_string().as_str()),
            ("BAD_USER_INPUT", "unknown channel XYZ")
        );
        let e = ApiError::from(PluginUseError::Inactive("xendit".into()));
        assert_eq!(e.code(), "REJECTED");
        let e = ApiError::from(PluginUseError::NotInstalled("nope".into()));
        assert_eq!(e.code(), "NOT_FOUND");
        let e = ApiError::from(PaymentFlowError::RefundRefused(
            "INELIGIBLE_TRANSACTION".into(),
        ));
        assert_eq!(
            (e.code(), e.to_string().as_str()),
            (
                "REFUND_REFUSED",
                "the gateway refused the refund: INELIGIBLE_TRANSACTION"
            )
        );
        let e = ApiError::from(PaymentFlowError::RefundPending("still processing".into()));
        assert_eq!(e.code(), "REFUND_PENDING");
        let e = ApiError::from(PaymentFlowError::GatewayUnavailable("http 503".into()));
        assert_eq!(e.code(), "GATEWAY_UNAVAILABLE");
    }
}
