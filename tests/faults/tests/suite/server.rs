//! A scripted HTTP/1.1 server on a loopback address. It answers each request
//! with what its script says, and records every request exactly as it
//! arrived (the raw request target, headers and body) and every connection
//! that did not speak plain HTTP (e.g. a TLS hello after a change of scheme).
//!
//! Every answer closes its connection, so that each request is a new one and
//! the record is simple to read.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Largest request head read; nothing the clients send comes close.
const MAX_HEAD: usize = 64 * 1024;

/// One request as it reached the server.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent, e.g. `/v1/x/%2F?limit=1`.
    pub target: String,
    /// Header names in lower case, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path of the target, without its query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// What the server sends back.
#[derive(Clone, Debug)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// A `content-length` larger than the body: the answer is cut short.
    declared_len: Option<usize>,
}

impl Answer {
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            declared_len: None,
        }
    }

    /// Promises `declared` bytes of body, sends the body (shorter) and hangs
    /// up: a connection that broke off.
    pub fn cut_short(mut self, declared: usize) -> Self {
        self.declared_len = Some(declared);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header("content-type", "application/json")
            .body(value.to_string())
    }
}

type Script = Arc<dyn Fn(&Recorded) -> Answer + Send + Sync>;

#[derive(Default)]
struct Log {
    requests: Vec<Recorded>,
}

pub struct Server {
    address: SocketAddr,
    log: Arc<Mutex<Log>>,
    /// Connections that sent something other than an HTTP request.
    garbage: Arc<AtomicUsize>,
    script: Arc<Mutex<Script>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Listens on `ip` (a loopback address) at a free port; answers 404 until
    /// told otherwise.
    pub async fn start(ip: &str) -> Server {
        let listener = TcpListener::bind((ip, 0))
            .await
            .unwrap_or_else(|e| panic!("cannot listen on {ip}: {e}"));
        let address = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Log::default()));
        let garbage = Arc::new(AtomicUsize::new(0));
        let script: Arc<Mutex<Script>> = Arc::new(Mutex::new(Arc::new(|_| Answer::new(404))));
        let task = tokio::spawn({
            let (log, garbage, script) = (log.clone(), garbage.clone(), script.clone());
            async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let (log, garbage, script) = (log.clone(), garbage.clone(), script.clone());
                    tokio::spawn(async move {
                        serve(socket, &log, &garbage, &script).await;
                    });
                }
            }
        });
        Server {
            address,
            log,
            garbage,
            script,
            task,
        }
    }

    /// `http://ip:port`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Answers every following request with `script`.
    pub fn answer(&self, script: impl Fn(&Recorded) -> Answer + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(script);
    }

    /// The requests recorded so far, forgotten.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut self.log.lock().unwrap().requests)
    }

    /// Requests and non-HTTP connections since the last `take`/`reset`.
    pub fn contacts(&self) -> usize {
        self.log.lock().unwrap().requests.len() + self.garbage.load(Ordering::SeqCst)
    }

    /// Connections that did not speak HTTP, since the last `reset`.
    pub fn garbage(&self) -> usize {
        self.garbage.load(Ordering::SeqCst)
    }

    pub fn reset(&self) {
        self.take();
        self.garbage.store(0, Ordering::SeqCst);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut socket: TcpStream,
    log: &Mutex<Log>,
    garbage: &AtomicUsize,
    script: &Mutex<Script>,
) {
    let Some(request) = read_request(&mut socket).await else {
        garbage.fetch_add(1, Ordering::SeqCst);
        return;
    };
    // Recorded before the answer leaves, so that a client that has its
    // answer always finds its request in the log.
    let script = script.lock().unwrap().clone();
    let answer = script(&request);
    log.lock().unwrap().requests.push(request);
    let mut head = format!("HTTP/1.1 {} Scripted\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        answer.declared_len.unwrap_or(answer.body.len())
    ));
    let _ = socket.write_all(head.as_bytes()).await;
    let _ = socket.write_all(&answer.body).await;
    let _ = socket.shutdown().await;
}

/// One HTTP/1.1 request with a `content-length` body, or `None` for anything
/// else (a TLS hello, a closed connection).
async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        // Not the start of a request line (a TLS hello starts with 0x16):
        // give up at once rather than wait for a head that never comes.
        if !buffer[0].is_ascii_uppercase() {
            return None;
        }
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}
