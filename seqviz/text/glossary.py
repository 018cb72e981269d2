"""The glossary: the recurring terms, each in a sentence or two tied to the app's own pictures."""

STRINGS = {
    "glossary.title": {"en": "📖 Glossary", "zh": "📖 术语表"},
    "glossary.lastn": {"en": "LastN", "zh": "LastN（最近 N 条）"},
    "glossary.lastn.text": {
        "en": "The user's N most recent behaviours, the window a model reads. AvgPool averages their "
              "vectors into one user vector: the LastN page's ★ moves as N slides the window back in time.",
        "zh": "用户最近的 N 条行为，也就是模型读取的窗口。AvgPool 把它们的向量取平均，得到一个用户向量："
              "在 LastN 页拖动 N，窗口向过去滑动，★ 随之移动。"},
    "glossary.target_attention": {"en": "Target attention (DIN)", "zh": "目标注意力（DIN）"},
    "glossary.target_attention.text": {
        "en": "Each event of the window gets a weight that depends on the candidate ad, from a small "
              "network (the activation unit) fed the event, the ad, their difference and their product. "
              "On the DIN page the bars are these weights: tall for coats under a coat ad.",
        "zh": "窗口里每条行为的权重取决于候选广告，由一个小网络（激活单元）根据行为、"
              "广告、两者之差和两者之积算出。"
              "DIN 页的柱子就是这些权重：对外套广告，外套的柱子高。"},
    "glossary.gsu": {"en": "GSU (general search unit)", "zh": "GSU（通用检索单元）"},
    "glossary.gsu.text": {
        "en": "SIM's first stage: from the whole history, keep the K events most related to the ad, by "
              "category (hard search) or by embedding similarity (soft search). The SIM page's left "
              "panel marks the events it keeps.",
        "zh": "SIM 的第一阶段：从全部历史中留下与广告最相关的 K 条行为，"
              "按类别（硬检索）或按嵌入相似度（软检索）。"
              "SIM 页左图标出了被留下的行为。"},
    "glossary.esu": {"en": "ESU (exact search unit)", "zh": "ESU（精确检索单元）"},
    "glossary.esu.text": {
        "en": "SIM's second stage: target attention, as in DIN, over the K events the GSU kept, with "
              "each event's time bucket added to it.",
        "zh": "SIM 的第二阶段："
              "在 GSU 留下的 K 条行为上做与 DIN 相同的目标注意力，并加上每条行为的时间分桶。"},
    "glossary.time_bucket": {"en": "Time bucket", "zh": "时间分桶"},
    "glossary.time_bucket.text": {
        "en": "How long ago an event happened, cut into buckets whose width grows with age (an hour, a "
              "day, a week, … on a log scale); each bucket has its own learned vector. The Time buckets "
              "page draws the learned effect of each bucket beside the truth.",
        "zh": "一条行为发生在多久以前，按对数刻度切成越来越宽的桶（一小时、一天、"
              "一周……）；每个桶学一个自己的向量。"
              "「时间分桶」页把每个桶学到的效果和真相画在一起。"},
    "glossary.two_tower": {"en": "Two-tower model", "zh": "双塔模型"},
    "glossary.two_tower.text": {
        "en": "A user tower and an item tower, each computed alone and compared by an inner product, so "
              "millions of items can be scored cheaply; the user tower cannot see the candidate, so it "
              "averages. The Towers page times both.",
        "zh": "用户塔和物品塔各自独立计算，用内积比较，所以能廉价地给上百万物品打分；用户塔看不到候选物品，"
              "只能取平均。「双塔」页给两种做法计时。"},
    "glossary.auc": {"en": "AUC", "zh": "AUC"},
    "glossary.auc.text": {
        "en": "The chance that a clicked impression scores above an unclicked one: 0.5 is a coin, 1 is "
              "perfect. The Model Lab compares models by their test AUC, each with its 95% interval.",
        "zh": "随机取一条被点击的曝光和一条未被点击的曝光，前者得分更高的概率：0.5 等于抛硬币，1 为完美。"
              "模型实验室用测试集 AUC（附 95% 区间）比较模型。"},
    "glossary.gauc": {"en": "GAUC", "zh": "GAUC（分用户 AUC）"},
    "glossary.gauc.text": {
        "en": "AUC computed within each user and averaged, weighted by the user's impressions: it asks "
              "whether the model orders one user's ads, not whether it tells active users from quiet ones.",
        "zh": "在每个用户内部计算 AUC，再按用户的曝光数加权平均：它衡量模型能否给同一个用户的广告排好序，"
              "而不是能否区分活跃用户和安静用户。"},
    "glossary.oracle": {"en": "Oracle", "zh": "Oracle（真相上限）"},
    "glossary.oracle.text": {
        "en": "The synthetic world knows each click's true probability; scoring by it gives the best AUC "
              "any model could reach on the test week, the black line in the Model Lab. An imported log "
              "has no oracle.",
        "zh": "合成世界知道每次点击的真实概率；按它打分得到的是任何模型在测试周能达到的最好 AUC，"
              "即模型实验室中的黑线。导入的日志没有 oracle。"},
}
