//! A PPPoE subscription's life on the simulator with a moving clock: secret on the router →
//! invoice issued before expiry → expiry → grace → disabled on the router with the session
//! ended → cash payment → re-enabled with the expiry extended from the payment date. And
//! the scheduler's exactly-once guarantee across two instances.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Timelike, Utc};
use rust_decimal_macros::dec;
use sqlx::Connection as _;
use tagih_aggregates::billing_cycle::BillingCycle;
use tagih_aggregates::renewal::RenewalPolicy;
use tagih_aggregates::subscription::{Plan, SubscriptionKind, SubscriptionSpec};
use tagih_commands::billing::{PaymentInput, apply_payment};
use tagih_commands::customers::{self, CustomerInput};
use tagih_commands::{Clock, ManualClock, Metadata, subscriptions};
use tagih_routeros::client::{Command, Connection, RouterConfig};
use tagih_routeros::sim::SimHandle;

use crate::helpers::{TestApp, eventually};
use crate::routeros::{ROUTER_PASSWORD, app_with_router_using, location_at};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

fn secret(sim: &SimHandle, name: &str) -> Option<std::collections::BTreeMap<String, String>> {
    sim.ppp_secrets()
        .into_iter()
        .find(|s| s.get("name").map(String::as_str) == Some(name))
}

async fn add_ppp_profile(sim: &SimHandle, name: &str) {
    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", ROUTER_PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config).await.unwrap();
    conn.call(
        Command::new("/ppp/profile/add")
            .attr("name", name)
            .attr("rate-limit", "10M/10M")
            .attr("comment", "PPPOE_SYSTEM"),
    )
    .await
    .unwrap();
}

/// A customer at `loc`, created through the command layer.
pub(crate) async fn customer_at(app: &TestApp, loc: &str, name: &str, phone: &str) -> String {
    let input = CustomerInput {
        name: Some(name.into()),
        phone: Some(phone.into()),
        location_id: Some(loc.into()),
        address: Some("-".into()),
        ..CustomerInput::default()
    };
    customers::create(&app.app.bus, input, &Metadata::system("test"))
        .await
        .unwrap()
        .0
}

/// A monthly PPPoE subscription on profile "10M".
pub(crate) fn pppoe(
    customer: &str,
    loc: &str,
    username: &str,
    price: rust_decimal::Decimal,
    starts_at: DateTime<Utc>,
    auto_renew: bool,
) -> SubscriptionSpec {
    SubscriptionSpec {
        kind: SubscriptionKind::Pppoe,
        customer_id: customer.into(),
        location_id: loc.into(),
        username: username.into(),
        password: "rahasia01".into(),
        plan: Plan {
            profile: "10M".into(),
            price,
            cycle: BillingCycle::Monthly,
        },
        starts_at,
        expires_at: None,
        auto_renew,
    }
}

async fn status_is(app: &TestApp, id: &str, status: &str) -> bool {
    eventually(Duration::from_secs(10), || async {
        app.count(&format!(
            "select count(*) from rm_subscriptions where id = '{id}' and status = '{status}'"
        ))
        .await
            == 1
    })
    .await
}

async fn run(app: &TestApp, job: &str) -> String {
    let run = app.app.scheduler.run_now(job).await.unwrap().unwrap();
    assert_eq!(run.outcome, "ok", "{job}: {run:?}");
    run.detail.unwrap_or_default()
}

#[tokio::test]
async fn a_pppoe_subscription_goes_through_invoice_grace_disable_and_paid_reenable() {
    // 31 January, 09:00 WIB: a monthly subscription anchored on the 31st.
    let clock = ManualClock::starting_at(at(2027, 1, 31, 2));
    let (app, sim) = app_with_router_using(clock.clone(), |s| {
        s.billing.grace_days = 3;
        s.billing.invoice_days_before = 7;
    })
    .await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M").await;
    let meta = Metadata::system("test");
    let customer = customer_at(&app, &loc, "Budi", "0812-3456-7890").await;
    let spec = pppoe(&customer, &loc, "pel001", dec!(150000), clock.now(), false);
    let (sub, _) = subscriptions::create(&app.app.bus, spec, &meta)
        .await
        .unwrap();

    // The secret lands with the PPPoE marker and the expiry (28 Feb, end of the period).
    let on_router = eventually(Duration::from_secs(15), || async {
        secret(&sim, "pel001").is_some()
    })
    .await;
    assert!(on_router, "secret on the router");
    let s = secret(&sim, "pel001").unwrap();
    let comment = s.get("comment").cloned().unwrap_or_default();
    assert!(
        comment.starts_with(&format!("PPPOE_SYSTEM|{customer}|{sub}|")),
        "{comment}"
    );
    assert_eq!(s.get("disabled").map(String::as_str), Some("false"));
    assert_eq!(s.get("service").map(String::as_str), Some("pppoe"));
    assert!(status_is(&app, &sub, "ACTIVE").await);
    sim.ppp_connect("pel001", "10.10.0.2")
        .expect("pppoe client connects");

    // 22 Feb: within 7 days of expiry, the invoice is issued, once.
    clock.set(at(2027, 2, 22, 2));
    run(&app, "billing_invoices").await;
    run(&app, "billing_invoices").await;
    let invoiced = eventually(Duration::from_secs(10), || async {
        app.count(&format!("select count(*) from rm_invoices where subscription_id = '{sub}' and status = 'OPEN' and amount = 150000")).await == 1
    })
    .await;
    assert!(invoiced, "one open invoice for the next period");

    // 1 March: expired → grace, still connected.
    clock.set(at(2027, 3, 1, 2));
    run(&app, "billing_expiry").await;
    assert!(status_is(&app, &sub, "GRACE").await);
    assert_eq!(
        secret(&sim, "pel001")
            .unwrap()
            .get("disabled")
            .map(String::as_str),
        Some("false")
    );

    // 4 March: grace (3 days) over → disabled on the router and the session removed.
    clock.set(at(2027, 3, 4, 2));
    run(&app, "billing_expiry").await;
    assert!(status_is(&app, &sub, "DISABLED").await);
    let cut_off = eventually(Duration::from_secs(15), || async {
        secret(&sim, "pel001")
            .and_then(|s| s.get("disabled").cloned())
            .as_deref()
            == Some("true")
            && sim.rows("/ppp/active").is_empty()
    })
    .await;
    assert!(cut_off, "secret disabled and session ended");

    // Cash payment on 5 March → re-enabled at once, a month from the payment date.
    clock.set(at(2027, 3, 5, 2));
    let invoice: String =
        sqlx::query_scalar("select id from rm_invoices where subscription_id = $1")
            .bind(&sub)
            .fetch_one(app.pool())
            .await
            .unwrap();
    let paid = apply_payment(
        &app.app.bus,
        PaymentInput {
            invoice_id: invoice,
            payment_ref: "cash-0001".into(),
            amount: dec!(150000),
            paid_at: clock.now(),
            policy: RenewalPolicy::FromPaymentDate,
            shortfall_as_debt: false,
        },
        &meta,
    )
    .await
    .unwrap();
    let until = paid.renewed_until.expect("renewed");
    assert!(
        until >= at(2027, 4, 4, 0) && until <= at(2027, 4, 6, 0),
        "a month from 5 March: {until}"
    );
    assert!(status_is(&app, &sub, "ACTIVE").await);
    let back = eventually(Duration::from_secs(15), || async {
        secret(&sim, "pel001").is_some_and(|s| {
            s.get("disabled").map(String::as_str) == Some("false")
                && s.get("comment")
                    .is_some_and(|c| c.ends_with(&format!("|{}", until.timestamp())))
        })
    })
    .await;
    assert!(
        back,
        "re-enabled with the new expiry: {:?}",
        secret(&sim, "pel001")
    );
    assert!(
        sim.ppp_connect("pel001", "10.10.0.2").is_some(),
        "the customer can connect again"
    );
}

#[tokio::test]
async fn two_instances_running_a_job_at_once_run_it_once() {
    let clock = ManualClock::starting_at(Utc::now());
    let (app, sim) = app_with_router_using(clock.clone(), |_| {}).await;
    // A second instance on the same database.
    let mut settings = crate::helpers::test_settings(&app.db_url, false).await;
    settings.jobs.enabled = false;
    let other = tagih::startup::build(
        settings,
        tagih::startup::Options {
            clock: clock.clone(),
            ..tagih::startup::Options::default()
        },
    )
    .await
    .unwrap();
    let token = app.root_token().await;
    location_at(&app, &token, &sim).await;
    // Both instances fire the same cron tick: whatever the timing (overlapping, or one after
    // the other finished), the tick runs once.
    let tick = Utc::now().with_nanosecond(0).unwrap();
    let (a, b) = tokio::join!(
        app.app.scheduler.run_tick("router_sync", tick),
        other.scheduler.run_tick("router_sync", tick)
    );
    let ran = [a.unwrap(), b.unwrap()].into_iter().flatten().count();
    assert_eq!(ran, 1, "exactly one instance ran the tick");
    assert_eq!(
        app.count("select count(*) from job_runs where job = 'router_sync'")
            .await,
        1
    );
    // While one instance runs the job (its lock held), neither starts another run.
    let mut holder = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
    sqlx::query("select pg_advisory_lock(hashtext('tagih-job:router_sync'))")
        .execute(&mut holder)
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        app.app.scheduler.run_now("router_sync"),
        other.scheduler.run_now("router_sync")
    );
    assert!(
        a.unwrap().is_none() && b.unwrap().is_none(),
        "a running job is not started twice"
    );
    drop(Arc::new(other));
}

#[tokio::test]
async fn auto_renewal_pays_from_credit_only_when_the_credit_covers_the_price() {
    let clock = ManualClock::starting_at(at(2027, 1, 10, 2));
    let (app, sim) = app_with_router_using(clock.clone(), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M").await;
    let meta = Metadata::system("test");
    let mut subs = Vec::new();
    for (name, credit) in [("rich", dec!(200000)), ("poor", dec!(100000))] {
        let customer = customer_at(&app, &loc, name, "+62 812 1111 2222").await;
        customers::add_credit(
            &app.app.bus,
            &customer,
            credit,
            "deposit",
            &format!("dep-{name}"),
            &meta,
        )
        .await
        .unwrap();
        let spec = pppoe(
            &customer,
            &loc,
            &format!("{name}01"),
            dec!(150000),
            clock.now(),
            true,
        );
        subs.push(
            subscriptions::create(&app.app.bus, spec, &meta)
                .await
                .unwrap()
                .0,
        );
    }
    let listed = eventually(Duration::from_secs(10), || async {
        app.count("select count(*) from rm_subscriptions").await == 2
    })
    .await;
    assert!(listed);
    clock.set(at(2027, 2, 5, 2));
    let detail = run(&app, "billing_invoices").await;
    assert!(
        detail.contains("2 invoices issued, 1 auto-renewed"),
        "{detail}"
    );
    let rich: tagih_aggregates::subscription::Subscription =
        app.app.bus.load(&subs[0]).await.unwrap();
    let poor: tagih_aggregates::subscription::Subscription =
        app.app.bus.load(&subs[1]).await.unwrap();
    assert_eq!(
        rich.expiry,
        Some(at(2027, 3, 10, 2)),
        "renewed a month from the old expiry"
    );
    assert_eq!(
        poor.expiry,
        Some(at(2027, 2, 10, 2)),
        "not renewed: credit too small"
    );
    // Running again changes nothing: the credit is used once.
    run(&app, "billing_invoices").await;
    let credit_uses = app
        .count("select count(*) from events where event_type = 'CreditUsed'")
        .await;
    assert_eq!(credit_uses, 1);
}

#[tokio::test]
async fn two_concurrent_creates_cannot_share_a_username_at_one_location() {
    let app = crate::helpers::spawn_app().await;
    let token = app.root_token().await;
    let loc = app.location_with_profile(&token).await;
    let meta = Metadata::system("test");
    let customer = customer_at(&app, &loc, "Sari", "081234567890").await;
    let spec = |user: &str| pppoe(&customer, &loc, user, dec!(100000), Utc::now(), false);
    let results = futures::future::join_all(
        ["Sari01", "sari01", "SARI01", "sari01"]
            .iter()
            .map(|u| subscriptions::create(&app.app.bus, spec(u), &meta)),
    )
    .await;
    let created = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(created, 1, "{results:?}");
    assert_eq!(
        app.count("select count(*) from events where event_type = 'SubscriptionCreated'")
            .await,
        1
    );
}

#[tokio::test]
async fn cancelling_stops_billing_and_removes_the_secret() {
    let clock = ManualClock::starting_at(at(2027, 1, 10, 2));
    let (app, sim) = app_with_router_using(clock.clone(), |_| {}).await;
    let token = app.root_token().await;
    let loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M").await;
    let meta = Metadata::system("test");
    let customer = customer_at(&app, &loc, "Andi", "081299990000").await;
    let spec = pppoe(&customer, &loc, "andi01", dec!(100000), clock.now(), false);
    let (sub, _) = subscriptions::create(&app.app.bus, spec, &meta)
        .await
        .unwrap();
    assert!(
        eventually(Duration::from_secs(15), || async {
            secret(&sim, "andi01").is_some()
        })
        .await
    );
    sim.ppp_connect("andi01", "10.10.0.7").unwrap();
    subscriptions::cancel(&app.app.bus, &sub, "moved away", &meta)
        .await
        .unwrap();
    let gone = eventually(Duration::from_secs(15), || async {
        secret(&sim, "andi01").is_none() && sim.rows("/ppp/active").is_empty()
    })
    .await;
    assert!(gone, "secret removed and session ended");
    assert!(status_is(&app, &sub, "CANCELLED").await);
    clock.set(at(2027, 2, 8, 2));
    run(&app, "billing_invoices").await;
    assert_eq!(
        app.count("select count(*) from rm_invoices").await,
        0,
        "no invoice for a cancelled subscription"
    );
}

#[tokio::test]
async fn router_sync_reports_ppp_profiles_imported_once_then_unchanged_then_updated() {
    let clock = ManualClock::starting_at(Utc::now());
    let (app, sim) = app_with_router_using(clock, |_| {}).await;
    let token = app.root_token().await;
    let _loc = location_at(&app, &token, &sim).await;
    add_ppp_profile(&sim, "10M").await;

    let first = run(&app, "router_sync").await;
    assert!(
        first.contains("1 ppp imported, 0 ppp updated, 0 ppp unchanged"),
        "{first}"
    );
    let again = run(&app, "router_sync").await;
    assert!(
        again.contains("0 ppp imported, 0 ppp updated, 1 ppp unchanged"),
        "{again}"
    );

    let config = RouterConfig::new(sim.addr().ip().to_string(), "admin", ROUTER_PASSWORD)
        .with_port(sim.addr().port());
    let conn = Connection::connect(&config).await.unwrap();
    let id = sim
        .rows("/ppp/profile")
        .into_iter()
        .find(|p| p.get("name").map(String::as_str) == Some("10M"))
        .and_then(|p| p.get(".id").cloned())
        .unwrap();
    conn.call(
        Command::new("/ppp/profile/set")
            .attr(".id", id)
            .attr("rate-limit", "20M/20M"),
    )
    .await
    .unwrap();
    let changed = run(&app, "router_sync").await;
    assert!(
        changed.contains("0 ppp imported, 1 ppp updated, 0 ppp unchanged"),
        "{changed}"
    );
}
