//! A service's configuration, read once at start-up from environment variables, with a typed
//! error that names the variable at fault.
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `APP_PORT`: 1 to 65535, default 8080.
    pub port: u16,
    /// `APP_LOG`: `debug`, `info`, `warn` or `error` (any case), default `info`.
    pub log_level: LogLevel,
    /// `DATABASE_URL`: required, must not be empty.
    pub database_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A required variable is not set (or is empty).
    Missing(&'static str),
    /// A variable is set to a value we cannot use.
    Invalid { key: &'static str, value: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing(key) => write!(f, "{key} is not set"),
            ConfigError::Invalid { key, value } => write!(f, "{key}={value:?} is not valid"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the configuration through `lookup` (a variable's value, or `None` when unset), so
    /// tests can pass a map instead of changing the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        // TODO: read APP_PORT, APP_LOG and DATABASE_URL through lookup, apply the defaults, and
        // return the right ConfigError for a missing or invalid value.
        let _ = lookup;
        Ok(Config { port: 0, log_level: LogLevel::Info, database_url: String::new() })
    }

    /// The real thing: the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }
}
