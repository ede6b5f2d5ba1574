use std::collections::VecDeque;
use std::error::Error as _;
use std::io;
use std::sync::{Arc, Mutex};

use super::*;

const SECOND: Duration = Duration::from_secs(1);

/// A fake resource that gives its scripted answers in turn (the last one
/// over and over) and records when each poll came, from the wait's start.
#[derive(Clone)]
struct Fake {
    script: Arc<Mutex<VecDeque<Result<&'static str, u16>>>>,
    polls: Arc<Mutex<Vec<Duration>>>,
    start: Instant,
}

impl Fake {
    fn new(script: &[Result<&'static str, u16>]) -> Self {
        Self {
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            polls: Arc::default(),
            start: Instant::now(),
        }
    }

    /// One poll: a status, or an HTTP error status.
    fn poll(&self) -> impl Future<Output = Result<&'static str, u16>> + use<> {
        self.polls.lock().unwrap().push(self.start.elapsed());
        let mut script = self.script.lock().unwrap();
        let answer = if script.len() > 1 {
            script.pop_front()
        } else {
            script.front().copied()
        };
        async move { answer.unwrap_or(Err(500)) }
    }

    fn polls(&self) -> Vec<Duration> {
        self.polls.lock().unwrap().clone()
    }

    /// Waits with the classifier of a waiter for `Completed`/`Error`, that
    /// accepts a 404 when `delete` is set.
    async fn wait(
        &self,
        waiter: Waiter,
        delete: bool,
    ) -> Result<Settled<&'static str, u16>, WaitError<&'static str, u16>> {
        waiter
            .wait(
                || self.poll(),
                |answer| match answer {
                    Ok("Completed") => Settle::Done,
                    Ok(failed @ "Error") => Settle::Failed(failed.to_string()),
                    Err(404) if delete => Settle::Done,
                    _ => Settle::Pending,
                },
            )
            .await
    }
}

fn fixed(interval: Duration) -> Waiter {
    Waiter::new().poll_interval(interval).max_interval(interval)
}

#[tokio::test(start_paused = true)]
async fn completes_after_two_processing_answers() {
    let fake = Fake::new(&[Ok("Processing"), Ok("Processing"), Ok("Completed")]);
    let settled = fake.wait(fixed(2 * SECOND), false).await;
    assert_eq!(settled.unwrap(), Settled::Ready("Completed"));
    assert_eq!(fake.polls(), [Duration::ZERO, 2 * SECOND, 4 * SECOND]);
    assert_eq!(fake.start.elapsed(), 4 * SECOND);
}

#[tokio::test(start_paused = true)]
async fn default_timing_polls_at_once_then_backs_off() {
    let fake = Fake::new(&[Ok("Processing"), Ok("Processing"), Ok("Completed")]);
    let settled = fake.wait(Waiter::new(), false).await;
    assert_eq!(settled.unwrap(), Settled::Ready("Completed"));
    let polls = fake.polls();
    assert_eq!(&polls[..2], [Duration::ZERO, 2 * SECOND]);
    // The second wait is drawn from [2 s, 4 s].
    assert!(
        polls[2] >= 4 * SECOND && polls[2] <= 6 * SECOND,
        "{polls:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn initial_delay_comes_before_the_first_poll() {
    let fake = Fake::new(&[Ok("Processing"), Ok("Completed")]);
    let waiter = fixed(SECOND).initial_delay(10 * SECOND);
    fake.wait(waiter, false).await.unwrap();
    assert_eq!(fake.polls(), [10 * SECOND, 11 * SECOND]);
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_is_a_failed_wait() {
    let fake = Fake::new(&[Ok("Processing"), Ok("Error")]);
    match fake.wait(fixed(SECOND), false).await {
        Err(WaitError::Failed { status, last }) => {
            assert_eq!((status.as_str(), last), ("Error", "Error"));
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(fake.polls().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn never_settling_times_out_at_the_deadline() {
    let fake = Fake::new(&[Ok("Processing")]);
    let waiter = Waiter::new()
        .max_wait(60 * SECOND)
        .poll_interval(SECOND)
        .max_interval(7 * SECOND);
    match fake.wait(waiter, false).await {
        Err(WaitError::TimedOut { waited, last }) => {
            assert_eq!(waited, 60 * SECOND);
            assert_eq!(last, "Processing");
        }
        other => panic!("expected TimedOut, got {other:?}"),
    }
    // The last wait is cut short for one last poll at the deadline.
    assert_eq!(fake.polls().last(), Some(&(60 * SECOND)));
    assert_eq!(fake.start.elapsed(), 60 * SECOND);
}

#[tokio::test(start_paused = true)]
async fn a_wait_of_more_than_a_year_is_kept() {
    const DAY: Duration = Duration::from_secs(86_400);
    let fake = Fake::new(&[
        Ok("Processing"),
        Ok("Processing"),
        Ok("Processing"),
        Ok("Processing"),
        Ok("Completed"),
    ]);
    let waiter = fixed(100 * DAY).max_wait(800 * DAY);
    let result = fake.wait(waiter, false).await;
    assert!(
        matches!(result, Ok(Settled::Ready("Completed"))),
        "{result:?}"
    );
    assert_eq!(fake.polls().last(), Some(&(400 * DAY)));
}

#[tokio::test(start_paused = true)]
async fn an_initial_delay_past_the_deadline_still_polls_once() {
    let fake = Fake::new(&[Ok("Processing")]);
    let waiter = fixed(SECOND)
        .max_wait(5 * SECOND)
        .initial_delay(60 * SECOND);
    let result = fake.wait(waiter, false).await;
    assert!(
        matches!(result, Err(WaitError::TimedOut { waited, last: "Processing" }) if waited == 5 * SECOND),
        "{result:?}"
    );
    assert_eq!(fake.polls(), [5 * SECOND]);
}

#[tokio::test(start_paused = true)]
async fn a_delete_waiter_accepts_not_found() {
    let fake = Fake::new(&[Ok("Processing"), Ok("Processing"), Err(404)]);
    let settled = fake.wait(fixed(SECOND), true).await.unwrap();
    assert_eq!(settled, Settled::Gone(404));
    assert_eq!(settled.ready(), None);
    assert_eq!(fake.polls().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn an_error_not_accepted_ends_the_wait() {
    // Not found is no success for a create waiter…
    let fake = Fake::new(&[Ok("Processing"), Err(404)]);
    let result = fake.wait(fixed(SECOND), false).await;
    assert!(
        matches!(result, Err(WaitError::Operation(404))),
        "{result:?}"
    );
    assert_eq!(fake.polls().len(), 2);

    // …and no error keeps a wait going, whatever the verdict.
    let fake = Fake::new(&[Err(500)]);
    let result = fake.wait(fixed(SECOND), true).await;
    assert!(
        matches!(result, Err(WaitError::Operation(500))),
        "{result:?}"
    );
    assert_eq!(fake.polls().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn waits_grow_to_the_maximum_and_stay_there() {
    let fake = Fake::new(&[Ok("Processing")]);
    let waiter = Waiter::new()
        .max_wait(120 * SECOND)
        .poll_interval(SECOND)
        .max_interval(8 * SECOND);
    let result = fake.wait(waiter, false).await;
    assert!(matches!(result, Err(WaitError::TimedOut { .. })));

    let polls = fake.polls();
    let gaps: Vec<Duration> = polls.windows(2).map(|w| w[1] - w[0]).collect();
    // The nominal waits are 1, 2, 4, 8, 8, … s, each drawn from its upper
    // half; the last is cut at the deadline.
    let (last, gaps) = gaps.split_last().unwrap();
    for (i, gap) in gaps.iter().enumerate() {
        let nominal = SECOND * (1 << i.min(3));
        assert!(
            *gap >= (nominal / 2).max(SECOND) && *gap <= nominal,
            "wait {i}: {gap:?} (all: {gaps:?})"
        );
    }
    assert!(*last <= 8 * SECOND);
    assert!(gaps.len() > 10, "{gaps:?}");
}

#[test]
fn intervals_double_within_jitter_and_stop_at_the_maximum() {
    let ms = Duration::from_millis;
    let mut low = Intervals::new(ms(100), ms(800));
    let mut high = Intervals::new(ms(100), ms(800));
    let low: Vec<Duration> = (0..6).map(|_| low.next(0.0)).collect();
    let high: Vec<Duration> = (0..6).map(|_| high.next(0.999_999)).collect();
    // Never below the poll interval, never above the maximum.
    assert_eq!(low, [ms(100), ms(100), ms(200), ms(400), ms(400), ms(400)]);
    for (wait, nominal) in high.iter().zip([100, 200, 400, 800, 800, 800]) {
        assert!(ms(nominal) - *wait < ms(1), "{wait:?} vs {nominal} ms");
    }
}

#[test]
fn intervals_tolerate_odd_settings() {
    // A maximum below the poll interval is raised to it.
    let mut intervals = Intervals::new(5 * SECOND, SECOND);
    assert_eq!(intervals.next(0.5), 5 * SECOND);
    assert_eq!(intervals.next(0.5), 5 * SECOND);
    // Zero would poll in a busy loop.
    let mut intervals = Intervals::new(Duration::ZERO, Duration::ZERO);
    assert_eq!(intervals.next(0.0), MIN_INTERVAL);
    // Huge settings do not overflow.
    let mut intervals = Intervals::new(Duration::MAX, Duration::MAX);
    for _ in 0..70 {
        assert!(intervals.next(0.999) <= FOREVER);
    }
    let now = Instant::now();
    assert_eq!(after(now, Duration::MAX), now + FOREVER);
}

#[test]
fn wait_errors_explain_themselves() {
    let failed: WaitError<(), io::Error> = WaitError::Failed {
        status: "Error".into(),
        last: (),
    };
    assert_eq!(
        failed.to_string(),
        "the resource reached the failure state `Error`"
    );
    let timed_out: WaitError<(), io::Error> = WaitError::TimedOut {
        waited: 600 * SECOND,
        last: (),
    };
    assert_eq!(
        timed_out.to_string(),
        "the resource had not settled after 600s"
    );
    assert!(timed_out.source().is_none());
    let operation: WaitError<(), io::Error> = WaitError::Operation(io::Error::other("HTTP 500"));
    assert_eq!(
        operation.to_string(),
        "polling the resource failed: HTTP 500"
    );
    assert_eq!(operation.source().unwrap().to_string(), "HTTP 500");
}

#[test]
fn settled_gives_the_answer_or_the_accepted_error() {
    assert_eq!(Settled::<_, ()>::Ready(1).into_result(), Ok(1));
    assert_eq!(Settled::<u8, _>::Gone(404).into_result(), Err(404));
    assert_eq!(Settled::<_, ()>::Ready(1).ready(), Some(1));
}

#[tokio::test(start_paused = true)]
async fn works_with_generated_response_values() {
    use progenitor_client::{Error, ResponseValue};
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    struct Service {
        operation_status: &'static str,
    }
    let mut polls = 0;
    let settled = fixed(SECOND)
        .wait(
            || {
                polls += 1;
                let operation_status = if polls < 2 { "Processing" } else { "Completed" };
                async move {
                    Ok::<_, Error<()>>(ResponseValue::new(
                        Service { operation_status },
                        StatusCode::OK,
                        HeaderMap::new(),
                    ))
                }
            },
            |answer| match answer {
                Ok(response) if response.operation_status == "Completed" => Settle::Done,
                Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => Settle::Done,
                _ => Settle::Pending,
            },
        )
        .await;
    let response = settled.ok().and_then(Settled::ready).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.into_inner().operation_status, "Completed");
}

#[test]
fn the_wait_is_send_for_send_polls() {
    fn check<F: Future + Send>(_: F) {}
    check(Waiter::new().wait(
        || async { Ok::<_, io::Error>(String::new()) },
        |_| Settle::Done,
    ));
}
