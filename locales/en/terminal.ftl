# agrimatch's texts in English. Keys are stable; placeholders ({ $name })
# are filled by the program with numbers already formatted.
# The Chinese catalog (locales/zh-CN/*.ftl) has every key. One file per area
# (terminal, commands, report, errors); keys are prefixed by area.

## Labels of the terminal summary (padded to 12 columns by the program)
label-status = status
label-money = money
label-penalties = penalties
label-objective = objective
label-fill-rate = fill rate
label-waste = waste
label-support = support
label-trucks = trucks
label-farm = farm
label-wrote = wrote
label-vs-greedy = vs greedy
label-balance = balance
label-why = why

## The terminal summary of a plan
plan-status = { $word } ({ $solver }{ $blocks }, { $variables } variables, { $constraints } constraints, built in { $build } s, solved in { $solve } s)
plan-blocks = , { $blocks } blocks
plan-money = { $amount } spent ({ $parts })
plan-penalties = { $amount } weighed, not paid ({ $parts })
plan-objective = { $amount } = money + penalties, the figure the plan minimises
part-transport = transport { $amount }
part-holding = holding { $amount }
part-trucks = trucks { $amount }
part-support = support purchases { $amount }
part-shortfall = shortfall { $amount }
part-waste = waste { $amount }
part-closing-stock = unsold priority stock at the end { $amount }
part-fairness = fair shares missed { $amount }
list-separator = ,{" "}
plan-fill-rate = { $rate }% ({ $delivered } of { $ordered } ordered delivered, { $short } short)
plan-waste = { $waste } ({ $share }% of { $supply } harvest and stock), { $closing } still fresh at the end
plan-support = { $kg } bought from assisted farms for { $spent } ({ $left })
plan-support-left = { $amount } of the budget left
plan-support-unlimited = no budget limit
plan-trucks = { $trucks } trucks, { $full }% full on average; lower bound { $bound }, gap { $gap }% ({ $solves } LP solves{ $skipped })
plan-trucks-skipped = , { $skipped } skipped: the fast core gave up or failed on them
plan-farm-note = { $farm } sells { $share }% of its harvest, below its minimum { $minimum }%: { $why }
plan-wrote = { $folder } ({ $files })
plan-vs-greedy = the LP saves { $saving } in cost ({ $cost } against { $greedy }), { $waste } kg of waste and { $shortfall } kg of shortfall
roll-balance = { $supply } kg in = { $sold } sold{ $support } + { $wasted } wasted + { $closing } still fresh at the end ({ $windows } windows of { $horizon } weeks)
roll-balance-support = {" "}+ { $kg } bought by support buyers

## Units of quantities (display_unit)
unit-kg = kg
unit-jin = jin
unit-t = t

## Weeks and dates on the terminal and the page
week-label = week { $week }
week-label-dated = week { $week } ({ $date })
date = { $year }-{ $month }-{ $day }

## Status words as shown to a person (summary.csv keeps the English word)
status-optimal = optimal
status-solved = solved
status-within_gap = within_gap
status-above_gap = above_gap
status-baseline = baseline
status-rolled = rolled
status-infeasible = infeasible
status-unbounded = unbounded
status-time_limit = time_limit
status-failed = failed
status-unverified = unverified
status-error = error

## What each status word means (said under a table or the status line)
meaning-solved = a verified LP plan its solver calls optimal, without a checked certificate (microlp gives no duals)
meaning-within_gap = a verified truck plan within --gap of its lower bound
meaning-above_gap = a verified truck plan further than --gap from its lower bound (the search ran out of solves; its gap is in summary.csv)
meaning-baseline = the greedy baseline: feasible and verified, not optimised
meaning-rolled = committed window by window over a rolling horizon
meaning-infeasible = no plan meets every constraint
meaning-unbounded = the cost could fall without end
meaning-time_limit = --time-limit stopped the solver before a plan was proven
meaning-failed = the solver gave up or reported trouble (why: below)
meaning-unverified = the solver's plan failed the independent check (why: below)
meaning-error = the run could not start: its input is bad or its solver is not built in (why: below)
