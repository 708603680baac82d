use security_exercise::{build_query, parse_search};

fn main() {
    for (q, limit) in [
        (Some("ada"), None),
        (Some("' OR '1'='1"), Some("5")),
        (Some("50%_off"), None),
        (Some("  "), None),
        (Some("ada"), Some("1000")),
    ] {
        match parse_search(q, limit) {
            Ok(search) => {
                let (sql, params) = build_query(&search);
                println!("{q:?} -> {sql}  params={params:?}");
            }
            Err(e) => println!("{q:?} limit={limit:?} -> 400 {e}"),
        }
    }
}
