//! The GraphQL SDL is a public contract: the checked-in copy must match the code.

#[test]
fn sdl_matches_checked_in_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/graphql/schema.graphql");
    let current = orrery::graphql::sdl();
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if current != checked_in {
        if std::env::var_os("ORRERY_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &current).unwrap();
            return;
        }
        panic!(
            "the GraphQL schema changed; review the difference and update the contract with\n  \
             cargo run -- export-schema --output src/graphql/schema.graphql\n(or ORRERY_UPDATE_SCHEMA=1 cargo test --test api schema)"
        );
    }
}
