//! Library errors are typed (thiserror); the application adds context (anyhow); the HTTP edge maps
//! each typed error to a status code with an exhaustive `match`. No downcasting in circles.

use std::collections::HashMap;

use thiserror::Error;

/// What our storage layer can report. It stands in for a database driver's error type (the
/// article used `sqlx::Error`); the lesson does not need a database to make the point.
#[derive(Debug, Error)]
pub enum RepoError {
    #[error("no row matched")]
    NotFound,
    #[error("query timed out after {after_ms} ms")]
    Timeout { after_ms: u64 },
    #[error("row is corrupt: {0}")]
    Corrupt(String),
}

/// What the user service can report. Each variant means something to a caller.
#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("user {id} not found")]
    NotFound { id: u32 },
    // `#[source]` keeps the cause reachable through `Error::source()`, and the message does not
    // repeat it. The article's `"Database query failed: {0}"` with `#[from]` printed the cause
    // twice whenever the whole chain was shown.
    #[error("user store unavailable")]
    Unavailable(#[source] RepoError),
    #[error("user store failed")]
    Internal(#[source] RepoError),
}

pub struct FakeRepo {
    pub users: HashMap<u32, String>,
    pub failure: Option<fn() -> RepoError>, // simulate an outage when set
}

impl FakeRepo {
    fn find_name(&self, id: u32) -> Result<String, RepoError> {
        if let Some(fail) = self.failure {
            return Err(fail());
        }
        self.users.get(&id).cloned().ok_or(RepoError::NotFound)
    }
}

/// Library code returns its own error type, never `anyhow::Error`, so callers can tell
/// "not found" from "database down" with a `match` instead of guessing with downcasts.
pub fn fetch_user(repo: &FakeRepo, id: u32) -> Result<String, ServiceError> {
    if id == 0 {
        return Err(ServiceError::InvalidInput("user id must be positive".into()));
    }
    // Classify the storage error once, here, where we know what it means for this operation.
    repo.find_name(id).map_err(|e| match e {
        RepoError::NotFound => ServiceError::NotFound { id },
        RepoError::Timeout { .. } => ServiceError::Unavailable(e),
        RepoError::Corrupt(_) => ServiceError::Internal(e),
    })
}

/// The HTTP edge. The `match` is exhaustive: add a variant and this stops compiling until you
/// decide its status code. Server-side details stay in the logs, not in the client's response.
pub fn to_http(err: &ServiceError) -> (u16, String) {
    match err {
        ServiceError::InvalidInput(msg) => (400, msg.clone()),
        ServiceError::NotFound { .. } => (404, err.to_string()),
        ServiceError::Unavailable(_) => (503, "temporarily unavailable, please retry".into()),
        ServiceError::Internal(_) => (500, "internal error".into()),
    }
}

/// Application code (a batch job, `main`) just needs to fail with a good message: anyhow, plus
/// context that says what we were doing. `?` converts any `std::error::Error` into anyhow's.
pub fn nightly_report(repo: &FakeRepo, ids: &[u32]) -> anyhow::Result<String> {
    use anyhow::Context;
    let mut names = Vec::new();
    for &id in ids {
        let name = fetch_user(repo, id)
            .with_context(|| format!("loading user {id} for the nightly report"))?;
        names.push(name);
    }
    Ok(names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(failure: Option<fn() -> RepoError>) -> FakeRepo {
        FakeRepo {
            users: HashMap::from([(1, "Ada".to_string()), (2, "Grace".to_string())]),
            failure,
        }
    }

    #[test]
    fn each_failure_maps_to_its_status_code() {
        let status = |r: &FakeRepo, id| to_http(&fetch_user(r, id).unwrap_err()).0;
        assert_eq!(status(&repo(None), 0), 400);
        assert_eq!(status(&repo(None), 9), 404);
        assert_eq!(status(&repo(Some(|| RepoError::Timeout { after_ms: 500 })), 1), 503);
        assert_eq!(status(&repo(Some(|| RepoError::Corrupt("bad utf-8".into()))), 1), 500);
        assert_eq!(fetch_user(&repo(None), 1).unwrap(), "Ada");
    }

    #[test]
    fn server_errors_do_not_leak_internals() {
        let err = fetch_user(&repo(Some(|| RepoError::Corrupt("secret table x".into()))), 1);
        let (_, body) = to_http(&err.unwrap_err());
        assert!(!body.contains("secret"), "{body}");
    }

    #[test]
    fn context_builds_a_readable_chain() {
        let failing = repo(Some(|| RepoError::Timeout { after_ms: 500 }));
        let err = nightly_report(&failing, &[1, 2]).unwrap_err();
        // `{:#}` prints the whole chain on one line, outermost first; each cause appears once.
        assert_eq!(
            format!("{err:#}"),
            "loading user 1 for the nightly report: user store unavailable: query timed out after 500 ms"
        );
        assert_eq!(err.chain().count(), 3);
        // When code *does* need the cause, ask for it; no panicking `downcast().unwrap()`.
        let root = err.root_cause().downcast_ref::<RepoError>();
        assert!(matches!(root, Some(RepoError::Timeout { after_ms: 500 })));
        assert!(matches!(err.downcast_ref::<ServiceError>(), Some(ServiceError::Unavailable(_))));
    }

    #[test]
    fn report_succeeds_when_every_user_loads() {
        assert_eq!(nightly_report(&repo(None), &[2, 1]).unwrap(), "Grace, Ada");
    }
}
