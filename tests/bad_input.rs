//! One test per kind of bad input: each names file, line and column.

use crate::common::Scenario;

/// Asserts that `scenario` is rejected with exactly one problem, `expected`.
#[track_caller]
fn rejects(scenario: Scenario, expected: &str) {
    let problems = scenario.problems();
    assert_eq!(problems, vec![expected.to_string()], "problems reported");
}

#[test]
fn base_scenario_is_valid() {
    assert!(Scenario::base().problems().is_empty());
}

#[test]
fn missing_file() {
    let problems = Scenario::base().without("supply.csv").problems();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("supply.csv: file not found in "),
        "{problems:?}"
    );
}

#[test]
fn missing_column() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,quantity_kg\nMuyin-1,plum,100\n"),
        "supply.csv: line 1, column week: required column is missing from the header",
    );
}

#[test]
fn unknown_column() {
    rejects(
        Scenario::base().with("lanes.csv", "from,to,cost_per_kg,transit_day\nMuyin-1,Jingkai,0.5,1\n"),
        "lanes.csv: line 1, column transit_day: unknown column (known columns: from, to, cost_per_kg, transit_days, capacity_kg_per_week, truck_kg, cost_per_truck, max_trucks_per_week)",
    );
}

#[test]
fn duplicated_header() {
    rejects(
        Scenario::base().with("farms.csv", "farm,region,region\nMuyin-1,Luodian,Luodian\n"),
        "farms.csv: line 1, column region: column appears twice in the header",
    );
}

#[test]
fn empty_required_field() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,\n"),
        "supply.csv: line 2, column quantity_kg: expected a value, found an empty cell",
    );
}

#[test]
fn not_a_number() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,lots\n"),
        "supply.csv: line 2, column quantity_kg: expected a number >= 0, found \"lots\"",
    );
}

#[test]
fn negative_number_on_a_later_line() {
    let supply = "farm,product,week,quantity_kg\n".to_string()
        + &(1..=5).map(|w| format!("Muyin-1,plum,{w},10\n")).collect::<String>()
        + "Muyin-1,plum,6,-40\n";
    rejects(
        Scenario::base().with("supply.csv", &supply),
        "supply.csv: line 7, column quantity_kg: expected a number >= 0, found \"-40\"",
    );
}

#[test]
fn nan_and_infinities() {
    for bad in ["NaN", "nan", "inf", "-inf", "infinity"] {
        rejects(
            Scenario::base().with(
                "demand.csv",
                &format!("store,product,week,quantity_kg\nJingkai,plum,1,{bad}\n"),
            ),
            &format!("demand.csv: line 2, column quantity_kg: expected a number >= 0, found \"{bad}\""),
        );
    }
    rejects(
        Scenario::base().with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Jingkai,1e400\n"),
        "lanes.csv: line 2, column cost_per_kg: expected a number >= 0, found \"1e400\" (too large)",
    );
}

#[test]
fn thousands_separator_gets_a_hint() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,\"1,200\"\n"),
        "supply.csv: line 2, column quantity_kg: expected a number >= 0, found \"1,200\" (write numbers without thousands separators)",
    );
}

#[test]
fn week_must_be_a_positive_whole_number() {
    for bad in ["0", "2.5", "-1", "x"] {
        rejects(
            Scenario::base().with(
                "supply.csv",
                &format!("farm,product,week,quantity_kg\nMuyin-1,plum,{bad},100\n"),
            ),
            &format!("supply.csv: line 2, column week: expected a whole number from 1 to 10000, found \"{bad}\""),
        );
    }
}

#[test]
fn shelf_life_below_one_day() {
    rejects(
        Scenario::base().with("products.csv", "product,shelf_life_days,value_per_kg\nplum,0,8\n"),
        "products.csv: line 2, column shelf_life_days: expected a whole number >= 1, found \"0\"",
    );
}

#[test]
fn min_remaining_days_must_leave_some_shelf_life() {
    rejects(
        Scenario::base().with(
            "products.csv",
            "product,shelf_life_days,value_per_kg,min_remaining_days\nplum,14,8,14\n",
        ),
        "products.csv: line 2, column min_remaining_days: expected fewer days than shelf_life_days (14), found 14",
    );
}

#[test]
fn duplicate_ids_within_a_file() {
    rejects(
        Scenario::base().with("farms.csv", "farm,region\nMuyin-1,Luodian\nMuyin-1,Ziyun\n"),
        "farms.csv: line 3, column farm: expected a unique id, found \"Muyin-1\", already used earlier in farms.csv",
    );
    rejects(
        Scenario::base().with(
            "products.csv",
            "product,shelf_life_days,value_per_kg\nplum,14,8\nplum,7,1\n",
        ),
        "products.csv: line 3, column product: expected a unique product id, found \"plum\" again (first on line 2)",
    );
}

#[test]
fn duplicate_ids_across_location_files() {
    rejects(
        Scenario::base().with("stores.csv", "store,region\nJingkai,Jingkai\nMuyin-1,Huaxi\n"),
        "stores.csv: line 3, column store: expected a unique id, found \"Muyin-1\", already used in farms.csv",
    );
}

#[test]
fn duplicate_farm_product_week_rows() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,1,50\n"),
        "supply.csv: line 3: expected one row per (farm, product, week), found (Muyin-1, plum, 1) again (first on line 2)",
    );
}

#[test]
fn duplicate_lanes() {
    rejects(
        Scenario::base().with(
            "lanes.csv",
            "from,to,cost_per_kg\nMuyin-1,Jingkai,0.5\nMuyin-1,Jingkai,0.7\n",
        ),
        "lanes.csv: line 3: expected one lane per (from, to), found (Muyin-1, Jingkai) again (first on line 2)",
    );
}

#[test]
fn unknown_ids_suggest_the_near_miss() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-l,plum,1,100\n"),
        "supply.csv: line 2, column farm: expected a farm id from farms.csv, found \"Muyin-l\" (did you mean \"Muyin-1\"?)",
    );
    rejects(
        Scenario::base().with("demand.csv", "store,product,week,quantity_kg\nJingkai,mango,1,80\n"),
        "demand.csv: line 2, column product: expected a product from products.csv, found \"mango\"",
    );
}

#[test]
fn supply_at_a_store_names_the_kind() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nJingkai,plum,1,100\n"),
        "supply.csv: line 2, column farm: expected a farm, found \"Jingkai\", which is a store",
    );
}

#[test]
fn lane_from_a_store() {
    rejects(
        Scenario::base()
            .with("hubs.csv", "hub,region\nGuiyang-hub,Baiyun\n")
            .with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Jingkai,0.5\nJingkai,Guiyang-hub,0.5\n"),
        "lanes.csv: line 3, column from: expected a farm or hub, found \"Jingkai\", which is a store (a lane cannot start at a store)",
    );
}

#[test]
fn lane_into_a_farm() {
    rejects(
        Scenario::base()
            .with("farms.csv", "farm,region\nMuyin-1,Luodian\nZiyun-1,Ziyun\n")
            .with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Ziyun-1,0.5\n"),
        "lanes.csv: line 2, column to: expected a hub or store, found \"Ziyun-1\", which is a farm (a lane cannot end at a farm)",
    );
}

#[test]
fn wrong_number_of_fields() {
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1\n"),
        "supply.csv: line 2: expected 4 fields as in the header, found 3",
    );
}

#[test]
fn neither_utf8_nor_gbk() {
    let mut bytes = b"farm,region\nMuyin-1,Luodian\n".to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xff,Luodian\n"); // no encoding's text
    let dir = Scenario::base().write();
    std::fs::write(dir.path().join("farms.csv"), bytes).unwrap();
    let err = agrimatch::data::read_instance(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("farms.csv: line 3: expected UTF-8 or GBK/GB18030 text"),
        "{err}"
    );
}

/// Excel on Chinese Windows saves "CSV" as GBK: the ids come out right.
#[test]
fn gbk_files_are_read() {
    let dir = Scenario::base().write();
    let farms = "farm,region\n木引镇基地,罗甸\n";
    let supply = "farm,product,week,quantity_kg\n木引镇基地,plum,1,100\n";
    let lanes = "from,to,cost_per_kg\n木引镇基地,Jingkai,0.5\n";
    for (file, text) in [("farms.csv", farms), ("supply.csv", supply), ("lanes.csv", lanes)] {
        let (bytes, _, failed) = encoding_rs::GBK.encode(text);
        assert!(!failed);
        std::fs::write(dir.path().join(file), bytes).unwrap();
    }
    let instance = agrimatch::data::read_instance(dir.path()).expect("GBK is read");
    assert_eq!(instance.locations[0].id, "木引镇基地");
    assert_eq!(instance.locations[0].region, "罗甸");
}

#[test]
fn byte_order_mark_and_chinese_ids_are_accepted() {
    let scenario = Scenario::base()
        .with("farms.csv", "\u{feff}farm,region\n木引镇基地,罗甸\n")
        .with(
            "supply.csv",
            "\u{feff}farm,product,week,quantity_kg\n木引镇基地,plum,1,100\n",
        )
        .with("lanes.csv", "from,to,cost_per_kg\n木引镇基地,Jingkai,0.5\n");
    let instance = scenario.instance();
    assert_eq!(instance.locations[0].id, "木引镇基地");
}

#[test]
fn blank_optional_cells_take_defaults() {
    let scenario = Scenario::base()
        .with(
            "products.csv",
            "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days\nplum,14,8,,\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,80,\n",
        );
    let instance = scenario.instance();
    assert_eq!(instance.products[0].holding_cost_per_kg_week, 0.0);
    assert_eq!(
        agrimatch::model::ObjectiveWeights::of(&instance).shortfall_penalty_per_kg(&instance.demand[0]),
        16.0,
        "default is 2 x value_per_kg"
    );
}

#[test]
fn scenario_toml_is_checked() {
    rejects(
        Scenario::base().with("scenario.toml", "# planning\nperiod_day = 1\n"),
        "scenario.toml: line 2, column period_day: unknown setting (known settings: period_days, start_date, fair_shortfall, display_unit, csv_bom, language)",
    );
    rejects(
        Scenario::base().with("scenario.toml", "period_days = 0\n"),
        "scenario.toml: line 1, column period_days: expected a whole number from 1 to 366, found 0",
    );
    rejects(
        Scenario::base().with("scenario.toml", "period_days = 1.5\n"),
        "scenario.toml: line 1, column period_days: expected a whole number from 1 to 366, found 1.5",
    );
}

#[test]
fn all_problems_are_reported_and_the_message_shows_twenty() {
    let supply = "farm,product,week,quantity_kg\n".to_string()
        + &(1..=25).map(|w| format!("Muyin-1,plum,{w},-1\n")).collect::<String>();
    let dir = Scenario::base().with("supply.csv", &supply).write();
    let err = agrimatch::data::read_instance(dir.path()).unwrap_err();
    let agrimatch::Error::Input(problems) = &err else {
        panic!("expected an input error, got {err}")
    };
    assert_eq!(problems.0.len(), 25);
    let message = err.to_string();
    assert!(message.starts_with("the scenario has 25 input problems"), "{message}");
    assert_eq!(message.lines().count(), 1 + 20 + 1, "{message}");
    assert!(message.ends_with("... and 5 more"), "{message}");
}

#[test]
fn problems_in_several_files_are_collected() {
    let problems = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,-5\n")
        .with("lanes.csv", "from,to,cost_per_kg\nJingkai,Muyin-1,0.5\n")
        .problems();
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn fair_share_settings_are_checked() {
    rejects(
        Scenario::base().with("farms.csv", "farm,region,min_sold_share\nMuyin-1,Luodian,1.5\n"),
        "farms.csv: line 2, column min_sold_share: expected a share from 0 to 1, found 1.5",
    );
    rejects(
        Scenario::base().with("stores.csv", "store,region,weight\nJingkai,Jingkai,0\n"),
        "stores.csv: line 2, column weight: expected a number > 0, found 0",
    );
    rejects(
        Scenario::base().with("scenario.toml", "fair_shortfall = 2\n"),
        "scenario.toml: line 1, column fair_shortfall: expected a share from 0 to 1, found 2",
    );
}

/// Quantities in jin (0.5 kg), tonnes, or with a unit column all arrive in kg.
#[test]
fn quantities_in_jin_tonnes_or_with_a_unit() {
    let jin = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_jin\nMuyin-1,plum,1,200\n")
        .instance();
    assert_eq!(jin.supply[0].quantity_kg, 100.0);
    let tonnes = Scenario::base()
        .with("demand.csv", "store,product,week,quantity_t\nJingkai,plum,1,0.08\n")
        .instance();
    assert!((tonnes.demand[0].quantity_kg - 80.0).abs() < 1e-9);
    let mixed = Scenario::base()
        .with(
            "supply.csv",
            "farm,product,week,quantity,unit\nMuyin-1,plum,1,150,jin\nMuyin-1,plum,2,0.1,t\n",
        )
        .instance();
    let kg: Vec<f64> = mixed.supply.iter().map(|s| s.quantity_kg).collect();
    assert_eq!(kg, vec![75.0, 100.0]);
    rejects(
        Scenario::base().with(
            "supply.csv",
            "farm,product,week,quantity,unit\nMuyin-1,plum,1,150,pounds\n",
        ),
        "supply.csv: line 2, column unit: expected kg, jin or t, found \"pounds\"",
    );
    rejects(
        Scenario::base().with(
            "supply.csv",
            "farm,product,week,quantity_kg,quantity_jin\nMuyin-1,plum,1,150,300\n",
        ),
        "supply.csv: line 1: expected one quantity column, found quantity_kg and quantity_jin",
    );
    rejects(
        Scenario::base().with("supply.csv", "farm,product,week,quantity\nMuyin-1,plum,1,150\n"),
        "supply.csv: line 1, column unit: required column is missing from the header (quantity needs a unit: kg, jin or t)",
    );
}

#[test]
fn display_unit_is_checked() {
    rejects(
        Scenario::base().with("scenario.toml", "display_unit = \"pound\"\n"),
        "scenario.toml: line 1, column display_unit: expected \"kg\", \"jin\" or \"t\" (or 公斤, 斤, 吨), found \"pound\"",
    );
    let instance = Scenario::base()
        .with("scenario.toml", "display_unit = \"jin\"\n")
        .instance();
    assert_eq!(instance.display_unit, ("jin", 0.5));
}
