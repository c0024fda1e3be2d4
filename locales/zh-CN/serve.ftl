# agrimatch: `agrimatch serve`（调度台）的中文文本：终端提示、页面、页面脚本（serve-js-*）和接口的错误回复。
# 术语见 glossary-zh.md：情景推演、调运计划、本周发货单、满足率、损耗、缺货、惩罚成本。

## 命令
serve-listening = { $name } 的调度台已打开：{ $url }
serve-token-note = 网络上任何拿到此链接的人都能使用调度台：只发给本单位的计划人员
serve-workspace = 保存的情景和确认的周计划存放在 { $folder }
serve-err-listen = --listen：应为地址和端口，如 127.0.0.1:8080 或 0.0.0.0:8080，实际为 { $found }
serve-err-token-short = --token：应至少 16 个字符，实际为 { $count } 个

## 接口的错误回复
serve-err-token = 缺少调度台口令或口令不对（请求头 Authorization: Bearer 口令，或打开启动时打印的链接）
serve-err-forbidden = 只接受本服务器调度台页面发出的请求，此请求来自其他网站或主机名
serve-err-not-found = 没有这个页面或文件
serve-err-panic = 计划因内部错误中止（{ $why }）；调度台继续运行
serve-err-from = 缺少 ?from=周（期号、日期或 ISO 周，如 2027-W10）
serve-err-week = from：应为{ $expected }，实际为"{ $found }"
serve-err-week-body = 请求内容：第 { $line } 行第 { $column } 列：应为 JSON 对象，含 stock、in_transit、supply 和/或 demand 的 CSV 文本（{ $why }）
serve-err-file = file= 应为以下之一：{ $files }
serve-err-counts-workbook = 盘点数：只能用于情景文件夹（在副本中替换 stock.csv 和 in_transit.csv），当前情景是工作簿：请在工作簿的表中填写盘点数后刷新

## 页面
serve-title = { $name }：调度台
serve-intro = 提出"如果……会怎样"，与基准计划并排查看计划的变化，把值得保留的情景存下来。
serve-nav-whatif = 情景推演
serve-nav-monday = 周一例行
serve-nav-base = 基准计划
serve-whatif-heading = 如果……
serve-whatif-hint = 每个表单都会在下方的变更文件中添加行（即 plan --changes 的格式），也可以直接手工修改。周留空表示所有周。
serve-harvest = 采收量增减
serve-farm = 基地
serve-product = 品种
serve-store = 门店
serve-all = 全部
serve-week-from = 起始周
serve-week-to = 结束周
serve-harvest-percent = 变化 %（−30 即减少三成）
serve-add = 加入变更文件
serve-lane = 线路
serve-lane-which = 线路
serve-lane-what = 变更
serve-lane-closed = 这几周断路
serve-lane-capacity = 这几周的运力
serve-lane-trucks = 改用整车（所有周）
serve-lane-capacity-kg = 运力，公斤/周
serve-lane-truck-kg = 每车公斤数
serve-lane-truck-cost = 每车费用
serve-order = 新增或调整订单
serve-order-how = 方式
serve-order-set = 设为每周公斤数
serve-order-percent = 按 % 增减
serve-order-add = 每周增加公斤数
serve-order-value = 公斤数或 %
serve-changes-file = 变更文件
serve-run = 推演此情景
serve-clear = 新建变更文件
serve-result-heading = 情景与基准计划对比
serve-session-heading = 本次推演的情景
serve-session-empty = 还没有：推演一个情景后会列在这里，可再次查看、下载为变更文件或保存到工作区。
serve-monday-heading = 周一例行
serve-monday-hint = 选择周次，上传周一的盘点数和上周的实际情况（没有则用情景自己的文件），然后计划：得到本周发货单。
serve-monday-week = 周次（期号、日期或 2027-W10）
serve-monday-stock = 盘点库存（stock.csv）
serve-monday-in-transit = 盘点在途（in_transit.csv）
serve-monday-supply = 实际采收（supply.csv）
serve-monday-demand = 实际订单（demand.csv）
serve-monday-keep = 确认：把本周计划存入工作区的历史记录
serve-monday-run = 计划本周
serve-base-heading = 基准计划

## 页面脚本
serve-js-bad-percent = 变化 % 应不小于 −100
serve-js-planning = 正在计划……
serve-js-planned = 已计划：{ $cost }（基准计划 { $base }），用时 { $seconds } 秒
serve-js-whatif-name = 情景 { $n }
serve-js-result-lead = { $name }，用时 { $seconds } 秒。有变化的行已标出。
serve-js-totals = 成本与数量
serve-js-stores = 各门店满足率
serve-js-farms = 各基地销售比例
serve-js-metric = 指标
serve-js-base = 基准计划
serve-js-variant = 情景
serve-js-change = 变化
serve-js-store = 门店
serve-js-farm = 基地
serve-js-m-objective = 总成本（费用加惩罚成本）
serve-js-m-money_spent = 资金支出
serve-js-m-penalties = 惩罚成本（权重，不是实际支出）
serve-js-m-transport_cost = 运输费用
serve-js-m-truck_cost = 车辆费用
serve-js-m-support_cost = 帮扶采购
serve-js-m-waste_kg = 损耗，公斤
serve-js-m-shortfall_kg = 缺货，公斤
serve-js-m-delivered_kg = 送达，公斤
serve-js-m-fill_rate = 满足率
serve-js-m-worst_store_fill_rate = 满足率最低的门店
serve-js-m-lowest_priority_farm_sold_share = 优先基地最低销售比例
serve-js-m-support_kg = 帮扶采购量，公斤
serve-js-m-trucks = 车次
serve-js-session-cost = 成本 { $cost }（{ $change }）
serve-js-saved-as = 已保存为 { $name }
serve-js-show = 查看
serve-js-edit = 修改
serve-js-download = 下载变更文件
serve-js-save = 保存到工作区
serve-js-week-kept = { $week } 已计划并存入历史记录（{ $folder }）
serve-js-week-draft = { $week } 已计划（草稿：勾选"确认"才会存入历史记录）
serve-js-dispatch = 本周发货单
serve-js-dispatch-none = 本周没有发货。
serve-js-dispatch-csv = 下载 dispatch.csv
serve-js-dispatch-xlsx = 下载 plan.xlsx
serve-js-dispatch-print = 打开以打印
