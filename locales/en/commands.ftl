# agrimatch: commands texts (en). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.

## Lines of every command (cli-*)
cli-wrote = wrote { $folder } ({ $files })
cli-no-plan = no plan written for { $scenario }: { $status } ({ $solver })
cli-fallback = { $failed } did not give a plan for a block ({ $why }); retried with { $then }
cli-warning = warning: { $text }
report-wrote = wrote { $file }
merge-wrote = wrote { $folder } ({ $files }): { $shards } shards, { $variants } variants
init-wrote = wrote { $folder } ({ $files }); next: agrimatch check { $scenario }
# The name of the last sheet of `init --xlsx`, which explains the others (templates/guide.csv).
init-guide-sheet = columns

## Column headers shared by the tables of fairness and support
table-status = status
table-cost = cost
table-none = none

## agrimatch fairness
fairness-level = fair_shortfall
fairness-worst-store = worst store fill
fairness-lowest-farm = lowest priority farm sold
fairness-run = fair_shortfall { $level }

## agrimatch support
support-budget = budget
support-waste = waste kg
support-bought = support kg
support-spent = spent
support-lowest-farm = lowest priority farm sold
support-per-yuan = waste kg avoided per yuan
support-run = budget { $budget }

## agrimatch sweep
sweep-change = {"  "}({ $change }% cost)
sweep-risk-cost = cost
sweep-risk-waste_kg = waste_kg
sweep-risk-shortfall_kg = shortfall_kg
sweep-risk-fill_rate = fill_rate

## agrimatch bench
bench-head = { $runs } timed runs each after { $warmup } warm-ups; median (min-max); solve CPU is summed over blocks solved in parallel
bench-head-one = { $runs } timed runs each after { $warmup } warm-up; median (min-max); solve CPU is summed over blocks solved in parallel
bench-seconds = { $median } s ({ $min }-{ $max })
bench-row = { $variables } variables  build CPU { $build } solve CPU { $solve } wall { $wall } peak { $peak } MB
bench-run = { $size } with { $solver }
bench-label-note = note
bench-wide-spread = runs more than { $ratio }x apart: the machine was busy or the runs too few; try more --runs, a --warmup, or a quieter machine
bench-progress-warmup = { $size } with { $solver }, warm-up { $run } of { $of }
bench-progress-run = { $size } with { $solver }, run { $run } of { $of }

## agrimatch check (labels padded to 12 columns)
check-label-read = read
check-label-horizon = horizon
check-label-product = product
check-label-warning = warning
check-label-ok = ok
check-count-products = { $count } products
check-count-farms = { $count } farms
check-count-hubs = { $count } hubs
check-count-stores = { $count } stores
check-count-lanes = { $count } lanes
check-count-supply-rows = { $count } supply rows
check-count-demand-rows = { $count } demand rows
check-count-stock-rows = { $count } stock rows
check-horizon = { $weeks } weeks of { $days } days
check-horizon-from = { $first } to { $last }: { $weeks } weeks of { $days } days (--from)
check-product = { $product } { $supply } kg harvest and stock, { $demand } kg ordered
check-certain-shortfall = { $week }: { $ordered } kg of { $product } ordered, but at most { $reachable } kg harvested fresh enough to sell then
check-more-weeks = ... and { $count } more weeks like these
check-store-no-lane = store { $id } has no lane: { $kg } kg ordered, all of it will go short
check-farm-no-lane = farm { $id } has no lane: { $kg } kg harvest and stock, all of it will be wasted
check-unsellable-stock = { $week }: { $kg } kg of { $product } in stock at { $location } can reach no order while fresh enough to sell; it will be wasted
check-unsellable-harvest = { $week }: { $kg } kg of { $product } harvested at { $location } can reach no order while fresh enough to sell; it will be wasted
check-more-rows = ... and { $count } more harvest or stock rows like these ({ $kg } kg in all)
check-too-large = too large to plan: { $why }
check-valid = the scenario is valid

## agrimatch week (labels padded to 12 columns)
week-label-this = this week
week-label-cost = week cost
week-label-next = next
week-label-after-plan = after plan
week-this = { $week }: { $loads } lane loads, { $kg } kg leave{ $trucks } (dispatch.csv)
week-this-trucks = , { $trucks } trucks
week-cost = { $total }: { $money } money spent ({ $spent }) and { $penalties } in penalties ({ $weighed })
week-next-none = none: { $week } is the last week with data, so the plan has ended (add later weeks to the supply and demand to plan on)
week-next-workbook = copy the sheets { $what } of { $place } into the scenario workbook (replacing its sheets of the same names), then run agrimatch week { $scenario } --from { $next }
week-next-folder = copy { $what } from { $place } into the scenario (over its files), then run agrimatch week { $scenario } --from { $next }
week-sheets = stock, in_transit and state
week-sheets-support = stock, in_transit, support and state
week-files = stock.csv, in_transit.csv and state.toml
week-files-support = stock.csv, in_transit.csv, support.csv and state.toml
week-after-plan = { $kg } kg on the road arrive after { $week }, the plan's last: not sold or wasted in the plan ({ $file })
sweep-base = base

## The opening state's week (agrimatch week and check)
state-accepted = { $describes }, taken as the start of week { $from } as asked
state-describes = { $files } describe the start of week { $week }
state-files-workbook = the sheets stock, in_transit and support
state-files-folder = stock.csv, in_transit.csv and support.csv
state-unknown-workbook = the sheets stock and in_transit do not say which week they describe (no a sheet state): taken as the state at the start of week { $from }; agrimatch week writes a sheet state into next/ to copy with them
state-unknown-folder = stock.csv and in_transit.csv do not say which week they describe (no state.toml): taken as the state at the start of week { $from }; agrimatch week writes state.toml into next/ to copy with them
check-state-other = { $describes }, not of week { $week }: agrimatch week --from { $week } refuses it without --accept-state-week{ $hint }
check-state-hint = ; check --from { $week } checks from the state's week
week-sheets-chinese = 库存, 在途 and 期初状态
week-sheets-support-chinese = 库存, 在途, 帮扶采购 and 期初状态
bench-spread-solve = solve_cpu_seconds max/min { $ratio }
bench-spread-wall = total_wall_seconds max/min { $ratio }
bench-varied = runs ended differently (status or cost)
