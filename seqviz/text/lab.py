"""Strings of the Model Lab page (app_pages/7_model_lab.py)."""

STRINGS = {
    "nav.model_lab": {"en": "Model Lab", "zh": "模型实验室"},
    "nav.model_lab.icon": {"en": "🧪", "zh": "🧪"},
    "lab.title": {"en": "Model Lab: train them all, compare on the test week",
                  "zh": "模型实验室：全部训练，在测试周上比较"},
    "lab.lead": {
        "en": "Pick models and settings, press **Train**, and the models learn from the training weeks "
              "while you watch. They are scored on the last week, which none of them saw. Training runs "
              "in the background: change a slider or visit another page and it carries on.",
        "zh": "选择模型和设置，点击**训练**，模型会在训练周的数据上学习，你可以实时观看。"
              "评分用的是最后一周的数据，它们都没见过。训练在后台进行：拖动滑块或切换页面都不会中断。"},
    "lab.models": {"en": "Models", "zh": "模型"},
    "lab.ns": {"en": "N values (LastN length for AvgPool and DIN)",
               "zh": "N 的取值（AvgPool 和 DIN 的 LastN 长度）"},
    "lab.k": {"en": "K: events SIM keeps from the full history", "zh": "K：SIM 从完整历史中保留的行为数"},
    "lab.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "lab.seed": {"en": "Training seed", "zh": "训练随机种子"},
    "lab.train": {"en": "Train {count} model(s)", "zh": "训练 {count} 个模型"},
    "lab.cancel": {"en": "Stop training", "zh": "停止训练"},
    "lab.nothing": {"en": "Pick at least one model and one N.", "zh": "请至少选择一个模型和一个 N。"},
    "lab.busy": {"en": "Training is still running; wait for it or stop it first.",
                 "zh": "训练仍在进行中，请等待或先停止。"},
    "lab.preset.quick": {"en": "⚡ quick look", "zh": "⚡ 快速看看"},
    "lab.preset.conclusion": {"en": "🏁 the lesson's conclusion", "zh": "🏁 课程结论"},
    "lab.preset.search": {"en": "🔎 hard vs soft search", "zh": "🔎 硬检索 vs 软检索"},
    "lab.status.waiting": {"en": "{label}: waiting", "zh": "{label}：等待中"},
    "lab.status.training": {"en": "{label}: epoch {epoch}/{epochs}, loss {loss:.4f}",
                            "zh": "{label}：第 {epoch}/{epochs} 轮，损失 {loss:.4f}"},
    "lab.status.starting": {"en": "{label}: starting…", "zh": "{label}：开始训练……"},
    "lab.status.evaluating": {"en": "{label}: scoring the test week…", "zh": "{label}：正在测试周上评分……"},
    "lab.status.done": {"en": "{label}: done in {seconds:.1f} s, test AUC {auc:.4f}",
                        "zh": "{label}：完成，用时 {seconds:.1f} 秒，测试 AUC {auc:.4f}"},
    "lab.status.failed": {"en": "{label}: failed ({error})", "zh": "{label}：失败（{error}）"},
    "lab.status.cancelled": {"en": "{label}: stopped", "zh": "{label}：已停止"},
    "lab.results": {"en": "Results on the test week", "zh": "测试周上的结果"},
    "lab.results.empty": {"en": "No results yet: press Train.", "zh": "还没有结果：请点击训练。"},
    "lab.results.clear": {"en": "Clear results", "zh": "清空结果"},
    "lab.col.model": {"en": "model", "zh": "模型"},
    "lab.col.source": {"en": "from", "zh": "来源"},
    "lab.col.n": {"en": "N", "zh": "N"},
    "lab.col.k": {"en": "K", "zh": "K"},
    "lab.col.epochs": {"en": "epochs", "zh": "轮数"},
    "lab.col.auc": {"en": "AUC", "zh": "AUC"},
    "lab.col.gauc": {"en": "GAUC", "zh": "GAUC"},
    "lab.col.logloss": {"en": "log loss", "zh": "对数损失"},
    "lab.col.oracle_gap": {"en": "gap to oracle AUC", "zh": "与理想 AUC 的差距"},
    "lab.col.seconds": {"en": "train time (s)", "zh": "训练用时（秒）"},
    "lab.source.shipped": {"en": "shipped", "zh": "自带"},
    "lab.source.lab": {"en": "trained here", "zh": "本页训练"},
    "lab.table.notice": {
        "en": "AUC: how often a clicked impression is scored above an unclicked one (0.5 = guessing). "
              "GAUC averages it per user. The oracle uses the world's true probabilities, so the gap says "
              "how much any model could still gain.",
        "zh": "AUC：被点击的曝光比未点击的曝光得分更高的概率（0.5 即瞎猜）。GAUC 按用户平均。"
              "理想模型用的是世界的真实概率，差距说明还有多少提升空间。"},
    "lab.curves.title": {"en": "Learning curves", "zh": "学习曲线"},
    "lab.curves.loss": {"en": "training loss", "zh": "训练损失"},
    "lab.curves.auc": {"en": "validation AUC", "zh": "验证集 AUC"},
    "lab.curves.epoch": {"en": "epoch", "zh": "轮次"},
    "lab.curves.notice": {
        "en": "Training loss should fall every epoch; validation AUC tells you when to stop (the lab keeps "
              "the epoch with the best validation AUC).",
        "zh": "训练损失每轮都应下降；验证集 AUC 告诉你何时该停（实验室保留验证 AUC 最好的那一轮）。"},
    "lab.auc_n.title": {"en": "Test AUC as the history read grows",
                        "zh": "读取的历史越长，测试 AUC 如何变化"},
    "lab.auc_n.x": {"en": "N: events read (log scale)", "zh": "N：读取的行为数（对数坐标）"},
    "lab.auc_n.sim": {"en": "{label}: searches the full history", "zh": "{label}：检索完整历史"},
    "lab.auc_n.oracle": {"en": "oracle (true probabilities)", "zh": "理想模型（真实概率）"},
    "lab.auc_n.notice": {
        "en": "The lesson in one chart: curves rise with N (longer is better), DIN sits above AvgPool "
              "(attention beats averaging), and SIM, which searches the whole history for the K events "
              "that matter, reaches furthest.",
        "zh": "一张图总结本课：曲线随 N 上升（越长越好），DIN 高于 AvgPool（注意力胜过平均），"
              "而在完整历史里检索出 K 条关键行为的 SIM 走得最远。"},
    "lab.auc_n.empty": {"en": "Train AvgPool or DIN at two or more N values to draw the curves.",
                        "zh": "用两个以上的 N 值训练 AvgPool 或 DIN，才能画出曲线。"},
    "lab.without_time": {"en": "SIM also without time buckets (for the Time buckets lesson)",
                         "zh": "另训练不带时间分桶的 SIM（用于时间分桶一课）"},
}
