# agrimatch: texts of `agrimatch serve` (the planner's desk): the terminal's
# lines, the page, its script (keys serve-js-*) and the API's error answers.

## The command
serve-listening = the planner's desk for { $name } is open at { $url }
serve-token-note = anyone on the network who has this link can use the desk: share it only with your planners
serve-workspace = saved what-ifs and kept weeks go into { $folder }
serve-err-listen = --listen: expected an address and port such as 127.0.0.1:8080 or 0.0.0.0:8080, found { $found }
serve-err-token-short = --token: expected at least 16 characters, found { $count }

## Error answers of the API
serve-err-token = expected the desk's token (Authorization: Bearer TOKEN, or open the printed link), found none or another
serve-err-forbidden = expected a request from the desk's own page on this server, found one from another site or host name
serve-err-not-found = no such page or file here
serve-err-panic = planning stopped on an internal error ({ $why }); the desk goes on
serve-err-from = expected ?from=WEEK (a period number, a date or an ISO week such as 2027-W10)
serve-err-week = from: expected { $expected }, found "{ $found }"
serve-err-week-body = request body: line { $line }, column { $column }: expected a JSON object with stock, in_transit, supply and/or demand as CSV text ({ $why })
serve-err-file = expected file= one of { $files }

## The page
serve-title = { $name }: the planner's desk
serve-intro = Ask "what if", see the plan change beside the base plan, and keep the answers worth keeping.
serve-nav-whatif = What if
serve-nav-monday = Monday routine
serve-nav-base = Base plan
# The link to the page in the other language, named in that language.
serve-switch-lang = 中文
serve-whatif-heading = What if …
serve-whatif-hint = Each form adds rows to the change file below (the format of plan --changes); you may also edit it by hand. Empty weeks mean all weeks.
serve-harvest = Harvest up or down
serve-farm = Farm
serve-product = Product
serve-store = Store
serve-all = all
serve-week-from = from week
serve-week-to = to week
serve-harvest-percent = change, % (−30 = a third less)
serve-add = Add to the change file
serve-lane = Lane
serve-lane-which = Lane
serve-lane-what = Change
serve-lane-closed = closed in these weeks
serve-lane-capacity = capacity in these weeks
serve-lane-trucks = trucks on it (all weeks)
serve-lane-capacity-kg = capacity, kg per week
serve-lane-truck-kg = kg per truck
serve-lane-truck-cost = cost per truck
serve-order = Order added or changed
serve-order-how = How
serve-order-set = set to kg per week
serve-order-percent = up or down by %
serve-order-add = add kg per week
serve-order-value = kg or %
serve-support = Support budget
serve-support-none = This scenario has no support purchases (support.csv).
serve-support-buyer = Buyer
serve-support-how = Budget
serve-support-set = set to yuan
serve-support-percent = up or down by %
serve-support-unlimited = no limit
serve-support-value = yuan or %
serve-fair = Fairness level
serve-fair-hint = How far a store's shortfall rate may exceed the average, per product and week (fair_shortfall). 0 means equal shares.
serve-fair-how = Fairness
serve-fair-level = on, with the limit below
serve-fair-off = off (the cheapest plan)
serve-fair-points = percentage points (0 to 100)
serve-changes-file = Change file
serve-run = Plan this what-if
serve-clear = Start a new change file
serve-result-heading = The what-if beside the base plan
serve-session-heading = This session's what-ifs
serve-session-empty = None yet: plan a what-if and it is listed here, to show again, download as a change file or save into the workspace.
serve-monday-heading = Monday routine
serve-monday-hint = Choose the week, upload Monday's counts and what happened last week if you have them (the scenario's own files are used otherwise), and plan: you get this week's dispatch list.
serve-monday-week = Week (number, date or 2027-W10)
serve-monday-stock = counted stock (stock.csv)
serve-monday-in-transit = counted in transit (in_transit.csv)
serve-monday-supply = actual harvest (supply.csv)
serve-monday-demand = actual orders (demand.csv)
serve-monday-keep = confirm: keep this week in the workspace's history
serve-monday-typed = Or type the counts
serve-monday-typed-hint = Rows typed here are sent as stock.csv and in_transit.csv, as an upload would be (a chosen file takes their place; choose one or the other). Empty rows are left out.
serve-monday-typed-stock = Stock on hand
serve-monday-typed-transit = On the road
serve-monday-add-row = Add a row
serve-col-place = Farm, hub or store
serve-col-product = Product
serve-col-age = Age, days
serve-col-kg = kg
serve-col-from = From
serve-col-to = To
serve-col-arrive = Arrives in week
serve-monday-run = Plan the week
serve-base-heading = The base plan

## The page's script
serve-js-bad-percent = expected a change in % of at least −100
serve-js-bad-budget = expected a budget of 0 yuan or more, or a change in % of at least −100
serve-js-bad-points = expected a fairness level from 0 to 100 percentage points
serve-js-counts-both = { $file }: a file is chosen and rows are typed; keep one of the two
serve-js-remove-row = Remove
serve-js-planning = planning …
serve-js-planned = planned: { $cost } (base plan { $base }), in { $seconds } s
serve-js-whatif-name = What-if { $n }
serve-js-result-lead = { $name }, planned in { $seconds } s. Rows that changed are highlighted.
serve-js-totals = Cost and quantities
serve-js-stores = Fill rate per store
serve-js-farms = Sold share per farm
serve-js-metric = Figure
serve-js-base = Base plan
serve-js-variant = What-if
serve-js-change = Change
serve-js-store = Store
serve-js-farm = Farm
serve-js-m-objective = Total cost (money and penalties)
serve-js-m-money_spent = Money spent
serve-js-m-penalties = Penalties (weights, not money)
serve-js-m-transport_cost = Transport
serve-js-m-truck_cost = Trucks
serve-js-m-support_cost = Support purchases
serve-js-m-waste_kg = Waste, kg
serve-js-m-shortfall_kg = Shortfall, kg
serve-js-m-delivered_kg = Delivered, kg
serve-js-m-fill_rate = Fill rate
serve-js-m-worst_store_fill_rate = Worst store's fill rate
serve-js-m-lowest_priority_farm_sold_share = Lowest sold share of a priority farm
serve-js-m-support_kg = Bought by support buyers, kg
serve-js-m-trucks = Truckloads
serve-js-session-cost = cost { $cost } ({ $change })
serve-js-saved-as = saved as { $name }
serve-js-show = Show
serve-js-edit = Edit
serve-js-download = Download change file
serve-js-save = Save to workspace
serve-js-week-kept = { $week } planned and kept in the history ({ $folder })
serve-js-week-draft = { $week } planned (a draft: tick "confirm" to keep it)
serve-js-dispatch = This week's dispatch list
serve-js-dispatch-none = Nothing leaves this week.
serve-js-dispatch-csv = Download dispatch.csv
serve-js-dispatch-xlsx = Download plan.xlsx
serve-js-dispatch-print = Open to print
