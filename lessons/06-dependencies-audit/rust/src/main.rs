//! Audits this very package's Cargo.lock (cargo writes it on the first build) against a few
//! made-up advisories, then a sample lockfile that does contain a vulnerable version.
//! Real advisories: the RustSec database, via `cargo install cargo-audit && cargo audit`.

use dep_audit::{audit, parse_lockfile, Advisory};

const ADVISORIES: &[Advisory] = &[
    Advisory {
        id: "WB-2026-0001",
        package: "acme-http",
        vulnerable: ">=0.2.0, <0.3.2",
        title: "request smuggling",
    },
    Advisory {
        id: "WB-2026-0002",
        package: "itoa",
        vulnerable: "<1.0.0",
        title: "made up for this demo",
    },
];

const SAMPLE_LOCK: &str = r#"
[[package]]
name = "acme-http"
version = "0.3.1"

[[package]]
name = "itoa"
version = "1.0.1"
"#;

fn main() {
    let own_lock = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock");
    match std::fs::read_to_string(own_lock) {
        Ok(text) => report("this package's Cargo.lock", &text),
        Err(e) => println!("no Cargo.lock yet ({e}); run `cargo build` once"),
    }
    report("the sample lockfile", SAMPLE_LOCK);
}

fn report(what: &str, lockfile: &str) {
    let locked = parse_lockfile(lockfile);
    let findings = audit(&locked, ADVISORIES);
    println!("{what}: {} packages, {} advisories matched", locked.len(), findings.len());
    for f in &findings {
        let title = ADVISORIES.iter().find(|a| a.id == f.advisory).map_or("", |a| a.title);
        println!("  {} {} {}: {title}", f.advisory, f.package, f.version);
    }
    #[cfg(feature = "json")]
    println!("  json: {}", dep_audit::findings_to_json(&findings));
}
