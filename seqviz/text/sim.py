"""Strings of the "SIM: search, then attend" page (app_pages/5_sim.py)."""

STRINGS = {
    "nav.sim": {"en": "SIM: search, then attend", "zh": "SIM：先检索，再注意力"},
    "nav.sim.icon": {"en": "🔎", "zh": "🔎"},
    "sim.intro": {
        "en": "DIN only affords the last few hundred events, so older interests, like coats bought last "
              "winter, fall out of view. **SIM** keeps the whole long history and works in two steps: a "
              "cheap **search** (the General Search Unit) picks the K events most related to the "
              "candidate, then **attention** (the Exact Search Unit) weighs just those K.",
        "zh": "DIN 只负担得起最近几百条行为，更早的兴趣（比如去年冬天买的外套）就看不到了。**SIM** "
              "保留完整的长历史，分两步走：先用便宜的**检索**（通用检索单元 GSU）挑出和候选物品最相关的 "
              "K 条行为，再只对这 K 条做**注意力**（精确检索单元 ESU）。"},
    "sim.search": {"en": "Search (GSU)", "zh": "检索方式（GSU）"},
    "sim.search.hard": {"en": "hard: same category as the candidate", "zh": "硬检索：与候选物品同类别"},
    "sim.search.soft": {"en": "soft: nearest by embedding", "zh": "软检索：按嵌入向量找最近邻"},
    "sim.search.twin": {"en": "twin: the ranker's own score (TWIN)",
                        "zh": "TWIN 检索：用精排模型自己的打分"},
    "sim.overlap": {"en": "search overlap with its own ranker", "zh": "检索与自身排序的重合度"},
    "sim.overlap.help": {
        "en": "On the test week: of the K events this model's attention would rank highest over the whole "
              "history, the share its search kept.",
        "zh": "在测试周上：在整段历史里，这个模型的注意力会排在最前面的 K 条行为中，检索保留了多少。"},
    "sim.overlap.hard": {
        "en": "Hard search keeps the newest of the category, not what the attention would pick: the overlap "
              "is low. What it keeps is still what matters for the ad: weighted by the truth, its K events "
              "point where all N point (the closeness line), because events of one category have similar "
              "embeddings: different events, the same direction.",
        "zh": "硬检索保留同类别里最新的行为，而不是注意力会挑的那些：重合度低。但它保留的仍是对这条广告"
              "要紧的行为：按真实相关度加权，这 K 条与全部 N 条指向同一方向（接近程度那条线），"
              "因为同一类别的行为嵌入相近：挑的行为不同，方向却一样。"},
    "sim.overlap.soft": {
        "en": "Soft search ranks by search embeddings trained apart from the ranker: it finds similar "
              "events, not the ones the attention would weigh most.",
        "zh": "软检索按与精排模型分开训练的检索嵌入排序：它找到相似的行为，却不是注意力最看重的那些。"},
    "sim.overlap.twin": {
        "en": "Twin search ranks the whole history with the attention's own score (an item side computed "
              "once per item, plus a scalar per time bucket and, per time bucket, one for an event of the "
              "candidate's category), so it keeps exactly what the ranker would weigh most: the overlap is "
              "near 100 %. It scans every event, like soft search.",
        "zh": "TWIN 检索用注意力自己的打分给整段历史排序（物品一侧每个物品只算一次，再加每个时间桶一个标量，"
              "以及每个时间桶一个“与候选物品同类别”的标量），"
              "所以保留的正是精排模型最看重的行为：重合度接近 100%。它和软检索一样要扫描每条行为。"},
    "sim.main.notice.twin.asking": {
        "en": "Twin search keeps the K events the attention itself scores highest, of any category "
              "and time, even beyond DIN's shaded window. Answer the question, then watch the "
              "closeness line as K grows.",
        "zh": "TWIN 检索保留注意力自己打分最高的 K 条行为，可以来自任何类别、任何时间，甚至远"
              "在 DIN 的阴影窗口之外。先回答上面的问题，再看 K 增大时接近程度那条线。"},
    "sim.main.notice.twin": {
        "en": "Twin search keeps the K events the attention itself scores highest, of any category and "
              "time, even beyond DIN's shaded window. Watch the closeness line: it nears 1 long before K "
              "reaches N.",
        "zh": "TWIN 检索保留注意力自己打分最高的 K 条行为，可以来自任何类别、任何时间，"
              "甚至远在 DIN 的阴影窗口之外。看接近程度那条线：远在 K 接近 N 之前，它就接近 1。"},
    "sim.latency.notice.twin": {
        "en": "Twin search climbs with N: before keeping K it scores every event with the attention's own "
              "score, one cached item key times one query each, so it grows like soft search and stays "
              "below full attention's unit.",
        "zh": "TWIN 检索的耗时随 N 上升：保留 K 条之前，它要用注意力自己的打分给每条行为打分，"
              "每条只是缓存的物品键乘一次查询，所以和软检索一样增长，但仍低于全量注意力的激活单元。"},
    "sim.search.explain": {
        "en": "Hard search keeps the K most recent events of the candidate's category: a lookup in an "
              "index, simple to build. Soft search keeps the K events whose embeddings have the largest "
              "inner product with the candidate's: needs embeddings and a nearest-neighbour search, but "
              "it can also find related categories. Twin search (TWIN) ranks every event with the "
              "attention's own score, split so that its item side is computed once per item and time "
              "adds one number per bucket: it keeps what the ranker itself would weigh most.",
        "zh": "硬检索保留与候选物品同类别、最近的 K "
              "条行为：查一次索引即可，实现简单。软检索保留嵌入向量与候选物品内积最大的 K "
              "条行为：需要嵌入向量和近邻检索，实现更难，但也能找到相关的其他类别。"
              "TWIN 检索用注意力自己的打分给每条行为排序，这个打分被拆开：物品一侧每个物品只算一次，"
              "时间只为每个桶加一个数：它保留的正是精排模型自己最看重的行为。"},
    "sim.n": {"en": "N: how much history the search looks through", "zh": "N：检索翻看多少条历史"},
    "sim.n.bounded": {
        "en": "N is capped at {cap:,}: this user has only {n:,} events.",
        "zh": "N 最多为 {cap:,}：该用户只有 {n:,} 条行为。"},
    "sim.empty": {
        "en": "The search found no event related to this candidate in the last {n:,} events, so SIM sees "
              "nothing: try another candidate, a larger N, or soft search.",
        "zh": "在最近 {n:,} 条行为中，检索没有找到与该候选物品相关的行为，SIM "
              "什么也看不到：换一个候选物品、调大 N，或改用软检索试试。"},
    "sim.timeline.selected": {"en": "selected {category}", "zh": "选中 {category}"},
    "sim.esu.title": {
        "en": "Attention over the {k:,} selected events (ESU), by age",
        "zh": "对选中的 {k:,} 条行为的注意力（ESU），按时间远近"},
    "sim.axis.weight": {"en": "attention weight", "zh": "注意力权重"},
    "sim.esu.notice": {
        "en": "The search only narrowed the field; attention still ranks what is left. The weights "
              "depend on the item and on how long ago it happened, because this SIM also embeds each "
              "event's time bucket.",
        "zh": "检索只是缩小了范围，剩下的行为仍由注意力排出轻重。权重既取决于物品本身，也取决于行为发生在"
              "多久以前，因为这个 SIM 模型还给每条行为嵌入了时间分桶。"},
    "sim.closeness.title": {
        "en": "How close SIM comes to attention over all N events, as K grows",
        "zh": "随着 K 增大，SIM 与对全部 N 条做注意力有多接近"},
    "sim.closeness.cosine_truth": {
        "en": "direction: cosine to ideal attention (truth as weights)",
        "zh": "方向：与理想注意力的余弦（以真实相关度为权重）"},
    "sim.closeness.cosine_model": {
        "en": "cosine to the model's own ESU over all N",
        "zh": "与模型自己的 ESU 作用于全部 N 条的余弦"},
    "sim.closeness.recall": {
        "en": "found: share kept of the K most relevant events (all relevant ones, if fewer)",
        "zh": "找回：最相关的 K 条（相关的不足 K 条时取全部）中被保留的比例"},
    "sim.closeness.recall_model": {
        "en": "found: share kept of full attention's top K",
        "zh": "找回：全量注意力 Top-K 中被保留的比例"},
    "sim.axis.k": {
        "en": "K, events kept by the search (log scale)",
        "zh": "K：检索保留的行为数（对数坐标）"},
    "sim.axis.closeness": {"en": "similarity / recall", "zh": "相似度 / 召回率"},
    "sim.closeness.notice": {
        "en": "Green: weigh every event by how relevant it truly is to the candidate, once over all N "
              "events and once over the K the search kept. The two vectors point the same way long "
              "before K reaches N: the events left out carry almost no relevance, which is the whole "
              "case for searching first. If green stalls below 1, relevant events are out of the "
              "search's reach (with hard search, a neighbouring category): try soft search. Purple: of "
              "the K events that matter most, how many the search kept; hard search takes the most "
              "recent of the category, so it can miss last winter's even when the vector is already "
              "close. Grey: the trained ESU made to attend over everything; it only ever saw searched "
              "events, so it never learned to ignore the rest.",
        "zh": "绿线：按每条行为与候选物品的真实相关度加权，一次对全部 N 条，一次只对检索保留的 K "
              "条。远在 K 接近 N 之前，两个向量的方向就几乎一致：被丢掉的行为几乎不相关，这正是“先检索”的"
              "依据。如果绿线停在 1 "
              "以下，说明有相关行为检索不到（硬检索时，比如相邻的类别），可以试试软检索。紫线：最重要的 "
              "K 条行为中，检索保留了多少；硬检索取的是该类别最近的行为，所以即使向量已经很接近，也可能漏"
              "掉去年冬天的那些。灰线：让训练好的 ESU "
              "对全部行为做注意力；它训练时只见过检索出来的行为，从没学过忽略其余的。"},
    "sim.main.title": {"en": "Drag K: what the search keeps, how far back it reaches, how close it comes",
                       "zh": "拖动 K：检索保留了什么、能追溯多远、离全量注意力有多近"},
    "sim.main.closeness": {"en": "closeness to full attention, by K", "zh": "与全量注意力的接近程度（随 K）"},
    "sim.main.timeline": {"en": "{n:,} events searched (◆ kept)",
                          "zh": "检索了 {n:,} 条行为（◆ 为保留）"},
    "sim.main.din_window": {"en": "DIN's window: the last {n} events", "zh": "DIN 的窗口：最近 {n} 条行为"},
    "sim.readout.none": {"en": "K = {k}: the search kept nothing for this ad",
                         "zh": "K = {k}：检索没有为这条广告保留任何行为"},
    "sim.readout.kept": {"en": "K = {k}: kept {kept}, the oldest {oldest:,.0f} days ago (DIN reads "
                               "{din:,.1f} days back)",
                         "zh": "K = {k}：保留 {kept} 条，最早的在 {oldest:,.0f} 天前"
                               "（DIN 只读到 {din:,.1f} 天前）"},
    "sim.readout.cosine_truth": {"en": "direction vs ideal attention: cosine {value:.2f}",
                                 "zh": "与理想注意力的方向：余弦 {value:.2f}"},
    "sim.readout.cosine_model": {"en": "cosine to its own full attention {value:.2f}",
                                 "zh": "与模型自身全量注意力的余弦 {value:.2f}"},
    "sim.readout.recall": {"en": "found {found} of the {wanted} most relevant",
                           "zh": "最相关的 {wanted} 条找回 {found} 条"},
    "sim.readout.recall.one": {"en": "found {found} of the {wanted} most relevant event",
                               "zh": "最相关的 {wanted} 条找回 {found} 条"},
    "sim.readout.recall_model": {"en": "found {found} of full attention's top {wanted}",
                                 "zh": "全量注意力的前 {wanted} 条找回 {found} 条"},
    "sim.readout.recall_model.one": {"en": "found {found} of full attention's top event ({wanted})",
                                     "zh": "全量注意力的前 {wanted} 条找回 {found} 条"},
    "sim.latency.header": {
        "en": "Why it pays: latency as the history grows",
        "zh": "为什么划算：历史变长时的耗时"},
    "sim.latency.title": {
        "en": "Time to score M = {m:,} candidates (measured, K = {k})",
        "zh": "为 M = {m:,} 个候选物品打分的耗时（实测，K = {k}）"},
    "sim.latency.title.one": {
        "en": "Time to score M = {m:,} candidate (measured, K = {k})",
        "zh": "为 M = {m:,} 个候选物品打分的耗时（实测，K = {k}）"},
    "sim.latency.m": {"en": "M: candidates per request", "zh": "M：每次请求的候选物品数"},
    "sim.latency.notice.hard": {
        "en": "Full attention grows with N; SIM with hard search does not, because the search is an index "
              "lookup and attention only ever sees K events: what moves its line by a millisecond or two "
              "is the machine's other work, not N. The longer the history, the bigger SIM's advantage.",
        "zh": "全量注意力的耗时随 N 增长；硬检索的 SIM 不随 N 增长，因为检索只是查索引，注意力永远只看 K "
              "条：它的线上下浮动一两毫秒，来自机器上的其他工作，而不是 N。历史越长，SIM 的优势越大。"},
    "sim.latency.notice.soft": {
        "en": "Soft search climbs with N too: it scores every event against the candidate before keeping "
              "K, a cheap inner product each, so it stays well below full attention. In production the "
              "embeddings are indexed for nearest-neighbour search, which flattens the line again.",
        "zh": "软检索的耗时也随 N 上升：保留 K 条之前，它要把每条行为都和候选物品算一次内积，"
              "每次都很便宜，所以仍远低于全量注意力。线上会给嵌入向量建近邻索引，这条线又会变平。"},
    "sim.main.notice.hard.asking": {
        "en": "Hard search keeps the newest events of the ad's category, however old: they can sit "
              "far beyond DIN's shaded window. "
              "Answer the question, then watch the closeness line as K grows.",
        "zh": "硬检索保留与广告同类别、最新的那些行为，不论多久以前：它们可以远在 DIN 的阴"
              "影窗口之外。先回答上面的问题，再"
              "看 K 增大时接近程度那条线。"},
    "sim.main.notice.hard": {
        "en": "Hard search keeps the newest events of the ad's category, however old: they can sit far "
              "beyond DIN's shaded window. Watch the "
              "closeness line: it nears 1 long before K reaches N.",
        "zh": "硬检索保留与广告同类别、最新的那些行为，不论多久以前：它们可以远在 DIN 的阴影窗口之外"
              "。"
              "看接近程度那条线：远在 K 接近 N 之前，它就接近 1。"},
    "sim.main.notice.soft.asking": {
        "en": "Soft search keeps the K events whose embeddings best match the ad, from any category "
              "and any time, even beyond DIN's shaded window. Answer the question, then watch the "
              "closeness line as K grows.",
        "zh": "软检索保留嵌入与广告最匹配的 K 条行为，可以来自任何类别、任何时间，甚至远在 "
              "DIN 的阴影窗口之外。先回答上面的问题，再看 K 增大时接近程度那条线。"},
    "sim.main.notice.soft": {
        "en": "Soft search keeps the K events whose embeddings best match the ad, from any category and "
              "any time, even beyond DIN's shaded window. Watch the closeness line: it nears 1 long before "
              "K reaches N.",
        "zh": "软检索保留嵌入与广告最匹配的 K 条行为，可以来自任何类别、任何时间，"
              "甚至远在 DIN 的阴影窗口之外。看接近程度那条线：远在 K 接近 N 之前，它就接近 1。"},
    "sim.main.numbers": {
        "en": "Two numbers, both measured against the world's truth. *Direction*: the cosine between the "
              "vector pooled from the K kept events and the one pooled from all N, each event weighted "
              "by its true relevance. *Found*: of the K truly most relevant events (every relevant one, "
              "when fewer than K are), how many the search kept. They can disagree: coats are alike, so "
              "recent coats point where last winter's coats point even when the search found none of the "
              "most relevant ones.",
        "zh": "两个数字都以世界的真实相关度为准。*方向*：保留的 K 条与全部 N 条、"
              "各按真实相关度加权后得到的两个向量之间的余弦。"
              "*找回*：真实最相关的 K 条（相关的不足 K 条时取全部）中，检索保留了多少。"
              "两者可能不一致：外套彼此相似，"
              "所以最近的外套与去年冬天的外套指向同一方向，即使检索一件最相关的都没找到。"},
    "sim.main.numbers_no_truth": {
        "en": "This log was imported, so there is no truth to measure against: the numbers compare SIM "
              "with the same model attending over all N events (its own full attention).",
        "zh": "这份日志是导入的，没有真实相关度可作参照：这里的数字把 SIM 与同一个模型对全部 N 条做注意力"
              "（它自己的全量注意力）相比较。"},
    "sim.search.how": {"en": "How the three searches work", "zh": "三种检索如何工作"},
    "sim.more": {"en": "Behind the picture: what attention does with the K kept events",
                 "zh": "图背后：注意力如何对待保留的 K 条行为"},
    "sim.ask": {"en": "{name} has {n} events, the ad is {ad}, the search is {search}. How many events K "
                      "must SIM keep before "
                      "its vector points where attention over all of them points (cosine ≥ {cosine})?",
                "zh": "{name} 有 {n} 条行为，广告是 {ad}，检索方式为{search}。SIM 至少要保留多少条（K）行为，"
                      "它的向量才和对全部行为做注意力的方向一致（余弦 ≥ {cosine}）？"},
    "sim.ask.why": {"en": "With the search {search}, K = {k} of {n} events ({share:.0%}) already reach "
                          "cosine {cosine}: "
                          "attention over everything is dominated by the few events the search finds.",
                    "zh": "检索方式为{search}时，{n} 条里只需 K = {k} 条（{share:.0%}）余弦就达到 {cosine}："
                          "对全部行为的注意力主要由检索找到的那少数几条决定。"},
}
