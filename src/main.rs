//! The `agrimatch` binary: everything lives in `cli` and the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
