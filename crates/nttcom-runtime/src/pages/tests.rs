use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

use super::*;

/// A fake list of `len` numbers (1, 2, …) that records every position asked
/// for and fails when asked for `fail_at`.
#[derive(Clone)]
struct FakeList {
    len: u64,
    fail_at: Option<u64>,
    asked: Arc<Mutex<Vec<u64>>>,
}

impl FakeList {
    fn new(len: u64) -> Self {
        Self {
            len,
            fail_at: None,
            asked: Arc::default(),
        }
    }

    fn failing_at(mut self, position: u64) -> Self {
        self.fail_at = Some(position);
        self
    }

    fn asked(&self) -> Vec<u64> {
        self.asked.lock().unwrap().clone()
    }

    /// Items `from..to` (0-based, clipped to the list), as the server would
    /// answer the request for `position`.
    async fn answer(&self, position: u64, from: u64, to: u64) -> Result<Vec<u64>, String> {
        self.asked.lock().unwrap().push(position);
        if self.fail_at == Some(position) {
            return Err(format!("failed at {position}"));
        }
        Ok((from.min(self.len)..to.min(self.len))
            .map(|i| i + 1)
            .collect())
    }

    /// Page `page` (1-based) of `size` items, with the total page count.
    fn pages(
        &self,
        start: Option<u64>,
        size: u64,
        tell_total: bool,
    ) -> Items<'static, u64, String> {
        let list = self.clone();
        let total_pages = self.len.div_ceil(size);
        by_page_number(
            start,
            Some(size),
            move |page| {
                let list = list.clone();
                async move { list.answer(page, (page - 1) * size, page * size).await }
            },
            move |items| (items, tell_total.then_some(total_pages)),
        )
    }

    /// Items from `offset`, `limit` at a time, with the total item count.
    fn offsets(
        &self,
        start: Option<u64>,
        limit: Option<u64>,
        tell_total: bool,
    ) -> Items<'static, u64, String> {
        let list = self.clone();
        let total = self.len;
        // The server's own page size when the caller sets none.
        let served = limit.unwrap_or(3);
        by_offset(
            start,
            limit,
            move |offset| {
                let list = list.clone();
                async move { list.answer(offset, offset, offset + served).await }
            },
            move |items| (items, tell_total.then_some(total)),
        )
    }
}

fn numbers(range: std::ops::RangeInclusive<u64>) -> Vec<u64> {
    range.collect()
}

#[tokio::test(start_paused = true)]
async fn page_numbers_walk_three_pages() {
    for tell_total in [true, false] {
        let list = FakeList::new(7);
        let all: Vec<u64> = list.pages(None, 3, tell_total).try_collect().await.unwrap();
        assert_eq!(all, numbers(1..=7));
        // The short third page ends the walk, with or without a page count.
        assert_eq!(list.asked(), [1, 2, 3], "tell_total: {tell_total}");
    }
}

#[tokio::test(start_paused = true)]
async fn page_count_ends_a_walk_of_full_pages() {
    // Six items in two full pages: the page count saves a third request…
    let list = FakeList::new(6);
    let all: Vec<u64> = list.pages(None, 3, true).try_collect().await.unwrap();
    assert_eq!(all, numbers(1..=6));
    assert_eq!(list.asked(), [1, 2]);

    // …without it, only the empty third page tells.
    let list = FakeList::new(6);
    let all: Vec<u64> = list.pages(None, 3, false).try_collect().await.unwrap();
    assert_eq!(all, numbers(1..=6));
    assert_eq!(list.asked(), [1, 2, 3]);
}

#[tokio::test(start_paused = true)]
async fn page_numbers_start_at_the_callers_page() {
    let list = FakeList::new(10);
    let all: Vec<u64> = list.pages(Some(2), 4, true).try_collect().await.unwrap();
    assert_eq!(all, numbers(5..=10));
    assert_eq!(list.asked(), [2, 3]);
}

#[tokio::test(start_paused = true)]
async fn page_numbers_without_size_or_count_stop_on_an_empty_page() {
    let list = FakeList::new(5);
    let fetch_list = list.clone();
    let items = by_page_number(
        None,
        None,
        move |page| {
            let list = fetch_list.clone();
            async move { list.answer(page, (page - 1) * 2, page * 2).await }
        },
        |items| (items, None),
    );
    let all: Vec<u64> = items.try_collect().await.unwrap();
    assert_eq!(all, numbers(1..=5));
    // Page 3 holds one item, but without a known page size only the empty
    // page 4 ends the walk.
    assert_eq!(list.asked(), [1, 2, 3, 4]);
}

#[tokio::test(start_paused = true)]
async fn offsets_walk_three_pages() {
    for tell_total in [true, false] {
        let list = FakeList::new(8);
        let all: Vec<u64> = list
            .offsets(None, Some(3), tell_total)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, numbers(1..=8));
        assert_eq!(list.asked(), [0, 3, 6], "tell_total: {tell_total}");
    }
}

#[tokio::test(start_paused = true)]
async fn offsets_start_at_the_callers_offset_and_stop_at_the_total() {
    // Ten items, full pages of three from offset 1: the total ends the
    // walk after offset 7 without asking for the empty page at 10.
    let list = FakeList::new(10);
    let all: Vec<u64> = list
        .offsets(Some(1), Some(3), true)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, numbers(2..=10));
    assert_eq!(list.asked(), [1, 4, 7]);
}

#[tokio::test(start_paused = true)]
async fn offsets_without_limit_advance_by_what_came_back() {
    // The server serves three at a time; with neither limit nor total only
    // the empty page ends the walk.
    let list = FakeList::new(7);
    let all: Vec<u64> = list.offsets(None, None, false).try_collect().await.unwrap();
    assert_eq!(all, numbers(1..=7));
    assert_eq!(list.asked(), [0, 3, 6, 7]);
}

#[tokio::test(start_paused = true)]
async fn an_empty_first_page_is_an_empty_stream() {
    let list = FakeList::new(0);
    let mut items = list.pages(None, 3, true);
    assert!(items.next().await.is_none());
    assert!(items.is_terminated());
    assert!(items.next().await.is_none());
    assert_eq!(list.asked(), [1]);

    let list = FakeList::new(0);
    let mut items = list.offsets(None, None, false);
    assert!(items.next().await.is_none());
    assert_eq!(list.asked(), [0]);
}

#[tokio::test(start_paused = true)]
async fn an_error_is_the_last_item() {
    let list = FakeList::new(9).failing_at(2);
    let seen: Vec<Result<u64, String>> = list.pages(None, 3, true).collect().await;
    assert_eq!(
        seen,
        [Ok(1), Ok(2), Ok(3), Err("failed at 2".to_string())],
        "page one, then the error, then the end"
    );
    assert_eq!(list.asked(), [1, 2]);

    let list = FakeList::new(9).failing_at(3);
    let all: Result<Vec<u64>, String> = list.offsets(None, Some(3), false).try_collect().await;
    assert_eq!(all, Err("failed at 3".to_string()));
    assert_eq!(list.asked(), [0, 3]);
}

#[tokio::test(start_paused = true)]
async fn pages_are_fetched_only_when_the_last_item_was_read() {
    let list = FakeList::new(7);
    let mut items = list.pages(None, 3, true);
    assert!(
        list.asked().is_empty(),
        "nothing sent before the first poll"
    );

    assert_eq!(items.next().await, Some(Ok(1)));
    assert_eq!(list.asked(), [1]);
    assert_eq!(items.next().await, Some(Ok(2)));
    assert_eq!(items.next().await, Some(Ok(3)));
    assert_eq!(list.asked(), [1], "page one still being read");

    assert_eq!(items.next().await, Some(Ok(4)));
    assert_eq!(list.asked(), [1, 2]);
    drop(items);
    assert_eq!(list.asked(), [1, 2], "a dropped stream sends nothing more");
}

#[tokio::test(start_paused = true)]
async fn max_pages_stops_a_server_that_never_ends() {
    // Every page is full and there is no count: only the cap ends it.
    let calls = Arc::new(Mutex::new(0u64));
    let counter = Arc::clone(&calls);
    let endless = move |max_pages: Option<u64>| {
        let counter = Arc::clone(&counter);
        let items = by_page_number(
            None,
            Some(2),
            move |_page| {
                *counter.lock().unwrap() += 1;
                async { Ok::<_, String>(vec![0u8, 0]) }
            },
            |items| (items, None),
        );
        match max_pages {
            Some(max) => items.max_pages(max),
            None => items,
        }
    };

    let all: Vec<u8> = endless(Some(4)).try_collect().await.unwrap();
    assert_eq!((all.len(), *calls.lock().unwrap()), (8, 4));

    *calls.lock().unwrap() = 0;
    let all: Vec<u8> = endless(None).try_collect().await.unwrap();
    assert_eq!(all.len() as u64, 2 * DEFAULT_MAX_PAGES);
    assert_eq!(*calls.lock().unwrap(), DEFAULT_MAX_PAGES);

    *calls.lock().unwrap() = 0;
    let all: Vec<u8> = endless(Some(0)).try_collect().await.unwrap();
    assert_eq!(
        (all.len(), *calls.lock().unwrap()),
        (2, 1),
        "at least one page"
    );
}

#[tokio::test(start_paused = true)]
async fn a_last_page_within_the_cap_is_not_cut() {
    let list = FakeList::new(6);
    let all: Vec<u64> = list
        .pages(None, 3, true)
        .max_pages(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, numbers(1..=6));
}

#[test]
fn cursor_arithmetic_does_not_overflow() {
    let mut page = Cursor::PageNumber {
        page: u64::MAX,
        page_size: None,
    };
    assert!(!page.advance(1, None));
    let mut offset = Cursor::Offset {
        offset: u64::MAX - 1,
        limit: None,
    };
    assert!(offset.advance(1, None));
    assert!(!offset.advance(1, None));
}

#[tokio::test(start_paused = true)]
async fn works_with_generated_response_values() {
    use progenitor_client::ResponseValue;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    struct OrderList {
        orders: Vec<&'static str>,
        total_pages: u64,
    }
    let send = |page: u64| async move {
        let orders = if page == 1 { vec!["a", "b"] } else { vec!["c"] };
        let body = OrderList {
            orders,
            total_pages: 2,
        };
        Ok::<_, progenitor_client::Error<()>>(ResponseValue::new(
            body,
            StatusCode::OK,
            HeaderMap::new(),
        ))
    };
    let items = by_page_number(None, None, send, |response| {
        let body = response.into_inner();
        (body.orders, Some(body.total_pages))
    });
    let all: Vec<&str> = items.try_collect().await.unwrap();
    assert_eq!(all, ["a", "b", "c"]);
}

#[test]
fn items_are_send_and_unpin() {
    fn check<S: Stream + Send + Unpin>(_: &S) {}
    let items = by_offset(
        None,
        None,
        |_| async { Ok::<Vec<String>, String>(Vec::new()) },
        |items| (items, None),
    );
    check(&items);
}

#[test]
fn a_builders_start_and_size() {
    assert_eq!(start_of(&Ok(Some(3i64)), 1), Some(3));
    assert_eq!(start_of(&Ok(None::<i64>), 1), Some(1));
    assert_eq!(
        start_of(&Ok(Some(-1i64)), 1),
        None,
        "negative: left to the request check"
    );
    assert_eq!(
        start_of(&Err::<Option<i64>, _>("page: not a number".into()), 1),
        None
    );
    assert_eq!(size_of(&Ok(Some(50i64))), Some(50));
    assert_eq!(size_of(&Ok(Some(-5i64))), None);
    assert_eq!(size_of(&Err::<Option<i64>, _>("bad".into())), None);
}

#[tokio::test(start_paused = true)]
async fn the_size_hint_counts_what_is_buffered_and_the_end_is_known() {
    let list = FakeList::new(4);
    let mut items = list.pages(None, 3, true);
    assert_eq!(items.size_hint(), (0, None), "nothing fetched yet");
    let shown = format!("{items:?}");
    assert!(
        shown.starts_with("Items {") && shown.contains("buffered: 0"),
        "{shown}"
    );
    assert_eq!(items.next().await, Some(Ok(1)));
    assert_eq!(items.size_hint(), (2, None), "page one, more may follow");
    assert!(!items.is_terminated());
    assert_eq!(items.next().await, Some(Ok(2)));
    assert_eq!(items.next().await, Some(Ok(3)));
    assert_eq!(items.next().await, Some(Ok(4)));
    // The short last page was the end: nothing buffered, nothing to come.
    assert_eq!(items.size_hint(), (0, Some(0)));
    assert!(items.is_terminated());

    // The last page read but not yet drained: not terminated.
    let list = FakeList::new(2);
    let mut items = list.pages(None, 3, true);
    assert_eq!(items.next().await, Some(Ok(1)));
    assert_eq!(items.size_hint(), (1, Some(1)));
    assert!(!items.is_terminated());
}
