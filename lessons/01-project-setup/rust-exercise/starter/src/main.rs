use project_setup_exercise::Config;
use std::collections::HashMap;

fn main() {
    // A fixed environment, so the output is the same everywhere; a real service calls Config::from_env().
    let env: HashMap<&str, &str> = HashMap::from([
        ("APP_PORT", "3000"),
        ("APP_LOG", "DEBUG"),
        ("DATABASE_URL", "postgres://localhost/app"),
    ]);
    match Config::from_lookup(|key| env.get(key).map(|v| v.to_string())) {
        Ok(config) => {
            println!("listening on port {}, log level {:?}", config.port, config.log_level)
        }
        Err(error) => println!("refusing to start: {error}"),
    }
    let broken: HashMap<&str, &str> = HashMap::from([("APP_PORT", "eighty")]);
    match Config::from_lookup(|key| broken.get(key).map(|v| v.to_string())) {
        Ok(config) => println!("started with {config:?}"),
        Err(error) => println!("refusing to start: {error}"),
    }
}
