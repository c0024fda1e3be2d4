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
