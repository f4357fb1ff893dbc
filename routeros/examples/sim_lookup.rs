//! The router bench's "simulator at 100k rows" section on its own:
//! `cargo run --release -p tagih-routeros --example sim_lookup`, with
//! `ROUTER_BENCH_LOOKUPS` lookups per size (default 1000). The bench
//! (`scripts/bench`, `benches/router`) runs the same file; this build needs only the
//! routeros crate, where a release build of the bench compiles the whole workspace.

#[path = "../../benches/router/lookup.rs"]
mod lookup;

#[tokio::main]
async fn main() -> Result<(), String> {
    let lookups = std::env::var("ROUTER_BENCH_LOOKUPS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1_000);
    let mut results = Vec::new();
    for users in lookup::SIZES {
        let result = lookup::measure(users, lookups).await?;
        println!("{result:?}");
        results.push(result);
    }
    println!("\n{}", lookup::table(&results));
    Ok(())
}
