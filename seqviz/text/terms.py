"""The recurring terms: one word per concept in each language, and in Chinese the words that once
stood beside them and must not come back (tests/test_text.py reads every Chinese string for them).

Other strings write these terms as they are here; where a term is a whole label, they use its key.
"""

STRINGS = {
    "terms.coat": {"en": "coat", "zh": "外套"},
    "terms.cup": {"en": "cup", "zh": "杯子"},
    "terms.ranking": {"en": "ranking stage", "zh": "精排"},
    "terms.ranker": {"en": "ranking model", "zh": "精排模型"},
    "terms.search": {"en": "search", "zh": "检索"},
    "terms.hard_search": {"en": "hard search", "zh": "硬检索"},
    "terms.soft_search": {"en": "soft search", "zh": "软检索"},
    "terms.twin_search": {"en": "twin search (TWIN)", "zh": "TWIN 检索"},
    "terms.time_bucket": {"en": "time bucket", "zh": "时间分桶"},
    "terms.age": {"en": "how long ago", "zh": "距今时间"},
    "terms.candidate": {"en": "candidate", "zh": "候选物品"},
    "terms.attention": {"en": "target attention", "zh": "目标注意力"},
    "terms.two_tower": {"en": "two-tower model", "zh": "双塔模型"},
    "terms.truth": {"en": "true relevance", "zh": "真实相关度"},
}

# Chinese words for the same concepts that read wrong beside the terms above: 大衣 beside 外套, 排序模型
# beside 精排模型 (and 排序 alone means "sort"), 孪生 ("Siamese") for TWIN, 年龄 (a person's age) for how
# long ago an event happened, 真实相关性 beside 真实相关度
ZH_AVOID = {"terms.coat": ("大衣",), "terms.ranker": ("排序模型",), "terms.twin_search": ("孪生",),
            "terms.age": ("年龄",), "terms.truth": ("真实相关性",)}
