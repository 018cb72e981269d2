"""The SIM page's section on search by hashing (SDIM): seqviz.lessons.hashing."""

STRINGS = {
    "hashing.header": {"en": "Soft search at hard search's price: hashing (SDIM)",
                       "zh": "用哈希做检索：软检索的效果，硬检索的成本（SDIM）"},
    "hashing.intro": {
        "en": "Soft search finds related events by their vectors, but it reads every event: its cost grows "
              "with N. **SDIM** hashes each vector instead: m hash functions, each τ random hyperplanes; "
              "the τ sides a vector falls on are its *signature*. An event counts for the candidate in "
              "as many functions as give it the candidate's signature. Two vectors at angle θ share a "
              "signature with chance (1 − θ/π)^τ: that kernel is the attention. A user's events can be "
              "filed by signature once, so a candidate reads m table rows, whatever N is.",
        "zh": "软检索按向量找相关行为，但要读遍每一条行为：成本随 N 增长。**SDIM** 改为对向量做哈希："
              "m 个哈希函数，每个由 τ 个随机超平面组成；向量落在这 τ 个超平面的哪一侧，就是它的*签名*。"
              "一条行为在多少个哈希函数里与候选物品签名相同，就为它贡献多少。夹角为 θ 的两个向量签名相同的"
              "概率是 (1 − θ/π)^τ：这个核函数就是注意力。用户的行为可以事先按签名归档，"
              "所以每个候选物品只需读 m 行表，与 N 无关。"},
    "hashing.title": {"en": "Which events share the {ad} ad's bucket, by angle",
                      "zh": "哪些行为与{ad}广告落进同一个桶：按夹角看"},
    "hashing.formula": {"en": "(1 − θ/π)^τ: the formula", "zh": "(1 − θ/π)^τ：理论值"},
    "hashing.axis.angle": {"en": "angle between the event's and the ad's search vectors",
                           "zh": "行为与广告的检索向量之间的夹角"},
    "hashing.axis.share": {"en": "share of the {m} hash functions that agree",
                           "zh": "{m} 个哈希函数中签名相同的比例"},
    "hashing.slider": {"en": "τ: bits per hash function", "zh": "τ：每个哈希函数的位数"},
    "hashing.readout": {
        "en": "τ = {bits}: a {ad} event shares the ad's bucket in {same:.0%} of the {m} hash functions, any "
              "other event in {other:.1%}{ratio}",
        "zh": "τ = {bits}：一条{ad}行为在 {m} 个哈希函数中有 {same:.0%} 与广告同桶，其他行为只有 {other:.1%}"
              "{ratio}"},
    "hashing.readout.ratio": {"en": ": {ratio:,.0f}× the weight", "zh": "：权重相差 {ratio:,.0f} 倍"},
    "hashing.readout.only": {"en": ": only the ad's category counts", "zh": "：只有与广告同类别的行为起作用"},
    "hashing.readout.all": {"en": "τ = {"
                                  "bits}: an event shares the ad's bucket in {share:.0%} of the {m} hash "
                                  "functions",
                            "zh": "τ = {bits}：一条行为在 {m} 个哈希函数中平均有 {share:.0%} 与广告同桶"},
    "hashing.ask": {
        "en": "With {more} bits per hash function instead of {bits}, do {name}'s {ad} events share the {ad} "
              "ad's bucket more often, as often, or less often?",
        "zh": "每个哈希函数从 {bits} 位增加到 {more} 位后，{name} 的{ad}行为与{ad}广告同桶的次数会变多、"
              "不变，还是变少？"},
    "hashing.ask.more": {"en": "more often", "zh": "变多"},
    "hashing.ask.same": {"en": "as often", "zh": "不变"},
    "hashing.ask.fewer": {"en": "less often", "zh": "变少"},
    "hashing.ask.why": {
        "en": "At {bits} bits a {ad} event shares the bucket in {now:.0%} of the functions, at "
              "{more} bits in "
              "{then:.0%}: every bit is one more hyperplane that must agree, so fewer pass. The other events "
              "fall faster, from {rest_now:.1%} to {rest_then:.2%}: the kernel gets sharper, like a softmax "
              "at a lower temperature. Sharper gathers fewer events, and the few it keeps are related.",
        "zh": "{bits} 位时，一条{ad}行为在 {now:.0%} 的哈希函数中与广告同桶；{more} 位时只有 {then:.0%}："
              "每多一位，就多一个超平面必须一致，能通过的就更少。其他行为掉得更快，从 {rest_now:.1%} 降到 "
              "{rest_then:.2%}：核函数变得更尖锐，就像把注意力的温度调低了。更尖锐意味着收集到的行为更少，"
              "但留下的都是相关的。"},
    "hashing.notice": {
        "en": "Drag τ. With few bits every event shares the ad's bucket in some functions and the search "
              "gathers everything, like an average; with many, only vectors at small angles do. The trained "
              "model uses the τ where the slider starts.",
        "zh": "拖动 τ。位数少时，每条行为都会在一些哈希函数里与广告同桶，检索什么都收，和取平均差不多；"
              "位数多时，只有夹角很小的向量才能同桶。训练好的模型用的是滑块起始处的 τ。"},
    "hashing.fit": {"en": "Kernel vs formula: largest gap", "zh": "核函数与理论值的最大差距"},
    "hashing.fit.help": {
        "en": "Over the test sample's (candidate, event) pairs, in 10° bins of angle with at least 1"
              "00 pairs: "
              "the measured share of hash functions that agree against (1 − θ/π)^τ.",
        "zh": "在测试样本的（候选物品，行为）对上，按 10° 的夹角分箱（每箱至少 100 对）："
              "实测的签名相同比例与 (1 − θ/π)^τ 的差距。"},
    "hashing.auc": {"en": "Test AUC: SDIM · SIM hard search", "zh": "测试 AUC：SDIM · SIM 硬检索"},
    "hashing.cost.title": {
        "en": "What search costs for {count:,} candidates, by N (this user's last N events)",
        "zh": "为 {count:,} 个候选物品做检索的耗时，按 N（该用户最近 N 条行为）"},
    "hashing.cost.notice": {
        "en": "Per candidate, hard search and SDIM cost the same at every N, and soft search grows "
              "with N: it reads every event. SDIM's line also holds filing the user's events by "
              "signature, once per request here, which grows with N; a server keeps that index per "
              "user, as it keeps hard search's category index.",
        "zh": "对每个候选物品来说，硬检索和 SDIM 的成本不随 N 变化，软检索则随 N 增长："
              "它要读遍每一条行为。"
              "SDIM 的曲线还包含把用户行为按签名归档的时间，这里每次请求做一次，会随 N 增长；"
              "线上服务会按用户保存这个索引，就像保存硬检索的类别索引一样。"},
}
