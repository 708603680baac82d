//! The library half of the package: everything worth testing lives here.

/// Facts baked in at compile time by Cargo; handy for a `/version` endpoint or a startup log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    pub name: &'static str,
    pub version: &'static str,
    /// `debug` or `release`: `debug_assertions` is on in the dev profile and off in release.
    pub profile: &'static str,
    /// The features this binary was compiled with. Printing them at startup saves guesswork.
    pub features: Vec<&'static str>,
}

pub fn build_info() -> BuildInfo {
    let mut features = Vec::new();
    // `cfg!` is a compile-time constant: the branch not taken is optimised away.
    if cfg!(feature = "admin") {
        features.push("admin");
    }
    BuildInfo {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        profile: if cfg!(debug_assertions) { "debug" } else { "release" },
        features,
    }
}

/// The routes this build serves. The admin ones do not exist at all unless the feature is on:
/// not hidden behind a runtime flag, but absent from the binary.
pub fn routes() -> Vec<&'static str> {
    let mut routes = vec!["GET /health", "GET /version"];
    routes.extend(admin::routes());
    routes
}

// `#[cfg]` removes the whole item from compilation. Two modules with the same name and API, one
// per feature state, keep the call site above free of `#[cfg]` noise.
#[cfg(feature = "admin")]
mod admin {
    pub fn routes() -> Vec<&'static str> {
        vec!["GET /admin/config", "POST /admin/cache/flush"]
    }
}

#[cfg(not(feature = "admin"))]
mod admin {
    pub fn routes() -> Vec<&'static str> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_info_comes_from_cargo_toml() {
        let info = build_info();
        assert_eq!(info.name, "project-setup");
        assert_eq!(info.version, "0.1.0");
    }

    #[test]
    fn public_routes_are_always_there() {
        assert!(routes().contains(&"GET /health"));
    }

    // Exactly one of the next two tests is compiled in, depending on how `cargo test` was invoked.
    #[cfg(not(feature = "admin"))]
    #[test]
    fn default_build_has_no_admin_routes() {
        assert!(routes().iter().all(|r| !r.contains("/admin")));
        assert!(build_info().features.is_empty());
    }

    #[cfg(feature = "admin")]
    #[test]
    fn admin_feature_adds_admin_routes() {
        assert!(routes().contains(&"GET /admin/config"));
        assert_eq!(build_info().features, vec!["admin"]);
    }
}
