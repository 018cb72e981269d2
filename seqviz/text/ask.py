"""Predict, then reveal: the question box, the verdict and the reveal's picture (seqviz.lessons.questions)."""

STRINGS = {
    "ask.switch": {"en": "Ask before showing", "zh": "先提问再揭晓"},
    "ask.switch.help": {"en": "Each lesson asks its question before its picture gives the answer away. "
                              "Turn off for a demo.",
                        "zh": "每课先提一个问题，作答后图中的答案才显示。演示时可关闭。"},
    "ask.header": {"en": "🤔 Predict first:", "zh": "🤔 先猜一猜："},
    "ask.your_answer": {"en": "Your answer", "zh": "你的答案"},
    "ask.send": {"en": "Answer", "zh": "作答"},
    "ask.skip": {"en": "Skip", "zh": "跳过"},
    "ask.pick_first": {"en": "Pick an answer first (or skip).", "zh": "请先选一个答案（或跳过）。"},
    "ask.held_back": {"en": "The picture below holds back the marks that answer this until you answer or "
                            "skip.",
                      "zh": "在你作答或跳过之前，下图隐藏了能直接给出答案的部分。"},
    "ask.hidden": {"en": "🙈 The numbers show once you answer the question above.",
                   "zh": "🙈 回答上面的问题后显示数字。"},
    "ask.again": {"en": "Ask me again", "zh": "再问一次"},
    "ask.points": {"en": " percentage points", "zh": " 个百分点"},
    "ask.unknown": {"en": "not known yet", "zh": "尚不可知"},
    "ask.verdict.right": {"en": "✅ Right: **{answer}**.", "zh": "✅ 答对了：**{answer}**。"},
    "ask.verdict.wrong": {"en": "❌ You said **{guess}**; the answer is **{answer}**.",
                          "zh": "❌ 你的答案是 **{guess}**；正确答案是 **{answer}**。"},
    "ask.verdict.factor": {"en": "You said **{guess}**; the answer is **{answer}**: off by a factor of "
                                 "{factor:.1f}.",
                           "zh": "你的答案是 **{guess}**；正确答案是 **{answer}**：相差 {factor:.1f} 倍。"},
    "ask.verdict.points": {"en": "You said **{guess}**; the answer is **{answer}**: {off} off.",
                           "zh": "你的答案是 **{guess}**；正确答案是 **{answer}**：相差 {off}。"},
    "ask.verdict.skipped": {"en": "You skipped; the answer is **{answer}**.",
                            "zh": "你跳过了；正确答案是 **{answer}**。"},
    "ask.verdict.pending": {"en": "Your guess: **{guess}**. The answer is not known yet.",
                            "zh": "你的猜测：**{guess}**。答案尚不可知。"},
    "ask.figure.title": {"en": "Guesses beside the answer", "zh": "猜测与答案"},
    "ask.figure.guesses": {"en": "guesses", "zh": "猜测"},
    "ask.figure.count": {"en": "answers", "zh": "作答人数"},
    "ask.figure.yours": {"en": "your guess", "zh": "你的猜测"},
    "ask.figure.answer": {"en": "the answer", "zh": "答案"},
    "ask.figure.value": {"en": "answer", "zh": "答案"},
}
