//! `nttcom`: see the crate docs of `nttcom_cli` (and `nttcom --help`).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(nttcom_cli::run(std::env::args_os()))
}
