use security::{html, secret::DbConfig, sql, Search};

fn main() {
    let attack = "' OR '1'='1";
    println!("concatenated: {}", sql::search_users_by_concatenation(attack, "10"));
    let query = sql::search_users(&Search::parse(Some(attack), None).expect("valid input"));
    println!("parameterised: {}  with {:?}", query.sql, query.params);

    println!("limit=500 -> {:?}", Search::parse(Some("ada"), Some("500")));
    println!("html: {}", html::render_results("<script>alert(1)</script>", &["O'Brien"]));

    // Reads the two variables it needs and nothing else. Try:
    //   SEARCH_DB_USER=search_app SEARCH_DB_PASSWORD=hunter2 cargo run
    match DbConfig::from_env(|k| std::env::var(k).ok()) {
        Ok(config) => println!("config: {config:?}"),
        Err(e) => println!("config: {e:?} (the service would refuse to start)"),
    }
}
