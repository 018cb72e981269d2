"""Strings of the LastN & average pooling page (app_pages/2_lastn.py)."""

STRINGS = {
    "nav.lastn": {"en": "LastN & average pooling", "zh": "LastN 与平均池化"},
    "nav.lastn.icon": {"en": "📜", "zh": "📜"},
    "lastn.title": {"en": "LastN: the user's most recent N events, averaged",
                    "zh": "LastN：用户最近的 N 条行为，取平均"},
    "lastn.lead": {
        "en": "A model cannot read a whole life of clicks, so it keeps the newest **N** events. The simplest "
              "way to turn them into one user feature: look up each item's embedding and take the mean. "
              "Move **N** and watch what the model gets to see.",
        "zh": "模型读不完一个人所有的点击，只保留最新的 **N** 条。把它们变成一个用户特征的最简单方法："
              "查出每个物品的嵌入向量，取平均。拖动 **N**，看看模型能看到什么。"},
    "lastn.timeline.older": {"en": "older, never read", "zh": "更早，不会被读取"},
    "lastn.map.path": {"en": "the average's trail up to N", "zh": "平均值到当前 N 的轨迹"},
    "lastn.map.caption": {
        "en": "The map: the AvgPool model's learned item embeddings on the plane through the mean "
              "embeddings of the user's three main interests (other categories faded); the dark line is "
              "the star's trail from N = 1 to N, the dotted one where it goes on to all events.",
        "zh": "物品图：AvgPool 模型学到的物品嵌入，投影到经过该用户三大兴趣类别平均嵌入的平面上"
              "（其余类别淡化）；深色线是星星从 N = 1 到当前 N 的轨迹，虚线是它继续走到全部行为的路线。"},
    "lastn.mix.title": {"en": "Categories: last {n} (solid) vs all (faded)",
                        "zh": "类别构成：最近 {n} 条（实色）vs 全部（浅色）"},
    "lastn.mix.window": {"en": "last {n}", "zh": "最近 {n} 条"},
    "lastn.mix.history": {"en": "whole history", "zh": "完整历史"},
    "lastn.mix.notice": {
        "en": "Compare the two bars of each category: recent behaviour is often very different from the "
              "long-run taste, which is why the choice of N changes the user vector so much.",
        "zh": "比较每个类别的两根柱子：最近的行为常常和长期口味差别很大，所以 N 的选择会大幅改变用户向量。"},
    "lastn.main.title": {"en": "Drag N: the window slides back in time, and the average (★) moves with it",
                         "zh": "拖动 N：窗口向过去延伸，平均值（★）随之移动"},
    "lastn.main.timeline": {"en": "the history; shaded: the LastN window",
                            "zh": "完整历史；阴影：LastN 窗口"},
    "lastn.main.map": {"en": "the item map; ★ the average", "zh": "物品嵌入图；★ 窗口的平均"},
    "lastn.map.star": {"en": "average of the window (the user vector)", "zh": "窗口的平均（用户向量）"},
    "lastn.readout": {"en": "N = {n}: the window holds {mix}", "zh": "N = {n}：窗口里有 {mix}"},
    "lastn.main.notice": {
        "en": "The window always hugs *now*: LastN is about recency, not importance. However the user's "
              "interests differ, the star sits between them: it is all a pooled model knows of the user, "
              "whatever the ad.",
        "zh": "窗口总是贴着“现在”：LastN 只看新近，不看重要性。无论用户有几种兴趣，星星都落在它们之间："
              "无论广告是什么，池化模型对用户的全部了解就是这颗星。"},
    "lastn.more": {"en": "Behind the picture: what the window holds", "zh": "图背后：窗口里有什么"},
    "lastn.ask": {"en": "Slide N up to all of {name}'s {n} events: what will the average be made of most?",
                  "zh": "把 N 拉到 {name} 的全部 {n} 条行为：平均向量里最多的是哪一类？"},
    "lastn.ask.why": {"en": "At N = {n} the window holds {mix}. The average is whatever the window holds, "
                            "relevant to tonight's ad or not.",
                      "zh": "N = {n} 时窗口里有 {mix}。平均就是窗口里的一切，不管与今晚的广告是否相关。"},
    "lastn.ask.measure": {"en": "events in the window", "zh": "窗口中的行为数"},
}
