# agrimatch: report texts (en). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.
# report.html texts; the code formats the numbers. English is the page as it always was, to the byte.

## The page's frame
report-when = weeks { $first } to { $last }
report-when-dated = weeks { $first } to { $last }, { $from } to { $to }
report-running = { $name } · plan { $when }
report-running-week = { $name } · this week: { $week } · plan { $when }
report-title = { $name }: agrimatch plan, { $when }
report-title-week = { $name }: { $week }, agrimatch plan
report-page-before = {"page "}
report-page-between = {" of "}
report-page-after = {""}
report-heading = Shipment plan: { $weeks } weeks of { $days } days
report-plan-when = Plan { $when }.
report-chart-not-drawn = (chart not drawn: { $error })

## This week (agrimatch week)
report-this-week = This week: { $week }
report-this-week-loads = { $loads } lane loads leave this week, { $amount } in all (dispatch.csv).{" "}
report-this-week-trucks = { $trucks } trucks leave on truck lanes; each line says which truck it goes on.{" "}
report-this-week-next = Next week's opening state is in next/stock.csv and next/in_transit.csv.
report-this-week-cost = This week costs { $total }: { $spent } money spent ({ $spent_parts }) and { $penalties } in penalties ({ $penalty_parts }).
report-week-part-closing = unsold priority stock at the end { $amount }
report-before-plan = before the plan
report-truck-of = { $number } of { $trucks }
report-weeks-after = The weeks after

## Column headers
report-col-from = from
report-col-to = to
report-col-product = product
report-col-arrives = arrives
report-col-harvested = harvested
report-col-age = age, days
report-col-kg = kg
report-col-truck = truck
report-col-week = week
report-col-ordered = ordered
report-col-delivered = delivered
report-col-short = short
report-col-wasted = wasted
report-col-this-plan = this plan
report-col-greedy = greedy
report-col-saved = saved
report-col-buyer = buyer
report-col-price = price per kg
report-col-budget = budget
report-col-kg-bought = kg bought
report-col-spent = spent
report-col-left = left
report-col-saving-per-yuan = saving per extra yuan
report-col-where = where
report-col-saving-per-kg = saving per kg
report-col-farm = farm
report-col-store = store
report-col-share-delivered = share of all delivered
report-col-share-shipped = share of all shipped
report-col-trucks = trucks
report-col-average-fill = average fill
report-col-weeks-trucks = weeks: trucks (fill)

## Status
report-status = {"Status "}
report-status-planned = , solver { $solver }, { $variables } variables. Every figure below was re-checked against the input data.
report-status-read-back = {" "}as recorded by agrimatch plan (solver { $solver }, { $variables } variables). Re-checked by agrimatch report against the input data: every balance, every capacity and the cost; the status itself was not re-checked.

## Headline
report-big-money = money spent
report-big-penalties = penalties weighed
report-big-fill-rate = fill rate
report-big-waste = waste
report-big-waste-share = { $share }% of the harvest
report-big-shortfall = shortfall
report-big-priority = sold from priority farms
report-money = { $amount }
report-money-wan = { $amount }
report-cost-spent = Money spent { $amount }
report-cost-spent-note = {" "}({ $parts }): what the plan pays out, for the lanes per kg shipped, cold storage per kg held over a week's end, the trucks that leave and what support purchases cost the programme (the price paid to the farms is their income, not a cost).{" "}
report-cost-penalties = Penalties weighed { $amount }
report-cost-penalties-note = {" "}({ $parts }): no one pays them; they are the prices the plan puts on ordered kg not delivered, on produce wasted or left unsold at the end and on unfair shares, so that it avoids them where it can.{" "}
report-cost-objective = Objective { $amount }
report-cost-objective-note = {" "}= both: the figure the plan makes as small as it can, not its price.
report-parts-none = none
report-part-transport = transport { $amount }
report-part-holding = holding { $amount }
report-part-trucks = trucks { $amount }
report-part-support = support purchases { $amount }
report-part-shortfall = shortfall { $amount }
report-part-waste = waste { $amount }
report-part-closing = closing stock { $amount }
report-part-fairness = fairness { $amount }

## Sections
report-baseline = Against the greedy baseline
report-row-money = money spent
report-row-penalties = penalties weighed
report-row-objective = objective
report-row-waste = waste
report-row-shortfall = shortfall
report-support = Support purchases
report-support-text = Buyers of last resort (support.csv) take what assisted farms cannot sell, at their price, while the budget lasts. { $amount } bought for { $spent }.
report-support-priority-farms = priority farms
report-support-no-limit = no limit
report-marginal = Where an extra truck or cold room pays most
report-marginal-text = What one more kg of weekly lane capacity or of storage would save (from the LP's marginal values; they hold for small additions).
report-marginal-trucks = trucks { $from } -> { $to }
report-marginal-cold-room = cold room at { $location }
report-weekly = Week by week
report-weekly-text = Harvest, orders and deliveries per product; red marks the weeks with shortfall.
report-waste = Waste by product and week
report-stores = Fill rate per store
report-stores-chart = fill rate per store
report-farms = Share of harvest sold per farm
report-farms-text = Priority farms (assisted households) in green.
report-farms-chart = share of harvest sold
report-flows = Largest flows
report-flows-text = From farm to store; produce that passes through hubs is traced back to its farms in proportion to what each farm sent into the hub.
report-flows-lanes = Lane by lane, as the trucks run:
report-flows-diagram = The diagram draws the { $lanes } busiest lanes.

## What is left out of a table or chart
report-rest-lane-loads = ... and { $count } more lane loads, { $amount }
report-rest-support = ... and { $count } more support lines, { $amount } bought
report-rest-products = ... and { $count } more products, { $harvested } harvested, { $ordered } ordered (weekly.csv has every product)
report-rest-waste = ... and { $count } more products, { $amount } wasted
report-rest-stores = ... and { $count } more stores, { $amount } ordered (stores.csv has every store)
report-rest-farms = ... and { $count } more farms, { $amount } harvested (farms.csv has every farm)
report-rest-pairs = ... and { $count } more farm-store pairs, { $amount }
report-rest-lanes = ... and { $count } more lanes, { $amount }

## Trucks
report-trucks = Trucks
report-trucks-text = { $trucks } trucks leave, { $fill }% full on average ({ $load } kg carried in room for { $room } kg). Per lane, the trucks of each week and how full they leave (trucks.csv has every lane and week, truck_loads.csv what goes on each truck).
report-trucks-week = w{ $week }: { $trucks } ({ $fill }%)
report-trucks-rest = ... and { $count } more truck lanes (trucks.csv).

## Charts
chart-week = week
chart-day = day
chart-period = period of { $days } days
chart-by-first-day = { $period }, by its first day
chart-harvest = harvest
chart-orders = orders
chart-delivered = delivered
chart-short = short
chart-weekly-label = { $product }: harvest, orders and deliveries per week, { $unit }
chart-wasted = { $unit } wasted
chart-waste-label = waste per product and week, { $unit }
chart-farm = farm
chart-hub = hub
chart-store = store
chart-farms = farms
chart-hubs = hubs
chart-stores = stores
chart-flow-title = { $unit } shipped over the plan, lane by lane (line width)
chart-flow-label = flow diagram: { $unit } per lane from farms to stores
chart-fair-cost = cost of the plan
chart-fair-x = fair_shortfall
chart-fair-y-cost = cost
chart-fair-fill = worst store's fill rate
chart-fair-y-fill = fill rate
chart-fair-none = none (no rule): { $value }

## plan.xlsx: sheet names and column headers (the CSV files keep the English names)
xlsx-more-rows = ... and { $more } more rows: Excel holds { $max } rows a sheet; the CSV file has them all
xlsx-opening-stock = opening stock ({ $week })

## plan.xlsx sheets (xlsx-sheet-<table>) and column or metric names (xlsx-col-<name>); English keeps the CSV names
xlsx-sheet-dispatch = dispatch
xlsx-sheet-shipments = shipments
xlsx-sheet-weekly = weekly
xlsx-sheet-stores = stores
xlsx-sheet-farms = farms
xlsx-sheet-summary = summary
xlsx-sheet-flows = flows
xlsx-sheet-marginal_values = marginal_values
xlsx-col-from = from
xlsx-col-to = to
xlsx-col-product = product
xlsx-col-ship_week = ship_week
xlsx-col-arrive_week = arrive_week
xlsx-col-harvest_week = harvest_week
xlsx-col-ship_date = ship_date
xlsx-col-arrive_date = arrive_date
xlsx-col-harvest_date = harvest_date
xlsx-col-age_days = age_days
xlsx-col-quantity_kg = quantity_kg
xlsx-col-cost = cost
xlsx-col-channel = channel
xlsx-col-truck = truck
xlsx-col-trucks = trucks
xlsx-col-transport_cost = transport_cost
xlsx-col-truck_cost = truck_cost
xlsx-col-week = week
xlsx-col-week_start = week_start
xlsx-col-supply_kg = supply_kg
xlsx-col-demand_kg = demand_kg
xlsx-col-delivered_kg = delivered_kg
xlsx-col-shortfall_kg = shortfall_kg
xlsx-col-waste_kg = waste_kg
xlsx-col-support_kg = support_kg
xlsx-col-holding_cost = holding_cost
xlsx-col-support_cost = support_cost
xlsx-col-money_spent = money_spent
xlsx-col-waste_cost = waste_cost
xlsx-col-shortfall_cost = shortfall_cost
xlsx-col-closing_stock_cost = closing_stock_cost
xlsx-col-fairness_cost = fairness_cost
xlsx-col-penalties = penalties
xlsx-col-store = store
xlsx-col-region = region
xlsx-col-fill_rate = fill_rate
xlsx-col-farm = farm
xlsx-col-priority = priority
xlsx-col-min_sold_share = min_sold_share
xlsx-col-sold_kg = sold_kg
xlsx-col-sold_share = sold_share
xlsx-col-sales_value = sales_value
xlsx-col-note = note
xlsx-col-kind = kind
xlsx-col-location = location
xlsx-col-age = age
xlsx-col-lane_to = lane_to
xlsx-col-cost_change_per_kg = cost_change_per_kg
xlsx-col-metric = metric
xlsx-col-value = value
xlsx-col-status = status
xlsx-col-solver = solver
xlsx-col-objective = objective
xlsx-col-worst_store_fill_rate = worst_store_fill_rate
xlsx-col-lowest_priority_farm_sold_share = lowest_priority_farm_sold_share
xlsx-col-shipments = shipments
xlsx-col-closing_stock_kg = closing_stock_kg
xlsx-col-weeks = weeks
xlsx-col-period_days = period_days
xlsx-col-variables = variables
xlsx-col-constraints = constraints
xlsx-col-blocks = blocks
xlsx-col-blocks_by_solver = blocks_by_solver
xlsx-col-build_seconds = build_seconds
xlsx-col-solve_seconds = solve_seconds
xlsx-col-certificate = certificate
xlsx-col-duality_gap = duality_gap
xlsx-col-balance_repair = balance_repair
xlsx-col-greedy_cost = greedy_cost
xlsx-col-support_spent = support_spent
xlsx-col-support_budget_left = support_budget_left
xlsx-col-lower_bound = lower_bound
xlsx-col-gap = gap
xlsx-col-lp_solves = lp_solves
xlsx-col-lp_solves_skipped = lp_solves_skipped
xlsx-col-load_kg = load_kg
xlsx-col-fill_share = fill_share
