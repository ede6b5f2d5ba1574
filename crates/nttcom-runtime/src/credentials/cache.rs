//! The token cache behind both exchanges: renews ahead of expiry, and never
//! runs more than one exchange at a time however many requests wait.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::Token;
use super::exchange::Failure;
use crate::Error;

/// How long before expiry a token is renewed, at most; a token that lives
/// shorter is renewed at half its life.
const RENEW_AHEAD: Duration = Duration::from_secs(120);

/// Longest lifetime believed, so that no answer can overflow a deadline.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// A token fresh from an exchange and how long the issuer says it lasts.
pub(crate) struct Issued {
    pub token: Token,
    pub lifetime: Duration,
}

#[derive(Default)]
pub(crate) struct TokenCache {
    state: Mutex<State>,
    /// Held for the whole exchange: whoever holds it is the one renewing.
    renewal: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    current: Option<Cached>,
    /// Exchanges finished so far, to tell whether one finished while we waited.
    finished: u64,
    /// The outcome of the last finished exchange: what callers that waited for
    /// it receive, even a token that lives too short to be cached.
    last: Option<Result<Token, Failure>>,
}

struct Cached {
    token: Token,
    renew_at: Instant,
    expires_at: Instant,
}

enum Lookup {
    Fresh(Token),
    /// Due for renewal but still accepted by the service.
    Ageing(Token),
    Missing,
}

impl TokenCache {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lookup(&self) -> (Lookup, u64) {
        let state = self.state();
        let now = Instant::now();
        let lookup = match &state.current {
            Some(c) if now < c.renew_at => Lookup::Fresh(c.token.clone()),
            Some(c) if now < c.expires_at => Lookup::Ageing(c.token.clone()),
            _ => Lookup::Missing,
        };
        (lookup, state.finished)
    }

    /// The cached token, or one from `exchange` when it is missing or due.
    ///
    /// While a token is due but not yet expired, one caller renews it and the
    /// others keep sending it; once it has expired, everyone waits for the
    /// single exchange in flight and shares its token or its error.
    pub(crate) async fn get<F, Fut>(&self, exchange: F) -> Result<Token, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, Failure>>,
    {
        let (lookup, seen) = self.lookup();
        match lookup {
            Lookup::Fresh(token) => Ok(token),
            Lookup::Ageing(token) => {
                let Ok(_renewing) = self.renewal.try_lock() else {
                    return Ok(token);
                };
                if let (Lookup::Fresh(renewed), _) = self.lookup() {
                    return Ok(renewed);
                }
                // The current token still works: a failed renewal is retried
                // by a later request rather than failing this one.
                Ok(self.renew(exchange).await.unwrap_or(token))
            }
            Lookup::Missing => {
                let _renewing = self.renewal.lock().await;
                if let Some(outcome) = self.finished_since(seen) {
                    return outcome.map_err(Error::from);
                }
                match self.lookup().0 {
                    Lookup::Fresh(token) | Lookup::Ageing(token) => Ok(token),
                    Lookup::Missing => self.renew(exchange).await.map_err(Error::from),
                }
            }
        }
    }

    /// The outcome of an exchange that finished after the caller looked.
    fn finished_since(&self, seen: u64) -> Option<Result<Token, Failure>> {
        let state = self.state();
        if state.finished > seen {
            state.last.clone()
        } else {
            None
        }
    }

    /// Runs one exchange; the caller holds `renewal`.
    async fn renew<F, Fut>(&self, exchange: F) -> Result<Token, Failure>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, Failure>>,
    {
        // Lifetimes count from when the request left, not when the answer came.
        let started = Instant::now();
        let outcome = exchange().await.map(|Issued { token, lifetime }| {
            let lifetime = lifetime.min(MAX_LIFETIME);
            let expires_at = started + lifetime;
            let cached = Cached {
                token: token.clone(),
                renew_at: expires_at - RENEW_AHEAD.min(lifetime / 2),
                expires_at,
            };
            (token, cached)
        });
        let mut state = self.state();
        let outcome = match outcome {
            Ok((token, cached)) => {
                state.current = Some(cached);
                Ok(token)
            }
            Err(failure) => Err(failure),
        };
        state.finished += 1;
        state.last = Some(outcome.clone());
        outcome
    }

    /// Forgets `token` if it is still the cached one, so that the next
    /// [`get`](Self::get) exchanges anew. Later refusals of the same token
    /// (other requests that carried it) find it gone and change nothing.
    pub(crate) fn refused(&self, token: &Token) -> bool {
        let mut state = self.state();
        if state.current.as_ref().is_some_and(|c| c.token == *token) {
            state.current = None;
        }
        if matches!(&state.last, Some(Ok(last)) if last == token) {
            state.last = None;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::sync::Semaphore;

    use super::*;
    use crate::credentials::exchange::{Attempt, Kind};

    fn failure(reason: &str) -> Failure {
        let url = reqwest::Url::parse("http://127.0.0.1/token").unwrap();
        let attempt = Attempt {
            kind: Kind::ClientCredentials,
            url: &url,
            secrets: &[],
        };
        attempt.fail(None, reason)
    }

    /// Starts `callers` tasks that all ask `cache` for a token while the one
    /// exchange is held until `release` fires; returns what each got and how
    /// many exchanges ran.
    async fn gated(
        cache: Arc<TokenCache>,
        callers: usize,
        outcome: Result<(&'static str, Duration), &'static str>,
    ) -> (Vec<Result<Token, Error>>, usize) {
        let release = Arc::new(Semaphore::new(0));
        let exchanges = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..callers {
            let (cache, release, exchanges) = (
                Arc::clone(&cache),
                Arc::clone(&release),
                Arc::clone(&exchanges),
            );
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async move {
                        exchanges.fetch_add(1, Ordering::SeqCst);
                        let _ = release.acquire().await;
                        match outcome {
                            Ok((token, lifetime)) => Ok(Issued {
                                token: Token::new(token),
                                lifetime,
                            }),
                            Err(reason) => Err(failure(reason)),
                        }
                    })
                    .await
            }));
        }
        // On this single-threaded runtime, yielding lets every task run up to
        // its wait: one inside the exchange, the others on the lock.
        for _ in 0..callers * 4 {
            tokio::task::yield_now().await;
        }
        release.add_permits(callers);
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        (results, exchanges.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn waiters_share_one_failed_exchange() {
        let cache = Arc::new(TokenCache::default());
        let (results, exchanges) = gated(Arc::clone(&cache), 20, Err("gateway down")).await;
        assert_eq!(exchanges, 1);
        for result in results {
            let error = result.unwrap_err().to_string();
            assert!(error.contains("gateway down"), "{error}");
        }
        // A later caller tries again rather than inheriting the old failure.
        let token = cache
            .get(|| async {
                Ok(Issued {
                    token: Token::new("later"),
                    lifetime: Duration::from_secs(60),
                })
            })
            .await
            .unwrap();
        assert_eq!(token.expose(), "later");
    }

    #[tokio::test]
    async fn waiters_share_a_token_even_one_too_short_lived_to_cache() {
        let cache = Arc::new(TokenCache::default());
        let (results, exchanges) = gated(cache, 20, Ok(("brief", Duration::ZERO))).await;
        assert_eq!(exchanges, 1);
        assert!(results.into_iter().all(|r| r.unwrap().expose() == "brief"));
    }

    #[tokio::test]
    async fn a_refused_token_is_forgotten_once() {
        let cache = TokenCache::default();
        let exchanges = AtomicUsize::new(0);
        let get = || {
            cache.get(|| async {
                let n = exchanges.fetch_add(1, Ordering::SeqCst);
                Ok(Issued {
                    token: Token::new(format!("token-{n}")),
                    lifetime: Duration::from_secs(3600),
                })
            })
        };
        let first = get().await.unwrap();
        assert_eq!(get().await.unwrap(), first);
        assert!(cache.refused(&first));
        let second = get().await.unwrap();
        assert_ne!(second, first);
        // A straggler refusing the old token does not discard the new one.
        assert!(cache.refused(&first));
        assert_eq!(get().await.unwrap(), second);
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn absurd_lifetimes_do_not_overflow() {
        let cache = TokenCache::default();
        let token = cache
            .get(|| async {
                Ok(Issued {
                    token: Token::new("forever"),
                    lifetime: Duration::MAX,
                })
            })
            .await
            .unwrap();
        assert_eq!(token.expose(), "forever");
    }
}
