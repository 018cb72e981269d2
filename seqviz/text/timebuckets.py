"""Strings of the "Time buckets" page (app_pages/6_time_buckets.py)."""

STRINGS = {
    "nav.time_buckets": {"en": "Time buckets", "zh": "时间分桶"},
    "nav.time_buckets.icon": {"en": "⏳", "zh": "⏳"},
    "timebuckets.intro": {
        "en": "An event from yesterday and one from last winter may involve the same item, yet say "
              "different things about today. SIM measures how long ago each selected event happened, "
              "drops that gap into a bucket on a log scale, looks up an embedding for the bucket, and "
              "joins it to the item's embedding when it scores the event. The bucket changes how much "
              "an event counts, not what it adds to the user's interest vector. This page's SIM keeps up "
              "to 200 events of the ad's category (K = 200): at K = 50 a heavy shopper's newest 50 coats "
              "reach back only a few months, and SIM learned to weigh a 1–3-month-old coat up, standing in "
              "for the older coats it never saw.",
        "zh": "昨天的一条行为和去年冬天的一条行为，可能涉及同一个物品，但对今天的意义并不相同。SIM 计算每"
              "条选中行为距今多久，按对数刻度放进一个时间桶，查出这个桶的嵌入向量，在给这条行为打注意力分时"
              "把它和物品嵌入拼接起来。时间桶改变的是一条行为算多少分量，而不是它往兴趣向量里加了什么。"
              "本页的 SIM 最多保留与广告同类的 200 条行为（K = 200）：若 K = 50，重度用户最新的 50 件外套只"
              "覆盖最近几个月，SIM 便学会抬高一到三个月前外套的权重，替代它看不到的更早的外套。"},
    "timebuckets.hover.bucket": {"en": "bucket", "zh": "桶"},
    "timebuckets.model.with": {"en": "SIM with time buckets", "zh": "SIM（带时间分桶）"},
    "timebuckets.model.without": {"en": "SIM without time", "zh": "SIM（不带时间）"},
    "timebuckets.auc.title": {
        "en": "Test AUC and GAUC, with and without time buckets",
        "zh": "带与不带时间分桶时的测试 AUC 与 GAUC"},
    "timebuckets.auc.notice": {
        "en": "Both models search the same way and see the same events; the only difference is the time "
              "embedding. Any gap between the bars is what knowing 'how long ago' is worth in this world.",
        "zh": "两个模型的检索方式相同，看到的行为也相同，唯一的区别是时间嵌入。两组柱子的差距，就是在这个"
              "数据世界里“知道多久以前”的价值。"},
    "timebuckets.both.title": {
        "en": "Attention to the same selected events, with and without time",
        "zh": "对同一批选中行为的注意力：带时间与不带时间"},
    "timebuckets.axis.relative_weight": {
        "en": "attention weight (largest = 1)",
        "zh": "注意力权重（最大值 = 1）"},
    "timebuckets.both.notice": {
        "en": "Without time, two purchases of the same item get the same weight whether they were "
              "yesterday or two years ago, so the open circles line up in flat rows. With time, the "
              "weight follows the age.",
        "zh": "不带时间时，同一个物品无论是昨天买的还是两年前买的，权重都一样，所以空心圆排成一条条水平线"
              "。带上时间后，权重会随时间远近而变化。"},
    "timebuckets.effect.title": {
        "en": "What SIM learned about each bucket, beside the world's true decay",
        "zh": "SIM 对每个时间桶学到的效果，与数据世界真实的时间衰减对照"},
    "timebuckets.effect.learned": {
        "en": "learned: how much the bucket raises the attention score of the events SIM selected",
        "zh": "学到的：时间桶让 SIM 选中行为的注意力得分升高了多少"},
    "timebuckets.effect.truth": {
        "en": "truth: the world's decay of relevance with age",
        "zh": "真实：数据世界中相关度随时间的衰减"},
    "timebuckets.effect.unseen": {"en": "older than any event", "zh": "比所有行为都早"},
    "timebuckets.axis.learned": {"en": "learned effect on the attention score",
                                 "zh": "学到的对注意力得分的影响"},
    "timebuckets.axis.truth": {"en": "true decay", "zh": "真实衰减"},
    "timebuckets.effect.no_truth": {
        "en": "This log was imported, so no decay is known to compare with: the curve is only what the model "
              "learned from clicks, each bucket's average effect over the test week.",
        "zh": "这份日志是导入的，没有已知的衰减可以对比：这条曲线只是模型从点击中学到的，"
              "即每个桶在测试周上的平均效果。"},
    "timebuckets.effect.notice": {
        "en": "The world was built with a strong pull from the last few days, a slow long-term fade, and "
              "a bump one year back (last winter's shopping). Compare the learned curve with it: the "
              "model only ever saw clicks, never the decay itself, so whatever shape it recovers it "
              "found on its own.",
        "zh": "这个数据世界的设定是：最近几天影响很强，长期缓慢衰减，一年前还有一个小高峰（去年冬天的购物"
              "）。把学到的曲线与之对比：模型只见过点击，从没见过衰减函数本身，它还原出的任何形状都是自己"
              "学出来的。"},
    "timebuckets.spans.title": {
        "en": "Time covered by the last {n} events and by the whole history",
        "zh": "最近 {n} 条行为与完整历史各自覆盖的时间"},
    "timebuckets.spans.full": {"en": "whole history", "zh": "完整历史"},
    "timebuckets.spans.axis": {"en": "days back from now", "zh": "从现在往回的天数"},
    "timebuckets.spans.lastn": {"en": "last {n} events (DIN)", "zh": "最近 {n} 条（DIN）"},
    "timebuckets.spans.notice": {
        "en": "Compare each orange bar with the blue one: the last N events cover only part of a long "
              "history, its recent end, and there an event's age tells DIN little; a short history fits "
              "in the window whole, and time adds nothing either way. SIM's search reaches across the "
              "whole history, months or years, and there 'how long ago' separates a live interest from a "
              "stale one.",
        "zh": "把每根橙色条和蓝色条比一比：对很长的历史，最近 N 条只覆盖其中靠近现在的一段，"
              "在那里行为的时间对 DIN 帮助不大；很短的历史整个装得进窗口，有没有时间都一样。SIM "
              "的检索横跨完整历史，几个月乃至几年，这时“多久以前”才能区分仍然活跃的兴趣和已经过时的兴趣。"},
    "timebuckets.why_din.header": {"en": "Why DIN needs no time", "zh": "为什么 DIN 不需要时间信息"},
    "timebuckets.effect.header": {"en": "What each bucket learned, on average over the test week",
                                  "zh": "每个桶学到了什么（测试周上的平均）"},
    "timebuckets.compare.header": {"en": "SIM with and without time", "zh": "SIM 带与不带时间"},
    "timebuckets.age.hour": {"en": "{n:g} hours", "zh": "{n:g} 小时"},
    "timebuckets.age.hour.one": {"en": "{n:g} hour", "zh": "{n:g} 小时"},
    "timebuckets.age.day.one": {"en": "{n:g} day", "zh": "{n:g} 天"},
    "timebuckets.age.month.one": {"en": "{n:g} month", "zh": "{n:g} 个月"},
    "timebuckets.age.year.one": {"en": "{n:g} year", "zh": "{n:g} 年"},
    "timebuckets.age.day": {"en": "{n:g} days", "zh": "{n:g} 天"},
    "timebuckets.age.month": {"en": "{n:g} months", "zh": "{n:g} 个月"},
    "timebuckets.age.year": {"en": "{n:g} years", "zh": "{n:g} 年"},
    "timebuckets.main.title": {"en": "Drag the age of one {what}: SIM's weight for it, bucket by bucket, "
                                     "beside the truth",
                               "zh": "拖动一件{what}距今的时间：SIM 按时间分桶给它的权重，以及真实相关度"},
    "timebuckets.main.slider": {"en": "How long ago the {what} was bought", "zh": "这件{what}是多久以前买的"},
    "timebuckets.main.learned": {"en": "SIM with time buckets: its weight for the event",
                                 "zh": "带时间分桶的 SIM：对这条行为的权重"},
    "timebuckets.main.without": {"en": "SIM without time: the same weight at every age",
                                 "zh": "不带时间的 SIM：不论多久以前，权重都一样"},
    "timebuckets.main.truth": {"en": "the world's true relevance (right axis)",
                               "zh": "世界的真实相关度（右轴）"},
    "timebuckets.main.weight_axis": {"en": "attention weight", "zh": "注意力权重"},
    "timebuckets.main.truth_axis": {"en": "true relevance", "zh": "真实相关度"},
    "timebuckets.readout.event": {"en": "{what} bought {age} ago: bucket {bucket} ({lo} to {hi}), "
                                        "SIM's weight "
                                        "{weight:.2f}",
                                  "zh": "{age}前买的{what}：第 {bucket} 桶（{lo} 到 {hi}），"
                                        "SIM 的权重 {weight:.2f}"},
    "timebuckets.readout.truth": {"en": "true relevance {value:.3f}", "zh": "真实相关度 {value:.3f}"},
    "timebuckets.main.notice": {
        "en": "Near now the buckets are narrow, far back they are wide: a log scale, because an hour matters "
              "today and a month matters a year ago. The green steps are what SIM learned; where the truth "
              "rises again about a year back (last winter's coats before this winter), see whether the "
              "steps rise with it. Without buckets the grey line cannot tell yesterday from last year.",
        "zh": "靠近现在的桶很窄，越往前越宽：这是对数刻度，"
              "因为对今天来说差一小时就有区别，对一年前来说要差一个月才有区别。"
              "绿色台阶是 SIM 学到的；真实相关度在大约一年前再次上升"
              "（去年冬天的外套，在今年冬天之前），"
              "看看台阶是否跟着上升。没有分桶，灰线分不清昨天和去年。"},
    "timebuckets.main.notice.asking": {
        "en": "Near now the buckets are narrow, far back they are wide: a log scale, because an hour matters "
              "today and a month matters a year ago. Answer the question, then compare the green steps "
              "(what SIM learned) with the truth. Without buckets the grey line cannot tell yesterday from "
              "last year.",
        "zh": "靠近现在的桶很窄，越往前越宽：这是对数刻度，"
              "因为对今天来说差一小时就有区别，对一年前来说要差一个月才有区别。"
              "先回答上面的问题，再把绿色台阶（SIM 学到的）和真实相关度对比。"
              "没有分桶，灰线分不清昨天和去年。"},
    "timebuckets.main.no_truth": {
        "en": "Near now the buckets are narrow, far back they are wide: a log scale. The green steps are "
              "what SIM learned for each age; this log was imported, so there is no truth to compare them "
              "with.",
        "zh": "靠近现在的桶很窄，越往前越宽：这是对数刻度。绿色台阶是 SIM 对每个距今时间学到的权重；"
              "这份日志是导入的，没有真实相关度可以比较。"},
    "timebuckets.ask": {"en": "For tonight's {what} ad, which event says more: one bought a week ago, a "
                              "month ago "
                              "or a year ago?",
                        "zh": "对今晚的 {what} 广告，哪条行为更说明问题：一周前、一个月前还是一年前买的？"},
    "timebuckets.ask.why": {"en": "True relevance: {truth}. A year ago is last winter's season, which "
                                  "comes back; "
                                  "SIM learned {learned}. {order}",
                            "zh": "真实相关度：{truth}。一年前正是去年冬天的季节，"
                                  "而冬天又快到了；SIM 学到的是 "
                                  "{learned}。{order}"},
    "timebuckets.ask.same_order": {"en": "SIM puts the three ages in the truth's order.",
                                   "zh": "SIM 学到的三个时间的顺序与真实顺序一致。"},
    "timebuckets.ask.other_order": {
        "en": "SIM's order is not the truth's: it weighs the one bought {learned_top} most, the truth the "
              "one bought {truth_top}. On this data the model has not learned this part of the story.",
        "zh": "SIM 学到的顺序与真实顺序不同：它最看重{learned_top}买的那条，而真实最相关的是"
              "{truth_top}买的那条。在这份数据上，模型没有学会故事的这一部分。"},
    "timebuckets.ask.week": {"en": "a week ago", "zh": "一周前"},
    "timebuckets.ask.month": {"en": "a month ago", "zh": "一个月前"},
    "timebuckets.ask.year": {"en": "a year ago", "zh": "一年前"},
    "timebuckets.ask.measure": {"en": "true relevance", "zh": "真实相关度"},
}
