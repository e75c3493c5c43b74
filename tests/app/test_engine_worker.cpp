// The engine thread through EngineController, on the synthetic tiny model: load progress and cancel,
// streamed chunks that add up to the finished reply, prompt reuse across turns, Stop within 100 ms, and
// typed errors for a damaged file and for generating without a model.
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "TinyModel.h"
#include "backend/device_info.h"
#include "core/status.h"
#include "engine/BackendChoice.h"
#include "engine/EngineController.h"
#include "engine/EngineWorker.h"

using namespace hearth::app;

namespace {

GenerationRequest question(const QString& text, qint64 maxTokens, std::uint64_t seed = 7) {
  GenerationRequest r;
  r.messages = {ChatTurn{Role::User, text, {}}};
  r.systemPrompt = QStringLiteral("You are terse.");
  r.thinking = ThinkingMode::On;
  r.sampling.seed = seed;
  r.maxTokens = maxTokens;
  return r;
}

struct Collected {
  QString content;
  QString reasoning;
  int chunks = 0;
};

}  // namespace

class TestEngineWorker : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString model_;

  // Loads the tiny model into `engine` and waits for it.
  bool load(EngineController& engine) {
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    engine.loadModel(model_, QStringLiteral("tiny"));
    return loaded.wait(60000) && engine.state() == EngineController::State::Ready;
  }

  // Runs `request` to the end, collecting its chunks; returns the finished stats.
  GenerationStats run(EngineController& engine, const GenerationRequest& request, Collected& out) {
    QSignalSpy finished(&engine, &EngineController::generationFinished);
    auto c1 = connect(&engine, &EngineController::contentChunk, this, [&out](qint64, const QString& t) {
      out.content += t;
      ++out.chunks;
    });
    auto c2 = connect(&engine, &EngineController::reasoningChunk, this, [&out](qint64, const QString& t) {
      out.reasoning += t;
      ++out.chunks;
    });
    const qint64 id = engine.generate(request);
    const bool ok = id != 0 && finished.wait(60000);
    disconnect(c1);
    disconnect(c2);
    if (!ok || finished.isEmpty()) return {};
    if (finished.first().at(0).toLongLong() != id) return {};
    return finished.first().at(1).value<GenerationStats>();
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    QString error;
    model_ = test::synthesizeTinyModel(dir_, &error);
    QVERIFY2(!model_.isEmpty(), qPrintable(error));
  }

  void loadReportsProgressAndTheModel() {
    EngineController engine;
    engine.worker()->setLoadChunkBytes(64 << 10);
    QSignalSpy progress(&engine, &EngineController::loadProgress);
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    QSignalSpy states(&engine, &EngineController::stateChanged);
    engine.loadModel(model_, QStringLiteral("tiny"));
    QCOMPARE(engine.state(), EngineController::State::Loading);
    QVERIFY(loaded.wait(60000));
    QCOMPARE(engine.state(), EngineController::State::Ready);

    QVERIFY2(progress.size() >= 3, qPrintable(QString::number(progress.size())));
    quint64 previous = 0;
    for (const QList<QVariant>& p : progress) {
      const quint64 done = p.at(0).toULongLong();
      QVERIFY(done >= previous);  // never backwards
      previous = done;
    }
    const quint64 total = progress.last().at(1).toULongLong();
    QVERIFY(total > 0);
    QCOMPARE(progress.last().at(0).toULongLong(), total);

    const auto info = loaded.first().first().value<LoadedModelInfo>();
    QCOMPARE(info.name, QStringLiteral("tiny"));
    QCOMPARE(info.path, model_);
    QCOMPARE(info.architecture, QStringLiteral("nemotron_h_moe"));
    QCOMPARE(info.quantisation, QStringLiteral("F32"));  // the synthesiser's default mix
    QCOMPARE(info.backend, QStringLiteral("CPU"));
    QVERIFY(!info.device.isEmpty());
    // The CPU because no GPU can be used here, said the way the status bar says it before a model.
    const hearth::DeviceReport devices = hearth::query_devices();
    QVERIFY(!info.backendReason.isEmpty());
    QCOMPARE(info.backendReason, noGpuText(devices.no_gpu, QString::fromStdString(devices.cuda_error)));
    QVERIFY(info.parameterCount > 0);
    QVERIFY(info.trainedContext > 0);
    QVERIFY(info.contextLimit > 0 && info.contextLimit <= info.trainedContext);
    QVERIFY(info.weightBytes >= total / 2);
    QCOMPARE(engine.model().name, QStringLiteral("tiny"));
    QCOMPARE(states.first().first().value<EngineController::State>(), EngineController::State::Loading);
  }

  void cancelledLoadFailsAsCancelled() {
    EngineController engine;
    engine.worker()->setLoadChunkBytes(4 << 10);
    // Cancel from inside the first progress report (on the engine thread): the next chunk sees it.
    EngineWorker* worker = engine.worker();
    connect(worker, &EngineWorker::loadProgress, worker, [worker] { worker->requestCancelLoad(); },
            Qt::DirectConnection);
    QSignalSpy failed(&engine, &EngineController::loadFailed);
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    engine.loadModel(model_, QStringLiteral("tiny"));
    QVERIFY(failed.wait(60000));
    QCOMPARE(loaded.size(), 0);
    const auto error = failed.first().first().value<EngineError>();
    QCOMPARE(error.code, static_cast<int>(hearth::ErrorCode::Cancelled));
    QVERIFY(!error.message.isEmpty());
    QCOMPARE(engine.state(), EngineController::State::NoModel);
  }

  void truncatedFileFailsWithAMessage() {
    QFile source(model_);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray bytes = source.readAll();
    const QString truncated = dir_.filePath(QStringLiteral("truncated_tensor_data.gguf"));
    QFile out(truncated);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.left(bytes.size() * 2 / 3));
    out.close();

    EngineController engine;
    QSignalSpy failed(&engine, &EngineController::loadFailed);
    engine.loadModel(truncated, QStringLiteral("truncated"));
    QVERIFY(failed.wait(60000));
    const auto error = failed.first().first().value<EngineError>();
    QVERIFY2(error.code == static_cast<int>(hearth::ErrorCode::MalformedFile) ||
                 error.code == static_cast<int>(hearth::ErrorCode::IoError),
             qPrintable(QString::number(error.code)));
    QVERIFY(error.message.size() > 20);
    QVERIFY(!error.hint.isEmpty());
    QCOMPARE(engine.state(), EngineController::State::NoModel);
  }

  void generatingWithoutAModelIsRefused() {
    EngineController engine;
    QCOMPARE(engine.generate(question(QStringLiteral("Hi"), 4)), 0);
    // The worker itself also answers with a typed error when asked directly.
    QSignalSpy failed(engine.worker(), &EngineWorker::generationFailed);
    GenerationRequest r = question(QStringLiteral("Hi"), 4);
    r.requestId = 99;
    QMetaObject::invokeMethod(engine.worker(), "generate", Qt::QueuedConnection, Q_ARG(hearth::app::GenerationRequest, r));
    // The spy hears the worker's thread directly: the signal may come before wait() starts.
    QVERIFY(!failed.isEmpty() || failed.wait(10000));
    QCOMPARE(failed.first().at(0).toLongLong(), 99);
    QCOMPARE(failed.first().at(1).value<EngineError>().code, static_cast<int>(hearth::ErrorCode::NotAvailable));
  }

  void chunksAddUpToTheFinishedReply() {
    EngineController engine;
    QVERIFY(load(engine));
    QSignalSpy progress(&engine, &EngineController::generationProgress);
    Collected got;
    const GenerationStats stats = run(engine, question(QStringLiteral("Tell me about hearths."), 64), got);
    QVERIFY(stats.generatedTokens > 0);
    QVERIFY(got.chunks > 0);
    QCOMPARE(got.content, stats.content);
    QCOMPARE(got.reasoning, stats.reasoning);
    QVERIFY(!(stats.content + stats.reasoning).isEmpty());
    QVERIFY2(stats.stopReason == QLatin1String("max_tokens") || stats.stopReason == QLatin1String("end"),
             qPrintable(stats.stopReason));
    if (stats.stopReason == QLatin1String("max_tokens")) QCOMPARE(stats.generatedTokens, 64);
    QVERIFY(stats.promptTokens > 0);
    QCOMPARE(stats.reusedTokens, 0);
    QVERIFY(stats.contextTokens >= stats.promptTokens + stats.generatedTokens - 1);
    QVERIFY(stats.contextLimit > 0);
    QVERIFY(stats.firstTokenMs >= 0);
    QVERIFY(stats.hostMemoryBytes > 0);
    QCOMPARE(engine.state(), EngineController::State::Ready);
    for (const QList<QVariant>& p : progress) {
      const auto s = p.at(1).value<GenerationStats>();
      QVERIFY(s.generatedTokens <= stats.generatedTokens);
      QVERIFY(s.content.isEmpty());  // text travels in chunks only
    }
  }

  void nextTurnReusesThePrompt() {
    EngineController engine;
    QVERIFY(load(engine));
    Collected first;
    const GenerationRequest ask = question(QStringLiteral("First question"), 24);
    const GenerationStats a = run(engine, ask, first);
    QVERIFY(a.promptTokens > 0);

    // The same prompt again (regenerate): all of it comes from the snapshot taken after its prefill.
    Collected again;
    const GenerationStats b = run(engine, question(QStringLiteral("First question"), 24, 8), again);
    QCOMPARE(b.reusedTokens, a.promptTokens);
    QCOMPARE(b.promptTokens, 0);
    QVERIFY(b.generatedTokens > 0);

    // A follow-up: the conversation up to the first question is reused (everything but the generation
    // prompt, which the template renders differently once the answer is history); the rest is prefilled.
    GenerationRequest follow = question(QStringLiteral("First question"), 16);
    follow.messages.append(ChatTurn{Role::Assistant, b.content, b.reasoning});
    follow.messages.append(ChatTurn{Role::User, QStringLiteral("And a second one"), {}});
    Collected third;
    const GenerationStats c = run(engine, follow, third);
    QVERIFY2(c.reusedTokens > a.promptTokens / 2 && c.reusedTokens < a.promptTokens,
             qPrintable(QStringLiteral("reused %1 of a %2-token first prompt").arg(c.reusedTokens).arg(a.promptTokens)));
    QVERIFY(c.promptTokens > 0);
    QCOMPARE(third.content, c.content);

    // Regenerating the follow-up prefills nothing.
    Collected fourth;
    const GenerationStats d = run(engine, follow, fourth);
    QCOMPARE(d.reusedTokens, c.reusedTokens + c.promptTokens);
    QCOMPARE(d.promptTokens, 0);

    // Another conversation altogether starts from an empty context.
    Collected other;
    const GenerationStats e = run(engine, question(QStringLiteral("Unrelated"), 4), other);
    QCOMPARE(e.reusedTokens, 0);
  }

  void stopEndsTheAnswerWithin100ms() {
    EngineController engine;
    QVERIFY(load(engine));
    QSignalSpy finished(&engine, &EngineController::generationFinished);
    QSignalSpy content(&engine, &EngineController::contentChunk);
    QSignalSpy reasoning(&engine, &EngineController::reasoningChunk);
    const qint64 id = engine.generate(question(QStringLiteral("Write a long essay."), 100000));
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(content.size() + reasoning.size() >= 3 || !finished.isEmpty(), 30000);
    QVERIFY2(finished.isEmpty(), "the answer ended before Stop could be tried");
    QElapsedTimer latency;
    latency.start();
    engine.stop();
    QVERIFY(finished.wait(5000));
    const qint64 ms = latency.elapsed();
    qInfo("stop latency: %lld ms", static_cast<long long>(ms));
    QVERIFY2(ms < 100, qPrintable(QStringLiteral("stop took %1 ms").arg(ms)));
    QCOMPARE(finished.first().at(0).toLongLong(), id);
    const auto stats = finished.first().at(1).value<GenerationStats>();
    QCOMPARE(stats.stopReason, QStringLiteral("stopped"));
    QVERIFY(stats.generatedTokens > 0);
    QCOMPARE(engine.state(), EngineController::State::Ready);

    // A stop does not leak into the next request.
    Collected next;
    const GenerationStats after = run(engine, question(QStringLiteral("Short one"), 8), next);
    QVERIFY(after.stopReason != QLatin1String("stopped"));
    QVERIFY(after.generatedTokens > 0);
  }
};

QTEST_GUILESS_MAIN(TestEngineWorker)
#include "test_engine_worker.moc"
