//! Running the built `nttcom` binary: a clean environment and a private
//! home per run, and a scripted loopback server for answers that change
//! from one request to the next (a waiter's polls).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::Value;

/// The token the tests put in `NTTCOM_TOKEN`; it must never be printed.
pub const TOKEN: &str = "tok-5f3a9c2e";

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout as one JSON value.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// Neither stream shows `secret`.
    pub fn hides(&self, secret: &str) -> &Self {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "`{secret}` printed: {self:?}"
        );
        self
    }
}

/// One way to run the binary: environment variables and a home folder of
/// its own (holding the config file `NTTCOM_CONFIG` points at).
pub struct Cli {
    home: PathBuf,
    env: Vec<(String, String)>,
}

impl Cli {
    pub fn new() -> Self {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let home = std::env::temp_dir().join(format!(
            "nttcom-cli-tests-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        Self {
            home,
            env: Vec::new(),
        }
    }

    /// Sends `NTTCOM_TOKEN`.
    pub fn with_token() -> Self {
        Self::new().env("NTTCOM_TOKEN", TOKEN)
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    pub fn config_path(&self) -> PathBuf {
        self.home.join("config.toml")
    }

    /// Writes the config file with these permissions (Unix).
    pub fn config(self, text: &str, mode: u32) -> Self {
        let path = self.config_path();
        std::fs::write(&path, text).unwrap();
        set_mode(&path, mode);
        self
    }

    /// A file in the home folder, for `--body`.
    pub fn file(&self, name: &str, text: &str) -> String {
        let path = self.home.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Out {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nttcom"))
            .args(args)
            .env_clear()
            .env("HOME", &self.home)
            .env("NTTCOM_CONFIG", self.config_path())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the nttcom binary runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
pub fn set_mode(_path: &Path, _mode: u32) {}

/// A request the scripted server received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A loopback server answering each connection with the next of `answers`,
/// then closing; it stops after the last one.
pub struct Scripted {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    thread: Option<JoinHandle<()>>,
}

impl Scripted {
    pub fn start(answers: Vec<(u16, Value)>) -> Self {
        Self::start_with(
            answers
                .into_iter()
                .map(|(status, body)| (status, Some(body)))
                .collect(),
        )
    }

    /// Answers with a JSON body, or none at all (`None`).
    pub fn start_with(answers: Vec<(u16, Option<Value>)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let thread = std::thread::spawn(move || {
            for (status, body) in answers {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let request = read_request(&mut stream);
                log.lock().unwrap().push(request);
                let _ = match body {
                    Some(body) => {
                        let body = body.to_string();
                        write!(
                            stream,
                            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                             content-length: {}\r\nconnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    }
                    None => write!(
                        stream,
                        "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    ),
                };
            }
        });
        Self {
            base_url,
            seen,
            thread: Some(thread),
        }
    }

    /// The requests received, once the server has given every answer.
    pub fn finish(mut self) -> Vec<Seen> {
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        self.seen.lock().unwrap().clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Seen {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).unwrap();
        assert!(read > 0, "request cut short");
        bytes.extend_from_slice(&chunk[..read]);
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap().split(' ');
    let method = first.next().unwrap().to_owned();
    let target = first.next().unwrap().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    while bytes.len() < head_end + length {
        let read = stream.read(&mut chunk).unwrap();
        bytes.extend_from_slice(&chunk[..read]);
    }
    Seen {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&bytes[head_end..head_end + length]).into_owned(),
    }
}

/// A loopback server for commands that must send nothing: it counts the
/// requests that come anyway, and answers each with a 400 so that such a
/// command ends at once (and the test fails on the count).
pub struct Silent {
    pub base_url: String,
    received: Arc<AtomicU32>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Silent {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(AtomicU32::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (count, stopped) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(mut stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 400 X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        });
        Self {
            base_url,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// Whether no request came (once the command has ended).
    pub fn untouched(&self) -> bool {
        self.received.load(Ordering::SeqCst) == 0
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the flag.
        let _ = std::net::TcpStream::connect(self.base_url.trim_start_matches("http://"));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
