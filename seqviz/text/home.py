"""Strings of the Home page (app_pages/1_home.py): the funnel, the coats-vs-cups story, the lesson map."""

STRINGS = {
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.home.icon": {"en": "🏠", "zh": "🏠"},
    "home.title": {"en": "How a recommender reads what you did", "zh": "推荐系统如何读懂你的行为"},
    "home.lead": {
        "en": "Every click, like and purchase leaves a trace. Ranked by time, those traces form your "
              "**behaviour sequence**, and the last N of them (your **LastN**) are the strongest clue to "
              "what you will want next. These lessons let you take the models that read that sequence "
              "apart, one slider at a time, on a small shopping world whose true click probabilities "
              "are known.",
        "zh": "每一次点击、点赞、购买都会留下痕迹。按时间排好，这些痕迹就是你的**行为序列**；其中最近的 N 条"
              "（**LastN**）最能说明你接下来想要什么。这组课程在一个已知真实点击概率的小型购物世界里，"
              "让你一个滑块一个滑块地拆开读取行为序列的模型。"},
    "home.funnel.title": {"en": "The recommender funnel: each stage scores fewer items, more carefully",
                          "zh": "推荐漏斗：越往后，候选越少，打分越精细"},
    "home.funnel.catalogue": {"en": "catalogue", "zh": "物品库"},
    "home.funnel.retrieval": {"en": "retrieval", "zh": "召回"},
    "home.funnel.preranking": {"en": "pre-ranking", "zh": "粗排"},
    "home.funnel.ranking": {"en": "ranking", "zh": "精排"},
    "home.funnel.shown": {"en": "shown", "zh": "展示"},
    "home.funnel.count": {"en": "items left", "zh": "剩余物品数"},
    "home.funnel.where.retrieval": {"en": "two-tower: averaged LastN in the user tower",
                                    "zh": "双塔：用户塔里对 LastN 取平均"},
    "home.funnel.where.preranking": {"en": "three-tower: still averaged LastN",
                                     "zh": "三塔：仍然对 LastN 取平均"},
    "home.funnel.where.ranking": {"en": "DIN attends to LastN; SIM searches the long history",
                                  "zh": "DIN 对 LastN 做注意力；SIM 检索长期历史"},
    "home.funnel.notice": {
        "en": "Early stages must score thousands of items per request, so they can only afford a user "
              "vector computed once (the average of LastN). Only ranking sees few enough candidates to "
              "let each one look back at the history: that is where DIN and SIM live.",
        "zh": "前面的阶段每次请求要给成千上万个物品打分，只负担得起预先算好的用户向量（LastN 的平均）。"
              "只有精排的候选足够少，才能让每个候选都回头看一遍历史：DIN 和 SIM 就在这里。"},
    "home.story.header": {"en": "The story: a coat or a cup?", "zh": "故事：外套还是杯子？"},
    "home.story.text": {
        "en": "Mia bought coats last winter and has been browsing cups all week. Tonight the ranking "
              "model must decide whether to show her an ad for a **coat**. Her cups say nothing about "
              "coats; her old coats say a lot. An average of her history mixes both; attention can pick "
              "the coats; and only a model that searches far enough back finds last winter at all.",
        "zh": "Mia 去年冬天买过外套，这一周一直在看杯子。今晚精排模型要决定是否给她展示一条**外套**广告。"
              "她看过的杯子和外套毫无关系，她以前买的外套却很说明问题。对历史取平均会把两者混在一起；"
              "注意力可以挑出外套；而只有检索得足够远的模型，才能找到去年冬天。"},
    "home.story.chart": {"en": "Mia's history: what she did, and when",
                         "zh": "Mia 的历史：做了什么，什么时候"},
    "home.map.header": {"en": "The lessons", "zh": "课程地图"},
    "home.map.lastn": {"en": "the last N events, averaged into one vector",
                       "zh": "最近 N 条行为，平均成一个向量"},
    "home.map.din": {"en": "weigh each event by how well it matches the candidate",
                     "zh": "按与候选物品的匹配程度给每条行为加权"},
    "home.map.towers": {"en": "why retrieval models cannot use attention",
                        "zh": "为什么召回模型用不了注意力"},
    "home.map.sim": {"en": "search thousands of events, attend to the best K",
                     "zh": "检索几千条行为，只对最相关的 K 条做注意力"},
    "home.map.time_buckets": {"en": "how long ago matters, once history spans years",
                             "zh": "历史跨越数年时，“多久以前”很重要"},
    "home.map.model_lab": {"en": "train them all and compare: longer and smarter wins",
                           "zh": "全部训练一遍来比较：更长、更聪明的序列建模胜出"},
    "home.map.data": {"en": "bring your own behaviour log (CSV) and see every lesson on it",
                      "zh": "导入你自己的行为日志（CSV），在它上面看每一课"},
    "home.truth": {
        "en": "Because the world is synthetic, every chart can show the **truth** beside the model: how "
              "relevant each past event really was, and the real click probability.",
        "zh": "因为这个世界是合成的，每张图都能在模型旁边展示**真相**："
              "每条历史行为真正有多相关，真实的点击概率是多少。"},
    "home.ask": {"en": "Mia bought coats last winter and cups this week. Tonight the ranker must decide "
                       "on a coat ad: "
                       "how likely is she to click it?",
                 "zh": "Mia 去年冬天买过外套，这周在买杯子。今晚精排模型要决定是否给她看一条外套广告："
                       "她点击的概率有多大？"},
    "home.ask.why": {"en": "The world knows: last winter's coats still count. AvgPool mixes this week's "
                           "cups in; DIN reads her last {n} events, which reach back {days:,.0f} days, not "
                           "as far as last winter; SIM searches her whole history and finds last winter's "
                           "coats.{din_below}",
                     "zh": "世界知道答案：去年冬天的外套仍然算数。AvgPool 把这周的杯子混了进去；DIN 只读最"
                           "近 {n} 条，只往回覆盖 {days:,.0f} 天，够不到去年冬天；SIM 检索全部历史，"
                           "找到了去年冬天的外套。{din_below}"},
    "home.ask.din_below": {
        "en": " DIN even predicts less than AvgPool: it gives the cups and books it reads little weight, and "
              "they hold too few coats to make up for that.",
        "zh": "DIN 的预测甚至低于 AvgPool：它给读到的杯子和书很小的权重，而其中的外套太少，弥补不了。"},
}
