//! `agrimatch init`: a commented template scenario (the tiny example) in a
//! new folder, for a planner to edit in Excel.

use std::io::Write;
use std::path::PathBuf;

use agrimatch::data::workbook::{header_in_chinese, sheet_in_chinese};
use agrimatch::report::workbook::scenario_workbook;
use agrimatch::report::{text, text_writers, FileWriter, OutputFolder};
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
    #[arg(long)]
    xlsx: bool,
    #[arg(long, short)]
    quiet: bool,
}

/// The workbook `init --xlsx` writes.
const WORKBOOK: &str = "scenario.xlsx";

/// The `columns` sheet of the template workbook: what each column means.
const GUIDE: [[&str; 3]; 41] = [
    [
        "products",
        "product",
        "required: the product's id (free text; Chinese names are fine)",
    ],
    [
        "products",
        "shelf_life_days",
        "required: days from harvest until it is waste (whole number >= 1)",
    ],
    [
        "products",
        "value_per_kg",
        "required: what a spoiled kg is worth (>= 0)",
    ],
    [
        "products",
        "holding_cost_per_kg_week",
        "optional (0): cost of keeping a kg for 7 days",
    ],
    [
        "products",
        "min_remaining_days",
        "optional (0): days of shelf life a store wants left on arrival",
    ],
    [
        "farms",
        "farm",
        "required: the farm's id, unique among farms, hubs and stores",
    ],
    [
        "farms",
        "region",
        "required: free text grouping farms in reports and change files",
    ],
    [
        "farms",
        "priority",
        "optional (0): > 0 sells this farm's produce first (assisted households)",
    ],
    [
        "farms",
        "storage_kg",
        "optional (blank = unlimited): kg the farm can hold at once",
    ],
    [
        "farms",
        "min_sold_share",
        "optional (0): the least share of the harvest to sell, 0 to 1",
    ],
    [
        "hubs",
        "hub",
        "required: a collection or distribution centre's id (the sheet is optional)",
    ],
    ["hubs", "region", "required: free text"],
    [
        "hubs",
        "storage_kg",
        "optional (blank = unlimited): kg of cold-room space",
    ],
    [
        "stores",
        "store",
        "required: a supermarket's, platform's or other buyer's id",
    ],
    ["stores", "region", "required: free text"],
    ["stores", "storage_kg", "optional (blank = unlimited)"],
    [
        "stores",
        "weight",
        "optional (1): > 0, how much a short kg here counts in fair shares",
    ],
    ["supply", "farm", "required: a farm of sheet farms"],
    ["supply", "product", "required: a product of sheet products"],
    [
        "supply",
        "week",
        "required: the period number (1, 2, ...), or with start_date a date or ISO week",
    ],
    [
        "supply",
        "quantity_kg",
        "required: kg harvested that week (or quantity_jin, quantity_t, or quantity with unit)",
    ],
    [
        "supply",
        "support_price_per_kg",
        "optional: a buyer's guaranteed price for this harvest",
    ],
    ["demand", "store", "required: a store of sheet stores"],
    ["demand", "product", "required: a product of sheet products"],
    ["demand", "week", "required: as in supply"],
    ["demand", "quantity_kg", "required: kg ordered that week"],
    [
        "demand",
        "shortfall_penalty_per_kg",
        "optional (2 x value_per_kg, at least 1): cost of a kg not delivered",
    ],
    ["lanes", "from", "required: a farm or hub"],
    ["lanes", "to", "required: a hub or store"],
    ["lanes", "cost_per_kg", "required: transport cost per kg"],
    ["lanes", "transit_days", "optional (0): days on the road"],
    [
        "lanes",
        "capacity_kg_per_week",
        "optional (blank = unlimited): kg per 7 days, all products together",
    ],
    [
        "lanes",
        "truck_kg",
        "optional (blank = no trucks): kg one truck carries; plans then count whole trucks",
    ],
    [
        "lanes",
        "cost_per_truck",
        "optional (0), with truck_kg: what one truck leaving costs",
    ],
    [
        "lanes",
        "max_trucks_per_week",
        "optional (blank = no limit), with truck_kg: trucks that may leave in a week",
    ],
    [
        "support",
        "buyer, product, price_per_kg",
        "optional sheet: a buyer of last resort for assisted farms (a store), what it buys and pays per kg",
    ],
    [
        "support",
        "budget, farm, week_from, week_to, cost_per_kg",
        "optional: money over the plan (blank = no limit), only this farm (blank = every farm with priority > 0), the weeks it buys in, what a kg costs the programme (0.01)",
    ],
    [
        "stock",
        "location, product, age_days, quantity_kg",
        "optional sheet: produce on hand at the start, its age in days",
    ],
    [
        "in_transit",
        "from, to, product, arrive_week, age_days, quantity_kg",
        "optional sheet: produce already on the road, its age on arrival",
    ],
    [
        "support",
        "buyer, product, price_per_kg, budget, farm, week_from, week_to, cost_per_kg",
        "optional sheet: buyers of last resort for assisted farms, with what is left of each budget",
    ],
    [
        "state",
        "as_of_week, iso_week, week_start",
        "optional sheet: the week whose start stock, in_transit and support describe \
         (agrimatch week writes it into next.xlsx; week --from another week is refused)",
    ],
];

/// Sheets of the template workbook that start empty (a header only): the
/// opening state, which `agrimatch week` writes into `next.xlsx` with the
/// same names and headers, to copy over these.
const EMPTY_SHEETS: [(&str, &str); 4] = [
    ("stock.csv", "location,product,age_days,quantity_kg\n"),
    ("in_transit.csv", "from,to,product,arrive_week,age_days,quantity_kg\n"),
    (
        "support.csv",
        "buyer,product,price_per_kg,budget,farm,week_from,week_to,cost_per_kg\n",
    ),
    ("state.csv", "as_of_week,iso_week,week_start\n"),
];

/// The README of a workbook template.
const WORKBOOK_README: &str = "# A scenario for agrimatch, as one workbook\n\n\
Edit scenario.xlsx in Excel: one sheet per table (products, farms, hubs, stores, supply,\n\
demand, lanes; stock, in_transit, support and state start empty), the settings sheet, and\n\
the sheet `columns`, which explains every column. Then run\n\n\
    agrimatch check scenario.xlsx\n\
    agrimatch plan scenario.xlsx\n\n\
The plan is written to the folder scenario-out/ beside the workbook: plan.xlsx holds every\n\
table as a sheet. The workbook itself is never written to.\n";

/// The template of `agrimatch init`: the tiny scenario, with a guide.
const TEMPLATE: [(&str, &str); 9] = [
    ("products.csv", include_str!("../../scenarios/tiny/products.csv")),
    ("farms.csv", include_str!("../../scenarios/tiny/farms.csv")),
    ("hubs.csv", include_str!("../../scenarios/tiny/hubs.csv")),
    ("stores.csv", include_str!("../../scenarios/tiny/stores.csv")),
    ("supply.csv", include_str!("../../scenarios/tiny/supply.csv")),
    ("demand.csv", include_str!("../../scenarios/tiny/demand.csv")),
    ("lanes.csv", include_str!("../../scenarios/tiny/lanes.csv")),
    (
        "scenario.toml",
        "# Length of a planning period in days (7: weekly plans, 1: daily plans).\n\
         period_days = 7\n\
         \n\
         # Every other setting, commented out: remove the # to use it.\n\
         \n\
         # The first day of period 1. Week cells may then be dates (2027-03-08) or\n\
         # ISO weeks (2027-W10), and outputs gain dates.\n\
         # start_date = 2027-01-04\n\
         \n\
         # Bound each store's shortfall rate, per product and week, to the overall\n\
         # rate plus this share (0 = equal shares).\n\
         # fair_shortfall = 0.1\n\
         \n\
         # The unit of the terminal summary: kg, jin or t (files stay in kg).\n\
         # display_unit = \"jin\"\n\
         \n\
         # Start output CSV files with a byte-order mark, so Excel reads Chinese\n\
         # text right (default: as the scenario's own files do).\n\
         # csv_bom = true\n",
    ),
    (
        "README.md",
        "# A scenario for agrimatch\n\n\
         Edit these files in Excel or any editor (save as CSV UTF-8), then run\n\
         `agrimatch check .` to see what was read and `agrimatch plan .` to plan.\n\n\
         - products.csv: what is grown; shelf life in days, value of a spoiled kg.\n\
         - farms.csv: production bases; priority > 0 sells an assisted farm's produce first.\n\
         - hubs.csv: collection and distribution centres (optional file).\n\
         - stores.csv: supermarkets, e-commerce and other buyers.\n\
         - supply.csv: kg each farm harvests each week.\n\
         - demand.csv: kg each store orders each week.\n\
         - lanes.csv: roads from farms or hubs to hubs or stores: cost per kg, days on the road,\n\
           weekly capacity (blank = unlimited).\n\
         - stock.csv (optional): produce on hand at the start, with its age in days.\n\
         - support.csv (optional): buyers of last resort for assisted farms, with budgets.\n\
         - lanes.csv may also say truck_kg, cost_per_truck and max_trucks_per_week: plans\n\
           then count whole trucks.\n\
         - scenario.toml: settings (period length, start date, fair shares, display unit,\n\
           csv_bom), each explained there.\n\n\
         The agrimatch README lists every column and its default.\n",
    ),
];

/// `scenario.toml` and `README.md` of the folder template in Chinese (the
/// CSV files keep their English columns: they are the contract).
const TEMPLATE_ZH: [(&str, &str); 2] = [
    (
        "scenario.toml",
        "# 每个计划期的天数（7：按周计划，1：按天计划）。\n\
         period_days = 7\n\
         \n\
         # 终端、report.html 和 plan.xlsx 使用的语言：zh-CN 或 en。\n\
         language = \"zh-CN\"\n\
         \n\
         # 以下设置均已注释：去掉 # 即可启用。\n\
         \n\
         # 第 1 期的第一天。填写后，周次可写作日期（2027-03-08）或 ISO 周（2027-W10），\n\
         # 输出中也会带上日期。\n\
         # start_date = 2027-01-04\n\
         \n\
         # 每家商超每种产品每周的缺货率，最多比总体缺货率高出这一比例（0 = 平均分配）。\n\
         # fair_shortfall = 0.1\n\
         \n\
         # 终端摘要的数量单位：公斤、斤或吨（文件中始终为公斤）。\n\
         # display_unit = \"斤\"\n\
         \n\
         # 输出的 CSV 文件带字节顺序标记（BOM），以便 Excel 正确显示中文\n\
         # （默认：与情景自身文件一致）。\n\
         # csv_bom = true\n",
    ),
    (
        "README.md",
        "# agrimatch 情景\n\n\
         用 Excel 或任何编辑器修改这些文件（另存为“CSV UTF-8”），然后运行\n\
         `agrimatch check .` 查看读取结果，运行 `agrimatch plan .` 生成调运计划。\n\
         列名保持英文（脚本依赖它们）；产品、基地、商超等名称可以用中文。\n\n\
         - products.csv：产品；货架期（天），损耗每公斤的货值。\n\
         - farms.csv：生产基地；priority 大于 0 的帮扶对象优先销售。\n\
         - hubs.csv：集散中心（可不填）。\n\
         - stores.csv：商超、电商等采购方。\n\
         - supply.csv：每个基地每周的采收量（公斤）。\n\
         - demand.csv：每家商超每周的订单（公斤）。\n\
         - lanes.csv：从基地或集散中心到集散中心或商超的线路：每公斤运费、在途天数、\n\
           每周运力（空白为不限）。\n\
         - stock.csv（可不填）：期初库存及其采后天数。\n\
         - support.csv（可不填）：帮扶采购方及其预算。\n\
         - lanes.csv 还可填写 truck_kg、cost_per_truck 和 max_trucks_per_week：计划按整车计算车次。\n\
         - scenario.toml：设置（计划期长度、语言、开始日期、公平分配、显示单位、csv_bom），各项说明见文件内。\n\n\
         每一列的含义和默认值见 README.zh-CN.md。\n",
    ),
];

pub fn run(args: &Args) -> Result<u8, Error> {
    if args.xlsx {
        return run_xlsx(args);
    }
    let folder = OutputFolder::claim_new(&args.dir)?;
    let chinese = agrimatch::lang::current() == agrimatch::lang::Lang::ZhCn;
    let files: Vec<(&str, String)> = TEMPLATE
        .iter()
        .map(|(name, text)| match TEMPLATE_ZH.iter().find(|(zh, _)| zh == name) {
            Some((_, zh)) if chinese => (*name, zh.to_string()),
            _ => (*name, text.to_string()),
        })
        .collect();
    folder.write(&text_writers(&files))?;
    let dir = text::path_text(&args.dir);
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "init-wrote",
            &[
                ("folder", &dir),
                (
                    "files",
                    &TEMPLATE.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ),
                ("scenario", &dir),
            ]
        )
    ))?;
    Ok(EXIT_OK)
}

/// The settings sheet of the Chinese template (`设置`): the same period as
/// the English one, and the language, so that it speaks Chinese without flags.
const SETTINGS_ZH: &str = "设置项,值,说明\n\
每期天数,7,每个计划期的天数：7 为按周计划，1 为按天计划\n\
语言,zh-CN,终端、report.html 和 plan.xlsx 使用的语言：zh-CN 或 en\n";

/// The guide sheet of the Chinese template (`说明`): what each sheet holds.
const GUIDE_ZH: &str = "工作表,内容\n\
产品,每种产品一行：货架期（天）、货值（元/公斤，损耗时按此计价）、仓储费、到货最少剩余天数\n\
基地,每个基地一行：地区、优先级（大于 0 的帮扶对象优先销售）、库容（公斤）\n\
中转,集散中心（可不填）：地区、库容（公斤）\n\
商超,每家商超或采购方一行：地区、库容（公斤）\n\
供应,每个基地每周的采收量（公斤）\n\
需求,每家商超每周的订单（公斤）；缺货惩罚可不填\n\
线路,从基地或中转到中转或商超的线路：运费（元/公斤）、在途天数、每周运力（空白为不限）\n\
库存,期初库存（可不填）：地点、产品、采后天数、数量（公斤）\n\
在途,期初在途（可不填）：起点、终点、产品、到达周、采后天数、数量（公斤）\n\
帮扶采购,帮扶采购方（可不填）：收购价、预算（元）、基地、起止周\n\
期初状态,agrimatch week 写入 next.xlsx 的期初状态所属周（可不填）\n\
设置,计划期长度和语言等设置\n";

/// The README of the Chinese workbook template.
const WORKBOOK_README_ZH: &str = "# agrimatch 情景工作簿\n\n\
用 Excel 编辑 scenario.xlsx：每张表一个工作表（产品、基地、中转、商超、供应、需求、线路；\n\
库存、在途、帮扶采购和期初状态开始时为空），设置工作表，以及说明每张表的“说明”工作表。然后运行\n\n\
    agrimatch check scenario.xlsx\n\
    agrimatch plan scenario.xlsx\n\n\
调运计划写入工作簿旁的 scenario-out/ 文件夹：plan.xlsx 中每张表一个工作表。程序不会改写工作簿本身。\n";

/// `init --xlsx`: the template as `scenario.xlsx` and a README; with
/// `--lang zh-CN`, with Chinese sheet names and headers (the aliases of
/// `data::workbook`), which plan to the same files.
fn run_xlsx(args: &Args) -> Result<u8, Error> {
    let folder = OutputFolder::claim_new(&args.dir)?;
    let tables: Vec<(&str, &str)> = TEMPLATE
        .iter()
        .filter(|(n, _)| n.ends_with(".csv"))
        .chain(&EMPTY_SHEETS)
        .copied()
        .collect();
    let settings = TEMPLATE.iter().find(|(n, _)| *n == "scenario.toml").map(|(_, t)| *t);
    let chinese = agrimatch::lang::current() == agrimatch::lang::Lang::ZhCn;
    let bytes = if chinese {
        let mut sheets: Vec<(String, String)> = tables
            .iter()
            .map(|(file, csv)| (sheet_in_chinese(file), header_in_chinese(file, csv)))
            .collect();
        sheets.push(("设置.csv".to_string(), SETTINGS_ZH.to_string()));
        sheets.push(("说明.csv".to_string(), GUIDE_ZH.to_string()));
        let sheets: Vec<(&str, &str)> = sheets.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        scenario_workbook(&sheets, None, &[])
    } else {
        scenario_workbook(&tables, settings, &GUIDE)
    }
    .map_err(|e| Error::io(args.dir.join(WORKBOOK), std::io::Error::other(e.to_string())))?;
    let readme = if chinese { WORKBOOK_README_ZH } else { WORKBOOK_README };
    let files: Vec<(&str, FileWriter)> = vec![
        (WORKBOOK, Box::new(move |w| w.write_all(&bytes))),
        ("README.md", Box::new(move |w| w.write_all(readme.as_bytes()))),
    ];
    folder.write(&files)?;
    let workbook = text::path_text(&args.dir.join(WORKBOOK));
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "init-wrote",
            &[
                ("folder", &text::path_text(&args.dir)),
                ("files", &format!("{WORKBOOK}, README.md")),
                ("scenario", &workbook),
            ]
        )
    ))?;
    Ok(EXIT_OK)
}
