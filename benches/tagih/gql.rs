//! The GraphQL client the phases share (login, one call, the setup mutations) and the
//! operations the bench sends.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::{ADMIN_PASSWORD, ADMIN_USER};

const UPSERT_PROFILE: &str = "mutation($l:String!,$n:String!,$p:Decimal!){ upsertVoucherProfile(input:{locationId:$l, name:$n, priceSell:$p, priceCost:\"500\", validity:\"1d\"}) { id priceSell } }";
pub const GENERATE_FULL: &str = "mutation($l:String!,$p:String!,$c:Int!){ generateVouchers(input:{locationId:$l, profile:$p, count:$c, prefix:\"B\", codeLength:8, charset:MIXED}) { id count vouchers { code password } } }";
/// Log growth only needs the events, not 10,000 codes sent back each time.
pub const GENERATE_SLIM: &str = "mutation($l:String!,$p:String!,$c:Int!){ generateVouchers(input:{locationId:$l, profile:$p, count:$c, prefix:\"G\", codeLength:10, charset:MIXED}) { count } }";
pub const VOUCHER_PAGE: &str =
    "query($l:String!){ vouchers(locationId:$l, first:20) { nodes { code status } } }";

#[derive(Clone)]
pub struct Gql {
    http: reqwest::Client,
    url: String,
    token: Option<Arc<str>>,
}

impl Gql {
    /// Posts one operation; the `data` object, or an error carrying the GraphQL errors.
    pub async fn call(&self, query: &str, variables: Value) -> Result<Value> {
        let mut req = self
            .http
            .post(&self.url)
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.context("request failed")?;
        let status = resp.status();
        let body: Value = resp
            .json()
            .await
            .with_context(|| format!("HTTP {status}: response is not JSON"))?;
        if let Some(errors) = body.get("errors").filter(|e| !e.is_null()) {
            let mut text = errors.to_string();
            text.truncate(400);
            bail!("GraphQL error: {text}");
        }
        Ok(body.get("data").cloned().unwrap_or(Value::Null))
    }

    pub async fn login(http: &reqwest::Client, base: &str) -> Result<Gql> {
        let anon = Gql {
            http: http.clone(),
            url: format!("{base}/graphql"),
            token: None,
        };
        let data = anon
            .call(
                "mutation($u:String!,$p:String!){ login(username:$u, password:$p) { token } }",
                json!({"u": ADMIN_USER, "p": ADMIN_PASSWORD}),
            )
            .await
            .context("logging in as the bootstrap admin")?;
        let token = data["login"]["token"]
            .as_str()
            .context("login returned no token")?;
        let gql = Gql {
            token: Some(token.into()),
            ..anon
        };
        gql.wait_authenticated().await?;
        Ok(gql)
    }

    /// A token is checked against the read model, which may still lag the login when
    /// projectors are held back (see `Interference`): wait until the server accepts it.
    async fn wait_authenticated(&self) -> Result<()> {
        let started = Instant::now();
        loop {
            match self.call("query { me { id } }", json!({})).await {
                Ok(_) => return Ok(()),
                Err(e) if started.elapsed() > Duration::from_secs(30) => {
                    return Err(e.context("the login token was still refused after 30 s"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    pub async fn create_location(&self, name: &str) -> Result<String> {
        let data = self
            .call(
                "mutation($n:String!){ createLocation(input:{name:$n, host:\"10.0.0.1\", username:\"api\", password:\"router-pass\", hotspotServer:\"hs1\"}) { id } }",
                json!({"n": name}),
            )
            .await
            .with_context(|| format!("createLocation {name}"))?;
        Ok(data["createLocation"]["id"]
            .as_str()
            .context("createLocation returned no id")?
            .to_string())
    }

    pub async fn upsert_profile(&self, location: &str, name: &str, price: u64) -> Result<()> {
        self.call(
            UPSERT_PROFILE,
            json!({"l": location, "n": name, "p": price.to_string()}),
        )
        .await
        .map(|_| ())
    }
}
