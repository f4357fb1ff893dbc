//! The public GraphQL contract: the SDL is pinned by an insta snapshot, and
//! `docs/schema.graphql` must be exactly the current SDL. Regenerate the file with
//! `UPDATE_SCHEMA=1 cargo test --test api schema::`.

use std::path::PathBuf;

use tagih_graphql::schema::sdl;

fn docs_schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schema.graphql")
}

#[test]
fn the_sdl_matches_its_snapshot() {
    let sdl = sdl();
    insta::assert_snapshot!("schema", sdl);
}

#[test]
fn docs_schema_graphql_is_exactly_the_current_sdl() {
    let sdl = sdl();
    let path = docs_schema();
    if std::env::var("UPDATE_SCHEMA").as_deref() == Ok("1") {
        std::fs::write(&path, &sdl)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run `UPDATE_SCHEMA=1 cargo test --test api schema::`",
            path.display()
        )
    });
    if on_disk != sdl {
        let first_difference = on_disk
            .lines()
            .zip(sdl.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "one is a prefix of the other".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!(
            "docs/schema.graphql is out of date ({first_difference}); run `UPDATE_SCHEMA=1 cargo test --test api schema::`"
        );
    }
    // The contract the issue names is in it.
    for field in [
        "login(",
        "createLocation(",
        "generateVouchers(",
        "history(",
        "stateAt(",
        "eventLog(",
        "vouchersChanged(",
    ] {
        assert!(sdl.contains(field), "the SDL lacks {field}");
    }
}
