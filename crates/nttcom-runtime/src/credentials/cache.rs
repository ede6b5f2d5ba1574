//! The token cache behind both exchanges: renews ahead of expiry, never runs
//! more than one exchange at a time however many requests wait, and does not
//! send refused credentials again for a while.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

// Tokio's clock, which tests can pause; without tokio's `test-util` feature
// it is `std::time::Instant`.
use tokio::time::Instant;

use super::Token;
use super::exchange::Failure;
use crate::Error;

/// How long before expiry a token is renewed, at most; a token that lives
/// shorter is renewed at half its life.
const RENEW_AHEAD: Duration = Duration::from_secs(120);

/// Longest lifetime believed, so that no answer can overflow a deadline.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a refused exchange is remembered unless the builder says
/// otherwise: long enough that a burst of calls sends wrong credentials once,
/// short enough that a fix on the server side is soon noticed.
pub(crate) const DEFAULT_REFUSAL_WINDOW: Duration = Duration::from_secs(30);

/// A token fresh from an exchange and how long the issuer says it lasts.
pub(crate) struct Issued {
    pub token: Token,
    pub lifetime: Duration,
}

pub(crate) struct TokenCache {
    state: Mutex<State>,
    /// Held for the whole exchange: whoever holds it is the one renewing.
    renewal: tokio::sync::Mutex<()>,
    /// How long a refusal is answered from memory; zero for never.
    refusal_window: Duration,
}

impl Default for TokenCache {
    fn default() -> Self {
        Self {
            state: Mutex::default(),
            renewal: tokio::sync::Mutex::default(),
            refusal_window: DEFAULT_REFUSAL_WINDOW,
        }
    }
}

#[derive(Default)]
struct State {
    current: Option<Cached>,
    /// Exchanges finished so far, to tell whether one finished while we waited.
    finished: u64,
    /// The outcome of the last finished exchange: what callers that waited for
    /// it receive, even a token that lives too short to be cached.
    last: Option<Result<Token, Failure>>,
    /// The endpoint refused the credentials (401, 403) at this instant. Set
    /// with `finished`, under the same lock, so that no caller can miss both.
    refusal: Option<(Failure, Instant)>,
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
    pub(crate) fn set_refusal_window(&mut self, window: Duration) {
        self.refusal_window = window;
    }

    /// Forgets a remembered refusal: the next caller exchanges again.
    pub(crate) fn clear_refusal(&self) {
        self.state().refusal = None;
    }

    /// The refusal still remembered, told again.
    fn remembered_refusal(&self) -> Option<Failure> {
        let state = self.state();
        let (failure, at) = state.refusal.as_ref()?;
        let age = at.elapsed();
        let left = self.refusal_window.checked_sub(age)?;
        (!left.is_zero()).then(|| failure.remembered(age, left))
    }

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

    /// The cached token while it is not due for renewal: what [`get`](Self::get)
    /// would return at once.
    pub(crate) fn fresh(&self) -> Option<Token> {
        match self.lookup().0 {
            Lookup::Fresh(token) => Some(token),
            _ => None,
        }
    }

    /// The cached token, or one from `exchange` when it is missing or due.
    ///
    /// While a token is due but not yet expired, one caller renews it and the
    /// others keep sending it; once it has expired, everyone waits for the
    /// single exchange in flight and shares its token or its error. While a
    /// refusal is remembered no exchange is sent: a token that still works
    /// is kept, otherwise the refusal is the answer.
    pub(crate) async fn get<F, Fut>(&self, exchange: F) -> Result<Token, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Issued, Failure>>,
    {
        let (lookup, seen) = self.lookup();
        match lookup {
            Lookup::Fresh(token) => Ok(token),
            Lookup::Ageing(token) => {
                if self.remembered_refusal().is_some() {
                    return Ok(token);
                }
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
                if let Some(refusal) = self.remembered_refusal() {
                    tracing::debug!("token exchange refused recently; not sent again");
                    return Err(refusal.into());
                }
                // Whoever finds no refusal now finds the outcome of any
                // exchange that finishes meanwhile in `finished_since`.
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
        state.refusal = None;
        let outcome = match outcome {
            Ok((token, cached)) => {
                state.current = Some(cached);
                Ok(token)
            }
            Err(failure) => {
                if failure.is_refusal() && !self.refusal_window.is_zero() {
                    state.refusal = Some((failure.clone(), Instant::now()));
                }
                Err(failure)
            }
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

    /// What an exchange answers: a token and its lifetime, or a status (none
    /// when no answer came) and a reason.
    type Outcome = Result<(&'static str, Duration), (Option<u16>, &'static str)>;

    fn answer(outcome: Outcome) -> Result<Issued, Failure> {
        match outcome {
            Ok((token, lifetime)) => Ok(Issued {
                token: Token::new(token),
                lifetime,
            }),
            Err((status, reason)) => {
                let url = reqwest::Url::parse("http://127.0.0.1/token").unwrap();
                let attempt = Attempt {
                    kind: Kind::ClientCredentials,
                    url: &url,
                    secrets: &[],
                };
                let status = status.map(|s| reqwest::StatusCode::from_u16(s).unwrap());
                Err(attempt.fail(status, reason))
            }
        }
    }

    /// Asks `cache` for a token; an exchange, if one runs, counts itself in
    /// `exchanges` and answers `outcome`.
    async fn ask(
        cache: &TokenCache,
        exchanges: &AtomicUsize,
        outcome: Outcome,
    ) -> Result<Token, Error> {
        cache
            .get(|| async {
                exchanges.fetch_add(1, Ordering::SeqCst);
                answer(outcome)
            })
            .await
    }

    const REFUSED: Outcome = Err((Some(401), "wrong password"));
    const HOUR: Outcome = Ok(("fresh", Duration::from_secs(3600)));

    /// Starts `callers` tasks that all ask `cache` for a token while the one
    /// exchange is held until `release` fires; returns what each got and how
    /// many exchanges ran.
    async fn gated(
        cache: Arc<TokenCache>,
        callers: usize,
        outcome: Outcome,
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
                        answer(outcome)
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
        let (results, exchanges) = gated(Arc::clone(&cache), 20, Err((None, "gateway down"))).await;
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

    #[tokio::test(start_paused = true)]
    async fn waiters_share_one_refused_exchange_which_is_then_remembered() {
        let cache = Arc::new(TokenCache::default());
        let (results, exchanges) = gated(Arc::clone(&cache), 20, REFUSED).await;
        assert_eq!(exchanges, 1);
        for result in results {
            let error = result.unwrap_err().to_string();
            assert!(error.contains("HTTP 401: wrong password"), "{error}");
        }
        let exchanges = AtomicUsize::new(0);
        tokio::time::advance(Duration::from_secs(10)).await;
        for _ in 0..5 {
            let error = ask(&cache, &exchanges, HOUR).await.unwrap_err();
            match &error {
                Error::TokenExchange {
                    status: Some(401),
                    reason,
                    ..
                } => assert!(
                    reason.starts_with(
                        "wrong password (remembered from 10 s ago, \
                         not sent again for 20 s;"
                    ),
                    "{reason}"
                ),
                other => panic!("expected the remembered refusal, got {other:?}"),
            }
        }
        assert_eq!(exchanges.load(Ordering::SeqCst), 0);
        // Past the window the credentials are tried again.
        tokio::time::advance(Duration::from_secs(20)).await;
        assert_eq!(
            ask(&cache, &exchanges, HOUR).await.unwrap().expose(),
            "fresh"
        );
        assert_eq!(exchanges.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn only_refusals_are_remembered_and_only_within_a_nonzero_window() {
        let exchanges = AtomicUsize::new(0);
        let cache = TokenCache::default();
        for status in [None, Some(400), Some(500), Some(503)] {
            let failure = Err((status, "no luck"));
            ask(&cache, &exchanges, failure).await.unwrap_err();
        }
        assert_eq!(exchanges.load(Ordering::SeqCst), 4, "each one sent");

        for status in [401, 403] {
            let cache = TokenCache::default();
            let exchanges = AtomicUsize::new(0);
            let refused = Err((Some(status), "refused"));
            ask(&cache, &exchanges, refused).await.unwrap_err();
            ask(&cache, &exchanges, HOUR).await.unwrap_err();
            assert_eq!(
                exchanges.load(Ordering::SeqCst),
                1,
                "{status} is remembered"
            );
        }

        let mut cache = TokenCache::default();
        cache.set_refusal_window(Duration::ZERO);
        let exchanges = AtomicUsize::new(0);
        ask(&cache, &exchanges, REFUSED).await.unwrap_err();
        ask(&cache, &exchanges, HOUR).await.unwrap();
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_cleared_refusal_is_forgotten() {
        let cache = TokenCache::default();
        let exchanges = AtomicUsize::new(0);
        ask(&cache, &exchanges, REFUSED).await.unwrap_err();
        cache.clear_refusal();
        ask(&cache, &exchanges, HOUR).await.unwrap();
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }

    /// Advances the paused clock to `at` seconds after `start`.
    async fn at(start: Instant, at: Duration) {
        tokio::time::advance(start + at - Instant::now()).await;
    }

    /// A token that lives `lifetime` is served until just before `due` and
    /// renewed at `due`.
    async fn renewed_exactly_at(lifetime: Duration, due: Duration) {
        let cache = TokenCache::default();
        let exchanges = AtomicUsize::new(0);
        let start = Instant::now();
        ask(&cache, &exchanges, Ok(("first", lifetime)))
            .await
            .unwrap();
        at(start, due - Duration::from_millis(1)).await;
        let token = ask(&cache, &exchanges, HOUR).await.unwrap();
        assert_eq!(token.expose(), "first", "just before {due:?}");
        at(start, due).await;
        let token = ask(&cache, &exchanges, HOUR).await.unwrap();
        assert_eq!(token.expose(), "fresh", "at {due:?}");
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_short_token_is_renewed_at_half_its_life() {
        renewed_exactly_at(Duration::from_secs(10), Duration::from_secs(5)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_long_token_is_renewed_two_minutes_ahead() {
        renewed_exactly_at(Duration::from_secs(3600), Duration::from_secs(3480)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn lifetimes_are_believed_up_to_a_day() {
        let week = Duration::from_secs(7 * 24 * 3600);
        renewed_exactly_at(week, Duration::from_secs(24 * 3600 - 120)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_lifetime_counts_from_when_the_exchange_was_sent() {
        let cache = TokenCache::default();
        let start = Instant::now();
        // The answer takes 3 s to come: the 10 s token is due 5 s after
        // sending, 2 s after it arrived.
        cache
            .get(|| async {
                tokio::time::advance(Duration::from_secs(3)).await;
                answer(Ok(("slow", Duration::from_secs(10))))
            })
            .await
            .unwrap();
        at(start, Duration::from_millis(4_999)).await;
        assert_eq!(
            cache.fresh().map(|t| t.expose().to_owned()).as_deref(),
            Some("slow")
        );
        at(start, Duration::from_secs(5)).await;
        assert!(cache.fresh().is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_is_not_sent_at_its_expiry_instant() {
        let cache = TokenCache::default();
        let exchanges = AtomicUsize::new(0);
        let start = Instant::now();
        ask(&cache, &exchanges, Ok(("first", Duration::from_secs(10))))
            .await
            .unwrap();
        // A refused renewal just before expiry keeps the working token...
        at(start, Duration::from_millis(9_999)).await;
        assert_eq!(
            ask(&cache, &exchanges, REFUSED).await.unwrap().expose(),
            "first"
        );
        // ...but at the expiry instant it is no longer offered.
        at(start, Duration::from_secs(10)).await;
        ask(&cache, &exchanges, HOUR).await.unwrap_err();
    }

    #[tokio::test(start_paused = true)]
    async fn a_working_token_is_kept_while_its_renewal_is_refused() {
        let cache = TokenCache::default();
        let exchanges = AtomicUsize::new(0);
        // Lives 10 s: due for renewal after 5 s.
        let brief = Ok(("brief", Duration::from_secs(10)));
        ask(&cache, &exchanges, brief).await.unwrap();
        tokio::time::advance(Duration::from_secs(6)).await;
        for _ in 0..3 {
            let token = ask(&cache, &exchanges, REFUSED).await.unwrap();
            assert_eq!(token.expose(), "brief");
        }
        assert_eq!(exchanges.load(Ordering::SeqCst), 2, "one renewal tried");
        // Expired, and the refusal still remembered.
        tokio::time::advance(Duration::from_secs(5)).await;
        ask(&cache, &exchanges, HOUR).await.unwrap_err();
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }
}
