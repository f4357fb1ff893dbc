//! Extra plugin hosts (ADR 0026): a super admin lets a plugin reach a gateway's sandbox or
//! a static-IP proxy beyond the hosts its manifest declares, without editing the package.

use async_graphql::{Context, Object, Result};
use tagih_aggregates::Role;
use tagih_app::payments::plugins;

use crate::auth::RoleGuard;
use crate::context::{api, metadata};
use crate::error::gql;
use crate::payment_types::PluginInfo;

#[derive(Default)]
pub struct PluginHostsMutation;

#[Object]
impl PluginHostsMutation {
    /// Replaces the plugin's extra hosts (`host` or `host:port`; an empty list removes them
    /// all). Calls may then reach the manifest's hosts and these, nothing else.
    #[graphql(guard = "RoleGuard::new(Role::SuperAdmin)")]
    async fn set_plugin_extra_hosts(
        &self,
        ctx: &Context<'_>,
        plugin: String,
        hosts: Vec<String>,
    ) -> Result<PluginInfo> {
        let state = plugins::set_extra_hosts(api(ctx), &plugin, hosts, &metadata(ctx))
            .await
            .map_err(gql)?;
        Ok(PluginInfo::of(plugin.trim(), &state))
    }
}
