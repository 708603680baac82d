use project_setup_exercise::{Config, ConfigError, LogLevel};
use std::collections::HashMap;

fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> =
        vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(|key| map.get(key).cloned())
}

#[test]
fn reads_every_variable() {
    let got =
        load(&[("APP_PORT", "3000"), ("APP_LOG", "warn"), ("DATABASE_URL", "postgres://db/app")]);
    let want =
        Config { port: 3000, log_level: LogLevel::Warn, database_url: "postgres://db/app".into() };
    assert_eq!(got, Ok(want), "APP_PORT, APP_LOG and DATABASE_URL must all be read");
    let got = load(&[("APP_LOG", "ERROR"), ("DATABASE_URL", "x")]).map(|c| c.log_level);
    assert_eq!(
        got,
        Ok(LogLevel::Error),
        "APP_LOG is case-insensitive: ERROR means LogLevel::Error"
    );
}

#[test]
fn applies_defaults() {
    let got = load(&[("DATABASE_URL", "postgres://db/app")]);
    let want =
        Config { port: 8080, log_level: LogLevel::Info, database_url: "postgres://db/app".into() };
    assert_eq!(
        got,
        Ok(want),
        "without APP_PORT and APP_LOG the defaults are port 8080 and LogLevel::Info"
    );
}

#[test]
fn a_missing_database_url_is_refused() {
    assert_eq!(load(&[]), Err(ConfigError::Missing("DATABASE_URL")), "DATABASE_URL is required");
    assert_eq!(
        load(&[("DATABASE_URL", "")]),
        Err(ConfigError::Missing("DATABASE_URL")),
        "an empty DATABASE_URL counts as missing"
    );
}

#[test]
fn invalid_values_are_refused_not_replaced_by_defaults() {
    for port in ["eighty", "0", "70000", ""] {
        assert_eq!(
            load(&[("APP_PORT", port), ("DATABASE_URL", "x")]),
            Err(ConfigError::Invalid { key: "APP_PORT", value: port.into() }),
            "APP_PORT={port:?} must be refused with ConfigError::Invalid, not replaced by 8080"
        );
    }
    assert_eq!(
        load(&[("APP_LOG", "loud"), ("DATABASE_URL", "x")]),
        Err(ConfigError::Invalid { key: "APP_LOG", value: "loud".into() }),
        "APP_LOG=loud must be refused with ConfigError::Invalid"
    );
}

#[test]
fn the_error_message_names_the_variable() {
    let message = load(&[("APP_PORT", "eighty"), ("DATABASE_URL", "x")]).map_err(|e| e.to_string());
    assert_eq!(
        message,
        Err("APP_PORT=\"eighty\" is not valid".to_string()),
        "the message names the variable and its value"
    );
}
