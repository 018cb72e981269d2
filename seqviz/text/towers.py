"""Strings of the "Why towers average" page (app_pages/4_towers.py)."""

STRINGS = {
    "nav.towers": {"en": "Why towers average", "zh": "双塔为何只能取平均"},
    "nav.towers.icon": {"en": "🗼", "zh": "🗼"},
    "towers.intro": {
        "en": "Retrieval and pre-ranking often use a **two-tower** model: a user tower turns the user's "
              "features (their LastN included) into one vector, an item tower does the same for each "
              "item, and the score is the inner product of the two. The user vector is computed **once** "
              "and reused for thousands of candidates, which is the whole point of the design.",
        "zh": "召回和粗排常用**双塔模型**：用户塔把用户特征（包括 LastN）变成一个向量，物品塔对每个物品做"
              "同样的事，打分就是两个向量的内积。用户向量只需算**一次**，就能拿去和成千上万个候选物品打分"
              "，这正是双塔的意义所在。"},
    "towers.diagram.history": {"en": "user's LastN events", "zh": "用户的 LastN 行为"},
    "towers.diagram.average": {"en": "average pooling", "zh": "平均池化"},
    "towers.diagram.user_vector": {"en": "user vector (once per user)", "zh": "用户向量（每个用户算一次）"},
    "towers.diagram.candidate": {"en": "candidate item", "zh": "候选物品"},
    "towers.diagram.item_vector": {"en": "item vector", "zh": "物品向量"},
    "towers.diagram.score": {"en": "score = ⟨user, item⟩", "zh": "得分 = ⟨用户, 物品⟩"},
    "towers.diagram.blocked": {
        "en": "attention would need this: not allowed",
        "zh": "注意力需要这条边：双塔里不存在"},
    "towers.diagram.notice": {
        "en": "The dashed arrow is what attention needs: the candidate reaching into the user tower. Add "
              "it and the user vector changes with every candidate, so it can no longer be computed once "
              "and stored; the tower stops being a tower.",
        "zh": "虚线就是注意力需要的东西：候选物品伸进用户塔。一旦加上，用户向量就随候选物品而变，不能再提"
              "前算好存起来，双塔也就不成其为双塔了。"},
    "towers.cost.explain": {
        "en": "Attention scores every event of the history against every candidate: **M × N** scorings. "
              "Averaging reads the N events once, then needs one inner product per candidate: **N + M**.",
        "zh": "注意力要拿每个候选物品和历史里的每条行为逐一打分：共 **M × N** 次。平均池化只需把 N "
              "条行为读一遍，再给每个候选物品做一次内积：**N + M**。"},
    "towers.main.title": {"en": "Drag M: the time to score M candidates against N = {n:,} events, "
                                "measured here",
                          "zh": "拖动 M：对 N = {n:,} 条行为为 M 个候选物品打分的耗时（本机实测）"},
    "towers.axis.m": {"en": "M, candidates to score (log scale)", "zh": "M：要打分的候选物品数（对数坐标）"},
    "towers.readout": {"en": "M = {m:,} candidates, N = {n:,} events: attention {attention:,.2f} ms, "
                             "average {average:,.3f} ms: {ratio:,.0f}× the time",
                       "zh": "M = {m:,} 个候选，N = {n:,} 条行为：注意力 {attention:,.2f} 毫秒，"
                             "平均 {average:,.3f} 毫秒：{ratio:,.0f} 倍的时间"},
    "towers.readout.one": {"en": "M = {m:,} candidate, N = {n:,} events: attention {attention:,.2f} ms, "
                                 "average {average:,.3f} ms: {ratio:,.0f}× the time",
                           "zh": "M = {m:,} 个候选，N = {n:,} 条行为：注意力 {attention:,.2f} 毫秒，"
                                 "平均 {average:,.3f} 毫秒：{ratio:,.0f} 倍的时间"},
    "towers.main.notice": {
        "en": "Attention's line climbs with every candidate: each one scores all N events again, because "
              "the weights depend on it. Averaging pools the N events once and then pays one inner "
              "product per candidate. That is why a retrieval tower, which faces millions of candidates, "
              "averages. Move N to see both lines shift.",
        "zh": "注意力那条线随候选物品数一路上升：每个候选都要把 N 条行为重新打一遍分，因为权重取决于它。"
              "平均池化只把 N 条行为汇总一次，然后每个候选只需一次内积。这就是面对上百万候选的召回塔"
              "用平均的原因。拖动 N，看两条线如何移动。"},
    "towers.why.header": {"en": "Why: a tower cannot wait for the candidate",
                          "zh": "为什么：双塔等不到候选物品"},
    "towers.m": {"en": "M: candidates to score", "zh": "M：要打分的候选物品数"},
    "towers.n": {"en": "N: events in the history", "zh": "N：历史行为条数"},
    "towers.n.bounded": {
        "en": "N is capped at {cap:,}: the longest history in this world has {n:,} events.",
        "zh": "N 最多为 {cap:,}：这个数据世界里最长的历史只有 {n:,} 条行为。"},
    "towers.method.attention": {"en": "attention (DIN)", "zh": "注意力（DIN）"},
    "towers.method.average": {"en": "average pooling", "zh": "平均池化"},
    "towers.method.full": {"en": "full attention over N", "zh": "对全部 N 条做注意力"},
    "towers.method.sim": {"en": "SIM: search, then attend over K", "zh": "SIM：先检索，再对 K 条做注意力"},
    "towers.method.search_hard": {"en": "hard search", "zh": "硬检索"},
    "towers.method.search_soft": {"en": "soft search", "zh": "软检索"},
    "towers.method.search_sdim": {"en": "SDIM: index once, then m rows", "zh": "SDIM：先建索引，再读 m 行"},
    "towers.marker.n": {"en": "your N: {n:,}", "zh": "你选的 N：{n:,}"},
    "towers.axis.n": {"en": "N, events in the history (log scale)", "zh": "N：历史行为条数（对数坐标）"},
    "towers.axis.ops": {"en": "multiply-adds (log scale)", "zh": "乘加次数（对数坐标）"},
    "towers.axis.ms": {"en": "milliseconds (log scale)", "zh": "毫秒（对数坐标）"},
    "towers.axis.field_weight": {
        "en": "learned field weight (1 = unchanged)",
        "zh": "学到的特征域权重（1 = 不变）"},
    "towers.cost.title": {
        "en": "Counted work to pool the history for M = {m:,} candidates",
        "zh": "为 M = {m:,} 个候选物品汇总历史的计算量（按次数统计）"},
    "towers.cost.title.one": {
        "en": "Counted work to pool the history for M = {m:,} candidate",
        "zh": "为 M = {m:,} 个候选物品汇总历史的计算量（按次数统计）"},
    "towers.cost.notice": {
        "en": "Attention's line sits orders of magnitude above averaging's and climbs with every extra "
              "candidate (move M), while averaging barely moves: its N events are read once, whatever M "
              "is. Each scoring is also dearer: DIN's activation unit costs {pair:,} multiply-adds where "
              "an inner product costs {dim}.",
        "zh": "注意力那条线比平均池化高出几个数量级，而且每多一个候选物品就再涨一截（拖动 M "
              "试试）；平均池化几乎不动：无论 M 多大，N 条行为都只读一遍。每次打分也更贵：DIN "
              "的激活单元要 {pair:,} 次乘加，一次内积只要 {dim} 次。"},
    "towers.latency.header": {"en": "Measured on this machine", "zh": "在这台机器上实测"},
    "towers.latency.title": {
        "en": "Time to pool the history for M = {m:,} candidates (measured)",
        "zh": "为 M = {m:,} 个候选物品汇总历史的耗时（实测）"},
    "towers.latency.title.one": {
        "en": "Time to pool the history for M = {m:,} candidate (measured)",
        "zh": "为 M = {m:,} 个候选物品汇总历史的耗时（实测）"},
    "towers.latency.explain": {
        "en": "The app's real DIN and AvgPool models run on {name}'s history, a few repetitions each, "
              "fastest kept. To stay quick, a run never scores more than {pairs:,} candidate-event pairs "
              "at once; larger M is scaled up, which is exact because each candidate is an independent "
              "row.",
        "zh": "用应用里真实的 DIN 和 AvgPool 模型在 {name} "
              "的历史上运行，每个点重复几次取最快的一次。为了不卡顿，每次最多计算 {pairs:,} "
              "个“候选-行为”对；更大的 M 按比例放大——每个候选物品的计算互不相关，所以放大是精确的。"},
    "towers.latency.notice": {
        "en": "DIN's line climbs steadily with N: double the history and you roughly double the wait for "
              "every candidate. With hundreds of candidates per request, this is why ranking models keep "
              "N to a few hundred, and why towers average.",
        "zh": "DIN 的耗时随 N 稳步上升：历史翻一倍，每个候选物品的等待时间也差不多翻一倍。一次请求有几百"
              "个候选物品，所以精排模型只用几百条行为，而双塔干脆取平均。"},
    "towers.senet.header": {
        "en": "What towers do instead: SENet field weights",
        "zh": "双塔的替代方案：SENet 特征域加权"},
    "towers.senet.explain": {
        "en": "SENet squeezes each feature field to one number, runs the numbers through a tiny network, "
              "and rescales every field by the weight that comes out. The weights come from the tower's "
              "own input, so the user tower still runs once per user. Below, a two-tower model with a "
              "SENet in each tower, trained on this world in a few seconds (user fields: averages of the "
              "last 10, 100 and 1000 events, from the shipped AvgPool item vectors).",
        "zh": "SENet 把每个特征域压缩成一个数，送进一个很小的网络，再用输出的权重去缩放各个特征域。权重只"
              "依赖塔自己的输入，所以用户塔仍然每个用户只算一次。下面是一个每座塔各带一个 SENet "
              "的双塔模型，在这个数据世界上几秒钟训练完成（用户侧特征：最近 10、100、1000 "
              "条行为的平均向量，物品向量取自随应用提供的 AvgPool 模型）。"},
    "towers.senet.training": {
        "en": "Training the SENet two-tower model (a few seconds, once)…",
        "zh": "正在训练 SENet 双塔模型（只需一次，几秒钟）……"},
    "towers.senet.title": {
        "en": "Field weights the SENet learned (mean over test impressions, bar = spread)",
        "zh": "SENet 学到的特征域权重（测试集曝光上的均值，误差线为离散程度）"},
    "towers.senet.auc": {"en": "SENet two-tower test AUC", "zh": "SENet 双塔 测试 AUC"},
    "towers.senet.auc_avg": {"en": "AvgPool ranking model test AUC", "zh": "AvgPool 精排模型 测试 AUC"},
    "towers.senet.auc_din": {"en": "DIN ranking model test AUC", "zh": "DIN 精排模型 测试 AUC"},
    "towers.senet.seconds": {"en": "trained in {s:.1f} s", "zh": "训练耗时 {s:.1f} 秒"},
    "towers.senet.beats_avg": {
        "en": "The two-tower model beats the AvgPool ranking model here ({senet:.4f} against {avg:.4f}): its "
              "user tower also averages, but over the last 10, 100 and 1,000 events, and its item tower "
              "reads the category, price and popularity. What it cannot do is weigh the history by the "
              "candidate, and DIN, which does, stays ahead at {din:.4f}.",
        "zh": "这里双塔模型胜过了 AvgPool 精排模型（{senet:.4f} 对 {avg:.4f}）：它的用户塔同样是平均，"
              "但平均的是最近 10、100 和 1000 条行为，物品塔还读取类别、价格和热度。它做不到的是按候选物品"
              "给历史加权，而能做到这一点的 DIN 仍然领先，为 {din:.4f}。"},
    "towers.senet.beats_avg_and_din": {
        "en": "On this data the two-tower model ({senet:.4f}) beats both ranking models (AvgPool {avg:.4f}, "
              "DIN {din:.4f}): its fields, the averages of the last 10, 100 and 1,000 events and the item's "
              "category, price and popularity, carry more here than DIN's weighing of its last 50 events. "
              "The lesson's 'attention beats averaging' does not show on this data.",
        "zh": "在这份数据上，双塔模型（{senet:.4f}）胜过了两个精排模型（AvgPool {avg:.4f}，DIN {din:.4f}）："
              "它的特征（最近 10、100、1000 条行为的平均，以及物品的类别、价格和热度）在这里比 DIN "
              "对最近 50 条的加权更有用。课程所说的“注意力胜过平均”在这份数据上没有体现。"},
    "towers.senet.notice": {
        "en": "In the user tower each field gets one weight, and nothing about the candidate goes into "
              "it: SENet can turn a whole field up or down (all of the last ten clicks, say), but it can "
              "never say 'for this coat, look at the coats'. That finer weighting, per event and per "
              "candidate, is what attention buys in ranking.",
        "zh": "在用户塔里，每个特征域只有一个权重，候选物品的信息完全进不来：SENet 可以把整个特征域调高或"
              "调低（比如最近十次点击整体），却永远表达不了“对这件外套，去看历史里的外套”。这种按行为、按"
              "候选物品的精细加权，正是精排里注意力的价值。"},
    "towers.tower.user": {"en": "user tower", "zh": "用户塔"},
    "towers.tower.item": {"en": "item tower", "zh": "物品塔"},
    "towers.field.last10_avg": {"en": "avg of last 10", "zh": "最近 10 条平均"},
    "towers.field.last100_avg": {"en": "avg of last 100", "zh": "最近 100 条平均"},
    "towers.field.last1000_avg": {"en": "avg of last 1000", "zh": "最近 1000 条平均"},
    "towers.field.item": {"en": "item id", "zh": "物品 ID"},
    "towers.field.category": {"en": "category", "zh": "类别"},
    "towers.field.price": {"en": "price bucket", "zh": "价格分桶"},
    "towers.field.popularity": {"en": "popularity bucket", "zh": "热度分桶"},
    "towers.ask": {"en": "Scoring {m:,} candidates against {n:,} events: how many times slower is attention "
                         "than the average?",
                   "zh": "对 {n:,} 条行为给 {m:,} 个候选打分：注意力比平均慢多少倍？"},
    "towers.ask.why": {"en": "Measured on this machine: {ratio:.0f}× at M = {m:,}, N = {n:,}. The average is "
                             "computed once per user; attention once per candidate, over every event. A "
                             "timing moves from one load to the next (other work on the machine only ever "
                             "adds time), so another visit may read a somewhat different ratio.",
                       "zh": "本机实测：M = {m:,}、N = {n:,} 时慢 {ratio:.0f} 倍。平均每个用户算一次；"
                             "注意力要对每个候选把每条行为都算一遍。计时每次加载都会有出入"
                             "（机器上的其他工作只会让耗时变长），所以下次打开读到的倍数可能略有不同。"},
}
