//! What a poll's answer means ([`Settle`]) and how a wait ends ([`Settled`]
//! or [`WaitError`]).

use std::fmt;
use std::time::Duration;

/// What one answer means for the wait, as a classifier decides.
///
/// For an answer that is an error, only `Done` counts (the error is the
/// success, as a 404 is for a delete waiter); `Pending` or `Failed` end the
/// wait with [`WaitError::Operation`] holding the error. The client has
/// already retried transient failures within each poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Not settled yet: poll again after the next interval.
    Pending,
    /// Settled in a success state (or gone, for an error answer).
    Done,
    /// Settled in a failure state: the status value seen.
    Failed(String),
}

/// How a wait ended well: the last answer, which the classifier accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled<T, E> {
    /// The resource reached a success state: its last answer.
    Ready(T),
    /// The poll failed in a way the classifier accepts as success: the
    /// resource is gone (a delete waiter seeing 404). The error it returned.
    Gone(E),
}

impl<T, E> Settled<T, E> {
    /// The answer of a resource that reached a success state, `None` for one
    /// that is gone.
    pub fn ready(self) -> Option<T> {
        match self {
            Settled::Ready(answer) => Some(answer),
            Settled::Gone(_) => None,
        }
    }

    /// The last poll's result: `Ok` when the resource reached a success
    /// state, `Err` with the accepted error when it is gone.
    pub fn into_result(self) -> Result<T, E> {
        match self {
            Settled::Ready(answer) => Ok(answer),
            Settled::Gone(error) => Err(error),
        }
    }
}

/// Why a wait ended without the resource settling well.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T, E> {
    /// The resource reached a failure state.
    Failed {
        /// The status value seen.
        status: String,
        /// The answer that showed it.
        last: T,
    },
    /// The resource had not settled by the deadline.
    TimedOut {
        /// How long the wait lasted.
        waited: Duration,
        /// The last answer, still pending. (Every wait polls at least once,
        /// and an error answer ends it at once.)
        last: T,
    },
    /// A poll failed with an error the classifier did not accept.
    Operation(E),
}

impl<T, E: fmt::Display> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed { status, .. } => {
                write!(f, "the resource reached the failure state `{status}`")
            }
            WaitError::TimedOut { waited, .. } => {
                write!(f, "the resource had not settled after {waited:?}")
            }
            WaitError::Operation(error) => write!(f, "polling the resource failed: {error}"),
        }
    }
}

impl<T, E> std::error::Error for WaitError<T, E>
where
    T: fmt::Debug,
    E: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Operation(error) => Some(error),
            _ => None,
        }
    }
}
