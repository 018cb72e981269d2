"""The presenter's view: the projector's page for a class's teacher."""

STRINGS = {
    "nav.present": {"en": "Presenter's view", "zh": "投影视图"},
    "nav.present.icon": {"en": "📽️", "zh": "📽️"},
    "present.none": {"en": "The presenter's view belongs to a class's teacher: open a class in the sidebar.",
                     "zh": "投影视图属于课堂的老师：请在侧栏开设课堂。"},
    "present.join": {"en": "Join the class: scan the code, or open the link and type the class code",
                     "zh": "加入课堂：扫描二维码，或打开链接并输入课堂码"},
    "present.no_question": {"en": "No question asked yet: pick a lesson below and ask its question.",
                            "zh": "还没有提问：在下面选一课并提出它的问题。"},
    "present.order": {"en": "The lessons, in order", "zh": "课程顺序"},
    "present.asked_there": {"en": "Its question is built on its page, from the lesson's default case.",
                            "zh": "它的问题在该页按课程的默认案例生成。"},
    "present.status.new": {"en": "not asked yet", "zh": "尚未提问"},
    "present.status.open": {"en": "● open now: {n} answers", "zh": "● 正在作答：{n} 份答案"},
    "present.status.open.one": {"en": "● open now: {n} answer", "zh": "● 正在作答：{n} 份答案"},
    "present.status.asked": {"en": "asked: {n} answers, not revealed", "zh": "已提问：{n} 份答案，未揭晓"},
    "present.status.asked.one": {"en": "asked: {n} answer, not revealed", "zh": "已提问：{n} 份答案，未揭晓"},
    "present.status.done": {"en": "✓ revealed: {n} answers", "zh": "✓ 已揭晓：{n} 份答案"},
    "present.status.done.one": {"en": "✓ revealed: {n} answer", "zh": "✓ 已揭晓：{n} 份答案"},
    "present.ask": {"en": "Go and ask ▶", "zh": "前往并提问 ▶"},
    "present.ask_again": {"en": "Ask again ▶", "zh": "再问一次 ▶"},
}
