# agrimatch: refusals and usage texts (en): a value given on the command line,
# an output folder agrimatch will not write, a week's state, sweeps and merges,
# workbooks, output folders read back. Keys prefixed ref-; see
# locales/en/terminal.ftl for the conventions.

## Values given on the command line
ref-flag = { $flag }: { $message }
ref-unknown-solver = --solvers: unknown solver "{ $solver }"
ref-what-levels = shares from 0 to 1 or `none`
ref-what-budgets = amounts from 0 to 1e12 or `none`
ref-what-seconds = a number of seconds > 0
ref-what-gap = a relative gap >= 0 (0.01 = 1%)
ref-what-shard = K/N with 0 <= K < N
ref-generate-at-least-one = --farms, --stores, --products and --weeks must be at least 1
ref-merge-out-csv = { $path }: expected an output folder, found a .csv file name (merge writes comparison.csv, risk.csv and sweep.csv into a folder)
ref-support-none = { $path }: expected a support.csv with at least one support line, found none (see the README, Support purchases)
ref-no-duals = marginal values: no solver found the optimal duals of a block (Clarabel was the last tried)

## Output folders and files agrimatch will not write
ref-lp-file-not-ours = expected a new file or an LP file agrimatch wrote, found another file (agrimatch never overwrites it)
ref-no-free-temporary-name = expected a free name for a temporary file beside it, found 1000 taken
ref-no-free-staging-name = expected a free name for a staging folder beside it, found 1000 taken
ref-not-ours-no-marker = expected a folder written by agrimatch (with { $marker }), found none
ref-not-ours-foreign = expected a folder written by agrimatch (with its { $marker }), found a folder with { $what }
ref-folder-is-link = expected a folder, found a symbolic link (agrimatch replaces output folders whole; give the real path)
ref-folder-is-file = expected a folder, found a file
ref-out-is-input = expected an output folder, found the input { $input } itself
ref-out-holds-input = expected an output folder, found a folder that contains the input { $input }
ref-out-foreign-marker = expected a new or empty folder, or one agrimatch wrote (with its { $marker }), found a folder with { $what } (agrimatch never deletes what it did not write; choose another folder)
ref-out-not-empty = expected a new or empty folder, or one agrimatch wrote (with { $marker }), found a folder with { $entries } entries of others (agrimatch never deletes what it did not write; choose another folder)
ref-file-inside-out = { $flag }: expected a file outside the output folder { $folder }, found one inside it (agrimatch replaces that folder whole, so the file would be lost; write it elsewhere)
ref-lock-not-file = expected agrimatch's lock file (a regular file), found something else ({ $error })
ref-marker-other-text = an { $marker } with other text than agrimatch writes
ref-marker-unreadable = an { $marker } that cannot be read
ref-marker-link = an { $marker } that is a symbolic link
ref-marker-not-file = an { $marker } that is not a file
ref-marker-empty = an empty { $marker }

## Output folders read back (report, merge): summary.csv, flows.csv, marginal_values.csv
ref-header-found = expected the header { $header }, found { $found }
ref-fields = expected { $expected } fields, found { $found }
ref-note-other-scenario = was the plan made from another scenario?
ref-what-scenario-location = a location of the scenario
ref-what-flow-kind = shipment, stock, sale or support
ref-what-scenario-product = a product of the scenario
ref-what-scenario-product-or-nothing = a product of the scenario or nothing
ref-what-week-number = a week (a whole number)
ref-what-age = an age in periods (a whole number)
ref-what-kg = a number of kg >= 0
ref-what-lane-end = the end of a lane of the scenario
ref-what-marginal-kind = demand, harvest, lane_capacity, storage or support_budget
ref-no-lane = expected a lane of the scenario, found none from { $from } to { $to }
ref-no-support-line = expected a support purchase of a line of support.csv, found none buying { $product } from { $from } to { $to } in week { $week }
ref-what-status = optimal, solved, within_gap, above_gap, baseline or rolled (the plans agrimatch writes)
ref-what-count = a count
ref-what-solver-name = a solver's name (or greedy)
ref-what-number-or-nothing = a number or nothing
ref-what-certificate = checked or none: why
ref-status-solver-pair = expected status baseline with solver greedy, or optimal or rolled with an LP solver, found another pair
ref-plan-does-not-fit = expected a plan that fits the scenario { $scenario }, found one that does not fit it ({ $violation }{ $more })
ref-and-more = , and { $n } more
ref-cost-changed = expected the cost { $summary } records ({ $recorded }), found { $recomputed } recomputed from { $flows }: the files were changed after planning
ref-part-changed = expected { $name } { $recomputed } as recomputed from { $flows }, found { $recorded }: the files were changed after planning
ref-greedy-changed = expected the greedy baseline to cost greedy_cost { $recorded } again, found { $found }: the scenario changed after planning
ref-no-greedy-plan = no verified greedy plan

## The Monday routine: a week's state, the window, a week folder read back
ref-not-text = expected UTF-8 or GBK/GB18030 text, found bytes that are neither
ref-state-other-week = expected week { $from } (--from { $from }), found { $week }: { $files } describe the start of week { $week }; copy in the state of week { $from } (next/ of the week before), or pass { $flag } to plan week { $from } from it
ref-state-toml = expected TOML such as as_of_week = 10, found { $error }
ref-state-unknown-key = unknown key (known keys: { $known })
ref-what-week = a week
ref-state-no-as-of-week = expected a key as_of_week (the week the state describes), found none
ref-state-weeks-differ = expected week { $as_of_week } (as_of_week), found week { $week }
ref-state-sheet-empty = expected a header as_of_week and the week below it, found none
ref-what-from-week = a week from 1 to { $last } (the last week with data)
ref-what-horizon = a number of weeks >= 1
ref-arrival-before-window = in_transit.csv: an arrival in week { $week } is before the week planned ({ $from }): count it in stock.csv
ref-week-folder-rows-missing = expected the rows from_week and last_week, found them missing
ref-week-folder-last-before-from = expected last_week >= from_week ({ $from }), found { $last }

## Sweeps and merges: shards of one sweep read back
ref-merge-no-shard = merge: expected at least one shard folder, found none
ref-shard-other-sweep = expected { $setting } { $expected } as in { $first } (the first shard), found { $found }: this shard belongs to another sweep
ref-setting-shards-of = shards of
ref-shard = shard { $shard }
ref-note-other-base = another base scenario or other change files
ref-shard-twice = expected each shard once, found shard { $shard } again (also { $also })
ref-no-shard = no shard { $shard }
ref-list-comma = { $first }, { $rest }
ref-merge-missing-shards = merge: expected shards { $first } to { $last }, found { $missing }
ref-shard-order = expected shard { $expected } in place { $place } (shards in order 0 to { $last }), found shard { $found }
ref-shard-header = expected the header of the first shard, found another
ref-shard-no-base = expected the base row first, found none
ref-shard-other-base = expected the base row of the first shard, found another (planned from other data?)
ref-shard-rows = expected { $expected } variant rows for shard { $shard } of { $total } variants, found { $found }
ref-comparison-csv = expected CSV as sweep writes it, found { $error }
ref-no-sweep-record = expected the record agrimatch sweep writes in its output folder, found no file (is this a sweep folder, written by this version of agrimatch?)
ref-what-fingerprint = as fnv1a64:<16 hex digits>
ref-what-shard-or-none = as K/N with K < N, or none
ref-what-whole = a whole number
ref-what-solver-auto = auto or a solver's name
ref-what-yes-no = yes or no

## Actuals and rolled plans
ref-actuals-no-folder = --actuals { $folder }: expected a folder with supply.csv and/or demand.csv, found no such folder
ref-actuals-no-files = --actuals { $folder }: expected supply.csv and/or demand.csv in the folder, found neither
ref-what-forecast-week = a week from 1 to { $last } (the weeks of the forecast)
ref-what-committed-week = week { $week } (the week committed, --from)

## Too large to plan; solvers; benchmarks
ref-too-large-memory = { $what } and need about { $need } of memory, more than the budget of { $budget } (--memory). Plan fewer weeks, products or lanes, or give a larger --memory on a machine that has it
ref-too-large-states-to-track = the scenario spans { $locations } locations x { $products } products x { $weeks } weeks x ages: { $states } states to track
ref-too-large-model = the model would have { $variables } variables and { $constraints } constraints
ref-too-large-states = the scenario spans { $locations } locations x { $products } products x { $weeks } weeks x { $ages } ages of produce: { $states } states, more than the { $max } agrimatch tracks. Plan fewer weeks (or longer periods with period_days), or split the scenario by region
ref-solver-not-built = solver { $solver } is not in this build (rebuild with `--features { $solver }`)
ref-no-solver-to-try = no solver to try
ref-what-runs = at least 1 run
ref-unknown-size = --sizes: unknown size "{ $size }" (known: { $known })

## Workbooks bounded by their bytes (the zip is scanned before it is read)
ref-zip-entry-at = entry { $entry }, { $at }: { $message }
ref-zip-entry = entry { $entry }: { $message }
ref-zip-entry-number = number { $n }
ref-at-byte = byte { $n }
ref-at-row = row { $row }
ref-at-cell = cell { $cell }
ref-at-dimension = dimension { $range }
ref-at-string = string { $n }
ref-at-row-column = row { $row }, column { $column }
ref-zip-too-many-entries = expected a workbook of at most { $max } zip entries, found { $found } (is this the right file?)
ref-zip-entry-too-large = expected at most { $max } MiB unzipped, found more (is this the right file?)
ref-zip-total-too-large = expected at most { $max } MiB unzipped in all entries together, found more by this one (is this the right file?)
ref-xml-event-too-long = expected XML tags and texts of at most { $max } MiB each, found a longer one
ref-row-number-range = expected a row number from 1 to { $max }, found { $found }
ref-row-number-beyond = expected a row number from 1 to { $max }, found one beyond it
ref-cell-range = expected a cell within A1:XFD1048576 ({ $rows } rows x { $columns } columns), found { $found }
ref-cell-beyond = expected a cell within A1:XFD1048576 ({ $rows } rows x { $columns } columns), found one beyond it
ref-too-many-cells = expected at most { $max } cells in the workbook (empty ones count too), found more
ref-dimension-range = expected a range within A1:XFD1048576, found { $found }
ref-unique-count = expected uniqueCount at most { $max } (shared strings), found { $found }
ref-too-many-shared-strings = expected at most { $max } shared strings, found more
ref-too-many-records = expected at most { $max } formats, fonts, fills, borders, sheets, names and relationships in the workbook, found more
ref-shared-text-too-large = expected at most { $max } MiB of shared string text, found more
ref-malformed-attribute = expected attributes of the form name="value", found a malformed one

## Workbook scenarios
ref-workbook-missing = expected an Excel workbook (.xlsx), found no such file
ref-workbook-unreadable = expected an Excel workbook (.xlsx), found a file that cannot be read as one ({ $error })
ref-sheet-several = expected one sheet named { $sheet }, found { $found }
ref-what-one-line = text on one line
ref-sheet-missing = expected a sheet named { $sheet }, found none (the workbook's scenario sheets: { $sheets })
ref-no-sheets = none
ref-sheet-text-too-large = { $at }: expected at most { $max } MiB of text in the scenario sheets' cells, found more (is this the right file?)
ref-sheet-too-many-cells = { $at }: expected at most { $max } cells in the scenario sheets (blanks left of a filled cell count too), found more (is this the right file?)
ref-formula-error = expected a value, found the formula error { $error } (fix the formula or type the value)

## Settings and files in general
ref-what-language = "en" or "zh-CN"
ref-not-regular-file = expected a regular file
