//! Decoding speed and peak memory: large realistic responses decoded into the
//! generated types against hand-written serde structs of the same shape
//! (plain `String`s where the generated types validate patterns or parse
//! dates). Target: ratio <= 1.20.
//!
//! The machine may be shared and noisy: `… --bench decode -- callgrind <icms
//! | ipoe> <serde | generated>` decodes once inside `measured`, for
//! `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect='*measured*'`, whose instruction counts repeat exactly.

use nttcom_benches::{CountingAllocator, alternate, report};
use serde::Deserialize;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::new();

const ROWS: usize = 10_000;
const ROUNDS: usize = 9;

/// Hand-written twin of `nttcom_icms_profiles::types::DailyProfileUsageList`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct DailyUsageList {
    #[serde(rename = "dailyProfileUsage")]
    daily_profile_usage: Vec<DailyUsage>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct DailyUsage {
    date: String,
    #[serde(rename = "dailyUsage")]
    daily_usage: Option<i64>,
    #[serde(rename = "dailyUpUsage")]
    daily_up_usage: Option<i64>,
    #[serde(rename = "dailyDownUsage")]
    daily_down_usage: Option<i64>,
    #[serde(rename = "userCountry")]
    user_country: String,
    #[serde(rename = "userNetwork")]
    user_network: String,
}

/// Hand-written twin of `nttcom_ipoe::types::CustomerSiteListResponse`.
#[derive(Deserialize)]
#[allow(dead_code)]
struct CustomerSiteList {
    #[serde(rename = "customerSite")]
    customer_site: Vec<CustomerSite>,
}

/// Integer or string, as several IPoE codes arrive.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum IntegerOrString {
    Integer(i64),
    String(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct CustomerSite {
    case_name: Option<String>,
    customer_code: Option<String>,
    customer_name: Option<String>,
    customer_site_code: Option<String>,
    customer_site_name: Option<String>,
    customer_type: Option<IntegerOrString>,
    end_at: Option<String>,
    global_ip: Option<String>,
    line_access_key: Option<String>,
    line_bundle_type: Option<IntegerOrString>,
    line_id: Option<String>,
    line_type: Option<String>,
    ppone_gw_nodename: Option<String>,
    pptwo_gw_nodename: Option<String>,
    start_at: Option<String>,
    status: Option<String>,
    terminal_bundle_type: Option<IntegerOrString>,
    tunnel_if: Option<String>,
    vrf: Option<String>,
}

fn customer_sites_json() -> String {
    let rows: Vec<String> = (0..ROWS)
        .map(|i| {
            format!(
                r#"{{"customerSiteCode":"int-{:08}","customerSiteName":"東京拠点","customerCode":"A10000101","customerType":2,"customerName":"NTTPCコミュニケーションズ","status":"1","startAt":"20190819","endAt":null,"caseName":"鈴木商店","lineBundleType":1,"lineType":null,"lineId":"CAF1234567891","lineAccessKey":"a1b2c3d4","terminalBundleType":1,"globalIp":"10.32.54.76/32","pponeGwNodename":"test","pptwoGwNodename":"test","vrf":"test","tunnelIf":"{}"}}"#,
                10_000_000 + i,
                10_000_000 + i
            )
        })
        .collect();
    format!(r#"{{"customerSite":[{}]}}"#, rows.join(","))
}

fn daily_usage_json() -> String {
    let rows: Vec<String> = (0..ROWS)
        .map(|i| {
            format!(
                r#"{{"date":"2024-{:02}-{:02}","dailyUsage":{},"dailyUpUsage":null,"dailyDownUsage":null,"userCountry":"Japan","userNetwork":"NTT DOCOMO"}}"#,
                i % 12 + 1,
                i % 28 + 1,
                1_000_000 + i
            )
        })
        .collect();
    format!(r#"{{"dailyProfileUsage":[{}]}}"#, rows.join(","))
}

/// Decodes `json` as `T`, returning the peak heap growth while doing so.
fn peak_bytes<T: serde::de::DeserializeOwned>(json: &str) -> usize {
    let live = ALLOCATOR.reset_peak();
    let value: T = serde_json::from_str(json).expect("decodes");
    let peak = ALLOCATOR.peak_since_reset(live);
    drop(value);
    peak
}

fn compare<Generated, HandWritten>(name: &str, json: &str)
where
    Generated: serde::de::DeserializeOwned,
    HandWritten: serde::de::DeserializeOwned,
{
    let (baseline, candidate) = alternate(
        ROUNDS,
        || {
            std::hint::black_box(serde_json::from_str::<HandWritten>(json).expect("decodes"));
        },
        || {
            std::hint::black_box(serde_json::from_str::<Generated>(json).expect("decodes"));
        },
    );
    report(name, &baseline, &candidate, 1.20);
    let (b, c) = (
        peak_bytes::<HandWritten>(json),
        peak_bytes::<Generated>(json),
    );
    println!(
        "{:<44} baseline {:>9.2} MiB  candidate {:>9.2} MiB  ratio {:>5.2}  (input {:.2} MiB)",
        "  peak heap while decoding",
        b as f64 / 1048576.0,
        c as f64 / 1048576.0,
        c as f64 / b.max(1) as f64,
        json.len() as f64 / 1048576.0
    );
}

/// One decode (and drop), for callgrind to count.
#[inline(never)]
fn measured<T: serde::de::DeserializeOwned>(json: &str) {
    std::hint::black_box(serde_json::from_str::<T>(json).expect("decodes"));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "callgrind") {
        let pick = |i: usize| args.get(at + i).map(String::as_str);
        match (pick(1), pick(2)) {
            (Some("icms"), Some("serde")) => measured::<DailyUsageList>(&daily_usage_json()),
            (Some("icms"), Some("generated")) => {
                measured::<nttcom_icms_profiles::types::DailyProfileUsageList>(&daily_usage_json())
            }
            (Some("ipoe"), Some("serde")) => measured::<CustomerSiteList>(&customer_sites_json()),
            (Some("ipoe"), Some("generated")) => {
                measured::<nttcom_ipoe::types::CustomerSiteListResponse>(&customer_sites_json())
            }
            _ => panic!("callgrind <icms | ipoe> <serde | generated>"),
        }
        return;
    }
    println!(
        "decoding {ROWS} rows: generated types vs hand-written serde structs, median of {ROUNDS}"
    );
    compare::<nttcom_icms_profiles::types::DailyProfileUsageList, DailyUsageList>(
        "icms-profiles daily usage",
        &daily_usage_json(),
    );
    compare::<nttcom_ipoe::types::CustomerSiteListResponse, CustomerSiteList>(
        "ipoe customer sites",
        &customer_sites_json(),
    );
}
