"""Strings of the Data page (app_pages/8_data.py): importing a user's own behaviour log."""

STRINGS = {
    "nav.data": {"en": "Your own data", "zh": "导入你的数据"},
    "nav.data.icon": {"en": "📂", "zh": "📂"},
    "data.title": {"en": "Bring your own behaviour log", "zh": "导入你自己的行为日志"},
    "data.lead": {
        "en": "Upload a CSV log and every page of the app runs on it, in **this browser tab only**: other "
              "visitors keep the sample world, and nothing you upload is written to the server's disk.",
        "zh": "上传一个 CSV 日志，应用的每一页都会改用它，**只在当前浏览器标签页中生效**："
              "其他访问者仍看到示例数据世界，你上传的内容不会写入服务器磁盘。"},
    "data.schema.header": {"en": "What the file must look like", "zh": "文件格式要求"},
    "data.schema.text": {
        "en": "- **Events only** (one file): columns `user_id`, `item_id`, `category`, `timestamp`, "
              "the shape of MovieLens ratings or Amazon reviews. Common names are understood "
              "(`userId`, `movieId`, `genres`, `asin`, `unixReviewTime` …); other columns are ignored.\n"
              "- **Events + impressions** (two files): as above, plus impressions with `user_id`, `item_id`, "
              "`timestamp`, `clicked` (0/1).\n"
              "- Timestamps: epoch seconds or milliseconds, or ISO dates (2018-09-24). Several categories in "
              "one field (`Action|Comedy`) keep the first one listed.\n"
              "- The log must span at least three weeks: the last week is the test week, the week before it "
              "the validation week.\n"
              "- At most {mb} MB per file (gzip allowed), {rows:,} rows and {categories} categories.",
        "zh": "- **仅行为**（一个文件）：列 `user_id`、`item_id`、`category`、`timestamp`，"
              "即 MovieLens 评分或亚马逊评论的形式。常见列名都能识别"
              "（`userId`、`movieId`、`genres`、`asin`、`unixReviewTime` ……）；其他列会被忽略。\n"
              "- **行为 + 曝光**（两个文件）：同上，另加曝光文件，列为 `user_id`、`item_id`、`timestamp`、"
              "`clicked`（0/1）。\n"
              "- 时间戳：epoch 秒或毫秒，或 ISO 日期（2018-09-24）。一个字段里有多个类别（`Action|Comedy`）"
              "时取第一个。\n"
              "- 日志需覆盖至少三周：最后一周是测试周，其前一周是验证周。\n"
              "- 每个文件最多 {mb} MB（可 gzip 压缩）、{rows:,} 行、{categories} 个类别。"},
    "data.events": {"en": "Events (required)", "zh": "行为文件（必需）"},
    "data.impressions": {"en": "Impressions (optional: without them, impressions are built from the events)",
                         "zh": "曝光文件（可选：不提供时由行为构造曝光）"},
    "data.import": {"en": "Import", "zh": "导入"},
    "data.uploader.help": {"en": "Drop a CSV file (or .csv.gz) on a box, or press its Upload button; "
                                 "up to {mb} MB each.",
                           "zh": "把 CSV 文件（或 .csv.gz）拖到上面的框里，"
                                 "或点框里的「Upload」（上传）按钮选择；每个文件最多 {mb} MB。"},
    "data.importing": {"en": "Reading and checking the log…", "zh": "正在读取并检查日志……"},
    "data.failed": {"en": "The log was not imported; the app keeps the world it had. What is wrong:",
                    "zh": "日志没有导入；应用仍使用原来的数据世界。问题如下："},
    "data.imported": {"en": "Imported. Every page now uses this log (in this tab).",
                      "zh": "导入成功。现在每一页都使用这份日志（仅当前标签页）。"},
    "data.repairs": {"en": "Repairs made while reading ({n}): rows changed or left out",
                     "zh": "读取时做的修复（{n} 条）：修改或略去的行"},
    "data.warnings": {"en": "Warnings ({n}): read as given, but worth a look",
                      "zh": "提醒（{n} 条）：按原样读取，但值得看一眼"},
    "data.columns.header": {"en": "Which column is which", "zh": "哪一列是什么"},
    "data.columns.ask": {
        "en": "Choose the column of your file that holds each of these. A name the app knows (userId, "
              "movieId, genres, asin, …) is found by itself; other names are guessed when each has one "
              "close match, and you can correct the guess here.",
        "zh": "为下面每一项选出你文件中对应的列。应用认识的列名（userId、movieId、genres、asin……）"
              "会自动识别；其他列名在各自只有一个相近匹配时会被猜出，你可以在这里更正。"},
    "data.columns.pick": {"en": "choose a column", "zh": "选择一列"},
    "data.columns.import": {"en": "Import with these columns", "zh": "按这些列导入"},
    "data.columns.each_once": {"en": "Choose a column for each of them, and each column once.",
                               "zh": "请为每一项选一列，且每列只能选一次。"},
    "data.current.sample": {"en": "Current world: the shipped sample world.",
                            "zh": "当前数据世界：随附的示例数据世界。"},
    "data.current.generated": {"en": "Current world: regenerated from seed {seed} ({users} users).",
                               "zh": "当前数据世界：由随机种子 {seed} 重新生成（{users} 个用户）。"},
    "data.current.imported": {"en": "Current world: your imported log", "zh": "当前数据世界：你导入的日志"},
    "data.back": {"en": "Back to the sample world", "zh": "回到示例数据世界"},
    "data.summary.header": {"en": "What was imported", "zh": "导入的内容"},
    "data.summary.users": {"en": "Users", "zh": "用户"},
    "data.summary.items": {"en": "Items", "zh": "物品"},
    "data.summary.events": {"en": "Events", "zh": "行为"},
    "data.summary.categories": {"en": "Categories", "zh": "类别"},
    "data.summary.impressions": {"en": "Impressions", "zh": "曝光"},
    "data.summary.clicked": {"en": "Clicked share", "zh": "点击占比"},
    "data.summary.span": {"en": "Time span: {first} to {last} ({days:,.0f} days).",
                          "zh": "时间范围：{first} 至 {last}（{days:,.0f} 天）。"},
    "data.summary.shape.events-only": {"en": "Shape: events only.", "zh": "形式：仅行为。"},
    "data.summary.shape.events+impressions": {"en": "Shape: events + impressions.",
                                              "zh": "形式：行为 + 曝光。"},
    "data.summary.rule": {"en": "How the impressions were built (the DIN paper's rule):",
                          "zh": "曝光的构造方式（DIN 论文的规则，原文为英文）："},
    "data.summary.given": {"en": "The impressions are the ones in your file.",
                           "zh": "曝光来自你提供的文件。"},
    "data.summary.no_truth": {
        "en": "A real log has no known truth: pages show what the models learned, and say so where they "
              "would otherwise draw the true relevance or the oracle.",
        "zh": "真实日志没有已知的真相：各页只展示模型学到的东西，"
              "原本画真实相关度或 oracle 的地方会说明这一点。"},
    "data.categories.title": {"en": "Events per category (the {n} largest)",
                              "zh": "各类别的行为数（最多的 {n} 个）"},
    "data.categories.count": {"en": "events", "zh": "行为数"},
    "data.next": {"en": "The lesson pages' models are training on this log now (AvgPool, DIN and SIM, by the "
                        "shipped models' recipe): open any lesson, and it draws its picture when its models "
                        "are done. The Model Lab trains others.",
                  "zh": "课程页的模型正在这份日志上训练（AvgPool、DIN 和 SIM，配方与自带模型相同）："
                        "打开任意课程页，它的模型训练完成后就会画出图。其他模型可在模型实验室训练。"},
    "data.sidebar.imported": {"en": "Imported log (this tab only):", "zh": "导入的日志（仅当前标签页）："},
    "data.model.train_first": {"en": "this log was imported, and this model is not trained on it yet",
                               "zh": "这份日志是导入的，这个模型还没有在它上面训练"},
}
