//! Help from the spec (reviewed snapshots: one operation of each service),
//! shell completion, and the flag names every service must leave to the core.

mod common;

use common::Cli;
use nttcom_cli::command::RESERVED;
use nttcom_cli::services::SERVICES;

fn help(args: &[&str]) -> String {
    let out = Cli::new().run(args);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "");
    out.stdout
}

#[test]
fn service_help_lists_operations_with_the_document_s_titles() {
    insta::assert_snapshot!(help(&["ipoe", "--help"]));
}

#[test]
fn operation_help_shows_each_parameter_s_constraints_and_the_errors() {
    insta::assert_snapshot!(help(&["ipoe", "list-customer-sites", "--help"]));
}

#[test]
fn a_write_with_a_waiter_shows_body_and_wait() {
    insta::assert_snapshot!(help(&[
        "fic-premium-support",
        "create-premium-professional-support-service",
        "--help"
    ]));
}

#[test]
fn a_tenant_the_client_fills_and_dates() {
    insta::assert_snapshot!(help(&["icms-profiles", "list-daily-usage", "--help"]));
}

#[test]
fn repeatable_flags_and_numbered_pages() {
    insta::assert_snapshot!(help(&["sign-common", "list-orders", "--help"]));
}

#[test]
fn a_required_choice() {
    insta::assert_snapshot!(help(&["service-order", "list-service-orders", "--help"]));
}

#[test]
fn completion_scripts_name_every_operation() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Cli::new().run(&["completion", shell]);
        assert_eq!(out.code, 0, "{shell}: {out:?}");
        assert!(out.stdout.contains("list-customer-sites"), "{shell}");
        assert!(
            out.stdout
                .contains("create-premium-professional-support-service"),
            "{shell}"
        );
    }
    assert_eq!(Cli::new().run(&["completion", "tcsh"]).code, 2);
}

#[test]
fn no_parameter_takes_a_core_flag() {
    for service in SERVICES {
        for op in service.operations {
            for param in op.parameters {
                assert!(
                    !RESERVED.contains(&param.flag),
                    "{} {}: parameter {} would shadow --{}",
                    service.slug,
                    op.name,
                    param.name,
                    param.flag
                );
            }
        }
    }
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(Cli::new().run(&["nope"]).code, 2);
    assert_eq!(Cli::new().run(&["ipoe", "nope"]).code, 2);
    assert_eq!(
        Cli::new()
            .run(&["ipoe", "get-order", "--order-code", "A1", "-o", "xml"])
            .code,
        2
    );
    assert_eq!(Cli::new().run(&["--version"]).code, 0);
    assert_eq!(Cli::new().run(&[]).code, 2, "no command: usage on stderr");
}
