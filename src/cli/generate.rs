//! `agrimatch generate`: a synthetic scenario of any size.

use std::path::PathBuf;

use agrimatch::error::flag_expected_found;
use agrimatch::lang::t;
use agrimatch::report::write_text_folder_atomically;
use agrimatch::scenario::{add_trucks, generate_scenario, GenerateOptions};
use agrimatch::Error;

use super::EXIT_OK;

#[derive(clap::Args)]
pub struct Args {
    out: PathBuf,
    #[arg(long, default_value_t = 20)]
    farms: usize,
    #[arg(long, default_value_t = 8)]
    stores: usize,
    #[arg(long, default_value_t = 4)]
    products: usize,
    #[arg(long, default_value_t = 26)]
    weeks: u32,
    #[arg(long, default_value_t = 3)]
    lanes_per_farm: usize,
    #[arg(long, default_value_t = 0)]
    hubs: usize,
    #[arg(long, value_name = "FRACTION", default_value_t = 0.2)]
    capacitated_lanes: f64,
    #[arg(long)]
    trucks: bool,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    if !(0.0..=1.0).contains(&args.capacitated_lanes) {
        return Err(Error::Usage(flag_expected_found(
            "--capacitated-lanes",
            &t("err-what-share", &[]),
            &args.capacitated_lanes.to_string(),
        )));
    }
    if args.farms == 0 || args.stores == 0 || args.products == 0 || args.weeks == 0 {
        return Err(Error::Usage(t("ref-generate-at-least-one", &[])));
    }
    let options = GenerateOptions {
        farms: args.farms,
        stores: args.stores,
        products: args.products,
        weeks: args.weeks,
        lanes_per_farm: args.lanes_per_farm.max(1),
        hubs: args.hubs,
        capacitated_lanes: args.capacitated_lanes,
        seed: args.seed,
    };
    let mut files = generate_scenario(&options);
    if args.trucks {
        add_trucks(&mut files);
    }
    write_text_folder_atomically(&args.out, &files)?;
    Ok(EXIT_OK)
}
