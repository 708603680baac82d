//! Least privilege for configuration: read only the variables the service needs, keep secrets in
//! a type that will not print them, and give the service a database role that can do only what
//! it must (for a search: `GRANT SELECT ON users TO search_app;`). Then even a successful
//! injection cannot `DROP TABLE`, and a leaked log line does not contain the password.

use std::fmt;

/// A value that must not appear in logs. `Debug` prints a placeholder and there is no `Display`,
/// so `{:?}` of a whole config is safe to log, and this does not compile:
///
/// ```compile_fail,E0277
/// let password = security::secret::Secret::new("hunter2".to_string());
/// println!("connecting with {}", password);
/// ```
#[derive(Clone, PartialEq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The one way to read it: greppable, so every use can be reviewed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[derive(Debug)]
pub struct DbConfig {
    pub user: String,
    pub password: Secret,
}

#[derive(Debug, PartialEq)]
pub enum ConfigError {
    Missing(&'static str),
}

impl DbConfig {
    /// Takes a lookup function instead of reading the process environment directly, so tests
    /// pass a map and never have to mutate global state. In `main`: `|k| std::env::var(k).ok()`.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<DbConfig, ConfigError> {
        let get = |key: &'static str| {
            lookup(key).filter(|v| !v.is_empty()).ok_or(ConfigError::Missing(key))
        };
        Ok(DbConfig {
            user: get("SEARCH_DB_USER")?,
            password: Secret::new(get("SEARCH_DB_PASSWORD")?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn debug_output_never_contains_the_password() {
        let config = DbConfig::from_env(env(&[
            ("SEARCH_DB_USER", "search_app"),
            ("SEARCH_DB_PASSWORD", "hunter2"),
        ]))
        .unwrap();
        let logged = format!("{config:?}");
        assert!(!logged.contains("hunter2"), "{logged}");
        assert!(logged.contains("search_app") && logged.contains("redacted"));
        assert_eq!(config.password.expose(), "hunter2");
    }

    #[test]
    fn a_missing_or_empty_secret_is_an_error_not_a_default() {
        assert_eq!(
            DbConfig::from_env(env(&[("SEARCH_DB_USER", "search_app")])).unwrap_err(),
            ConfigError::Missing("SEARCH_DB_PASSWORD")
        );
        let empty = env(&[("SEARCH_DB_USER", "search_app"), ("SEARCH_DB_PASSWORD", "")]);
        assert!(DbConfig::from_env(empty).is_err());
    }
}
