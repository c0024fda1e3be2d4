//! `agrimatch serve`: the planner's desk in the browser (see `agrimatch::serve`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use agrimatch::lang::t;
use agrimatch::serve::{desk::Planner, Config};
use agrimatch::Error;

use super::{out_or, printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: String,
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let listen: SocketAddr = args
        .listen
        .trim()
        .parse()
        .map_err(|_| Error::Usage(t("serve-err-listen", &[("found", &args.listen)])))?;
    if let Some(token) = &args.token {
        if token.chars().count() < 16 {
            return Err(Error::Usage(t(
                "serve-err-token-short",
                &[("count", &token.chars().count().to_string())],
            )));
        }
    }
    // Off this machine, a token always: made here when not given.
    let token = match (&args.token, listen.ip().is_loopback()) {
        (Some(token), _) => Some(token.clone()),
        (None, true) => None,
        (None, false) => Some(agrimatch::serve::auth::new_token().map_err(|e| {
            Error::io(
                "the operating system's random source",
                std::io::Error::other(e.to_string()),
            )
        })?),
    };
    let workspace = out_or(&args.workspace, &args.scenario, "desk");
    let config = Config {
        planner: Planner {
            scenario: args.scenario.clone(),
            memory_limit: super::memory_limit(),
        },
        listen,
        token: token.clone(),
        workspace: workspace.clone(),
        plans_at_once: std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    let name = agrimatch::report::html::scenario_name(&args.scenario);
    let mut said = Ok(());
    agrimatch::serve::run(config, |bound| {
        let url = match &token {
            Some(token) => format!("http://{bound}/?token={token}"),
            None => format!("http://{bound}/"),
        };
        let mut stdout = std::io::stdout().lock();
        said = writeln!(stdout, "{}", t("serve-listening", &[("name", &name), ("url", &url)]))
            .and_then(|()| {
                if token.is_some() {
                    writeln!(stdout, "{}", t("serve-token-note", &[]))?;
                }
                let folder = agrimatch::report::text::path_text(&workspace);
                writeln!(stdout, "{}", t("serve-workspace", &[("folder", &folder)]))
            })
            .and_then(|()| stdout.flush());
    })?;
    printed(said)?;
    Ok(EXIT_OK)
}
