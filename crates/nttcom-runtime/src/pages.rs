//! Every item of a paged list as one lazy stream: the `stream()` method of a
//! generated list operation.
//!
//! Two ways of paging are supported, as the specs use them:
//! - [`by_page_number`]: `page = 1, 2, …` with an optional page size; the
//!   answer may say how many pages there are.
//! - [`by_offset`]: `offset = 0, n, 2n, …` with an optional limit; the
//!   answer may say how many items there are.
//!
//! Both return [`Items`], a [`Stream`] of `Result<item, error>`. It sends no
//! request before it is first polled, asks for the next page only once the
//! consumer has read every item of the current one, and ends after the last
//! page, after an error (yielded as the last item), or after
//! [`max_pages`](Items::max_pages) pages.
//!
//! # What a generated list operation emits
//!
//! The builder's page (or offset) and page size (or limit) are read once;
//! the stream then owns a copy of the client and of the parameters (so that
//! it is `'static`: it outlives the builder and moves to another task), and
//! builds the request again for each page, with the page set. The answer is
//! split into its items and the count it carries:
//!
//! ```
//! # use std::num::NonZeroU64;
//! # use progenitor_client::{Error, ResponseValue};
//! # mod types {
//! #     #[derive(Debug)] pub struct OrderSummary;
//! #     #[derive(Debug)] pub struct ApiError;
//! #     pub struct OrderList { pub orders: Vec<OrderSummary>, pub total_pages: u64 }
//! # }
//! # #[derive(Clone)] pub struct Client;
//! # pub struct ListOrders<'a> {
//! #     client: &'a Client,
//! #     page: Result<Option<NonZeroU64>, String>,
//! #     page_size: Result<Option<NonZeroU64>, String>,
//! # }
//! # impl<'a> ListOrders<'a> {
//! #     pub fn page<V: TryInto<NonZeroU64>>(mut self, value: V) -> Self {
//! #         self.page = value.try_into().map(Some).map_err(|_| "bad page".into());
//! #         self
//! #     }
//! #     pub async fn send(self) -> Result<ResponseValue<types::OrderList>, Error<types::ApiError>> {
//! #         unimplemented!()
//! #     }
//! /// Every order, page by page.
//! pub fn stream(self) -> nttcom_runtime::pages::Items<'static, types::OrderSummary, Error<types::ApiError>> {
//!     let start = nttcom_runtime::pages::start_of(&self.page, 1);
//!     let size = nttcom_runtime::pages::size_of(&self.page_size);
//!     let Self { client, page, page_size } = self;
//!     let client = client.clone();
//!     nttcom_runtime::pages::by_page_number(
//!         start,
//!         size,
//!         move |at| {
//!             let (client, page, page_size) = (client.clone(), page.clone(), page_size.clone());
//!             async move { ListOrders { client: &client, page, page_size }.page(at).send().await }
//!         },
//!         |response| {
//!             let body = response.into_inner();
//!             (body.orders, Some(body.total_pages))
//!         },
//!     )
//! }
//! # }
//! ```
//!
//! An offset list is the same with `by_offset`, `offset`/`limit` in place of
//! `page`/`page_size`, and the total number of items (or `None`) in the
//! answer: `.offset(at)` in place of `.page(at)`, and
//! `|response| (response.into_inner(), None)` for a bare array.
//!
//! What a user writes:
//!
//! ```no_run
//! # async fn run(orders: nttcom_runtime::pages::Items<'_, String, std::io::Error>) -> Result<(), std::io::Error> {
//! // `orders` is `client.list_orders().tenant_id(…).page_size(100).stream()`.
//! let mut orders = orders;
//! while let Some(order) = orders.next().await {
//!     println!("{}", order?);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use futures_core::{FusedStream, Stream};

/// How many pages a stream fetches at most unless told otherwise.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// One page: its items and the count the answer carries (pages or items).
type Page<T> = (Vec<T>, Option<u64>);
type Fetch<'a, T, E> = Box<dyn FnMut(u64) -> BoxFuture<'a, Result<Page<T>, E>> + Send + 'a>;

/// Where a walk starts, from a generated builder's starting parameter
/// (progenitor keeps it as `Result<Option<N>, String>`): the caller's value,
/// else `first`. `None` when the value is no cursor (a setter failed, or it is
/// negative): the walk must then send the builder as it is, so that the
/// request check refuses it as the stream's only item.
pub fn start_of<N: Copy + TryInto<u64>>(
    given: &Result<Option<N>, String>,
    first: u64,
) -> Option<u64> {
    match given {
        Ok(Some(value)) => (*value).try_into().ok(),
        Ok(None) => Some(first),
        Err(_) => None,
    }
}

/// The page size a generated builder's size parameter holds, when it is one.
pub fn size_of<N: Copy + TryInto<u64>>(given: &Result<Option<N>, String>) -> Option<u64> {
    given
        .as_ref()
        .ok()
        .copied()
        .flatten()
        .and_then(|v| v.try_into().ok())
}

/// Walks a list paged by page number.
///
/// - `start`: the first page to ask for (1-based), the caller's `page` if
///   set; 1 when `None`.
/// - `page_size`: the caller's page size if set. The request built by `fetch`
///   carries it; here it only tells when a page is the last one.
/// - `fetch(page)`: sends the request for page `page`.
/// - `extract(answer)`: the page's items and the total number of pages, if
///   the answer says.
///
/// The walk stops after an empty page, after page `total_pages` when that is
/// known, and otherwise after a page shorter than `page_size` when that is
/// known.
pub fn by_page_number<'a, P, T, E, F, Fut, X>(
    start: Option<u64>,
    page_size: Option<u64>,
    fetch: F,
    extract: X,
) -> Items<'a, T, E>
where
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, E>> + Send + 'a,
    X: Fn(P) -> (Vec<T>, Option<u64>) + Send + Sync + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    let cursor = Cursor::PageNumber {
        page: start.unwrap_or(1),
        page_size,
    };
    Items::new(cursor, fetch, extract)
}

/// Walks a list paged by offset.
///
/// - `start`: the first offset to ask for, the caller's `offset` if set; 0
///   when `None`.
/// - `limit`: the caller's limit if set. The request built by `fetch`
///   carries it; here it only tells when a page is the last one.
/// - `fetch(offset)`: sends the request for the items from `offset` on.
/// - `extract(answer)`: the page's items and the total number of items, if
///   the answer says.
///
/// Each page starts where the previous one ended. The walk stops after an
/// empty page, after a page shorter than `limit` when that is known, and
/// once the total number of items is reached when that is known.
pub fn by_offset<'a, P, T, E, F, Fut, X>(
    start: Option<u64>,
    limit: Option<u64>,
    fetch: F,
    extract: X,
) -> Items<'a, T, E>
where
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, E>> + Send + 'a,
    X: Fn(P) -> (Vec<T>, Option<u64>) + Send + Sync + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    let cursor = Cursor::Offset {
        offset: start.unwrap_or(0),
        limit,
    };
    Items::new(cursor, fetch, extract)
}

/// Every item of a paged list, fetched a page at a time as it is read.
///
/// A [`Stream`] (and [`FusedStream`]) of `Result<T, E>`, `Unpin` and `Send`,
/// so the combinators of `futures::StreamExt` apply; [`next`](Self::next)
/// and [`try_collect`](Self::try_collect) need no extra crate.
///
/// ```
/// # async fn run() -> Result<(), std::io::Error> {
/// use nttcom_runtime::pages;
///
/// // Offsets 0, 2, 4 of a five-item list, two at a time.
/// let letters = ["a", "b", "c", "d", "e"];
/// let items = pages::by_offset(
///     None,
///     Some(2),
///     move |offset| async move {
///         let from = (offset as usize).min(letters.len());
///         let to = (from + 2).min(letters.len());
///         Ok::<_, std::io::Error>(letters[from..to].to_vec())
///     },
///     |page| (page, None),
/// );
/// let all: Vec<&str> = items.try_collect().await?;
/// assert_eq!(all, letters);
/// # Ok(())
/// # }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(run()).unwrap();
/// ```
pub struct Items<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    cursor: Cursor,
    /// The request for the next page, once the consumer asked for it.
    in_flight: Option<BoxFuture<'a, Result<Page<T>, E>>>,
    /// What is left of the current page.
    buffered: std::vec::IntoIter<T>,
    fetched: u64,
    max_pages: u64,
    /// No further page will be fetched.
    exhausted: bool,
}

impl<'a, T: Send + 'a, E: Send + 'a> Items<'a, T, E> {
    fn new<P, F, Fut, X>(cursor: Cursor, mut fetch: F, extract: X) -> Self
    where
        F: FnMut(u64) -> Fut + Send + 'a,
        Fut: Future<Output = Result<P, E>> + Send + 'a,
        X: Fn(P) -> Page<T> + Send + Sync + 'a,
    {
        let extract = Arc::new(extract);
        let fetch: Fetch<'a, T, E> = Box::new(move |position| {
            let request = fetch(position);
            let extract = Arc::clone(&extract);
            Box::pin(async move { request.await.map(|answer| extract(answer)) })
        });
        Self {
            fetch,
            cursor,
            in_flight: None,
            buffered: Vec::new().into_iter(),
            fetched: 0,
            max_pages: DEFAULT_MAX_PAGES,
            exhausted: false,
        }
    }
}

impl<T, E> Items<'_, T, E> {
    /// Fetches at most `pages` pages (at least 1; [`DEFAULT_MAX_PAGES`]
    /// unless set), against a server that never reports a last page. A walk
    /// cut short this way ends without an error and logs a `tracing`
    /// warning.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// The next item, `None` once the list is exhausted or after an error.
    pub async fn next(&mut self) -> Option<Result<T, E>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads every remaining item into a collection (such as a `Vec`), or
    /// returns the first error.
    pub async fn try_collect<C: Default + Extend<T>>(mut self) -> Result<C, E> {
        let mut all = C::default();
        while let Some(item) = self.next().await {
            all.extend(Some(item?));
        }
        Ok(all)
    }
}

impl<T, E> Stream for Items<'_, T, E> {
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.exhausted {
                return Poll::Ready(None);
            }
            let request = match &mut this.in_flight {
                Some(request) => request,
                None if this.fetched >= this.max_pages => {
                    tracing::warn!(
                        max_pages = this.max_pages,
                        "paged list cut short: the server never reported its last page"
                    );
                    this.exhausted = true;
                    return Poll::Ready(None);
                }
                None => {
                    this.fetched += 1;
                    this.in_flight.insert((this.fetch)(this.cursor.position()))
                }
            };
            let answer = ready!(request.as_mut().poll(cx));
            this.in_flight = None;
            match answer {
                Ok((items, count)) => {
                    this.exhausted = !this.cursor.advance(items.len(), count);
                    this.buffered = items.into_iter();
                }
                Err(error) => {
                    this.exhausted = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffered.len();
        (buffered, self.exhausted.then_some(buffered))
    }
}

impl<T, E> FusedStream for Items<'_, T, E> {
    fn is_terminated(&self) -> bool {
        self.exhausted && self.buffered.len() == 0
    }
}

// Nothing is pinned in place: the pending request is boxed and items are
// moved out of their buffer.
impl<T, E> Unpin for Items<'_, T, E> {}

impl<T, E> fmt::Debug for Items<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("cursor", &self.cursor)
            .field("buffered", &self.buffered.len())
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("exhausted", &self.exhausted)
            .finish_non_exhaustive()
    }
}

/// Where the next page starts, and what tells the last page.
#[derive(Debug)]
enum Cursor {
    PageNumber { page: u64, page_size: Option<u64> },
    Offset { offset: u64, limit: Option<u64> },
}

impl Cursor {
    /// The page number or offset to request next.
    fn position(&self) -> u64 {
        match *self {
            Cursor::PageNumber { page, .. } => page,
            Cursor::Offset { offset, .. } => offset,
        }
    }

    /// Moves past a page of `len` items, given the count its answer carried
    /// (total pages, or total items); `false` when it was the last page.
    fn advance(&mut self, len: usize, count: Option<u64>) -> bool {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        if len == 0 {
            return false;
        }
        match self {
            Cursor::PageNumber { page, page_size } => {
                let more = match (count, *page_size) {
                    (Some(total_pages), _) => *page < total_pages,
                    (None, Some(size)) => len >= size,
                    (None, None) => true,
                };
                match page.checked_add(1) {
                    Some(next) if more => {
                        *page = next;
                        true
                    }
                    _ => false,
                }
            }
            Cursor::Offset { offset, limit } => {
                let Some(next) = offset.checked_add(len) else {
                    return false;
                };
                *offset = next;
                limit.is_none_or(|limit| len >= limit) && count.is_none_or(|total| next < total)
            }
        }
    }
}

#[cfg(test)]
mod tests;
