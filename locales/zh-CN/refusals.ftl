# agrimatch: refusals and usage texts (zh-CN). 拒绝执行的原因和命令行取值的问题：
# 先说位置（参数、文件夹、文件），再说应为什么、实为什么，最后说怎么办。
# 参数名（--from）、文件名、列名和值保持原样，不翻译。

## 命令行参数的取值
ref-flag = { $flag }：{ $message }
ref-unknown-solver = --solvers：未知的求解器 "{ $solver }"
ref-what-levels = 0 到 1 之间的比例或 `none`
ref-what-budgets = 0 到 1e12 之间的金额或 `none`
ref-what-seconds = 大于 0 的秒数
ref-what-gap = 不小于 0 的相对差距（0.01 即 1%）
ref-what-shard = K/N，且 0 <= K < N
ref-generate-at-least-one = --farms、--stores、--products 和 --weeks 都至少为 1
ref-merge-out-csv = { $path }：应为输出文件夹，实为 .csv 文件名（merge 把 comparison.csv、risk.csv 和 sweep.csv 写进一个文件夹）
ref-support-none = { $path }：应有 support.csv 且至少有一行帮扶采购，实际没有（见 README.zh-CN.md 第六节“帮扶采购”）
ref-no-duals = 边际价值：没有求解器求出某一块的最优对偶值（最后尝试的是 Clarabel）

## agrimatch 不写入的输出文件夹和文件
ref-lp-file-not-ours = 应为新文件或 agrimatch 写的 LP 文件，实为别的文件（agrimatch 从不覆盖它）
ref-no-free-temporary-name = 旁边应有可用的临时文件名，实际 1000 个都已被占用
ref-no-free-staging-name = 旁边应有可用的暂存文件夹名，实际 1000 个都已被占用
ref-not-ours-no-marker = 应为 agrimatch 写的文件夹（内有 { $marker }），实际没有这个文件
ref-not-ours-foreign = 应为 agrimatch 写的文件夹（内有它的 { $marker }），实为含有{ $what } 的文件夹
ref-folder-is-link = 应为文件夹，实为符号链接（agrimatch 整个替换输出文件夹；请给出真实路径）
ref-folder-is-file = 应为文件夹，实为文件
ref-out-is-input = 应为输出文件夹，实为输入 { $input } 本身
ref-out-holds-input = 应为输出文件夹，实为包含输入 { $input } 的文件夹
ref-out-foreign-marker = 应为新的或空的文件夹，或 agrimatch 写过的文件夹（内有它的 { $marker }），实为含有{ $what } 的文件夹（agrimatch 从不删除不是它写的东西；请换一个文件夹）
ref-out-not-empty = 应为新的或空的文件夹，或 agrimatch 写过的文件夹（内有 { $marker }），实为有 { $entries } 项别人文件的文件夹（agrimatch 从不删除不是它写的东西；请换一个文件夹）
ref-file-inside-out = { $flag }：文件应在输出文件夹 { $folder } 之外，实际在其中（agrimatch 会整个替换该文件夹，文件会丢失；请写到别处）
ref-lock-not-file = 应为 agrimatch 的锁文件（普通文件），实为别的东西（{ $error }）
ref-marker-other-text = 内容不是 agrimatch 所写的 { $marker }
ref-marker-unreadable = 无法读取的 { $marker }
ref-marker-link = 作为符号链接的 { $marker }
ref-marker-not-file = 不是文件的 { $marker }
ref-marker-empty = 空的 { $marker }

## 读回的输出文件夹（report、merge）：summary.csv、flows.csv、marginal_values.csv
ref-header-found = 表头应为 { $header }，实为 { $found }
ref-fields = 应有 { $expected } 个字段，实为 { $found } 个
ref-note-other-scenario = 这个计划是不是用别的情景做的？
ref-what-scenario-location = 情景中已有的地点
ref-what-flow-kind = shipment、stock、sale 或 support
ref-what-scenario-product = 情景中已有的产品
ref-what-scenario-product-or-nothing = 情景中已有的产品或空白
ref-what-week-number = 周次（整数）
ref-what-age = 以期计的采后天数（整数）
ref-what-kg = 不小于 0 的公斤数
ref-what-lane-end = 情景中某条线路的终点
ref-what-marginal-kind = demand、harvest、lane_capacity、storage 或 support_budget
ref-no-lane = 应为情景中的线路，实际没有从 { $from } 到 { $to } 的线路
ref-no-support-line = 应为 support.csv 中某一行的帮扶采购，实际没有一行在第 { $week } 周从 { $from } 到 { $to } 收购 { $product }
ref-what-status = optimal、solved、within_gap、above_gap、baseline 或 rolled（agrimatch 写出的计划状态）
ref-what-count = 个数
ref-what-solver-name = 求解器名称（或 greedy）
ref-what-number-or-nothing = 数字或空白
ref-what-certificate = checked 或 none: 原因
ref-status-solver-pair = 应为状态 baseline 配求解器 greedy，或状态 optimal、rolled 配 LP 求解器，实为别的组合
ref-plan-does-not-fit = 应为符合情景 { $scenario } 的计划，实为不符合的计划（{ $violation }{ $more }）
ref-and-more = ，另有 { $n } 处
ref-cost-changed = 费用应为 { $summary } 记录的 { $recorded }，按 { $flows } 重算实为 { $recomputed }：计划做完后文件被改过
ref-part-changed = { $name } 应为按 { $flows } 重算的 { $recomputed }，实为 { $recorded }：计划做完后文件被改过
ref-greedy-changed = 贪心基准方案的费用应仍为 greedy_cost { $recorded }，实为 { $found }：计划做完后情景被改过
ref-no-greedy-plan = 没有通过校验的贪心方案

## 每周一例行：本周的期初状态、计划窗口、读回的周文件夹
ref-not-text = 应为 UTF-8 或 GBK/GB18030 编码的文字，实为无法识别的字节
ref-state-other-week = 应为第{ $from }周（--from { $from }），实为第{ $week }周：{ $files } 描述的是第{ $week }周开始时的状态；请换成第{ $from }周的状态（上一周输出的 next/），或加 { $flag } 按这份状态计划第{ $from }周
ref-state-toml = 应为 TOML（如 as_of_week = 10），实为 { $error }
ref-state-unknown-key = 未知的键（可用的键：{ $known }）
ref-what-week = 周次
ref-state-no-as-of-week = 应有键 as_of_week（这份状态所在的周），实际没有
ref-state-weeks-differ = 应为第{ $as_of_week }周（同 as_of_week），实为第{ $week }周
ref-state-sheet-empty = 应有表头 as_of_week 且其下一行填周次，实际没有
ref-what-from-week = 1 到 { $last } 之间的周次（有数据的最后一周）
ref-what-horizon = 不小于 1 的周数
ref-arrival-before-window = in_transit.csv：有一批货在第{ $week }周到达，早于计划的第{ $from }周：请把它计入 stock.csv
ref-week-folder-rows-missing = 应有 from_week 和 last_week 两行，实际缺少
ref-week-folder-last-before-from = last_week 应不小于 from_week（第{ $from }周），实为 { $last }

## 批量推演（sweep）和合并（merge）：读回同一批推演的各个分片
ref-merge-no-shard = merge：应至少给出一个分片文件夹，实际一个也没有
ref-shard-other-sweep = { $setting } 应与第一个分片 { $first } 一样为 { $expected }，实为 { $found }：这个分片属于另一批推演
ref-setting-shards-of = 分片总数
ref-shard = 分片 { $shard }
ref-note-other-base = 基础情景或变更文件不同
ref-shard-twice = 每个分片只应出现一次，分片 { $shard } 重复出现（另见 { $also }）
ref-no-shard = 缺少分片 { $shard }
ref-list-comma = { $first }、{ $rest }
ref-merge-missing-shards = merge：应有分片 { $first } 到 { $last }，实为{ $missing }
ref-shard-order = 第 { $place } 个位置应为分片 { $expected }（分片按 0 到 { $last } 的顺序给出），实为分片 { $found }
ref-shard-header = 表头应与第一个分片相同，实为不同的表头
ref-shard-no-base = 第一行应为基础情景（base），实际没有
ref-shard-other-base = 基础情景一行应与第一个分片相同，实为不同（是不是用别的数据算的？）
ref-shard-rows = 分片 { $shard }（共 { $total } 个变体）应有 { $expected } 行变体，实为 { $found } 行
ref-comparison-csv = 应为 sweep 写出的 CSV，实为 { $error }
ref-no-sweep-record = 应有 agrimatch sweep 写在输出文件夹里的记录，实际没有这个文件（这是不是本版 agrimatch 写出的批量推演文件夹？）
ref-what-fingerprint = fnv1a64:<16 位十六进制数> 的形式
ref-what-shard-or-none = K/N（K < N）的形式，或 none
ref-what-whole = 整数
ref-what-solver-auto = auto 或求解器名称
ref-what-yes-no = yes 或 no

## 实际数据（actuals）和滚动计划
ref-actuals-no-folder = --actuals { $folder }：应为含 supply.csv 和/或 demand.csv 的文件夹，实际没有这个文件夹
ref-actuals-no-files = --actuals { $folder }：文件夹中应有 supply.csv 和/或 demand.csv，实际两个都没有
ref-what-forecast-week = 1 到 { $last } 之间的周次（预测覆盖的周）
ref-what-committed-week = 第{ $week }周（本次下达的周，--from）

## 规模过大；求解器；性能测试
ref-too-large-memory = { $what }，约需 { $need } 内存，超过 --memory 给定的 { $budget }。请减少周数、产品或线路，或在内存更大的机器上给更大的 --memory
ref-too-large-states-to-track = 情景有 { $locations } 个地点 × { $products } 种产品 × { $weeks } 周 × 各采后天数：要跟踪 { $states } 个状态
ref-too-large-model = 模型将有 { $variables } 个变量和 { $constraints } 个约束
ref-too-large-states = 情景有 { $locations } 个地点 × { $products } 种产品 × { $weeks } 周 × { $ages } 个采后天数：共 { $states } 个状态，超过 agrimatch 能跟踪的 { $max } 个。请减少周数（或用 period_days 加长每期天数），或按地区拆分情景
ref-solver-not-built = 本版本未编入求解器 { $solver }（请用 `--features { $solver }` 重新编译）
ref-no-solver-to-try = 没有可尝试的求解器
ref-what-runs = 至少 1 次
ref-unknown-size = --sizes：未知的规模 "{ $size }"（可用：{ $known }）

## 按字节数限制的工作簿（读取前先检查压缩包）
ref-zip-entry-at = 压缩包条目 { $entry }，{ $at }：{ $message }
ref-zip-entry = 压缩包条目 { $entry }：{ $message }
ref-zip-entry-number = 第 { $n } 个
ref-at-byte = 第 { $n } 字节
ref-at-row = 第 { $row } 行
ref-at-cell = 单元格 { $cell }
ref-at-dimension = 工作表范围 { $range }
ref-at-string = 第 { $n } 个共享字符串
ref-at-row-column = 第 { $row } 行第 { $column } 列
ref-zip-too-many-entries = 工作簿的压缩包条目应不超过 { $max } 个，实为 { $found } 个（是不是选错了文件？）
ref-zip-entry-too-large = 解压后应不超过 { $max } MiB，实际更大（是不是选错了文件？）
ref-zip-total-too-large = 所有条目解压后合计应不超过 { $max } MiB，加上这一条目就超过了（是不是选错了文件？）
ref-xml-event-too-long = 每个 XML 标签和文字应不超过 { $max } MiB，实际有更长的
ref-row-number-range = 行号应在 1 到 { $max } 之间，实为 { $found }
ref-row-number-beyond = 行号应在 1 到 { $max } 之间，实际超出
ref-cell-range = 单元格应在 A1:XFD1048576 之内（{ $rows } 行 × { $columns } 列），实为 { $found }
ref-cell-beyond = 单元格应在 A1:XFD1048576 之内（{ $rows } 行 × { $columns } 列），实际超出
ref-too-many-cells = 工作簿中的单元格应不超过 { $max } 个（空单元格也计入），实际更多
ref-dimension-range = 范围应在 A1:XFD1048576 之内，实为 { $found }
ref-unique-count = uniqueCount（共享字符串数）应不超过 { $max }，实为 { $found }
ref-too-many-shared-strings = 共享字符串应不超过 { $max } 个，实际更多
ref-too-many-records = 工作簿中的格式、字体、填充、边框、工作表、名称和关系合计应不超过 { $max } 个，实际更多
ref-shared-text-too-large = 共享字符串的文字应不超过 { $max } MiB，实际更多
ref-malformed-attribute = 属性应为 name="value" 的形式，实际有一个格式不对

## 工作簿情景
ref-workbook-missing = 应为 Excel 工作簿（.xlsx），实际没有这个文件
ref-workbook-unreadable = 应为 Excel 工作簿（.xlsx），实为无法按工作簿读取的文件（{ $error }）
ref-sheet-several = 名为 { $sheet } 的工作表应只有一张，实为 { $found }
ref-what-one-line = 单行文字
ref-sheet-missing = 应有名为 { $sheet } 的工作表，实际没有（工作簿中的情景工作表：{ $sheets }）
ref-no-sheets = 无
ref-sheet-text-too-large = { $at }：情景工作表单元格中的文字应不超过 { $max } MiB，实际更多（是不是选错了文件？）
ref-sheet-too-many-cells = { $at }：情景工作表中的单元格应不超过 { $max } 个（已填单元格左边的空白也计入），实际更多（是不是选错了文件？）
ref-formula-error = 应填写值，实为公式错误 { $error }（请修改公式或直接填值）

## 设置和文件
ref-what-language = "en" 或 "zh-CN"
ref-not-regular-file = 应为普通文件
