#include "window/EmptyStateView.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "models/DemoModel.h"

namespace hearth::app {

EmptyStateView::EmptyStateView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("emptyState"));

  auto* title = new QLabel(tr("No model is open"), this);
  title->setObjectName(QStringLiteral("emptyStateTitle"));
  QFont titleFont = title->font();
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
  titleFont.setBold(true);
  title->setFont(titleFont);
  title->setAlignment(Qt::AlignCenter);

  auto* body = new QLabel(this);
  body->setObjectName(QStringLiteral("emptyStateBody"));
  body->setWordWrap(true);
  body->setTextFormat(Qt::RichText);
  body->setTextInteractionFlags(Qt::TextSelectableByMouse);
  body->setText(tr(
      "<p>Hearth runs NVIDIA Nemotron 3 models (Super 120B, Nano 30B, Nano 4B) entirely on this computer. "
      "Nothing you type or open here leaves it, and Hearth never connects to the network.</p>"
      "<p><b>To get a model</b>, use a GGUF file you already have:</p>"
      "<ul>"
      "<li>With Ollama: run <code>ollama pull nemotron-3-super</code> (or <code>nemotron-3-nano</code>). "
      "Hearth reads Ollama's model store in place; nothing is copied.</li>"
      "<li>From llama.cpp or the Hugging Face cache: choose the <code>.gguf</code> file with "
      "<i>File ▸ Open Model…</i>.</li>"
      "</ul>"
      "<p>Nemotron 3 Super needs about 65–87 GB of memory depending on the quantisation; Nano 30B about 18–32 GB.</p>"
      "<p>No model yet? <b>Try the demo model</b>: a tiny model with random weights that comes with Hearth. "
      "Its answers are gibberish, but everything else works, so you can see how Hearth feels.</p>"));

  openButton_ = new QPushButton(tr("Open GGUF File…"), this);
  openButton_->setObjectName(QStringLiteral("emptyStateOpenButton"));
  openButton_->setAccessibleName(tr("Open a GGUF model file"));
  connect(openButton_, &QPushButton::clicked, this, &EmptyStateView::openModelRequested);

  demoButton_ = new QPushButton(tr("Try the Demo Model"), this);
  demoButton_->setObjectName(QStringLiteral("emptyStateDemoButton"));
  demoButton_->setAccessibleName(tr("Try the demo model (random weights, produces gibberish)"));
  connect(demoButton_, &QPushButton::clicked, this, [this] {
    if (!demoPath_.isEmpty()) emit modelChosen(demoPath_, demoModelDisplayName(), true);
  });
  setDemoModelPath(demoModelPath());

  auto* column = new QVBoxLayout;
  column->addStretch(1);
  column->addWidget(title);
  column->addSpacing(12);
  column->addWidget(body);
  column->addSpacing(12);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(openButton_);
  buttons->addWidget(demoButton_);
  buttons->addStretch(1);
  column->addLayout(buttons);
  column->addStretch(2);

  // Keep the text a readable width on wide windows.
  auto* row = new QHBoxLayout(this);
  row->addStretch(1);
  row->addLayout(column, 4);
  row->addStretch(1);
}

void EmptyStateView::setDemoModelPath(const QString& path) {
  demoPath_ = path;
  demoButton_->setEnabled(!path.isEmpty());
  const QString why = path.isEmpty()
                          ? tr("The demo model was not found next to Hearth; this installation is incomplete.")
                          : demoModelDescription();
  demoButton_->setToolTip(why);
  demoButton_->setAccessibleDescription(why);
}

}  // namespace hearth::app
