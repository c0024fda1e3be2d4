# agrimatch: report texts (zh-CN). Keys prefixed by area; see locales/en/terminal.ftl for the conventions.
# report.html 与 plan.xlsx 的中文文本；数字由程序格式化后填入。金额单位为元；
# 页首大数字中 1 万元及以上的金额写作“万元”，保留一位小数（如 623.3 万元）。

## 页面框架
report-when = 第{ $first }周至第{ $last }周
report-when-dated = 第{ $first }周至第{ $last }周，{ $from }至{ $to }
report-running = { $name } · 计划期 { $when }
report-running-week = { $name } · 本周：{ $week } · 计划期 { $when }
report-title = { $name }：调运计划，{ $when }
report-title-week = { $name }：{ $week }调运计划
report-page-before = 第{" "}
report-page-between = {" "}页，共{" "}
report-page-after = {" "}页
report-heading = 调运计划：共 { $weeks } 期，每期 { $days } 天
report-plan-when = 计划期：{ $when }。
report-chart-not-drawn = （图表未能绘制：{ $error }）

## 本周（agrimatch week）
report-this-week = 本周发货单：{ $week }
report-this-week-loads = 本周共发出 { $loads } 个线路批次，合计 { $amount }（见 dispatch.csv）。
report-this-week-trucks = 整车线路本周发车 { $trucks } 车次，每行注明所装车辆。
report-this-week-next = 下周的期初库存和在途货物见 next/stock.csv 和 next/in_transit.csv。
report-this-week-cost = 本周成本 { $total } 元：资金支出 { $spent } 元（{ $spent_parts }），惩罚项 { $penalties } 元（{ $penalty_parts }）。
report-week-part-closing = 期末滞销的优先基地库存 { $amount }
report-before-plan = 计划期前
report-truck-of = 第 { $number } 车，共 { $trucks } 车
report-week-iso = 第{ $week }周（{ $iso }，{ $date }起）
report-weeks-after = 之后几周

## 表头
report-col-from = 发货地
report-col-to = 收货地
report-col-product = 品种
report-col-arrives = 到货
report-col-harvested = 采收
report-col-age = 已存放天数
report-col-kg = 数量
report-col-quantity-kg = 数量（公斤）
report-col-truck = 车辆
report-col-week = 周
report-col-ordered = 订货
report-col-delivered = 到货
report-col-short = 缺货
report-col-wasted = 损耗
report-col-this-plan = 本方案
report-col-greedy = 经验法
report-col-saved = 节省
report-col-buyer = 帮扶采购方
report-col-price = 每公斤收购价（元）
report-col-budget = 预算（元）
report-col-kg-bought = 采购量
report-col-spent = 花费（元）
report-col-left = 预算余额（元）
report-col-saving-per-yuan = 每多 1 元预算可节省
report-col-where = 位置
report-col-saving-per-kg = 每公斤可节省（元）
report-col-farm = 基地
report-col-store = 门店
report-col-share-delivered = 占全部到货
report-col-share-shipped = 占全部发运
report-col-trucks = 车次
report-col-average-fill = 平均满载率
report-col-weeks-trucks = 各周车次（满载率）

## 状态
report-status = 状态：
report-status-planned = （求解器 { $solver }，{ $variables } 个变量）。以下每个数字都已对照输入数据重新核验。
report-status-read-back = （调运计划生成时记录；求解器 { $solver }，{ $variables } 个变量）。生成报告时已对照输入数据重新核验了每项平衡、每项运力和成本；状态本身未重新核验。

## 页首数字
report-big-money = 资金支出
report-big-penalties = 惩罚项
report-big-fill-rate = 订单满足率
report-big-waste = 损耗
report-big-waste-share = 占采收量的 { $share }%
report-big-shortfall = 缺货
report-big-priority = 优先基地售出
report-money = { $amount } 元
report-money-wan = { $amount } 万元
report-cost-spent = 资金支出 { $amount } 元
report-cost-spent-note = （{ $parts }）：方案实际支付的钱，包括按发运公斤计的线路运费、跨周存放的冷库费、发车费用和扶贫采购的费用（付给基地的收购款是农户的收入，不算成本）。
report-cost-penalties = 惩罚项 { $amount } 元
report-cost-penalties-note = （{ $parts }）：没有人实际支付；这是方案给未送达的订货、损耗或期末滞销的农产品以及不公平分配定的价格，使方案尽量避免它们。
report-cost-objective = 目标值 { $amount } 元
report-cost-objective-note = {" "}= 两者之和：方案尽量压低的数值，而不是方案的花费。
report-parts-none = 无
report-part-transport = 运输 { $amount }
report-part-holding = 仓储 { $amount }
report-part-trucks = 车辆 { $amount }
report-part-support = 扶贫采购 { $amount }
report-part-shortfall = 缺货 { $amount }
report-part-waste = 损耗 { $amount }
report-part-closing = 期末库存 { $amount }
report-part-fairness = 公平分配 { $amount }

## 各部分
report-baseline = 与经验法方案对比
report-row-money = 资金支出（元）
report-row-penalties = 惩罚项（元）
report-row-objective = 目标值（元）
report-row-waste = 损耗
report-row-shortfall = 缺货
report-support = 扶贫采购
report-support-text = 帮扶采购方（support.csv）按约定价格收购帮扶基地卖不出去的农产品，直到预算用完。共采购 { $amount }，花费 { $spent } 元。
report-support-priority-farms = 优先基地
report-support-no-limit = 不限
report-marginal = 增加车辆或冷库最划算的地方
report-marginal-text = 每周线路运力或冷库容量每多 1 公斤可节省的成本（来自线性规划的边际价值，只对小幅增加成立）。
report-marginal-trucks = { $from } → { $to } 线路运力
report-marginal-cold-room = { $location } 冷库
report-weekly = 逐周情况
report-weekly-text = 各品种每周的采收、订货和到货；红点表示有缺货的周。
report-waste = 各品种每周损耗
report-stores = 各门店订单满足率
report-stores-chart = 各门店订单满足率
report-farms = 各基地采收售出比例
report-farms-text = 绿色为优先基地（脱贫户、监测户）。
report-farms-chart = 采收售出比例
report-flows = 最大的调运流向
report-flows-text = 从基地到门店；经过集散中心的农产品按各基地送入集散中心的比例追溯到基地。
report-flows-lanes = 按线路（即车辆实际行驶）：
report-flows-diagram = 图中只画出最繁忙的 { $lanes } 条线路。

## 表格或图表未列出的部分
report-rest-lane-loads = ……另有 { $count } 个线路批次，共 { $amount }
report-rest-support = ……另有 { $count } 条帮扶采购，共采购 { $amount }
report-rest-products = ……另有 { $count } 个品种，采收 { $harvested }，订货 { $ordered }（weekly.csv 包含全部品种）
report-rest-waste = ……另有 { $count } 个品种，损耗 { $amount }
report-rest-stores = ……另有 { $count } 个门店，订货 { $amount }（stores.csv 包含全部门店）
report-rest-farms = ……另有 { $count } 个基地，采收 { $amount }（farms.csv 包含全部基地）
report-rest-pairs = ……另有 { $count } 对基地—门店，共 { $amount }
report-rest-lanes = ……另有 { $count } 条线路，共 { $amount }

## 车辆
report-trucks = 车辆
report-trucks-text = 共发车 { $trucks } 车次，平均满载率 { $fill }%（运力 { $room } 公斤，实载 { $load } 公斤）。下表为各线路每周的车次和满载率（trucks.csv 包含全部线路和周，truck_loads.csv 列出每辆车装的货）。
report-trucks-week = 第{ $week }周：{ $trucks } 车（{ $fill }%）
report-trucks-rest = ……另有 { $count } 条整车线路（见 trucks.csv）。

## 图表
chart-week = 周
chart-day = 日
chart-period = 每期 { $days } 天
chart-by-first-day = { $period }（按首日）
chart-harvest = 采收
chart-orders = 订货
chart-delivered = 到货
chart-short = 缺货
chart-weekly-label = { $product }：每周采收、订货和到货，单位{ $unit }
chart-wasted = 损耗（{ $unit }）
chart-waste-label = 各品种每周损耗，单位{ $unit }
chart-farm = 基地
chart-hub = 集散中心
chart-store = 门店
chart-farms = 基地
chart-hubs = 集散中心
chart-stores = 门店
chart-flow-title = 计划期内各线路发运量（{ $unit }，以线宽表示）
chart-flow-label = 调运流向图：从基地到门店各线路的发运量，单位{ $unit }
chart-fair-cost = 方案成本
chart-fair-x = 公平缺货上限
chart-fair-y-cost = 成本（元）
chart-fair-fill = 最差门店的订单满足率
chart-fair-y-fill = 订单满足率
chart-fair-none = 不设公平规则：{ $value }

## plan.xlsx：工作表名和表头（CSV 文件仍用英文名）
xlsx-more-rows = ……另有 { $more } 行：Excel 每个工作表最多 { $max } 行，CSV 文件包含全部行
xlsx-opening-stock = 期初库存（{ $week }）

## plan.xlsx 的工作表名（xlsx-sheet-<表>）与列名或指标名（xlsx-col-<名>）
xlsx-sheet-dispatch = 发运单
xlsx-sheet-shipments = 发运
xlsx-sheet-weekly = 逐周
xlsx-sheet-stores = 门店
xlsx-sheet-farms = 基地
xlsx-sheet-summary = 汇总
xlsx-sheet-flows = 流向
xlsx-sheet-marginal_values = 边际价值
xlsx-col-from = 发货地
xlsx-col-to = 收货地
xlsx-col-product = 品种
xlsx-col-ship_week = 发货周
xlsx-col-arrive_week = 到货周
xlsx-col-harvest_week = 采收周
xlsx-col-ship_date = 发货日期
xlsx-col-arrive_date = 到货日期
xlsx-col-harvest_date = 采收日期
xlsx-col-age_days = 已存放天数
xlsx-col-quantity_kg = 数量(公斤)
xlsx-col-cost = 成本(元)
xlsx-col-channel = 渠道
xlsx-col-truck = 车辆
xlsx-col-trucks = 车次
xlsx-col-transport_cost = 运输费(元)
xlsx-col-truck_cost = 车辆费(元)
xlsx-col-week = 周
xlsx-col-week_start = 周首日
xlsx-col-supply_kg = 采收量(公斤)
xlsx-col-demand_kg = 订货量(公斤)
xlsx-col-delivered_kg = 到货量(公斤)
xlsx-col-shortfall_kg = 缺货量(公斤)
xlsx-col-waste_kg = 损耗量(公斤)
xlsx-col-support_kg = 扶贫采购量(公斤)
xlsx-col-holding_cost = 仓储费(元)
xlsx-col-support_cost = 扶贫采购费(元)
xlsx-col-money_spent = 资金支出(元)
xlsx-col-waste_cost = 损耗惩罚(元)
xlsx-col-shortfall_cost = 缺货惩罚(元)
xlsx-col-closing_stock_cost = 期末库存惩罚(元)
xlsx-col-fairness_cost = 公平分配惩罚(元)
xlsx-col-penalties = 惩罚项(元)
xlsx-col-store = 门店
xlsx-col-region = 地区
xlsx-col-fill_rate = 订单满足率
xlsx-col-farm = 基地
xlsx-col-priority = 帮扶优先级
xlsx-col-min_sold_share = 最低售出比例
xlsx-col-sold_kg = 售出量(公斤)
xlsx-col-sold_share = 售出比例
xlsx-col-sales_value = 销售额(元)
xlsx-col-note = 说明
xlsx-col-kind = 类型
xlsx-col-location = 地点
xlsx-col-age = 已存放天数
xlsx-col-lane_to = 线路终点
xlsx-col-cost_change_per_kg = 每公斤成本变化(元)
xlsx-col-metric = 指标
xlsx-col-value = 数值
xlsx-col-status = 状态
xlsx-col-solver = 求解器
xlsx-col-objective = 目标值(元)
xlsx-col-worst_store_fill_rate = 最差门店订单满足率
xlsx-col-lowest_priority_farm_sold_share = 最低优先基地售出比例
xlsx-col-shipments = 发运记录数
xlsx-col-closing_stock_kg = 期末库存(公斤)
xlsx-col-weeks = 周数
xlsx-col-period_days = 每期天数
xlsx-col-variables = 变量数
xlsx-col-constraints = 约束数
xlsx-col-blocks = 分块数
xlsx-col-blocks_by_solver = 各求解器分块数
xlsx-col-build_seconds = 建模用时(秒)
xlsx-col-solve_seconds = 求解用时(秒)
xlsx-col-certificate = 最优性证书
xlsx-col-duality_gap = 对偶间隙
xlsx-col-balance_repair = 平衡修正量
xlsx-col-greedy_cost = 经验法目标值(元)
xlsx-col-support_spent = 扶贫采购花费(元)
xlsx-col-support_budget_left = 扶贫采购预算余额(元)
xlsx-col-lower_bound = 下界(元)
xlsx-col-gap = 差距
xlsx-col-lp_solves = 线性规划求解次数
xlsx-col-lp_solves_skipped = 跳过的线性规划求解次数
xlsx-col-load_kg = 装载量(公斤)
xlsx-col-fill_share = 满载率
xlsx-value-sale = 销售
xlsx-value-shipment = 发运
xlsx-value-stock = 库存
xlsx-value-support = 扶贫采购
xlsx-value-demand = 订货
xlsx-value-harvest = 采收
xlsx-value-lane_capacity = 线路运力
xlsx-value-storage = 冷库容量
xlsx-value-support_budget = 扶贫采购预算
xlsx-value-order = 订单
xlsx-value-checked = 已核验
