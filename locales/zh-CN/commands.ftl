# agrimatch: commands texts (zh-CN). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.

## 各命令的输出行（cli-*）
cli-wrote = 已写入 { $folder }（{ $files }）
cli-no-plan = 未能为 { $scenario } 生成调运计划：{ $status }（{ $solver }）
cli-fallback = { $failed } 未能给出某一块的计划（{ $why }），已改用 { $then } 重新求解
cli-warning = 警告：{ $text }
report-wrote = 已写入 { $file }
merge-wrote = 已写入 { $folder }（{ $files }）：合并 { $shards } 个分片，共 { $variants } 个情景
init-wrote = 已写入 { $folder }（{ $files }）；下一步：agrimatch check { $scenario }
init-guide-sheet = 说明

## fairness 与 support 表格共用的表头
table-status = 状态
table-cost = 目标值
table-none = 不设

## agrimatch fairness（公平分配）
fairness-level = 公平缺货上限
fairness-worst-store = 最低门店满足率
fairness-lowest-farm = 优先基地最低售出比例
fairness-run = 公平缺货上限 { $level }

## agrimatch support（帮扶采购预算）
support-budget = 预算（元）
support-waste = 损耗(公斤)
support-bought = 帮扶(公斤)
support-spent = 花费（元）
support-lowest-farm = 优先基地最低售出比例
support-per-yuan = 每元减少损耗(公斤)
support-run = 预算 { $budget }

## agrimatch sweep（情景推演）
sweep-change = {"  "}（目标值 { $change }%）
sweep-risk-cost = 目标值
sweep-risk-waste_kg = 损耗(公斤)
sweep-risk-shortfall_kg = 缺货(公斤)
sweep-risk-fill_rate = 订单满足率

## agrimatch bench（性能测试）
bench-head = 每项计时 { $runs } 次，先预热 { $warmup } 次；显示中位数（最小-最大）；求解 CPU 时间为各块并行求解之和
bench-head-one = 每项计时 { $runs } 次，先预热 { $warmup } 次；显示中位数（最小-最大）；求解 CPU 时间为各块并行求解之和
bench-seconds = { $median } 秒（{ $min }-{ $max }）
bench-row = { $variables } 个变量  建模 CPU { $build } 求解 CPU { $solve } 总耗时 { $wall } 内存峰值 { $peak } MB
bench-run = 规模 { $size }、求解器 { $solver }
bench-label-note = 说明
bench-wide-spread = 各次运行耗时相差超过 { $ratio } 倍：机器繁忙或运行次数太少；可增加 --runs、加上 --warmup，或换一台空闲的机器
bench-progress-warmup = 规模 { $size }、求解器 { $solver }，预热第 { $run } 次，共 { $of } 次
bench-progress-run = 规模 { $size }、求解器 { $solver }，计时第 { $run } 次，共 { $of } 次

## agrimatch check（标签按显示宽度补齐到 12 列）
check-label-read = 已读取
check-label-horizon = 计划期
check-label-product = 产品
check-label-warning = 警告
check-label-ok = 通过
check-count-products = 产品 { $count } 个
check-count-farms = 基地 { $count } 个
check-count-hubs = 集散中心 { $count } 个
check-count-stores = 门店 { $count } 个
check-count-lanes = 线路 { $count } 条
check-count-supply-rows = 供应 { $count } 行
check-count-demand-rows = 需求 { $count } 行
check-count-stock-rows = 库存 { $count } 行
check-horizon = 共 { $weeks } 周，每周 { $days } 天
check-horizon-from = { $first } 至 { $last }：共 { $weeks } 周，每周 { $days } 天（--from）
check-product = { $product } 采收和库存 { $supply } 公斤，订单 { $demand } 公斤
check-certain-shortfall = { $week }：{ $product } 订单 { $ordered } 公斤，但届时新鲜可售的采收量最多 { $reachable } 公斤
check-more-weeks = ……另有 { $count } 周情况相同
check-store-no-lane = 门店 { $id } 没有任何线路：订单 { $kg } 公斤将全部缺货
check-farm-no-lane = 基地 { $id } 没有任何线路：采收和库存 { $kg } 公斤将全部损耗
check-unsellable-stock = { $week }：{ $location } 库存的 { $product } { $kg } 公斤在货架期内送不到任何订单，将成为损耗
check-unsellable-harvest = { $week }：{ $location } 采收的 { $product } { $kg } 公斤在货架期内送不到任何订单，将成为损耗
check-more-rows = ……另有 { $count } 行采收或库存情况相同（合计 { $kg } 公斤）
check-too-large = 规模过大，无法规划：{ $why }
check-valid = 情景数据有效

## agrimatch week（每周例行：标签按显示宽度补齐到 12 列）
week-label-this = 本周发货
week-label-cost = 本周费用
week-label-next = 下一步
week-label-after-plan = 计划期后
week-this = { $week }：{ $loads } 条线路装车，发出 { $kg } 公斤{ $trucks }（dispatch.csv）
week-this-trucks = ，{ $trucks } 车次
week-cost = { $total } 元：资金支出 { $money } 元（{ $spent }），惩罚成本 { $penalties } 元（{ $weighed }）
week-next-none = 无：{ $week } 是有数据的最后一周，计划到此结束（在供应和需求中补充以后各周即可继续）
week-next-workbook = 把 { $place } 中的{ $what }工作表复制到情景工作簿（替换同名工作表），然后运行 agrimatch week { $scenario } --from { $next }
week-next-folder = 把 { $place } 中的 { $what } 复制到情景文件夹（覆盖原文件），然后运行 agrimatch week { $scenario } --from { $next }
week-sheets = stock、in_transit 和 state
week-sheets-support = stock、in_transit、support 和 state
week-files = stock.csv、in_transit.csv 和 state.toml
week-files-support = stock.csv、in_transit.csv、support.csv 和 state.toml
week-after-plan = 在途 { $kg } 公斤将在计划最后一周 { $week } 之后到达：计划中既不计售出也不计损耗（{ $file }）
sweep-base = 基准情景

## 期初状态所属的周（week 与 check）
state-accepted = { $describes }，已按要求作为第{ $from }周的期初状态
state-describes = { $files } 描述的是第{ $week }周开始时的状态
state-files-workbook = 库存、在途和帮扶采购工作表（英文表名 stock、in_transit、support 亦可）
state-files-folder = stock.csv、in_transit.csv 和 support.csv
state-unknown-workbook = stock 和 in_transit 工作表没有注明描述的是哪一周（缺少 state 工作表）：按第{ $from }周开始时的状态处理；agrimatch week 会把 state 工作表写入 next/，请与它们一并复制
state-unknown-folder = stock.csv 和 in_transit.csv 没有注明描述的是哪一周（缺少 state.toml）：按第{ $from }周开始时的状态处理；agrimatch week 会把 state.toml 写入 next/，请与它们一并复制
check-state-other = { $describes }，不是第{ $week }周的状态：agrimatch week --from { $week } 不加 --accept-state-week 时会拒绝使用{ $hint }
check-state-hint = ；check --from { $week } 可从该状态所在的周开始检查
week-sheets-chinese = 库存、在途和期初状态
week-sheets-support-chinese = 库存、在途、帮扶采购和期初状态
bench-spread-solve = 求解 CPU 时间最大/最小 { $ratio }
bench-spread-wall = 总耗时最大/最小 { $ratio }
bench-varied = 各次运行结果不同（状态或目标值）
