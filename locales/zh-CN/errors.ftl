# agrimatch: errors texts (zh-CN). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.
# 输入问题的中文：先说位置（文件、工作表、第几行、哪一列），再说问题。
# 文件名、列名、编号和单元格里的值保持原样，不翻译。

## 问题的位置
err-at = { $file }：{ $place }：{ $message }
err-at-file = { $file }：{ $message }
err-place-and = { $first }，{ $rest }
err-sheet = 工作表 { $sheet }
err-line = 第 { $line } 行
err-row = 第 { $line } 行
err-column = { $column } 列
err-count-one = 情景输入有 { $n } 处问题
err-count = 情景输入有 { $n } 处问题
err-more = ……另有 { $n } 处问题
err-quoted-long = "{ $head }..."（共 { $count } 个字符）

## 句式
err-expected-found = 应为{ $what }，实为 { $found }
err-with-note = { $text }（{ $note }）
err-list-and = { $first } 和 { $rest }
err-list-or = { $first }或{ $rest }
err-names-or = { $first } 或 { $rest }

## 应为……
err-what-non-negative = 不小于 0 的数
err-what-at-least-zero = 不小于 0 的数
err-what-number = 数字
err-what-positive = 大于 0 的数
err-what-finite = 不小于 0 的有限数
err-what-number-at-most = 0 到 { $max } 之间的数
err-what-positive-at-most = 大于 0 且不超过 { $max } 的数
err-what-share = 0 到 1 之间的比例
err-what-whole-range = { $min } 到 { $max } 之间的整数
err-what-whole-at-least = 不小于 { $min } 的整数
err-what-date-example = 日期（如 2026-11-30）
err-what-display-unit = "kg"、"jin" 或 "t"（或 公斤、斤、吨）
err-what-bool = true 或 false
err-what-unit = kg、jin 或 t
err-what-one-quantity-column = 只有一个数量列
err-what-id-no-formula = 不以 =、+、- 或 @ 开头的编号（电子表格会把它当公式执行）
err-what-id-no-control = 不含控制字符的编号
err-what-text-no-formula = 不以 =、+、- 或 @ 开头的文字（电子表格会把它当公式执行）
err-what-text-no-control = 不含控制字符的文字
err-what-product = products.csv 中已有的产品
err-what-location-id = { $files } 中已有的{ $kinds }编号
err-what-support-lane = 从 { $farm } 到 { $buyer } 的线路
err-what-support-lane-priority = 从帮扶基地（priority > 0）到 { $buyer } 的线路

## 值后面的提示
err-note-decimal-comma = 小数点请用英文句点：写 0.10，不要写 0,10
err-note-thousands = 数字中不要加千位分隔符
err-note-too-large = 数值过大
err-note-did-you-mean = 是否应为 { $id }？
err-note-respelled = 字形相同但编码不同：编号按 Unicode NFC 比较
err-note-lane-from-store = 线路不能从门店出发
err-note-lane-into-farm = 线路不能以基地为终点
err-note-date-needs-start = 填日期须先在 scenario.toml 中设置 start_date

## 编号的种类
err-kind-farm = 基地
err-kind-hub = 集散中心
err-kind-store = 门店
err-kind-product = 产品

## 文件和表头
err-the-scenario = 情景
err-file-not-found = 在 { $dir } 中找不到此文件
err-file-too-large = 文件应不超过 { $max } MiB，实为 { $found }（是不是选错了文件？）
err-cannot-read = 无法读取：{ $error }
err-not-text = 应为 UTF-8 或 GBK/GB18030 编码的文字（请另存为“CSV UTF-8”），实为无法识别的字节
err-empty-file = 应有表头行，实为空文件
err-semicolons = 各列应以逗号分隔，实为分号
err-multiline = 应为单行文字，实为 { $found }（是否漏了右引号？）
err-field-count = 应与表头一样有 { $expected } 个字段，实为 { $found } 个
err-header-empty-name = 表头第 { $n } 个字段应为列名，实为空
err-column-twice = 表头中此列出现了两次
err-unknown-column = 未知的列（可用的列：{ $known }）
err-missing-column = 表头缺少此必填列
err-missing-quantity-column = 表头缺少此必填列（也可用 quantity_jin、quantity_t，或 quantity 加 unit）
err-missing-unit-column = 表头缺少此必填列（用 quantity 时须有单位列 unit：kg、jin 或 t）
err-unknown-setting = 未知的设置项（可用的设置项：{ $known }）
err-not-scenario-spreadsheet = 应为情景文件夹或 .xlsx 工作簿，实为其他格式的电子表格（请另存为“Excel 工作簿 (.xlsx)”）
err-not-scenario-file = 应为情景文件夹或 .xlsx 工作簿，实为其他文件
err-no-such-folder = 应为情景文件夹，但此文件夹不存在

## 单元格和行
err-empty-cell = 应填写内容，实为空单元格
err-too-much-after-conversion = 换算后应不超过 { $max } kg，实为 { $found } kg
err-at-least-one = 应至少有一个{ $kind }，实际一个也没有
err-no-supply-or-demand = supply.csv 或 demand.csv 中应至少有一行，实际两个文件都没有
err-duplicate-product = 产品编号应唯一，{ $found } 重复出现（首次在第 { $first } 行）
err-duplicate-id-same-file = 编号应唯一，{ $found } 已在 { $file } 前面用过
err-duplicate-id-other-file = 编号应唯一，{ $found } 已在 { $file } 中用过
err-lookalike-same-file = { $id } 与第 { $line } 行的 { $other } 看起来一样
err-lookalike-other-file = { $id } 与 { $file } 第 { $line } 行的 { $other } 看起来一样
err-min-remaining = 应少于 shelf_life_days（{ $shelf } 天），实为 { $found }
err-repeated-row = 每个（{ $columns }）只应有一行，（{ $found }）重复出现（首次在第 { $first } 行）
err-wrong-kind = 应为{ $expected }，实为 { $found }，它是{ $kind }
err-lane-to-itself = 终点应与起点 from 不同，实为两端都是 { $found }
err-repeated-lane = 每个（from, to）只应有一条线路，（{ $from }, { $to }）重复出现（首次在第 { $first } 行）
err-truck-kg-missing = 应填每车载重 kg（此线路填了 { $column }），实为空单元格
err-no-lane-for-transit = lanes.csv 中应有线路 { $from } -> { $to }，实际没有
err-week-to-before-from = 应为不早于 week_from（第 { $from } 周）的周次，实为 { $to }
err-support-no-lane = lanes.csv 中应有{ $what }（帮扶采购从基地直接运到采购方），实际没有
err-support-overlap = 各帮扶采购行应买不同的货，此行与第 { $first } 行在相同周次从同一基地买同样的 { $product }（每公斤只能计入一项预算）

## 周次和日期
err-week-range = 1 到 { $max } 之间的周次
err-week-or-date-not-iso = { $range }或日期（ISO 周要求 period_days = 7，本情景为 { $days }）
err-week-or-date = { $range }、日期（如 2026-12-09）或确实存在的 ISO 周（如 2026-W50）
err-week-too-far = { $range }：{ $date } 距 start_date { $start } 太远
err-week-before-start = 不早于 start_date { $start } 的日期

## 变更文件（情景推演）
err-what-one-of = 以下之一：{ $names }
err-what-field-of = { $file } 的字段（{ $columns }）
err-what-op = set、scale 或 add
err-what-conditions = 用 ; 连接的 key=value 条件，或 *
err-found-empty-condition = { $selector } 中的空条件
err-what-key-of = { $file } 的键（{ $keys }）
err-no-value-after = { $key }= 后面应有值，实际没有
err-what-week-selector = week=N 或 week=A..B
err-week-selector-misused = week= 只能用于线路的 capacity_kg_per_week 字段
err-selects-nothing = 没有选中 { $file } 中的任何一行
err-change-out-of-range = 变更后 { $field } 应仍为{ $what }，实为 { $found }
err-what-number-or-none = 数字，或 none（配合 set，用于 { $fields }）
err-what-settings-selector = “-”或空单元格（设置只有一组，不用选）
err-no-support-lines = 情景应有帮扶采购（support.csv），实际没有

## 读回的输出文件（report、merge）
err-kv-header = 表头应为 { $header }，实为其他内容
err-kv-fields = 应有 2 个字段，实为 { $found } 个
err-kv-csv = 应为 CSV，实为 { $error }
err-kv-no-row = 应有 { $name } 这一行，实际没有
err-kv-value = { $name } 应为 { $what }，实为 { $found }

## 其他错误
err-solver-failed = 求解器 { $solver } 运行失败：{ $message }
err-chart = 无法绘制图表：{ $error }

## 读写文件失败的原因（计划员能处理的几种）
err-io-not-found = 找不到此文件或文件夹
err-io-permission = 没有权限（运行 agrimatch 的账户不能在这里读写）
err-io-exists = 已经存在
err-io-full = 磁盘已满
err-io-read-only = 磁盘或文件夹是只读的
err-io-is-folder = 应为文件，实为文件夹
err-io-not-folder = 应为文件夹，但路径上有同名文件
err-io-not-empty = 文件夹不是空的
err-io-code = { $reason }（系统错误 { $code }）
