# agrimatch: errors texts (en). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.

## Where a problem is: file, sheet, line (row), column; then what is wrong
err-at = { $file }: { $place }: { $message }
err-at-file = { $file }: { $message }
err-place-and = { $first }, { $rest }
err-sheet = sheet { $sheet }
err-line = line { $line }
err-row = row { $line }
err-column = column { $column }
err-count-one = the scenario has { $n } input problem
err-count = the scenario has { $n } input problems
err-more = ... and { $n } more
err-quoted-long = "{ $head }..." ({ $count } characters)

## The shapes of a message
err-expected-found = expected { $what }, found { $found }
err-with-note = { $text } ({ $note })
err-list-and = { $first } and { $rest }
err-list-or = { $first } or { $rest }
err-names-or = { $first } or { $rest }

## What was expected (inside "expected ..., found ...")
err-what-non-negative = a number >= 0
err-what-at-least-zero = >= 0
err-what-number = a number
err-what-positive = a number > 0
err-what-finite = a finite number >= 0
err-what-number-at-most = a number from 0 to { $max }
err-what-positive-at-most = a number > 0 and at most { $max }
err-what-share = a share from 0 to 1
err-what-whole-range = a whole number from { $min } to { $max }
err-what-whole-at-least = a whole number >= { $min }
err-what-date-example = a date such as 2026-11-30
err-what-display-unit = "kg", "jin" or "t" (or 公斤, 斤, 吨)
err-what-bool = true or false
err-what-unit = kg, jin or t
err-what-one-quantity-column = one quantity column
err-what-id-no-formula = an id that does not start with =, +, - or @ (a spreadsheet would run it as a formula)
err-what-id-no-control = an id without control characters
err-what-text-no-formula = text that does not start with =, +, - or @ (a spreadsheet would run it as a formula)
err-what-text-no-control = text without control characters
err-what-product = a product from products.csv
err-what-location-id = a { $kinds } id from { $files }
err-what-support-lane = a lane from { $farm } to { $buyer }
err-what-support-lane-priority = a lane from a farm with priority > 0 to { $buyer }

## Notes after a value
err-note-decimal-comma = write decimals with a point: 0.10, not 0,10
err-note-thousands = write numbers without thousands separators
err-note-too-large = too large
err-note-did-you-mean = did you mean { $id }?
err-note-respelled = the same letters, encoded differently: ids are compared in Unicode NFC
err-note-lane-from-store = a lane cannot start at a store
err-note-lane-into-farm = a lane cannot end at a farm
err-note-date-needs-start = a date needs start_date in scenario.toml

## Kinds of ids
err-kind-farm = farm
err-kind-hub = hub
err-kind-store = store
err-kind-product = product

## Files and headers
err-the-scenario = the scenario
err-file-not-found = file not found in { $dir }
err-file-too-large = expected a file of at most { $max } MiB, found { $found } (is this the right file?)
err-cannot-read = cannot be read: { $error }
err-not-text = expected UTF-8 or GBK/GB18030 text (save the file as "CSV UTF-8"), found bytes that are neither
err-empty-file = expected a header row, found an empty file
err-semicolons = expected columns separated by commas, found semicolons
err-multiline = expected text on one line, found { $found } (is a closing quote missing?)
err-field-count = expected { $expected } fields as in the header, found { $found }
err-header-empty-name = expected a column name in header field { $n }, found an empty one
err-column-twice = column appears twice in the header
err-unknown-column = unknown column (known columns: { $known })
err-missing-column = required column is missing from the header
err-missing-quantity-column = required column is missing from the header (or quantity_jin, quantity_t, or quantity with unit)
err-missing-unit-column = required column is missing from the header (quantity needs a unit: kg, jin or t)
err-unknown-setting = unknown setting (known settings: { $known })
err-not-scenario-spreadsheet = expected a scenario folder or an .xlsx workbook, found another spreadsheet format (save it as "Excel Workbook (.xlsx)")
err-not-scenario-file = expected a scenario folder or an .xlsx workbook, found another file
err-no-such-folder = expected a scenario folder, found no such folder

## Cells and rows
err-empty-cell = expected a value, found an empty cell
err-too-much-after-conversion = expected at most { $max } kg, found { $found } kg after conversion
err-at-least-one = expected at least one { $kind }, found none
err-no-supply-or-demand = expected at least one row in supply.csv or demand.csv, found none in either
err-duplicate-product = expected a unique product id, found { $found } again (first on line { $first })
err-duplicate-id-same-file = expected a unique id, found { $found }, already used earlier in { $file }
err-duplicate-id-other-file = expected a unique id, found { $found }, already used in { $file }
err-lookalike-same-file = { $id } looks the same as { $other } on line { $line }
err-lookalike-other-file = { $id } looks the same as { $other } in { $file }, line { $line }
err-min-remaining = expected fewer days than shelf_life_days ({ $shelf }), found { $found }
err-repeated-row = expected one row per ({ $columns }), found ({ $found }) again (first on line { $first })
err-wrong-kind = expected a { $expected }, found { $found }, which is a { $kind }
err-lane-to-itself = expected a different location than from, found { $found } twice
err-repeated-lane = expected one lane per (from, to), found ({ $from }, { $to }) again (first on line { $first })
err-truck-kg-missing = expected the kg one truck carries (the lane has { $column }), found an empty cell
err-no-lane-for-transit = expected a lane { $from } -> { $to } in lanes.csv, found none
err-week-to-before-from = expected a week from week_from ({ $from }) on, found { $to }
err-support-no-lane = expected { $what } in lanes.csv (support purchases travel straight from the farm to the buyer), found none
err-support-overlap = expected support lines that buy different kg, found one that buys the same { $product } from the same farm in the same weeks as line { $first } (a kg counts against one budget)

## Weeks and dates
err-week-range = a week number from 1 to { $max }
err-week-or-date-not-iso = { $range } or a date (ISO weeks need period_days = 7, the scenario has { $days })
err-week-or-date = { $range }, a date (2026-12-09) or an ISO week (2026-W50) that exists
err-week-too-far = { $range }: { $date } is too far after start_date { $start }
err-week-before-start = a date on or after start_date { $start }

## Change files (what-ifs)
err-what-one-of = one of { $names }
err-what-field-of = a field of { $file } ({ $columns })
err-what-op = set, scale or add
err-what-conditions = key=value conditions joined by ; or *
err-found-empty-condition = an empty condition in { $selector }
err-what-key-of = a key of { $file } ({ $keys })
err-no-value-after = expected a value after { $key }=, found none
err-what-week-selector = week=N or week=A..B
err-week-selector-misused = expected week= only with the field capacity_kg_per_week on lanes
err-selects-nothing = selects no row of { $file }
err-change-out-of-range = expected { $field } to stay { $what } after the change, found { $found }
err-what-number-or-none = a number, or none with set (for { $fields })
err-what-settings-selector = "-" or an empty cell (there is one set of settings: nothing to select)
err-no-support-lines = expected a scenario with support purchases (support.csv), found none

## Small output files read back (report, merge)
err-kv-header = expected the header { $header }, found another
err-kv-fields = expected 2 fields, found { $found }
err-kv-csv = expected CSV, found { $error }
err-kv-no-row = expected a row { $name }, found none
err-kv-value = expected { $name } { $what }, found { $found }

## Other errors
err-solver-failed = solver { $solver } failed: { $message }
err-chart = the chart could not be drawn: { $error }

## Reading or writing a file failed: the reason, for what a planner can act on
err-io-not-found = no such file or folder
err-io-permission = permission denied (the account agrimatch runs as may not read or write there)
err-io-exists = it exists already
err-io-full = the disk is full
err-io-read-only = the disk or folder is read-only
err-io-is-folder = expected a file, found a folder
err-io-not-folder = expected a folder, found a file on the way
err-io-not-empty = the folder is not empty
err-io-code = { $reason } (system error { $code })
