"""Reading a user's log (seqviz.ingest): what is wrong with a file, where, and how to fix it."""

STRINGS = {
    "ingest.where.line": {"en": "{label} line {line}", "zh": "{label} 第 {line} 行"},
    "ingest.where.row": {"en": "{label} row {row}", "zh": "{label} 第 {row} 行"},
    "ingest.gzip_damaged": {
        "en": "{label}: a damaged gzip file ({error}); compress it again or upload the plain CSV",
        "zh": "{label}：gzip 文件已损坏（{error}）；请重新压缩，或上传未压缩的 CSV"},
    "ingest.gzip_too_big": {
        "en": "{label}: unpacks to more than the {cap} cap; upload fewer rows (e.g. the most recent months "
              "or "
              "a sample of users)",
        "zh": "{label}：解压后超过 {cap} 的上限；请上传更少的行（例如最近几个月，或抽样的一部分用户）"},
    "ingest.zip": {
        "en": "{label}: a zip archive or Excel workbook, not CSV; save it as 'CSV UTF-8' (comma-separated) "
              "and "
              "upload that",
        "zh": "{label}：这是 zip 压缩包或 Excel 工作簿，不是 CSV；请另存为「CSV UTF-8（逗号分隔）」再上传"},
    "ingest.empty": {
        "en": "{label}: the file is empty; upload a CSV with a header line and one row per event or "
              "impression",
        "zh": "{label}：文件是空的；请上传一个带表头行、每条行为或曝光占一行的 CSV"},
    "ingest.nul": {
        "en": "{where}: holds NUL bytes, so it is binary or UTF-16, not CSV text; save it as 'CSV UTF-8'",
        "zh": "{where}：含有 NUL 字节，说明它是二进制或 UTF-16 文件，不是 CSV 文本；请另存为「CSV UTF-8」"},
    "ingest.not_utf8": {
        "en": "{where}: byte 0x{byte} is not UTF-8; save the file as 'CSV UTF-8' (or convert it, e.g. iconv "
              "-f "
              "latin1 -t utf-8)",
        "zh": "{where}：字节 0x{byte} 不是 UTF-8 编码；请把文件另存为「CSV UTF-8」"
              "（或转换编码，例如用 iconv -f latin1 -t utf-8）"},
    "ingest.json": {
        "en": "{label}: looks like JSON, not CSV; convert it to CSV with a header line (e.g. "
              "pandas.read_json(...).to_csv(...))",
        "zh": "{label}：看起来是 JSON，不是 CSV；请把它转换成带表头行的 CSV"
              "（例如用 pandas.read_json(...).to_csv(...)）"},
    "ingest.html": {"en": "{label}: looks like HTML or XML, not CSV; download the raw CSV file",
                    "zh": "{label}：看起来是 HTML 或 XML，不是 CSV；请下载原始的 CSV 文件"},
    "ingest.long_rows": {
        "en": "{label}: the rows have more fields than the header has names; give every column a name in the "
              "header line",
        "zh": "{label}：数据行的字段比表头的列名多；请在表头行里给每一列起个名字"},
    "ingest.unreadable": {
        "en": "{label}: not a readable CSV ({reason}); every line needs the same number of comma-separated "
              "fields as the header, and quotes must be closed",
        "zh": "{label}：无法读取的 CSV（{reason}）；每一行用逗号分隔的字段数都要与表头相同，"
              "引号也必须成对闭合"},
    "ingest.too_many_rows": {
        "en": "{label}: more than the cap of {rows:,} rows; keep the most recent events or a sample of users",
        "zh": "{label}：超过了 {rows:,} 行的上限；请只保留最近的行为，或抽样的一部分用户"},
    "ingest.upload_too_big": {
        "en": "{label}: {size} is over the {cap} upload cap; upload fewer rows (e.g. the most recent months "
              "or "
              "a sample of users)",
        "zh": "{label}：{size} 超过了 {cap} 的上传上限；请上传更少的行（例如最近几个月，或抽样的一部分用户）"
              ""},
    "ingest.no_file": {"en": "{path}: no such file; give the path of a CSV file",
                       "zh": "{path}：没有这个文件；请给出一个 CSV 文件的路径"},
    "ingest.file_too_big": {
        "en": "{label}: {size} is over the {cap} cap; keep the most recent events or a sample of users",
        "zh": "{label}：{size} 超过了 {cap} 的上限；请只保留最近的行为，或抽样的一部分用户"},
    "ingest.no_rows": {"en": "{label}: a header but no data rows; add one row per {kind}",
                       "zh": "{label}：只有表头，没有数据行；请每条{kind}写一行"},
    "ingest.kind.event": {"en": "event", "zh": "行为"},
    "ingest.kind.impression": {"en": "impression", "zh": "曝光"},
    "ingest.columns": {
        "en": "{where}: missing column {parts}. Found: {shown}{more}. Choose which column is which, or "
              "rename "
              "the header to {names}",
        "zh": "{where}：缺少列 {parts}。找到的列：{shown}{more}。请选出哪一列是什么，或把表头改成 {names}"},
    "ingest.columns.missing": {"en": "{name} [also accepted: {aliases}]", "zh": "{name}［也接受："
                                                                                "{aliases}］"},
    "ingest.columns.missing_guess": {"en": "{name} (did you mean {guess}?) [also accepted: {aliases}]",
                                     "zh": "{name}（是不是 {guess}？）［也接受：{aliases}］"},
    "ingest.columns.more": {"en": " and {n} more", "zh": " 等，另有 {n} 列"},
    "ingest.empty_value": {
        "en": "{where}, column {column}: empty value ({count:,} empty in this column); fill them in or "
              "delete "
              "those rows",
        "zh": "{where}，{column} 列：值为空（这一列共有 {count:,} 个空值）；请填上，或删掉这些行"},
    "ingest.time_fix": {"en": "use epoch seconds, epoch milliseconds or ISO dates like 2018-09-24T10:00:00Z",
                        "zh": "请使用纪元秒、纪元毫秒，或 2018-09-24T10:00:00Z 这样的 ISO 日期"},
    "ingest.not_a_time": {"en": "{where}, column {column}: {value} is not a time; {fix}",
                          "zh": "{where}，{column} 列：{value} 不是时间；{fix}"},
    "ingest.negative_time": {
        "en": "{where}, column {column}: negative timestamp {value} (before 1970); timestamps must be epoch "
              "times after 1970-01-01",
        "zh": "{where}，{column} 列：时间戳 {value} 是负数（早于 1970 年）；时间戳必须是 1970-01-01 "
              "之后的纪元时间"},
    "ingest.mixed_units": {
        "en": "{where}, column {column}: {value} looks like {unit} but {first_where} has {first} in {usual}; "
              "use one unit for the whole column",
        "zh": "{where}，{column} 列：{value} 看起来是{unit}，而{first_where}的 {first} 是{usual}；"
              "整列请使用同一种单位"},
    "ingest.unit.epoch nanoseconds": {"en": "epoch nanoseconds", "zh": "纪元纳秒"},
    "ingest.unit.epoch microseconds": {"en": "epoch microseconds", "zh": "纪元微秒"},
    "ingest.unit.epoch milliseconds": {"en": "epoch milliseconds", "zh": "纪元毫秒"},
    "ingest.unit.epoch seconds": {"en": "epoch seconds", "zh": "纪元秒"},
    "ingest.unit.ISO 8601 dates": {"en": "ISO 8601 dates", "zh": "ISO 8601 日期"},
    "ingest.before_1970": {
        "en": "{where}, column {column}: {value} is before 1970; only times after 1970-01-01 are supported",
        "zh": "{where}，{column} 列：{value} 早于 1970 年；只支持 1970-01-01 之后的时间"},
    "ingest.mixed_formats": {
        "en": "{where}, column {column}: {value} is {kind}; {fix}, one format for the whole column",
        "zh": "{where}，{column} 列：{value} {kind}；{fix}，整列使用同一种格式"},
    "ingest.mixed_formats.number": {"en": "a number among dates", "zh": "是夹在日期中的数字"},
    "ingest.mixed_formats.text": {"en": "not a number like the rest of the column",
                                  "zh": "不像这一列的其余值那样是数字"},
    "ingest.future": {
        "en": "{where}, column {column}: {value} read as {unit} is {date}, in the future; check the unit "
              "(seconds vs milliseconds) and the clock of the export",
        "zh": "{where}，{column} 列：{value} 按{unit}读出是 {date}，在未来；"
              "请检查单位（秒还是毫秒）以及导出数据时的时钟"},
    "ingest.not_click": {
        "en": "{where}, column {column}: {value} is not a click label; use 1 for clicked and 0 for not "
              "clicked",
        "zh": "{where}，{column} 列：{value} 不是点击标签；点击用 1，未点击用 0"},
    "ingest.no_category_name": {"en": "{where}, column {column}: {value} names no category; give at least "
                                      "one name",
                                "zh": "{where}，{column} 列：{value} 里没有类别名；请至少给出一个名字"},
    "ingest.one_category": {
        "en": "{label}, column category: every event has the category {value}; the lessons compare "
              "categories "
              "(SIM's hard search), so give at least two (e.g. genre or product department)",
        "zh": "{label}，category 列：每条行为的类别都是 {value}；课程要比较类别（SIM 的硬检索），"
              "所以请至少给出两个类别（例如题材或商品部门）"},
    "ingest.too_many_categories": {
        "en": "{label}, column category: {count:,} distinct categories, over the cap of {cap}; use a coarser "
              "level (e.g. top-level department)",
        "zh": "{label}，category 列：共有 {count:,} 个不同的类别，超过了 {cap} 的上限；"
              "请用更粗的一级（例如顶层部门）"},
    "ingest.single_events": {
        "en": "{label}: every user has a single event (or all at one moment); an events-only log needs users "
              "with at least two events at different times, the earlier as history",
        "zh": "{label}：每个用户都只有一条行为（或全部发生在同一时刻）；只有行为的日志需要用户在不同时刻"
              "至少有两条行为，较早的那条作为历史"},
    "ingest.need_weeks": {
        "en": "the last {test:g} days of impressions are the test week and the {valid:g} days before them "
              "the "
              "validation week, so give a log that spans at least three weeks",
        "zh": "曝光的最后 {test:g} 天是测试周，再往前 {valid:g} 天是验证周，所以日志至少要跨三周"},
    "ingest.too_short": {
        "en": "{label}: the impressions span {days:.1f} days, leaving none to train on before {date}; {need}",
        "zh": "{label}：曝光只跨 {days:.1f} 天，{date} 之前没有可用来训练的曝光；{need}"},
    "ingest.no_validation": {
        "en": "{label}: no impressions in the validation week {start} to {end}; {need} with activity in each "
              "of them",
        "zh": "{label}：验证周 {start} 至 {end} 没有曝光；{need}，并且每一周都要有活动"},
    "ingest.no_click_kind": {
        "en": "{label}, column clicked: no {missing} impressions in the {part}; AUC needs both, so include "
              "both "
              "kinds of impression in every week",
        "zh": "{label}，clicked 列：{part}里没有{missing}的曝光；AUC 两种都需要，"
              "所以每一周都要包含这两种曝光"},
    "ingest.clicked": {"en": "clicked (1)", "zh": "被点击（1）"},
    "ingest.not_clicked": {"en": "not clicked (0)", "zh": "未点击（0）"},
    "ingest.training_weeks": {"en": "training weeks", "zh": "训练周"},
    "ingest.test_week": {"en": "test week", "zh": "测试周"},
    "ingest.unknown_columns": {"en": "no column called {names}; the columns are {columns}",
                               "zh": "没有叫 {names} 的列；列名只能是 {columns}"},
    "ingest.column_twice": {"en": "one header name is chosen for two columns; choose each column once",
                            "zh": "同一个表头列名被选给了两项；每一列只能选一次"},
    "ingest.no_negatives": {
        "en": "{label}: no impression can be built: every user with two or more events has touched every "
              "item, "
              "so no negative can be drawn; give a log with a larger catalogue or more users",
        "zh": "{label}：无法构造曝光：每个有两条以上行为的用户都接触过所有物品，抽不出负样本；"
              "请提供物品更多或用户更多的日志"},
    "ingest.unknown_item": {
        "en": "item {item} at {where} never appears in the events, so its category and embedding are unknown",
        "zh": "{where}的物品 {item} 从未出现在行为中，所以它的类别和嵌入都是未知的"},
    "ingest.no_known_items": {
        "en": "{label}: no impression item appears in the events ({what}); both files must use the same item "
              "ids",
        "zh": "{label}：曝光里的物品都没有出现在行为中（{what}）；两个文件必须使用相同的物品 ID"},
    "ingest.no_events_csv": {
        "en": "{path}: no events.csv (or events.csv.gz) in this folder; give a world folder or an "
              "events-only "
              "CSV file",
        "zh": "{path}：这个文件夹里没有 events.csv（或 events.csv.gz）；请给出一个数据世界文件夹，"
              "或一个只有行为的 CSV 文件"},
    "ingest.no_path": {
        "en": "{path}: no such file or folder; give a world folder or an events-only CSV file",
        "zh": "{path}：没有这个文件或文件夹；请给出一个数据世界文件夹，或一个只有行为的 CSV 文件"},
    # repairs (rows changed or left out) and warnings (read as given, worth a look) after an import
    "ingest.note.separator": {"en": "{label}: read as {sep}-separated (the header has no commas)",
                              "zh": "{label}：表头里没有逗号，按{sep}分隔读取"},
    "ingest.note.tab": {"en": "tab", "zh": "制表符"},
    "ingest.note.semicolon": {"en": "semicolon", "zh": "分号"},
    "ingest.note.alias_columns": {"en": "{label}: used column {used} as {name}; ignored {ignored}",
                                  "zh": "{label}：把 {used} 列当作 {name}；没有用 {ignored}"},
    "ingest.note.guessed_columns": {
        "en": "{label}: the header names some columns otherwise; read {reads} (choose other columns if these "
              "are wrong)",
        "zh": "{label}：表头里有些列的名字不同；已按 {reads} 读取（如果不对，请另选列）"},
    "ingest.note.read_as": {"en": "{guess} as {name}", "zh": "{guess} 作为 {name}"},
    "ingest.note.multi_category": {
        "en": "{label}: {n:,} rows list several categories (e.g. {value} at {where}); kept the first one "
              "listed",
        "zh": "{label}：有 {n:,} 行列出了多个类别（例如 {where} 的 {value}）；只保留了列出的第一个"},
    "ingest.kind.events": {"en": "events", "zh": "行为"},
    "ingest.kind.impressions": {"en": "impressions", "zh": "曝光"},
    "ingest.note.duplicates": {
        "en": "{label}: dropped {n:,} duplicate {what} (same user, item and time; e.g. {where} repeats "
              "{first})",
        "zh": "{label}：删去了 {n:,} 条重复的{what}（用户、物品和时间都相同；例如 {where} 重复了 {first}）"},
    "ingest.note.unsorted": {
        "en": "{label}: rows are not in time order per user (e.g. {where} is earlier than the row above "
              "it for that user); sorted them by user and time",
        "zh": "{label}：同一用户的行没有按时间排序（例如 {where} 比该用户的上一行还早）；"
              "已按用户和时间重新排序"},
    "ingest.note.item_categories": {
        "en": "{label}: {n:,} items appear under several categories (e.g. item {item} is {category} "
              "at {where} but mostly {main}); each item now has its most frequent category",
        "zh": "{label}：有 {n:,} 个物品出现在多个类别下（例如物品 {item} 在 {where} 是 {category}，但大多是 "
              "{main}）；现在每个物品都取它最常见的类别"},
    "ingest.note.single_event_users": {
        "en": "{label}: left out {n:,} users with a single event (or all at one moment, e.g. user {user}); a "
              "next behaviour needs an earlier one as history",
        "zh": "{label}：去掉了 {n:,} 个只有一条行为（或所有行为都在同一时刻）的用户，例如用户 {user}；"
              "预测下一次行为，需要更早的行为作为历史"},
    "ingest.note.positive_cap": {
        "en": "kept the newest {n:,} behaviours as positive impressions (cap {cap:,} impressions to "
              "train on); older events still serve as history",
        "zh": "只把最新的 {n:,} 条行为当作正样本曝光（训练最多用 {cap:,} 条曝光）；更早的行为仍然作为历史"},
    "ingest.note.no_negative": {
        "en": "left out {n:,} behaviours of users who touched every item: no negative could be drawn"
              " for them",
        "zh": "去掉了 {n:,} 条行为：它们的用户接触过所有物品，抽不出负样本"},
    "ingest.note.thin_test": {
        "en": "only {n} impressions fall in the test week (after {date}); test metrics will be noisy",
        "zh": "测试周（{date} 之后）只有 {n} 条曝光；测试指标会有较大波动"},
    "ingest.note.no_history": {
        "en": "{label}: {n:,} impressions belong to users with no events (e.g. {where}); they are "
              "scored with an empty history; check that both files use the same user ids",
        "zh": "{label}：有 {n:,} 条曝光属于没有任何行为的用户（例如 {where}）；它们按空历史打分；"
              "请检查两个文件的用户 ID 是否一致"},
    "ingest.note.impression_cap": {
        "en": "{label}: kept the newest {cap:,} impressions (the cap to train on); older events still serve "
              "as history",
        "zh": "{label}：只保留了最新的 {cap:,} 条曝光（训练的上限）；更早的行为仍然作为历史"},
    "ingest.note.unknown_items": {
        "en": "{label}: dropped {n:,} impressions of items never seen in the events ({what})",
        "zh": "{label}：删去了 {n:,} 条曝光，它们的物品从未出现在行为中（{what}）"},
}
