//! Reports: the finance report over the ledger, the dashboard overview and its live
//! updates (`overviewChanged`, pushed after the read models it sums commit).

use std::time::Duration;

use async_graphql::{Context, Object, Result, Subscription};
use chrono::NaiveDate;
use futures::stream::{BoxStream, StreamExt};
use tagih_aggregates::Role;
use tagih_app::reports::{finance, overview};
use tokio_stream::wrappers::WatchStream;

use crate::auth::RoleGuard;
use crate::context::api;
use crate::error::gql;
use crate::report_types::{FinanceGrouping, FinanceReport, Overview, Receipt};

/// Bursts of commits (a 10,000-voucher batch projecting) give one recount, not hundreds.
const RECOUNT_EVERY: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// The finance ledger from `from` to `to` (local dates, inclusive, each row's day in its
    /// location's time zone), grouped; `total` sums the same rows.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn finance_report(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        group_by: FinanceGrouping,
        location_id: Option<String>,
    ) -> Result<FinanceReport> {
        let range = finance::range(from, to, location_id).map_err(gql)?;
        let (rows, total) = finance::finance_report(api(ctx), &range, group_by.into())
            .await
            .map_err(gql)?;
        Ok(FinanceReport {
            rows: rows.into_iter().map(Into::into).collect(),
            total: total.into(),
        })
    }

    /// The receipts of an invoice's payments, oldest first.
    #[graphql(guard = "RoleGuard::new(Role::Operator)")]
    async fn receipts(&self, ctx: &Context<'_>, invoice_id: String) -> Result<Vec<Receipt>> {
        let rows = tagih_projections::receipts::of_invoice(&api(ctx).pool, &invoice_id)
            .await
            .map_err(gql)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn overview(&self, ctx: &Context<'_>) -> Result<Overview> {
        Ok(overview::overview(api(ctx)).await.map_err(gql)?.into())
    }
}

#[derive(Default)]
pub struct ReportSubscription;

#[Subscription]
impl ReportSubscription {
    /// The overview now, then again each time a read model it sums commits a change that
    /// changes a figure.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn overview_changed(&self, ctx: &Context<'_>) -> BoxStream<'static, Overview> {
        let api = api(ctx).clone();
        let commits = futures::stream::select_all(
            overview::SOURCES
                .iter()
                .map(|name| WatchStream::new(api.progress.subscribe(name)).map(|_| ())),
        );
        futures::stream::unfold(
            (api, commits.boxed(), None::<Overview>),
            |(api, mut commits, last)| async move {
                loop {
                    if last.is_some() {
                        commits.next().await?;
                        tokio::time::sleep(RECOUNT_EVERY).await;
                        // Everything that arrived meanwhile is in this recount.
                        while futures::FutureExt::now_or_never(commits.next())
                            .flatten()
                            .is_some()
                        {}
                    }
                    match overview::overview(&api).await {
                        Ok(now) => {
                            let now = Overview::from(now);
                            if last.as_ref() != Some(&now) {
                                return Some((now.clone(), (api, commits, Some(now))));
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "overviewChanged query failed"),
                    }
                }
            },
        )
        .boxed()
    }
}
