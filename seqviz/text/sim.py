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
    "sim.search.explain": {
        "en": "Hard search keeps the K most recent events of the candidate's category: a lookup in an "
              "index, simple to build. Soft search keeps the K events whose embeddings have the largest "
              "inner product with the candidate's: needs embeddings and a nearest-neighbour search, but "
              "it can also find related categories.",
        "zh": "硬检索保留与候选物品同类别、最近的 K "
              "条行为：查一次索引即可，实现简单。软检索保留嵌入向量与候选物品内积最大的 K "
              "条行为：需要嵌入向量和近邻检索，实现更难，但也能找到相关的其他类别。"},
    "sim.n": {"en": "N: how much history the search looks through", "zh": "N：检索翻看多少条历史"},
    "sim.n.bounded": {
        "en": "N is capped at {cap:,}: this user has only {n:,} events.",
        "zh": "N 最多为 {cap:,}：该用户只有 {n:,} 条行为。"},
    "sim.metric.searched": {"en": "events searched (N)", "zh": "被检索的行为数（N）"},
    "sim.metric.selected": {"en": "events selected", "zh": "选中的行为数"},
    "sim.metric.cosine": {"en": "cosine to full attention", "zh": "与全量注意力的余弦相似度"},
    "sim.metric.recall": {"en": "full attention's top-K found", "zh": "找回全量注意力的 Top-K 比例"},
    "sim.empty": {
        "en": "The search found no event related to this candidate in the last {n:,} events, so SIM sees "
              "nothing: try another candidate, a larger N, or soft search.",
        "zh": "在最近 {n:,} 条行为中，检索没有找到与该候选物品相关的行为，SIM "
              "什么也看不到：换一个候选物品、调大 N，或改用软检索试试。"},
    "sim.timeline.title": {
        "en": "The {k:,} events the search kept, out of the last {n:,}",
        "zh": "检索从最近 {n:,} 条行为中保留的 {k:,} 条"},
    "sim.timeline.searched": {"en": "searched: last {n:,}", "zh": "检索范围：最近 {n:,} 条"},
    "sim.timeline.sim_panel": {"en": "SIM: the whole history, searched", "zh": "SIM：检索整段历史"},
    "sim.timeline.din_panel": {"en": "DIN: only the last {n} events", "zh": "DIN：只有最近 {n} 条行为"},
    "sim.timeline.selected": {"en": "selected {category}", "zh": "选中 {category}"},
    "sim.timeline.notice": {
        "en": "The right panel (and the orange sliver at the end of the left one) is all DIN would ever "
              "read. The diamonds are what SIM read instead: with hard search every diamond is of the "
              "candidate's category, and they can sit anywhere in the searched history, a whole year "
              "back included.",
        "zh": "右图（以及左图末尾那一小条橙色）就是 DIN 能读到的全部。菱形是 SIM 实际读取的行为：硬检索下"
              "，每个菱形都和候选物品同类别，而且可以出现在被检索历史的任何位置，包括一年以前。"},
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
        "en": "cosine to full attention, true relevance as the weights",
        "zh": "与全量注意力的余弦相似度（以真实相关度为权重）"},
    "sim.closeness.cosine_model": {
        "en": "cosine to full attention, the model's own ESU over all N",
        "zh": "与全量注意力的余弦相似度（模型自己的 ESU 作用于全部 N 条）"},
    "sim.closeness.recall": {
        "en": "share of full attention's top-K that the search found",
        "zh": "检索找回的全量注意力 Top-K 的比例"},
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
    "sim.latency.header": {
        "en": "Why it pays: latency as the history grows",
        "zh": "为什么划算：历史变长时的耗时"},
    "sim.latency.title": {
        "en": "Time to score M = {m:,} candidates (measured, K = {k})",
        "zh": "为 M = {m:,} 个候选物品打分的耗时（实测，K = {k}）"},
    "sim.latency.m": {"en": "M: candidates per request", "zh": "M：每次请求的候选物品数"},
    "sim.latency.notice": {
        "en": "Full attention grows with N; SIM stays nearly flat, because the search is an index lookup "
              "and attention only ever sees K events. The longer the history, the bigger SIM's advantage.",
        "zh": "全量注意力的耗时随 N 增长；SIM 几乎是一条平线，因为检索只是查索引，注意力永远只看 K "
              "条。历史越长，SIM 的优势越大。"},
}
