# agrimatch 的中文文本（简体）。键与英文目录一一对应；占位符 { $name }
# 由程序填入已格式化的数字。用词以基层农业部门和合作社的习惯为准。

## 终端摘要的标签（程序按显示宽度补齐到 12 列）
label-status = 状态
label-money = 资金支出
label-penalties = 惩罚成本
label-objective = 目标值
label-fill-rate = 订单满足率
label-waste = 损耗
label-support = 帮扶采购
label-trucks = 车次
label-farm = 基地
label-wrote = 已写入
label-vs-greedy = 对比经验法
label-balance = 平衡核对
label-why = 原因

## 方案的终端摘要
plan-status = { $word }（{ $solver }{ $blocks }，{ $variables } 个变量，{ $constraints } 个约束，建模 { $build } 秒，求解 { $solve } 秒）
plan-blocks = ，分 { $blocks } 块
plan-money = { $amount } 元（{ $parts }）
plan-penalties = { $amount } 元，计入优化但不实际支付（{ $parts }）
plan-objective = { $amount } 元 = 资金支出 + 惩罚成本，即方案最小化的数值
part-transport = 运输 { $amount }
part-holding = 仓储 { $amount }
part-trucks = 车辆 { $amount }
part-support = 帮扶采购 { $amount }
part-shortfall = 缺货 { $amount }
part-waste = 损耗 { $amount }
part-closing-stock = 期末滞销的优先基地库存 { $amount }
part-fairness = 未达公平份额 { $amount }
list-separator = ，
plan-fill-rate = { $rate }%（订货 { $ordered }，到货 { $delivered }，缺货 { $short }）
plan-waste = { $waste }，损耗率 { $share }%（采收和库存共 { $supply }），期末仍新鲜 { $closing }
plan-support = 从帮扶基地采购 { $kg }，花费 { $spent } 元（{ $left }）
plan-support-left = 预算余 { $amount } 元
plan-support-unlimited = 预算不限
plan-trucks = { $trucks } 车次，平均满载率 { $full }%；下界 { $bound } 元，差距 { $gap }%（求解线性规划 { $solves } 次{ $skipped }）
plan-trucks-skipped = ，其中 { $skipped } 次因快速内核放弃或失败而跳过
plan-farm-note = { $farm } 售出采收量的 { $share }%，低于其最低比例 { $minimum }%：{ $why }
plan-wrote = { $folder }（{ $files }）
plan-vs-greedy = 线性规划比经验法省 { $saving } 元（{ $cost } 对 { $greedy }），少损耗 { $waste } 公斤，少缺货 { $shortfall } 公斤
roll-balance = 入 { $supply } 公斤 = 售出 { $sold }{ $support } + 损耗 { $wasted } + 期末仍新鲜 { $closing }（{ $windows } 个窗口，每个 { $horizon } 周）
roll-balance-support = {" "}+ 帮扶采购 { $kg }

## 数量单位（display_unit）
unit-kg = 公斤
unit-jin = 斤
unit-t = 吨

## 周与日期
week-label = 第{ $week }周
week-label-dated = 第{ $week }周（{ $date }）
date = { $year }年{ $month }月{ $day }日

## 给人看的状态词（summary.csv 中仍为英文）
status-optimal = 最优
status-solved = 已求解
status-within_gap = 差距达标
status-above_gap = 差距超限
status-baseline = 经验法基准
status-rolled = 滚动计划
status-infeasible = 无可行方案
status-unbounded = 无界
status-time_limit = 超时
status-failed = 求解失败
status-unverified = 未通过校验
status-error = 出错

## 状态词的含义（表格下方或状态行后说明）
meaning-solved = 已校验的线性规划方案，求解器称其最优，但没有经过校验的最优性证书（microlp 不给出对偶值）
meaning-within_gap = 已校验的整车方案，与下界的差距在 --gap 以内
meaning-above_gap = 已校验的整车方案，与下界的差距超过 --gap（搜索次数用尽；差距见 summary.csv）
meaning-baseline = 经验法基准方案：可行且已校验，但未经优化
meaning-rolled = 按滚动窗口逐周确定的计划
meaning-infeasible = 没有能满足全部约束的方案
meaning-unbounded = 成本可以无限下降
meaning-time_limit = --time-limit 在证明方案之前停止了求解
meaning-failed = 求解器放弃或报告了问题（原因见下）
meaning-unverified = 求解器给出的方案未通过独立校验（原因见下）
meaning-error = 无法开始运行：输入有误，或本版本未包含该求解器（原因见下）
