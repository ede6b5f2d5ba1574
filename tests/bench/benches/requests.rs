//! Per-request overhead of a generated client against plain `reqwest` +
//! `serde_json` with hand-written structs, both talking to the same loopback
//! server with the same connection settings. Target: ratio <= 1.10.
//!
//! The server is a minimal keep-alive HTTP/1.1 responder, so that the
//! measured time is dominated by the clients, not the server.

use nttcom_benches::{alternate, report};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const REQUESTS: usize = 10_000;
const ROUNDS: usize = 10;
const TENANT: &str = "550e8400e29b41d4a716446655440000";
const TOKEN: &str = "098e5cb2b91c4b63a64e47dfe17a5f76";

const ADDRESS: &str = r#"{"shippingAddressId":"fbfd5c9c6718320e7fdec080b74a7abd","contractorName":"山田 太郎","shippingPostalCode":"100-8019","shippingPrefecture":"東京都","shippingCity":"千代田区","shippingCityAdditionalInfo":null,"shippingAddress":"大手町2-3-1","shippingBuilding":"大手町プレイスウエストタワー","packageRecipient":"開発部","packageRecipientCompany":"エヌ・ティ・ティ・コミュニケーションズ","phoneNumber":"03-1234-1234","contractorEmailAddress":"test@example.com"}"#;

/// Hand-written twin of `ShippingAddress`.
#[derive(Deserialize, Serialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(skip_serializing)]
    shipping_address_id: Option<String>,
    contractor_name: String,
    shipping_postal_code: String,
    shipping_prefecture: String,
    shipping_city: String,
    shipping_city_additional_info: Option<String>,
    shipping_address: String,
    shipping_building: String,
    package_recipient: String,
    package_recipient_company: Option<String>,
    phone_number: String,
    contractor_email_address: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct AddressList {
    shipping_addresses: Vec<Address>,
}

/// Serves canned answers: the address list for GET, one address (201) otherwise.
async fn serve(listener: tokio::net::TcpListener) {
    let list = format!(r#"{{"shippingAddresses":[{}]}}"#, [ADDRESS; 10].join(","));
    let get = response("200 OK", &list);
    let post = response("201 Created", ADDRESS);
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let (get, post) = (get.clone(), post.clone());
        tokio::spawn(async move {
            let mut buffer = Vec::with_capacity(8192);
            let mut chunk = [0u8; 8192];
            loop {
                // Read one request: headers, then Content-Length bytes of body.
                let (head_end, body_len) = loop {
                    if let Some(end) = find(&buffer, b"\r\n\r\n") {
                        break (end + 4, content_length(&buffer[..end]));
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                };
                while buffer.len() < head_end + body_len {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
                let answer = if buffer.starts_with(b"GET ") {
                    &get
                } else {
                    &post
                };
                if socket.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
                buffer.drain(..head_end + body_len);
            }
        });
    }
}

fn response(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

fn new_address() -> Address {
    serde_json::from_str(ADDRESS).expect("sample parses")
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    runtime.spawn(serve(listener));

    // Same settings for both sides: the generated client's defaults (60 s per
    // attempt, 10 s to connect, no redirects), given to plain reqwest too.
    let plain = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .connect_timeout(std::time::Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let generated = nttcom_sign_common::Client::builder()
        .base_url(&base)
        .token(TOKEN)
        .build()
        .expect("client builds");
    let per_round = REQUESTS / ROUNDS;
    let list_url = format!("{base}/tenants/{TENANT}/shipping-addresses");

    println!(
        "{REQUESTS} requests per side over loopback, {ROUNDS} alternating rounds (median round)"
    );
    let (baseline, candidate) = alternate(
        ROUNDS,
        || {
            runtime.block_on(async {
                for _ in 0..per_round {
                    let response = plain
                        .get(&list_url)
                        .header("x-auth-token", TOKEN)
                        .header("accept", "application/json")
                        .send()
                        .await
                        .expect("request");
                    let bytes = response.bytes().await.expect("body");
                    std::hint::black_box(
                        serde_json::from_slice::<AddressList>(&bytes).expect("decodes"),
                    );
                }
            })
        },
        || {
            runtime.block_on(async {
                for _ in 0..per_round {
                    let list = generated
                        .list_shipping_addresses()
                        .tenant_id(TENANT)
                        .send()
                        .await
                        .expect("request");
                    std::hint::black_box(list.into_inner());
                }
            })
        },
    );
    report("GET list_shipping_addresses", &baseline, &candidate, 1.10);

    let body = new_address();
    let typed_body: nttcom_sign_common::types::ShippingAddressRequest =
        serde_json::from_str(ADDRESS).expect("sample fits the generated type");
    let (baseline, candidate) = alternate(
        ROUNDS,
        || {
            runtime.block_on(async {
                for _ in 0..per_round {
                    let response = plain
                        .post(&list_url)
                        .header("x-auth-token", TOKEN)
                        .header("accept", "application/json")
                        .json(&body)
                        .send()
                        .await
                        .expect("request");
                    let bytes = response.bytes().await.expect("body");
                    std::hint::black_box(
                        serde_json::from_slice::<Address>(&bytes).expect("decodes"),
                    );
                }
            })
        },
        || {
            runtime.block_on(async {
                for _ in 0..per_round {
                    let created = generated
                        .create_shipping_address()
                        .tenant_id(TENANT)
                        .body(typed_body.clone())
                        .send()
                        .await
                        .expect("request");
                    std::hint::black_box(created.into_inner());
                }
            })
        },
    );
    report("POST create_shipping_address", &baseline, &candidate, 1.10);
}
