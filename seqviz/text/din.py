"""Strings of the DIN page (app_pages/3_din.py)."""

STRINGS = {
    "nav.din": {"en": "DIN: attention to the candidate", "zh": "DIN：对候选物品的注意力"},
    "nav.din.icon": {"en": "🎯", "zh": "🎯"},
    "din.title": {"en": "DIN: weigh each past event by the candidate",
                  "zh": "DIN：按候选物品给每条历史行为加权"},
    "din.lead": {
        "en": "Average pooling gives every event the same vote. DIN lets the **candidate** decide: each of "
              "the LastN events gets a weight from its match with the candidate, and the user vector is "
              "the weighted sum. Try a coat, then a cup, for the same user.",
        "zh": "平均池化让每条行为投同样的票。DIN 让**候选物品**来决定：LastN 中每条行为按与候选物品的匹配程度"
              "得到一个权重，用户向量就是加权和。对同一个用户，先试外套，再试杯子。"},
    "din.scorer": {"en": "How a match is scored", "zh": "匹配打分方式"},
    "din.scorer.unit": {"en": "learned activation unit (DIN paper)", "zh": "学习到的激活单元（DIN 论文）"},
    "din.scorer.dot": {"en": "inner product", "zh": "内积"},
    "din.scorer.cosine": {"en": "cosine", "zh": "余弦相似度"},
    "din.softmax": {"en": "normalise weights with softmax", "zh": "用 softmax 归一化权重"},
    "din.softmax.why": {
        "en": "The paper drops softmax on purpose: unnormalised weights keep *how much* matching history "
              "there is (ten coats count more than one), which softmax would erase by forcing the weights "
              "to sum to 1.",
        "zh": "论文特意去掉了 softmax：不归一化的权重保留了相关历史有*多少*（十件外套比一件更有分量），"
              "softmax 强制权重和为 1，会抹掉这一点。"},
    "din.weights.slot": {"en": "LastN position (1 = newest)", "zh": "在 LastN 中的位置（1 = 最新）"},
    "din.weights.truth": {"en": "true relevance (the world's)", "zh": "真实相关度（来自世界）"},
    "din.main.title": {"en": "Each bar: how much DIN weighs one event for this ad (colour: its category)",
                       "zh": "每根柱子：DIN 为这条广告给一条行为的权重（颜色：类别）"},
    "din.weights.truth_axis": {"en": "true relevance (◆, right axis)", "zh": "真实相关度（◆，右轴）"},
    "din.readout.din": {"en": "DIN predicts {p:.1%}", "zh": "DIN 预测 {p:.1%}"},
    "din.readout.avg": {"en": "AvgPool {p:.1%}", "zh": "平均池化 {p:.1%}"},
    "din.readout.true": {"en": "true probability {p:.1%}", "zh": "真实概率 {p:.1%}"},
    "din.readout.contrast": {"en": "{ad} events weigh {ratio:.1f}× the unrelated ones on average",
                             "zh": "{ad}类行为的平均权重是无关行为的 {ratio:.1f} 倍"},
    "din.readout.contrast.few": {
        "en": "{ad} events weigh only {ratio:.1f}× the unrelated ones on average: with this few events, one "
              "item's weight moves the average",
        "zh": "{ad}类行为的平均权重只有无关行为的 {ratio:.1f} 倍："
              "行为这么少时，一件物品的权重就能左右平均值"},
    "din.readout.contrast.weak": {
        "en": "{ad} events weigh only {ratio:.1f}× the unrelated ones on average, short of the {expected:g}× "
              "this lesson expects: this DIN has not learned to turn unrelated events far down",
        "zh": "{ad}类行为的平均权重只有无关行为的 {ratio:.1f} 倍，不到本课预期的 {expected:g} 倍："
              "这个 DIN 没有学会把无关行为的权重压得足够低"},
    "din.readout.beyond_window": {
        "en": "{ad} events: {inside} in the window, {beyond} beyond it, out of DIN's reach (SIM's lesson)",
        "zh": "{ad}行为：窗口里 {inside} 条，窗口之外 {beyond} 条，DIN 够不着（SIM 那一课）"},
    "din.readout.avg_nearer": {"en": "here AvgPool is nearer the truth than DIN",
                               "zh": "这里平均池化比 DIN 更接近真实概率"},
    "din.readout.contrast.inverted": {
        "en": "here the unrelated events weigh more ({ratio:.1f}×): at this N the picture does not show "
              "DIN's story",
        "zh": "这里无关行为的权重反而更大（{ratio:.1f} 倍）：在这个 N 下，图没有体现 DIN 的故事"},
    "din.readout.beyond": {"en": "far beyond the N = {trained} DIN was trained at, the small weights of "
                                 "unrelated events add up",
                           "zh": "远超 DIN 训练时的 N = {trained}，无关行为的小权重累加起来"},
    "din.main.notice": {
        "en": "Switch the ad between a coat and a cup: the tall bars move to the events of the matching "
              "category, wherever they sit in the window; the ◆ (the world's truth) say where they should "
              "be. DIN was trained at N = {n}; dragging N lets the same model read more or fewer events.",
        "zh": "把广告在外套和杯子之间切换：高柱会移到同类别的行为上，无论它们在窗口的哪个位置；"
              "◆（世界的真实相关度）表示柱子应该在哪里。DIN 训练时 N = {n}；"
              "拖动 N，让同一个模型读取更多或更少的行为。"},
    "din.main.weak": {
        "en": "On this data DIN weighs {ad} events only {ratio:.1f}× the unrelated ones at the N = {n} it "
              "was trained at (this lesson expects {expected:g}×): the tall bars do not single out the "
              "matching category here. Items seen only a few times keep near-random vectors, and this DIN "
              "weighs them as if they might match. The ◆ (the world's truth) say where the weight should be.",
        "zh": "在这份数据上，DIN 在训练时的 N = {n} 下给{ad}类行为的平均权重只有无关行为的 {ratio:.1f} 倍"
              "（本课预期 {expected:g} 倍）：这里高柱并没有突出同类别的行为。只出现过几次的物品，"
              "向量几乎还是随机的，这个 DIN 把它们当作可能相关来加权。"
              "◆（世界的真实相关度）表示权重应该在哪里。"},
    "din.main.notice.asking": {
        "en": "Answer the question first: the bars' heights are held back until then. DIN was trained at "
              "N = {n}; dragging N lets the same model read more or fewer events.",
        "zh": "先回答上面的问题：在那之前柱子的高度不显示。DIN 训练时 N = {n}；"
              "拖动 N，让同一个模型读取更多或更少的行为。"},
    "din.main.no_truth": {
        "en": "Switch the ad: the tall bars move to the events that match it. This log was imported, so "
              "no truth is drawn beside them. DIN was trained at N = {n}; dragging N lets it read more or "
              "fewer events.",
        "zh": "切换广告：高柱会移到与之匹配的行为上。这份日志是导入的，没有真实相关度可画。"
              "DIN 训练时 N = {n}；拖动 N，让它读取更多或更少的行为。"},
    "din.more": {"en": "Behind the picture", "zh": "图背后"},
    "din.options": {"en": "Model options: how a match is scored", "zh": "模型选项：匹配如何打分"},
    "din.map.title": {"en": "Average vs DIN user vector, next to the candidate",
                      "zh": "平均向量 vs DIN 用户向量，以及候选物品"},
    "din.map.average": {"en": "average of LastN", "zh": "LastN 的平均"},
    "din.map.din": {"en": "DIN (weighted mean)", "zh": "DIN（加权平均）"},
    "din.map.notice": {
        "en": "The average stays put when the candidate changes; the DIN vector moves toward the events "
              "that match the candidate. (DIN's weighted sum is divided by its total absolute weight "
              "here, so both live on the same scale.)",
        "zh": "换候选物品时，平均向量纹丝不动；DIN 向量会朝与候选匹配的行为移动。"
              "（这里把 DIN 的加权和除以权重绝对值之和，让两者处在同一尺度上。）"},
    "din.corr": {"en": "attention–truth correlation", "zh": "注意力与真相的相关性"},
    "din.corr.help": {
        "en": "Spearman rank correlation between the attention weights and the world's true relevance, "
              "over the events shown. 1 = same ranking.",
        "zh": "所示行为上，注意力权重与世界真实相关度的 Spearman 秩相关。1 表示排序完全一致。"},
    "din.corr.none": {"en": "n/a", "zh": "无"},
    "din.caveat": {
        "en": "⚠️ Attention weights are not a full explanation of the prediction: the ranking network "
              "after the pooling also weighs the candidate itself, its popularity, and how the pooled "
              "vector interacts with it. A high weight means 'this event shaped the user vector', not "
              "'this event caused the click'.",
        "zh": "⚠️ 注意力权重并不能完整解释预测：池化之后的排序网络还会考虑候选物品本身、它的流行度，"
              "以及池化向量与它的交互。权重高只表示“这条行为塑造了用户向量”，不表示“这条行为导致了点击”。"},
    "din.ask": {"en": "{name}'s last {n} events, and a {ad} ad: which kind of event will DIN weigh most?",
                "zh": "{name} 最近 {n} 条行为，候选是 {ad} 广告：DIN 给哪一类行为的权重最大？"},
    "din.ask.why": {"en": "Mean weight per event: {means}. {probabilities}.",
                    "zh": "每条行为的平均权重：{means}。{probabilities}。"},
    "din.ask.measure": {"en": "mean weight per event", "zh": "每条行为的平均权重"},
}
