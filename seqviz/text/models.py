"""Model names, as every page and chart shows them (seqviz.lessons.common.model_label)."""

STRINGS = {
    "models.avg": {"en": "AvgPool", "zh": "平均池化"},
    "models.din": {"en": "DIN", "zh": "DIN"},
    "models.sim-hard": {"en": "SIM, hard search", "zh": "SIM（硬检索）"},
    "models.sim-soft": {"en": "SIM, soft search", "zh": "SIM（软检索）"},
    "models.sim-twin": {"en": "SIM, twin search (TWIN)", "zh": "SIM（TWIN 检索）"},
    "models.sim-sdim": {"en": "SIM, search by hashing (SDIM)", "zh": "SIM（哈希检索，SDIM）"},
    "models.scorer.unit": {"en": "activation unit", "zh": "激活单元"},
    "models.scorer.dot": {"en": "inner product", "zh": "内积"},
    "models.scorer.cosine": {"en": "cosine", "zh": "余弦"},
    "models.softmax": {"en": "softmax", "zh": "softmax"},
    "models.time": {"en": "time buckets", "zh": "时间分桶"},
    "models.no_time": {"en": "no time", "zh": "无时间"},
    "models.label.lastn": {"en": "{name} (N={n}{more})", "zh": "{name}（N={n}{more}）"},
    "models.label.sim": {"en": "{name} (K={k}, {time}{more})", "zh": "{name}（K={k}，{time}{more}）"},
    "models.label.sdim": {"en": "{name} ({time}{more})", "zh": "{name}（{time}{more}）"},
    "models.label.sep": {"en": ", ", "zh": "，"},
}
