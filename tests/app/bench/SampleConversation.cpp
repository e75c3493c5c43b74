#include "SampleConversation.h"

#include <QStringList>
#include <iterator>
#include <random>

namespace hearth::app::bench {

namespace {

// Words and snippets the generator draws from: plain prose as answers have it, plus the code languages
// people ask about most, so highlighting costs what it costs in real use.
const QStringList kWords = {
    QStringLiteral("the"),        QStringLiteral("contract"),  QStringLiteral("clause"),    QStringLiteral("patient"),
    QStringLiteral("dose"),       QStringLiteral("account"),   QStringLiteral("risk"),      QStringLiteral("model"),
    QStringLiteral("memory"),     QStringLiteral("because"),   QStringLiteral("however"),   QStringLiteral("which"),
    QStringLiteral("should"),     QStringLiteral("consider"),  QStringLiteral("the"),       QStringLiteral("a"),
    QStringLiteral("of"),         QStringLiteral("and"),       QStringLiteral("in"),        QStringLiteral("**important**"),
    QStringLiteral("`value`"),    QStringLiteral("*note*"),    QStringLiteral("payment"),   QStringLiteral("liability"),
    QStringLiteral("termination"), QStringLiteral("schedule"), QStringLiteral("interest"),  QStringLiteral("report"),
};

struct Snippet {
  const char* language;
  const char* code;
};
const Snippet kSnippets[] = {
    {"python", "def monthly_rate(annual: float) -> float:\n    \"\"\"Nominal annual rate to monthly.\"\"\"\n"
               "    return (1 + annual) ** (1 / 12) - 1\n\nprint(monthly_rate(0.05))"},
    {"cpp", "#include <vector>\n\nint sum(const std::vector<int>& v) {\n  int s = 0;\n  for (int x : v) s += x;\n"
            "  return s;\n}"},
    {"sql", "SELECT client, SUM(amount) AS total\nFROM invoices\nWHERE due < date('now')\nGROUP BY client\n"
            "ORDER BY total DESC;"},
    {"json", "{\n  \"patient\": \"A-1042\",\n  \"doses\": [5, 5, 10],\n  \"unit\": \"mg\"\n}"},
    {"bash", "for f in *.pdf; do\n  pdftotext \"$f\" - | wc -w\ndone"},
};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  QString sentence(int words) {
    QStringList out;
    for (int i = 0; i < words; ++i) out << kWords[below(static_cast<int>(kWords.size()))];
    QString s = out.join(u' ');
    s[0] = s[0].toUpper();
    return s + u'.';
  }

  QString paragraph() {
    QStringList s;
    for (int i = 0, n = 2 + below(4); i < n; ++i) s << sentence(6 + below(12));
    return s.join(u' ');
  }

  // One Markdown block: mostly paragraphs, sometimes a list, a table or a fenced code block.
  QString block() {
    switch (below(10)) {
      case 0: {
        const Snippet& s = kSnippets[below(static_cast<int>(std::size(kSnippets)))];
        return QStringLiteral("```%1\n%2\n```").arg(QLatin1String(s.language), QLatin1String(s.code));
      }
      case 1: {
        QStringList items;
        for (int i = 0, n = 2 + below(4); i < n; ++i) items << QStringLiteral("- ") + sentence(4 + below(8));
        return items.join(u'\n');
      }
      case 2:
        return QStringLiteral("| Item | Amount | Due |\n|:--|--:|:-:|\n| Rent | 1,200 | 1st |\n| Fees | 85 | 15th |");
      case 3:
        return QStringLiteral("### ") + sentence(3 + below(3));
      default:
        return paragraph();
    }
  }

  QString answer(int words) {
    QStringList blocks;
    int written = 0;
    while (written < words) {
      blocks << block();
      written += static_cast<int>(blocks.last().count(u' ')) + 1;
    }
    return blocks.join(QStringLiteral("\n\n"));
  }

 private:
  std::mt19937 rng_;
};

}  // namespace

QString randomAnswer(std::uint32_t seed, int words) { return Generator(seed).answer(words); }

StorageResult<ConversationId> writeLongConversation(Storage& storage, int count, std::uint32_t seed) {
  auto conversation = storage.createConversation(QStringLiteral("Benchmark: %1 messages").arg(count));
  if (!conversation) return conversation.error();
  Generator g(seed);
  MessageId parent = 0;
  for (int i = 0; i < count; ++i) {
    NewMessage m;
    m.conversationId = conversation->id;
    m.parentId = parent;
    if (i % 2 == 0) {
      m.role = Role::User;
      m.content = g.sentence(8 + g.below(20));
    } else {
      m.role = Role::Assistant;
      m.model = QStringLiteral("nemotron-3-nano");
      m.content = g.answer(60 + g.below(200));
      if (g.below(4) == 0) m.reasoning = g.paragraph();
    }
    auto added = storage.addMessage(m);
    if (!added) return added.error();
    parent = added->id;
  }
  return conversation->id;
}

StorageResult<ConversationId> writeShowcaseConversation(Storage& storage) {
  auto conversation = storage.createConversation(QStringLiteral("Loan schedule in Python"));
  if (!conversation) return conversation.error();
  struct Turn {
    Role role;
    QString content;
    QString reasoning;
  };
  const Turn turns[] = {
      {Role::User,
       QStringLiteral("Write a Python function for the monthly payment of a loan, and show a short schedule for "
                      "10,000 at 4.5% over 12 months."),
       {}},
      {Role::Assistant,
       QStringLiteral(
           "Here is the standard **annuity formula**: the payment stays the same every month, and each payment "
           "first covers the interest on what is still owed.\n\n"
           "```python\ndef monthly_payment(principal: float, annual_rate: float, months: int) -> float:\n"
           "    \"\"\"Fixed payment that repays `principal` in `months` instalments.\"\"\"\n"
           "    r = annual_rate / 12\n    if r == 0:\n        return principal / months\n"
           "    return principal * r / (1 - (1 + r) ** -months)\n\n"
           "print(round(monthly_payment(10_000, 0.045, 12), 2))  # 853.79\n```\n\n"
           "The first three months of the schedule:\n\n"
           "| Month | Payment | Interest | Principal | Balance |\n|--:|--:|--:|--:|--:|\n"
           "| 1 | 853.79 | 37.50 | 816.29 | 9,183.71 |\n| 2 | 853.79 | 34.44 | 819.35 | 8,364.36 |\n"
           "| 3 | 853.79 | 31.37 | 822.42 | 7,541.94 |\n\n"
           "- The *interest* part shrinks each month.\n- Rounding makes the last payment differ by a few cents."),
       QStringLiteral("The user wants the annuity formula. Monthly rate r = 0.045/12 = 0.00375. Payment = P·r / "
                      "(1 − (1+r)^−n) = 853.79. Then interest for month 1 is 10,000 × 0.00375 = 37.50.")},
      {Role::User, QStringLiteral("Can the rate change halfway through?"), {}},
      {Role::Assistant,
       QStringLiteral("Yes. With a variable rate, recompute the payment from the **remaining balance** and the "
                      "months left whenever the rate changes: call `monthly_payment(balance, new_rate, "
                      "months_left)`."),
       {}},
  };
  MessageId parent = 0;
  for (const Turn& t : turns) {
    NewMessage m{conversation->id, parent, t.role, t.content, t.reasoning, MessageStatus::Complete,
                 t.role == Role::Assistant ? QStringLiteral("nemotron-3-nano") : QString()};
    auto added = storage.addMessage(m);
    if (!added) return added.error();
    parent = added->id;
  }
  return conversation->id;
}

}  // namespace hearth::app::bench
