//! Which addresses a plugin's HTTP requests may reach once names are resolved. The
//! allow-list of hosts bounds which *names* a plugin may call; a name can still resolve to
//! the ISP's own network (a hostile DNS answer, a rebinding attack, a typo in an extra
//! host). With an address filter set, every name is resolved here, addresses the filter
//! refuses are dropped, and a name left with none is refused before any connection is
//! made. IP literals in a URL are checked by the same filter (`http.rs`).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// What every refusal of this module says (the HTTP host function finds it in the
/// connect error's causes).
pub(crate) const REFUSED: &str = "private or reserved addresses";

/// True for the addresses a plugin may connect to.
pub type AddressFilter = fn(IpAddr) -> bool;

/// A resolver that keeps only the addresses `allowed` accepts.
pub(crate) struct FilteringResolver {
    pub allowed: AddressFilter,
}

impl Resolve for FilteringResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let kept: Vec<SocketAddr> = resolved.filter(|a| allowed(a.ip())).collect();
            if kept.is_empty() {
                return Err(format!(
                    "http_request: `{host}` resolves only to {REFUSED}; gateways are reached on public ones"
                )
                .into());
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

/// The resolver for a runtime whose limits set a filter.
pub(crate) fn resolver(allowed: AddressFilter) -> Arc<FilteringResolver> {
    Arc::new(FilteringResolver { allowed })
}
