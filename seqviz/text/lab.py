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
               "zh": "N 的取值（平均池化和 DIN 的 LastN 长度）"},
    "lab.k": {"en": "K: events SIM keeps from the full history", "zh": "K：SIM 从完整历史中保留的行为数"},
    "lab.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "lab.seed": {"en": "Training seed", "zh": "训练随机种子"},
    "lab.train": {"en": "Train {count} models", "zh": "训练 {count} 个模型"},
    "lab.train.one": {"en": "Train {count} model", "zh": "训练 {count} 个模型"},
    "lab.cancel": {"en": "Stop training", "zh": "停止训练"},
    "lab.nothing": {"en": "Pick at least one model and one N.", "zh": "请至少选择一个模型和一个 N。"},
    "lab.scorer": {"en": "Attention scorer (DIN, SIM)", "zh": "注意力打分方式（DIN、SIM）"},
    "lab.softmax": {"en": "Softmax over the weights (DIN, SIM)", "zh": "权重做 softmax（DIN、SIM）"},
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
    "lab.col.max_epochs": {"en": "epoch cap", "zh": "轮数上限"},
    "lab.col.epochs": {"en": "epochs run", "zh": "实际轮数"},
    "lab.col.seed": {"en": "training seed", "zh": "训练种子"},
    "lab.col.auc": {"en": "AUC", "zh": "AUC"},
    "lab.col.auc_interval": {"en": "AUC, 95% interval", "zh": "AUC 的 95% 区间"},
    "lab.col.gauc": {"en": "GAUC", "zh": "GAUC"},
    "lab.col.logloss": {"en": "log loss", "zh": "对数损失"},
    "lab.col.oracle_gap": {"en": "gap to oracle AUC", "zh": "与理想 AUC 的差距"},
    "lab.col.seconds": {"en": "train time (s)", "zh": "训练用时（秒）"},
    "lab.source.shipped": {"en": "shipped", "zh": "自带"},
    "lab.source.lab": {"en": "trained here", "zh": "本页训练"},
    "lab.table.notice": {
        "en": "AUC: how often a clicked impression is scored above an unclicked one (0.5 = guessing). "
              "GAUC averages it per user. The oracle uses the world's true probabilities, so the gap says "
              "how much any model could still gain. The interval holds 95% of the AUCs found by scoring "
              "the test week again on its users drawn at random with replacement (a bootstrap): it shows how "
              "much the AUC owes to which users happened to be in the test week. The newest results come "
              "first.",
        "zh": "AUC：被点击的曝光比未点击的曝光得分更高的概率（0.5 即瞎猜）。GAUC 按用户平均。"
              "理想模型用的是世界的真实概率，差距说明还有多少提升空间。区间：把测试周的用户有放回地随机重抽、"
              "重新评分（自助法），95% 的 AUC 落在其中；它说明 AUC 有多少取决于哪些用户恰好落在测试周。"
              "最新的结果排在最前面。"},
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
    "lab.auc_n.shipped": {"en": "hollow marker: shipped weights", "zh": "空心点：自带的权重"},
    "lab.auc_n.oracle": {"en": "oracle (true probabilities)", "zh": "理想模型（真实概率）"},
    "lab.auc_n.notice.log": {
        "en": "On a synthetic world this chart tells the lesson (longer is better, attention beats "
              "averaging, search reaches furthest). On your log, read it as it comes out: error bars and "
              "bands are the 95% intervals, and where two overlap the test week cannot tell the models "
              "apart. There is no oracle: an imported log has no known truth.",
        "zh": "在合成世界里，这张图讲的就是本课的结论（越长越好、注意力胜过平均、检索走得最远）。"
              "在你的日志上，请按它实际画出的来读：误差线和色带是 95% 区间，"
              "两者重叠时测试周分不出这两个模型的高下。"
              "这里没有理想模型：导入的日志没有已知的真相。"},
    "lab.table.notice.log": {
        "en": "AUC: how often a clicked impression is scored above an unclicked one (0.5 = guessing). GAUC "
              "averages it per user. The interval holds 95% of the AUCs found by scoring the test week again "
              "on its users drawn at random with replacement (a bootstrap). An imported log has no oracle. "
              "The newest results come first.",
        "zh": "AUC：被点击的曝光比未点击的曝光得分更高的概率（0.5 即瞎猜）。GAUC 按用户平均。"
              "区间：把测试周的用户有放回地随机重抽、重新评分（自助法），95% 的 AUC 落在其中。"
              "导入的日志没有理想模型。最新的结果排在最前面。"},
    "lab.auc_n.notice": {
        "en": "The lesson in one chart: curves rise with N (longer is better), DIN sits above AvgPool "
              "(attention beats averaging), SIM, which searches the whole history for the K events "
              "that matter, reaches furthest (further with time buckets than without: when an event "
              "happened matters), and the oracle is the ceiling. Error bars and bands are the "
              "95% intervals: where two overlap, the test week cannot tell the models apart. Every point "
              "was trained the same way (the recipe under the title).",
        "zh": "一张图总结本课：曲线随 N 上升（越长越好），DIN 高于平均池化（注意力胜过平均），"
              "在完整历史里检索出 K 条关键行为的 SIM 走得最远"
              "（带时间分桶的比不带的更高：行为发生在何时也有用），理想模型是上限。误差线和色带是 95% 区间："
              "两者重叠时，测试周分不出这两个模型的高下。图中每个点的训练方式相同（见标题下的训练配方）。"},
    "lab.auc_n.empty": {"en": "Train AvgPool or DIN at two or more N values to draw the curves.",
                        "zh": "用两个以上的 N 值训练平均池化或 DIN，才能画出曲线。"},
    "lab.recipe": {"en": "trained for up to {epochs} epoch(s) with training seed {seed}, keeping the epoch "
                         "with the best validation AUC",
                   "zh": "最多训练 {epochs} 轮，训练种子 {seed}，保留验证 AUC 最好的一轮"},
    "lab.chart_recipe": {"en": "Chart the results", "zh": "图中画出的结果"},
    "lab.left_out": {
        "en": "{n} result(s) trained another way are only in the table: a chart compares models trained by "
              "one recipe.",
        "zh": "另有 {n} 个结果的训练方式不同，只列在表中：一张图只比较用同一配方训练的模型。"},
    "lab.tie": {"en": "{a} and {b} are within each other's uncertainty: this test cannot tell them apart.",
                "zh": "{a} 与 {b} 的差距在彼此的不确定范围之内：这次测试分不出二者的高下。"},
    "lab.too_small": {
        "en": "{label}: AUC {auc:.3f}, 95% interval {interval}, from {n} test impressions ({clicks} clicks). "
              "This test set is too small to judge the model: on it, even a model that only guesses lands "
              "anywhere within ±{guess:.2f} of 0.5.",
        "zh": "{label}：AUC {auc:.3f}，95% 区间 {interval}，来自 {n} 条测试曝光（{clicks} 次点击）。"
              "测试集太小，无法据此评判这个模型：在这么小的测试集上，"
              "连瞎猜的模型也会落在 0.5 ± {guess:.2f} 之间。"},
    "lab.retrain.arithmetic": {
        "en": "{label}, retrained here by the shipped recipe, scores {here:.4f}; the shipped weights score "
              "{shipped:.4f}. They were trained where floating-point sums round differently from here "
              "(another processor, or another number of threads: a fixed test computation gives other bits "
              "there), so the same recipe took a slightly different path. The gap is {gap:.4f}: the "
              "shipped figure lies {inside} this training's 95% interval ({interval}).",
        "zh": "{label} 按自带配方在这里重新训练，AUC 为 {here:.4f}；自带权重为 {shipped:.4f}。"
              "训练自带权重的环境对浮点求和的舍入与这里不同（另一种处理器，或另一个线程数："
              "同一段固定的测试计算在那里得到不同的结果），所以同一个配方走了一条略有不同的训练路径："
              "相差 {gap:.4f}，自带的数字{inside}（本次训练的 95% 区间：{interval}）。"},
    "lab.retrain.stale": {
        "en": "{label}, retrained here by the shipped recipe, scores {here:.4f}; the shipped weights score "
              "{shipped:.4f}, although sums round here as where they were trained: the shipped "
              "weights are older than the code. Rebuild them with `python -m seqviz sample`.",
        "zh": "{label} 按自带配方在这里重新训练，AUC 为 {here:.4f}；自带权重为 {shipped:.4f}。"
              "这里的浮点舍入与训练自带权重时相同，所以是自带权重比代码旧："
              "请运行 `python -m seqviz sample` 重新生成。"},
    "lab.retrain.unrecorded": {
        "en": "{label}, retrained here by the shipped recipe, scores {here:.4f}; the shipped weights score "
              "{shipped:.4f}, {inside} this training's 95% interval ({interval}; a gap of {gap:.4f}). The "
              "shipped weights do not record the arithmetic that trained them, so whether another "
              "processor's rounding or older code made the difference cannot be told here; "
              "`python -m seqviz sample` rebuilds them with the record.",
        "zh": "{label} 按自带配方在这里重新训练，AUC 为 {here:.4f}；自带权重为 {shipped:.4f}"
              "（相差 {gap:.4f}，{inside}，本次训练的 95% 区间：{interval}）。自带权重没有记录训练它的"
              "浮点运算环境，因此这里无法判断差别来自另一种处理器的舍入还是旧代码；"
              "运行 `python -m seqviz sample` 会重新生成并记录。"},
    "lab.retrain.inside": {"en": "inside", "zh": "在区间之内"},
    "lab.retrain.outside": {"en": "outside", "zh": "在区间之外"},
    "lab.shipped.measuring": {"en": "Measuring the shipped models' uncertainty on the test week…",
                              "zh": "正在测试周上估计自带模型的不确定性……"},
    "lab.without_time": {"en": "Also SIM without time buckets", "zh": "另训练不带时间分桶的 SIM"},
    "lab.without_time.help": {"en": "For the Time buckets lesson, which compares SIM with and without them.",
                              "zh": "用于时间分桶一课：比较带与不带时间分桶的 SIM。"},
    "lab.ask": {"en": "On the test week, which model will reach the highest AUC: the two that read the last "
                      "200 events, or SIM, which searches the whole history?",
                "zh": "在测试周上，哪个模型的 AUC 最高：读最近 200 条行为的两个模型，"
                      "还是检索全部历史的 SIM？"},
    "lab.ask.why": {"en": "Test AUC: {aucs}. Attention beats averaging; search reaches what a LastN "
                          "window forgets.",
                    "zh": "测试 AUC：{aucs}。注意力胜过平均；检索能找回 LastN 窗口遗忘的行为。"},
    "lab.ask.pending": {"en": "Train AvgPool and DIN at N = 200 and SIM (hard) to find out: the chart below "
                              "will answer.",
                        "zh": "在 N = 200 训练平均池化和 DIN，再训练 SIM（硬检索），就知道了："
                              "下面的图会给出答案。"},
    "lab.ask.measure": {"en": "test AUC", "zh": "测试 AUC"},
}
