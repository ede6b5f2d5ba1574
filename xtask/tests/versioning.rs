//! Versions end to end, in a scratch git repository holding one tiny spec:
//! a compatible change gets a patch release, a breaking one a minor release,
//! a breaking change without a bump (or with too small a bump) fails the
//! check, and a shallow clone skips it. Also: a new spec is listed in the
//! workspace files by `generate` alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::release::check::{Verdict, check};
use xtask::release::diff::rules::Class;
use xtask::release::version::Version;

const TINY: &str = r#"openapi: 3.0.3
info: {title: Tiny, version: '1.0'}
servers: [{url: 'https://api.example.com/tiny'}]
security: [{token: []}]
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
  schemas:
    Item: {type: object, properties: {id: {type: string}, name: {type: string}}}
    ApiError: {type: object, properties: {message: {type: string}}}
paths:
  /items:
    get:
      operationId: list_items
      summary: List items
      description: Lists the items.
      tags: [items]
      x-provenance: confirmed
      responses:
        '200':
          description: The items.
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Item'}}}}
        '400':
          description: Bad request.
          content: {application/json: {schema: {$ref: '#/components/schemas/ApiError'}}}
"#;

/// A scratch directory, removed on drop; with `git`, a repository.
struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("specs")).expect("scratch dir");
        Self(dir)
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(&self.0, args)
    }

    fn init(self) -> Self {
        self.git(&["init", "-q", "-b", "main"]);
        self
    }

    fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.0.join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs::write(path, text).expect("write");
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.0.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Runs `cargo xtask <args>` on this workspace.
    fn xtask(&self, args: &[&str]) -> bool {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        xtask::cli::run(&self.0, &args)
    }

    fn check(&self) -> (Verdict, String) {
        let outcome = check(&self.0, "tiny").expect("check runs");
        (outcome.verdict, outcome.message)
    }

    fn version(&self) -> Version {
        xtask::release::history::changelog_version(&self.0, "tiny")
            .expect("readable")
            .expect("has a changelog")
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// git with a fixed identity and without the user's or system's config.
fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn compatible_then_breaking_changes_get_their_versions() {
    let repo = Repo::new("versioning").init();
    repo.write("specs/tiny.yaml", TINY);
    assert!(repo.xtask(&["generate", "--date", "2026-01-01"]));
    assert!(repo.read("changelogs/tiny.md").contains(
        "## [0.1.0] - 2026-01-01\n\nInitial release generated from `specs/tiny.yaml` (API version 1.0)."
    ));
    assert_eq!(
        repo.read("crates/tiny/CHANGELOG.md"),
        repo.read("changelogs/tiny.md"),
        "the crate carries a copy"
    );
    assert!(
        repo.read("crates/tiny/Cargo.toml")
            .contains("version = \"0.1.0\"")
    );
    repo.commit("tiny 0.1.0");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Ok, "{message}");

    // A compatible change: a new optional field. Patch release.
    let compatible = TINY.replace(
        "name: {type: string}}}",
        "name: {type: string}, note: {type: string}}}",
    );
    repo.write("specs/tiny.yaml", &compatible);
    let diff = xtask::release::service::service_diff(&repo.0, "HEAD", "tiny").expect("diff");
    assert_eq!(diff.class, Some(Class::Compatible));
    assert_eq!(diff.versions.next, Version::parse("0.1.1"));
    assert!(repo.xtask(&["diff", "--fail-on", "breaking"]));
    let (verdict, message) = repo.check();
    assert_eq!(
        verdict,
        Verdict::Warn,
        "uncommitted compatible change: {message}"
    );
    assert!(repo.xtask(&["diff", "--changelog", "--date", "2026-02-01"]));
    let changelog = repo.read("changelogs/tiny.md");
    assert!(
        changelog.contains(
            "## [0.1.1] - 2026-02-01\n\nGenerated from `specs/tiny.yaml` (API version 1.0).\n\n\
             ### Added\n\n- schema `Item`, `note`: optional field added."
        ),
        "{changelog}"
    );
    // Idempotent, even on another day.
    assert!(repo.xtask(&["diff", "--changelog", "--date", "2026-02-02"]));
    assert_eq!(repo.read("changelogs/tiny.md"), changelog);
    assert!(
        !repo.xtask(&["generate", "--check"]),
        "Cargo.toml still says 0.1.0"
    );
    assert!(repo.xtask(&["generate"]));
    assert!(
        repo.read("crates/tiny/Cargo.toml")
            .contains("version = \"0.1.1\"")
    );
    assert!(repo.xtask(&["generate", "--check"]));
    repo.commit("tiny 0.1.1");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Ok, "{message}");
    assert!(
        message.contains("0.1.1") && message.contains("after 0.1.0"),
        "{message}"
    );

    // A breaking change committed without a bump fails the check.
    let breaking = compatible.replace("name: {type: string}", "name: {type: integer}");
    repo.write("specs/tiny.yaml", &breaking);
    assert!(!repo.xtask(&["diff", "--fail-on", "breaking"]));
    repo.commit("tiny: name is a number");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Fail, "{message}");
    assert!(message.contains("publish as 0.2.0"), "{message}");
    assert!(
        message.contains("schema `Item`, `name`: type changed: string → integer"),
        "{message}"
    );
    assert!(!repo.xtask(&["check-version"]));

    // The fix the message names: a changelog section from the commit that set
    // 0.1.1, then generate. Minor release.
    let set_at = repo.git(&["rev-parse", "HEAD~1"]);
    assert!(repo.xtask(&[
        "diff",
        "--base",
        &set_at,
        "--changelog",
        "--date",
        "2026-03-01"
    ]));
    assert_eq!(repo.version(), Version::parse("0.2.0").expect("version"));
    assert!(repo.read("changelogs/tiny.md").contains(
        "### Changed\n\n- **Breaking:** schema `Item`, `name`: type changed: string → integer"
    ));
    assert!(repo.xtask(&["generate"]));
    repo.commit("tiny 0.2.0");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Ok, "{message}");
    assert!(repo.xtask(&["check-version"]));

    // A bump too small for the breaking change it releases fails too.
    repo.write(
        "specs/tiny.yaml",
        &breaking.replace(", note: {type: string}", ""),
    );
    let changelog = repo.read("changelogs/tiny.md").replacen(
        "## [0.2.0]",
        "## [0.2.1] - 2026-04-01\n\nNote removed.\n\n## [0.2.0]",
        1,
    );
    repo.write("changelogs/tiny.md", &changelog);
    assert!(repo.xtask(&["generate"]));
    repo.commit("tiny 0.2.1");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Fail, "{message}");
    assert!(message.contains("must be at least 0.3.0"), "{message}");
    assert!(message.contains("`note`: field removed"), "{message}");

    // A shallow clone may not hold the commits that set the versions: what
    // cannot be checked is skipped, and a skip is not a failure.
    let clone = |depth: &str| {
        let shallow = Repo::new(&format!("versioning-depth-{depth}"));
        fs::remove_dir_all(&shallow.0).expect("empty target");
        let url = format!("file://{}", repo.0.display());
        let target = shallow.0.to_string_lossy().into_owned();
        git_in(
            &std::env::temp_dir(),
            &["clone", "-q", "--depth", depth, &url, &target],
        );
        shallow
    };
    let shallow = clone("1");
    let (verdict, message) = shallow.check();
    assert_eq!(verdict, Verdict::Skip, "{message}");
    assert!(
        message.contains("does not show where 0.2.1 was set"),
        "{message}"
    );
    assert!(shallow.xtask(&["check-version"]));
    let (verdict, message) = clone("2").check();
    assert_eq!(verdict, Verdict::Skip, "{message}");
    assert!(
        message.contains("the bump from 0.2.0 is not checked"),
        "{message}"
    );
    let (verdict, message) = clone("3").check();
    assert_eq!(
        verdict,
        Verdict::Fail,
        "deep enough to see the bad bump: {message}"
    );
}

/// A change of the generator to every crate's API (here: the crate was
/// generated before it, without `api-shape`) calls for a version like a
/// spec change does, and the changelog says what changed.
#[test]
fn a_generator_change_to_the_generated_api_calls_for_a_bump() {
    let repo = Repo::new("generator-change").init();
    repo.write("specs/tiny.yaml", TINY);
    assert!(repo.xtask(&["generate", "--date", "2026-01-01"]));
    let manifest = repo.read("crates/tiny/Cargo.toml");
    let shape = format!("api-shape = {}\n", xtask::release::shape::CURRENT);
    assert!(manifest.contains(&shape), "{manifest}");
    repo.write("crates/tiny/Cargo.toml", &manifest.replace(&shape, ""));
    repo.commit("tiny 0.1.0, from the generator before issue 19");

    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Fail, "{message}");
    assert!(message.contains("publish as 0.2.0"), "{message}");
    assert!(
        message.contains("generated code: object types keep unknown properties"),
        "{message}"
    );
    assert!(
        !message.contains("unions keep values of no branch"),
        "the spec has no union: {message}"
    );
    let diff = xtask::release::service::service_diff(&repo.0, "HEAD", "tiny").expect("diff");
    assert_eq!(diff.class, Some(Class::Breaking));

    assert!(repo.xtask(&["diff", "--changelog", "--date", "2026-02-01"]));
    let changelog = repo.read("changelogs/tiny.md");
    assert!(
        changelog.contains(
            "## [0.2.0] - 2026-02-01\n\nGenerated from `specs/tiny.yaml` (API version 1.0).\n\n\
             ### Changed\n\n- **Breaking:** generated code: object types keep unknown properties. \
             Every object type gains the field `extra`"
        ),
        "{changelog}"
    );
    assert!(
        changelog.contains("- generated code: responses decode without losing a value. "),
        "the compatible part is listed too: {changelog}"
    );
    assert!(repo.xtask(&["generate"]));
    assert!(repo.read("crates/tiny/Cargo.toml").contains(&shape));
    repo.commit("tiny 0.2.0");
    let (verdict, message) = repo.check();
    assert_eq!(verdict, Verdict::Ok, "{message}");
}

/// The workspace files of the repository, with their generated sections.
const WORKSPACE_FILES: [&str; 5] = [
    "Cargo.toml",
    "README.md",
    "crates/nttcom/Cargo.toml",
    "crates/nttcom/README.md",
    "crates/nttcom/src/lib.rs",
];

#[test]
fn a_new_spec_is_listed_by_generate_alone() {
    let repo = Repo::new("new-service");
    for file in WORKSPACE_FILES {
        repo.write(
            file,
            &fs::read_to_string(xtask::workspace_root().join(file)).expect(file),
        );
    }
    repo.write("specs/tiny.yaml", TINY);
    assert!(repo.xtask(&["generate", "--date", "2026-01-01"]));
    assert!(repo.read("Cargo.toml").contains(
        "# BEGIN generated by cargo xtask: service crates\n\
         nttcom-tiny = { path = \"crates/tiny\", version = \"0.1.0\", default-features = false }\n\
         # END generated by cargo xtask: service crates\n"
    ));
    let facade = repo.read("crates/nttcom/Cargo.toml");
    for line in [
        "full = [\n    \"tiny\",\n]\n",
        "tiny = [\"dep:nttcom-tiny\"]\n",
        "    \"nttcom-tiny?/schemars\",\n",
        "nttcom-tiny = { workspace = true, optional = true }\n",
    ] {
        assert!(facade.contains(line), "{line}");
    }
    let lib = repo.read("crates/nttcom/src/lib.rs");
    assert!(
        lib.contains("//! | `tiny` | `tiny` | `nttcom-tiny` | 0.1.0 | Tiny | `X-Auth-Token` |\n")
    );
    assert!(lib.contains("#[cfg(feature = \"tiny\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"tiny\")))]\npub use nttcom_tiny as tiny;\n"));
    assert!(repo.read("README.md").contains(
        "| `tiny` | `nttcom-tiny` | 0.1.0 | 1.0 | `https://api.example.com/tiny` | `X-Auth-Token` | 1 |\n"
    ));
    assert!(repo.xtask(&["generate", "--check"]));

    // Inside a section, an edit is drift; outside, the file is the author's.
    let original = repo.read("crates/nttcom/Cargo.toml");
    repo.write(
        "crates/nttcom/Cargo.toml",
        &original.replace("tiny = [", "tiny2 = ["),
    );
    assert!(!repo.xtask(&["generate", "--check"]));
    repo.write(
        "crates/nttcom/Cargo.toml",
        &format!("{original}# A note.\n"),
    );
    assert!(repo.xtask(&["generate", "--check"]));

    // A broken spec leaves the sections alone; lost markers stop the writing.
    repo.write("specs/broken.yaml", "openapi: [");
    assert!(!repo.xtask(&["generate"]));
    assert!(!repo.read("Cargo.toml").contains("broken"));
    fs::remove_file(repo.0.join("specs/broken.yaml")).expect("remove");
    let readme = repo.read("README.md");
    repo.write(
        "README.md",
        &readme.replace("<!-- END generated by cargo xtask: change rules -->\n", ""),
    );
    let cargo_toml = repo.read("Cargo.toml");
    repo.write("specs/other.yaml", &TINY.replace("Tiny", "Other"));
    assert!(!repo.xtask(&["generate"]));
    assert_eq!(repo.read("Cargo.toml"), cargo_toml, "no file half-updated");
}
