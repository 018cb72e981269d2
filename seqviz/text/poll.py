"""The class poll: the teacher's sidebar and question box, the students' panel, the store's refusals."""

STRINGS = {
    "poll.header": {"en": "🙋 Class poll", "zh": "🙋 课堂投票"},
    "poll.open": {"en": "Open a class (teacher)", "zh": "开设课堂（教师）"},
    "poll.open.help": {"en": "Students join with a code; each lesson's question then goes to every device "
                             "at once.",
                       "zh": "学生用课堂码加入；每课的问题会同时发到每个人的设备上。"},
    "poll.join.code": {"en": "Join a class: its code", "zh": "加入课堂：输入课堂码"},
    "poll.join": {"en": "Join", "zh": "加入"},
    "poll.joined": {"en": "You are in class **{code}**. Your answers are anonymous.",
                    "zh": "你已加入课堂 **{code}**。作答是匿名的。"},
    "poll.leave": {"en": "Leave the class", "zh": "退出课堂"},
    "poll.code": {"en": "Class code", "zh": "课堂码"},
    "poll.address": {"en": "Address the students' devices reach", "zh": "学生设备能访问的地址"},
    "poll.address.help": {"en": "This tab's address. If it says localhost, put the server's address on the "
                                "classroom network (e.g. http://192.168.1.20:8501).",
                          "zh": "默认为本页地址。若是 localhost，请改成服务器在教室网络中的地址"
                                "（如 http://192.168.1.20:8501）。"},
    "poll.address.bad": {"en": "The address must start with http:// or https://.",
                         "zh": "地址必须以 http:// 或 https:// 开头。"},
    "poll.qr": {"en": "Scan to join", "zh": "扫码加入"},
    "poll.close": {"en": "Close the class", "zh": "结束课堂"},
    "poll.teacher.header": {"en": "🙋 Class {code}:", "zh": "🙋 课堂 {code}："},
    "poll.ask_class": {"en": "Ask the class this question", "zh": "向全班提出这个问题"},
    "poll.ask_again": {"en": "Ask it again", "zh": "重新提问"},
    "poll.reveal": {"en": "Reveal to the class", "zh": "向全班揭晓"},
    "poll.count": {"en": "Answers so far: **{n}**", "zh": "目前作答人数：**{n}**"},
    "poll.student.header": {"en": "🙋 Class {code}:", "zh": "🙋 课堂 {code}："},
    "poll.waiting": {"en": "You are in class **{code}**: waiting for the teacher's question…",
                     "zh": "你已加入课堂 **{code}**：等待老师提问……"},
    "poll.send": {"en": "Send my answer", "zh": "提交答案"},
    "poll.sent": {"en": "Sent: {answer}. You can change it until the teacher reveals.",
                  "zh": "已提交：{answer}。老师揭晓前可以修改。"},
    "poll.error.no_class": {"en": "There is no class with the code {code}. Check the code with your teacher: "
                                  "a class closes when its teacher has been away for ten minutes.",
                            "zh": "没有课堂码为 {code} 的课堂。请向老师确认课堂码：老师离开十分钟后，"
                                  "课堂会自动关闭。"},
    "poll.error.no_seat": {"en": "This device's place in class {code} was not found: leave and join again.",
                           "zh": "找不到本设备在课堂 {code} 中的座位：请退出后重新加入。"},
    "poll.error.class_full": {"en": "Class {code} is full: 400 devices have joined it.",
                              "zh": "课堂 {code} 已满：已有 400 台设备加入。"},
    "poll.held_back": {"en": "🙈 The class's question about this page is open: the picture holds back its "
                             "answer until your teacher reveals it.",
                       "zh": "🙈 课堂正在回答关于本页的问题：老师揭晓之前，下面的图不显示答案。"},
    "poll.seats": {"en": "📱 Devices in the class: **{n}**", "zh": "📱 已加入的设备：**{n}**"},
    "poll.key.header": {"en": "🔑 Teacher key (keep it off the projector)", "zh": "🔑 教师密钥（不要投影）"},
    "poll.key.help": {"en": "This browser keeps it, so a reload keeps the class. To run the class from "
                            "another device, type the code and this key under \"Take a class back\" there.",
                      "zh": "本浏览器会记住它，刷新页面不会丢失课堂。要在另一台设备上继续主持，请在那里的"
                            "“收回课堂”中输入课堂码和这个密钥。"},
    "poll.key": {"en": "Teacher key", "zh": "教师密钥"},
    "poll.take_back": {"en": "Take a class back (teacher)", "zh": "收回课堂（教师）"},
    "poll.take_back.go": {"en": "Take it back", "zh": "收回"},
    "poll.record.csv": {"en": "Answers (CSV)", "zh": "答案（CSV）"},
    "poll.record.json": {"en": "Answers (JSON)", "zh": "答案（JSON）"},
    "poll.close.loses": {"en": "Closing deletes this class's answers to {n} questions from the server, and "
                               "every phone leaves the class. Download the answers first to keep them.",
                         "zh": "结束课堂会从服务器删除本课堂 {n} 个问题的全部答案，所有手机都会退出课堂。"
                               "如需保留，请先下载答案。"},
    "poll.close.loses.one": {"en": "Closing deletes this class's answers to its {n} question from the "
                                   "server, and every phone leaves the class. Download the answers first to "
                                   "keep them.",
                             "zh": "结束课堂会从服务器删除本课堂 {n} 个问题的全部答案，所有手机都会退出课堂。"
                                   "如需保留，请先下载答案。"},
    "poll.close.yes": {"en": "Close it", "zh": "确认结束"},
    "poll.close.no": {"en": "Keep it open", "zh": "继续上课"},
    "poll.next": {"en": "Next: {lesson} ▶", "zh": "下一课：{lesson} ▶"},
    "poll.error.too_many_classes": {"en": "This server already holds 20 open classes: close one first.",
                                    "zh": "本服务器已有 20 个课堂开着：请先结束一个。"},
    "poll.error.not_teacher": {"en": "Only the teacher who opened the class can do that.",
                               "zh": "只有开设课堂的老师能这样做。"},
    "poll.error.not_open": {"en": "That question is no longer open: the teacher has moved on.",
                            "zh": "这个问题已经结束：老师已换了问题。"},
    "poll.error.revealed": {"en": "The answer has been revealed: answers are closed.", "zh": "答案已揭晓，"
                                                                                             "停止作答。"},
    "poll.error.full": {"en": "This question already has 200 answers, the most one question takes.",
                        "zh": "这个问题已有 200 人作答，已达上限。"},
}
