<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BackendChoice</name>
    <message>
        <source>Processor (%1 threads)</source>
        <translation>Prozessor (%1 Threads)</translation>
    </message>
    <message>
        <source>This build of Hearth has no CUDA support.</source>
        <translation>Diese Hearth-Version wurde ohne CUDA-Unterstützung gebaut.</translation>
    </message>
    <message>
        <source>No CUDA driver is installed.</source>
        <translation>Es ist kein CUDA-Treiber installiert.</translation>
    </message>
    <message>
        <source>No CUDA device was found.</source>
        <translation>Es wurde kein CUDA-Gerät gefunden.</translation>
    </message>
    <message>
        <source>No CUDA device can be used (%1).</source>
        <extracomment>%1 is the CUDA runtime&apos;s own error message, in English (e.g. &quot;all CUDA-capable devices are busy or unavailable&quot;).</extracomment>
        <translation>Kein CUDA-Gerät ist nutzbar (%1).</translation>
    </message>
    <message>
        <source>The CUDA devices could not be queried.</source>
        <translation>Die CUDA-Geräte konnten nicht abgefragt werden.</translation>
    </message>
    <message>
        <source>The model and a context of %1 tokens need %2, and %3 has %4 free, so the model runs on the GPU.</source>
        <extracomment>%1 is a number of tokens (&quot;8,257&quot;), %2 the memory the model needs (&quot;44.0 GiB&quot;), %3 the GPU&apos;s name (&quot;NVIDIA H200&quot;), %4 the GPU&apos;s free memory (&quot;139.3 GiB&quot;).</extracomment>
        <translation>Das Modell und ein Kontext von %1 Tokens brauchen %2, und %3 hat %4 frei, daher läuft das Modell auf der GPU.</translation>
    </message>
    <message>
        <source>The model and a context of %1 tokens need %2, but %3 has only %4 free, so the model runs on the processor.</source>
        <extracomment>%1 is a number of tokens (&quot;8,257&quot;), %2 the memory the model needs (&quot;44.0 GiB&quot;), %3 the GPU&apos;s name (&quot;NVIDIA GeForce RTX 4090&quot;), %4 the GPU&apos;s free memory (&quot;22.1 GiB&quot;).</extracomment>
        <translation>Das Modell und ein Kontext von %1 Tokens brauchen %2, aber %3 hat nur %4 frei, daher läuft das Modell auf dem Prozessor.</translation>
    </message>
    <message>
        <source>The model runs on the processor because the CPU backend was asked for.</source>
        <translation>Das Modell läuft auf dem Prozessor, weil das CPU-Backend gewählt wurde.</translation>
    </message>
    <message>
        <source>Loading the model onto %1 failed (%2), so it runs on the processor.</source>
        <extracomment>%1 is the GPU&apos;s name (&quot;NVIDIA GeForce RTX 4090&quot;); %2 the engine&apos;s error message, in English.</extracomment>
        <translation>Das Laden des Modells auf %1 ist fehlgeschlagen (%2), daher läuft es auf dem Prozessor.</translation>
    </message>
</context>
<context>
    <name>EngineError</name>
    <message>
        <source>The engine was asked for something it cannot do.</source>
        <translation>Die Inferenz-Engine wurde um etwas gebeten, das sie nicht kann.</translation>
    </message>
    <message>
        <source>Check the settings (context length, sampling) and try again.</source>
        <translation>Prüfen Sie die Einstellungen (Kontextlänge, Generierung) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The model file could not be read.</source>
        <translation>Die Modelldatei konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Check that the file still exists, that you may read it, and that the disk is healthy.</source>
        <translation>Prüfen Sie, ob die Datei noch existiert, ob Sie sie lesen dürfen und ob der Datenträger in Ordnung ist.</translation>
    </message>
    <message>
        <source>The model file is damaged or incomplete.</source>
        <translation>Die Modelldatei ist beschädigt oder unvollständig.</translation>
    </message>
    <message>
        <source>Download the model again; an interrupted download leaves a truncated file.</source>
        <translation>Laden Sie das Modell erneut herunter; ein abgebrochener Download hinterlässt eine unvollständige Datei.</translation>
    </message>
    <message>
        <source>Hearth cannot run this kind of model.</source>
        <translation>Hearth kann diese Art von Modell nicht ausführen.</translation>
    </message>
    <message>
        <source>Hearth runs NVIDIA Nemotron 3 models (Nano and Super) in GGUF format.</source>
        <translation>Hearth führt NVIDIA-Nemotron-3-Modelle (Nano und Super) im GGUF-Format aus.</translation>
    </message>
    <message>
        <source>The model uses a weight format Hearth cannot compute.</source>
        <translation>Das Modell verwendet ein Gewichtsformat, mit dem Hearth nicht rechnen kann.</translation>
    </message>
    <message>
        <source>Choose another quantisation of the same model, such as Q4_K_M or Q8_0.</source>
        <translation>Wählen Sie eine andere Quantisierung desselben Modells, etwa Q4_K_M oder Q8_0.</translation>
    </message>
    <message>
        <source>The model&apos;s tensors do not have the shapes its header describes.</source>
        <translation>Die Tensoren des Modells haben nicht die Formen, die sein Header beschreibt.</translation>
    </message>
    <message>
        <source>The file is probably damaged or was converted by a faulty tool; download it again.</source>
        <translation>Die Datei ist wahrscheinlich beschädigt oder wurde mit einem fehlerhaften Werkzeug konvertiert; laden Sie sie erneut herunter.</translation>
    </message>
    <message>
        <source>The model file lacks weights the model needs.</source>
        <translation>Der Modelldatei fehlen Gewichte, die das Modell benötigt.</translation>
    </message>
    <message>
        <source>The file is incomplete or not a Nemotron 3 model; download it again.</source>
        <translation>Die Datei ist unvollständig oder kein Nemotron-3-Modell; laden Sie sie erneut herunter.</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the context.</source>
        <translation>Die Unterhaltung passt nicht mehr in den Kontext.</translation>
    </message>
    <message>
        <source>Start a new conversation, or raise the context length in Settings.</source>
        <translation>Beginnen Sie eine neue Unterhaltung oder erhöhen Sie die Kontextlänge in den Einstellungen.</translation>
    </message>
    <message>
        <source>There is not enough memory.</source>
        <translation>Es ist nicht genügend Arbeitsspeicher vorhanden.</translation>
    </message>
    <message>
        <source>Lower the context length in Settings, close other programs, or choose a smaller model.</source>
        <translation>Verringern Sie die Kontextlänge in den Einstellungen, schließen Sie andere Programme oder wählen Sie ein kleineres Modell.</translation>
    </message>
    <message>
        <source>The GPU reported an error.</source>
        <translation>Die GPU hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>Update the NVIDIA driver; if it persists, restart Hearth.</source>
        <translation>Aktualisieren Sie den NVIDIA-Treiber; tritt der Fehler weiterhin auf, starten Sie Hearth neu.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>This is not available in this build of Hearth.</source>
        <translation>Dies ist in dieser Version von Hearth nicht verfügbar.</translation>
    </message>
    <message>
        <source>A build with CUDA support is needed for GPU inference.</source>
        <translation>Für die Inferenz auf der GPU ist eine Version mit CUDA-Unterstützung erforderlich.</translation>
    </message>
    <message>
        <source>The input is not text.</source>
        <translation>Die Eingabe ist kein Text.</translation>
    </message>
    <message>
        <source>Attach text documents only.</source>
        <translation>Hängen Sie nur Textdokumente an.</translation>
    </message>
    <message>
        <source>Hearth ran into an internal error.</source>
        <translation>In Hearth ist ein interner Fehler aufgetreten.</translation>
    </message>
    <message>
        <source>Please report this, with the details, so it can be fixed.</source>
        <translation>Bitte melden Sie dies mit den Details, damit der Fehler behoben werden kann.</translation>
    </message>
    <message>
        <source>The engine failed (code %1).</source>
        <translation>Die Inferenz-Engine ist fehlgeschlagen (Code %1).</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>Open a model (File ▸ Open Model…) or try the demo model.</source>
        <translation>Öffnen Sie ein Modell (Datei ▸ Modell öffnen…) oder probieren Sie das Demomodell aus.</translation>
    </message>
</context>
<context>
    <name>StorageMessages</name>
    <message>
        <source>Hearth cannot open its conversation database. Check that the folder is writable and the disk is not full.</source>
        <translation>Hearth kann seine Unterhaltungsdatenbank nicht öffnen. Prüfen Sie, ob der Ordner beschreibbar und der Datenträger nicht voll ist.</translation>
    </message>
    <message>
        <source>The conversation database is damaged and cannot be read. It was kept, unchanged, as “%1” so that it can be recovered; nothing was deleted.</source>
        <translation>Die Unterhaltungsdatenbank ist beschädigt und kann nicht gelesen werden. Sie wurde unverändert als „%1“ aufbewahrt, damit sie wiederhergestellt werden kann; es wurde nichts gelöscht.</translation>
    </message>
    <message>
        <source>The conversation database was written by a newer version of Hearth. Update Hearth to open it; the file was not changed.</source>
        <translation>Die Unterhaltungsdatenbank wurde von einer neueren Version von Hearth geschrieben. Aktualisieren Sie Hearth, um sie zu öffnen; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Hearth could not upgrade the conversation database. It was left as it was, and a copy taken before the upgrade is at “%1”.</source>
        <translation>Hearth konnte die Unterhaltungsdatenbank nicht aktualisieren. Sie wurde unverändert gelassen; eine vor der Aktualisierung erstellte Kopie liegt unter „%1“.</translation>
    </message>
    <message>
        <source>The conversation database is in use by another program. Close other copies of Hearth and try again.</source>
        <translation>Die Unterhaltungsdatenbank wird von einem anderen Programm verwendet. Schließen Sie andere Instanzen von Hearth und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>That conversation or message no longer exists.</source>
        <translation>Diese Unterhaltung oder Nachricht existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Hearth tried to store something invalid; nothing was changed.</source>
        <translation>Hearth hat versucht, ungültige Daten zu speichern; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Saving to the conversation database failed. Check that the disk is not full.</source>
        <translation>Das Speichern in der Unterhaltungsdatenbank ist fehlgeschlagen. Prüfen Sie, ob der Datenträger voll ist.</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatFlow</name>
    <message>
        <source>No model was ready to answer.</source>
        <translation>Es war kein Modell bereit zu antworten.</translation>
    </message>
    <message>
        <source>The answer stopped because the conversation filled the context (%1 tokens).</source>
        <translation>Die Antwort wurde beendet, weil die Unterhaltung den Kontext (%1 Tokens) ausgefüllt hat.</translation>
    </message>
    <message>
        <source>Start a new conversation, or raise the context length in Settings and load the model again.</source>
        <translation>Beginnen Sie eine neue Unterhaltung oder erhöhen Sie die Kontextlänge in den Einstellungen und laden Sie das Modell erneut.</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Vor dem Ende angehalten.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Interrupted: Hearth closed before this answer was finished.</source>
        <translation>Unterbrochen: Hearth wurde beendet, bevor diese Antwort fertig war.</translation>
    </message>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>%n frühere Nachricht anzeigen</numerusform>
            <numerusform>%n frühere Nachrichten anzeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages of this conversation. Page Up and Page Down scroll; Tab moves through the links on screen, and Enter follows the selected one.</source>
        <translation>Die Nachrichten dieser Unterhaltung. Bild auf und Bild ab blättern; die Tabulatortaste springt zwischen den sichtbaren Links, die Eingabetaste öffnet den ausgewählten.</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Vorherige Version</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Nächste Version</translation>
    </message>
    <message>
        <source>Copy this message as Markdown</source>
        <translation>Diese Nachricht als Markdown kopieren</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
</context>
<context>
    <name>hearth::app::Composer</name>
    <message>
        <source>Editing a message: sending makes a new branch; the original stays.</source>
        <translation>Nachricht wird bearbeitet: Das Senden erzeugt einen neuen Zweig; das Original bleibt erhalten.</translation>
    </message>
    <message>
        <source>Cancel Edit</source>
        <translation>Bearbeitung abbrechen</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Bearbeitung abbrechen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Escape stops the answer.</source>
        <translation>Eingabetaste sendet, Umschalt+Eingabetaste beginnt eine neue Zeile, Esc hält die Antwort an.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>Die Antwort anhalten</translation>
    </message>
    <message>
        <source>Stop the answer being written (Esc)</source>
        <translation>Die entstehende Antwort anhalten (Esc)</translation>
    </message>
    <message>
        <source>Send Edit</source>
        <translation>Änderung senden</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <source>Send (Enter); Shift+Enter starts a new line</source>
        <translation>Senden (Eingabetaste); Umschalt+Eingabetaste beginnt eine neue Zeile</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Open a model to start (File ▸ Open Model…)</source>
        <translation>Öffnen Sie zuerst ein Modell (Datei ▸ Modell öffnen…)</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationExport</name>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>Assistent (%1)</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>*(still being written when exported)*</source>
        <translation>*(wurde beim Export noch geschrieben)*</translation>
    </message>
    <message>
        <source>*(stopped before the end)*</source>
        <translation>*(vor dem Ende angehalten)*</translation>
    </message>
    <message>
        <source>*(failed)*</source>
        <translation>*(fehlgeschlagen)*</translation>
    </message>
    <message>
        <source>*(failed: %1)*</source>
        <translation>*(fehlgeschlagen: %1)*</translation>
    </message>
    <message>
        <source>*(interrupted: Hearth closed while writing it)*</source>
        <translation>*(unterbrochen: Hearth wurde während des Schreibens beendet)*</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>Unbenannte Unterhaltung</translation>
    </message>
    <message>
        <source>*Exported from Hearth. Started %1, last active %2.*</source>
        <translation>*Aus Hearth exportiert. Begonnen am %1, zuletzt aktiv am %2.*</translation>
    </message>
    <message>
        <source>*Version %1 of %2.*</source>
        <translation>*Version %1 von %2.*</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Gedankengang</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>Angehängt: %1</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListModel</name>
    <message>
        <source>Untitled conversation</source>
        <translation>Unbenannte Unterhaltung</translation>
    </message>
    <message>
        <source>%1, pinned</source>
        <translation>%1, angeheftet</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListWidget</name>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>&amp;New Conversation</source>
        <translation>&amp;Neue Unterhaltung</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>&amp;Anheften</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Undo Delete</source>
        <translation>Löschen &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>Anheften auf&amp;heben</translation>
    </message>
    <message>
        <source>%1 renames the selected conversation, %2 deletes it (%3 undoes that) and %4 pins it; the context menu lists these actions.</source>
        <translation>%1 benennt die ausgewählte Unterhaltung um, %2 löscht sie (%3 macht das rückgängig) und %4 heftet sie an; das Kontextmenü listet diese Aktionen auf.</translation>
    </message>
    <message>
        <source>Deleted conversation</source>
        <translation>Gelöschte Unterhaltung</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Suchen…</translation>
    </message>
</context>
<context>
    <name>hearth::app::DemoModel</name>
    <message>
        <source>Demo model — random weights, produces gibberish; for trying the app</source>
        <translation>Demomodell – zufällige Gewichte, erzeugt sinnlosen Text; zum Ausprobieren der App</translation>
    </message>
    <message>
        <source>A tiny model with random weights, built with Hearth. Its answers are gibberish: it is there so you can try the app before you have a real model.</source>
        <translation>Ein sehr kleines Modell mit zufälligen Gewichten, das mit Hearth erstellt wird. Seine Antworten sind sinnlos: Es dient dazu, die App auszuprobieren, bevor Sie ein echtes Modell haben.</translation>
    </message>
</context>
<context>
    <name>hearth::app::EmptyStateView</name>
    <message>
        <source>No model is open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <source>Open GGUF File…</source>
        <translation>GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>Eine GGUF-Modelldatei öffnen</translation>
    </message>
    <message>
        <source>&lt;p&gt;Hearth runs NVIDIA Nemotron 3 models (Super 120B, Nano 30B, Nano 4B) entirely on this computer. Nothing you type or open here leaves it, and Hearth never connects to the network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To get a model&lt;/b&gt;, use a GGUF file you already have:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;With Ollama: run &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (or &lt;code&gt;nemotron-3-nano&lt;/code&gt;). Hearth reads Ollama&apos;s model store in place; nothing is copied.&lt;/li&gt;&lt;li&gt;From llama.cpp or the Hugging Face cache: choose the &lt;code&gt;.gguf&lt;/code&gt; file with &lt;i&gt;File ▸ Open Model…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super needs about 65–87 GB of memory depending on the quantisation; Nano 30B about 18–32 GB.&lt;/p&gt;&lt;p&gt;No model yet? &lt;b&gt;Try the demo model&lt;/b&gt;: a tiny model with random weights that comes with Hearth. Its answers are gibberish, but everything else works, so you can see how Hearth feels.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Hearth führt NVIDIA-Nemotron-3-Modelle (Super 120B, Nano 30B, Nano 4B) vollständig auf diesem Computer aus. Nichts, was Sie hier eingeben oder öffnen, verlässt ihn, und Hearth stellt nie eine Netzwerkverbindung her.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Um ein Modell zu erhalten&lt;/b&gt;, verwenden Sie eine GGUF-Datei, die Sie bereits haben:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Mit Ollama: Führen Sie &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (oder &lt;code&gt;nemotron-3-nano&lt;/code&gt;) aus. Hearth liest Ollamas Modellspeicher direkt; es wird nichts kopiert.&lt;/li&gt;&lt;li&gt;Aus llama.cpp oder dem Hugging-Face-Cache: Wählen Sie die &lt;code&gt;.gguf&lt;/code&gt;-Datei mit &lt;i&gt;Datei ▸ Modell öffnen…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super benötigt je nach Quantisierung etwa 65–87 GB Arbeitsspeicher, Nano 30B etwa 18–32 GB.&lt;/p&gt;&lt;p&gt;Noch kein Modell? &lt;b&gt;Probieren Sie das Demomodell aus&lt;/b&gt;: ein sehr kleines Modell mit zufälligen Gewichten, das Hearth beiliegt. Seine Antworten sind sinnlos, aber alles andere funktioniert, sodass Sie einen Eindruck von Hearth bekommen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Try the Demo Model</source>
        <translation>Demomodell ausprobieren</translation>
    </message>
    <message>
        <source>Try the demo model (random weights, produces gibberish)</source>
        <translation>Das Demomodell ausprobieren (zufällige Gewichte, erzeugt sinnlosen Text)</translation>
    </message>
    <message>
        <source>The demo model was not found next to Hearth; this installation is incomplete.</source>
        <translation>Das Demomodell wurde nicht neben Hearth gefunden; diese Installation ist unvollständig.</translation>
    </message>
</context>
<context>
    <name>hearth::app::LoadProgressWidget</name>
    <message>
        <source>Model loading progress</source>
        <translation>Fortschritt beim Laden des Modells</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel loading the model</source>
        <translation>Laden des Modells abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the load error</source>
        <translation>Die Ladefehlermeldung schließen</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled</source>
        <translation>Das Laden von %1 wurde abgebrochen</translation>
    </message>
    <message>
        <source>Could not load %1</source>
        <translation>%1 konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>Datei wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
</context>
<context>
    <name>hearth::app::MainWindow</name>
    <message>
        <source>Hearth</source>
        <translation>Hearth</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation>Ü&amp;ber Hearth</translation>
    </message>
    <message>
        <source>still being detected</source>
        <translation>wird noch erkannt</translation>
    </message>
    <message>
        <source>%1 (compute capability %2.%3, %4)</source>
        <translation>%1 (Compute Capability %2.%3, %4)</translation>
    </message>
    <message>
        <source>not built</source>
        <translation>nicht enthalten</translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation>Laufzeit %1, kein Treiber</translation>
    </message>
    <message>
        <source>runtime %1, driver %2</source>
        <translation>Laufzeit %1, Treiber %2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Private chat and long-context analysis with Nemotron 3, entirely on this computer.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;KSyntaxHighlighting&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;SQLite&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;GPU&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Vertraulicher Chat und Analyse langer Kontexte mit Nemotron 3, vollständig auf diesem Computer.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;KSyntaxHighlighting&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;SQLite&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;GPU&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation>Über Hearth</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Reading the conversation… %1 of %2 tokens</source>
        <translation>Unterhaltung wird gelesen… %1 von %2 Tokens</translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <translation>Die beschädigte Datei wurde als %1 aufbewahrt.</translation>
    </message>
    <message>
        <source>Conversations will not be kept after Hearth closes.</source>
        <translation>Unterhaltungen werden nach dem Beenden von Hearth nicht aufbewahrt.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Dismiss the notice</source>
        <translation>Den Hinweis ausblenden</translation>
    </message>
    <message>
        <source>Thinking mode for this conversation</source>
        <translation>Denkmodus für diese Unterhaltung</translation>
    </message>
    <message>
        <source>Whether the model reasons before it answers, in this conversation</source>
        <translation>Ob das Modell in dieser Unterhaltung nachdenkt, bevor es antwortet</translation>
    </message>
    <message>
        <source>&amp;New Conversation</source>
        <translation>&amp;Neue Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Export Conversation…</source>
        <translation>Unterhaltung e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Search Conversations</source>
        <translation>Unterhaltungen &amp;durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Write a Message</source>
        <translation>Nachricht &amp;schreiben</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Regenerate Answer</source>
        <translation>Antwort &amp;neu erzeugen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>S&amp;top Answer</source>
        <translation>Antwort &amp;anhalten</translation>
    </message>
    <message>
        <source>%1 is ready.</source>
        <translation>%1 ist bereit.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON archive with every branch (*.json)</source>
        <translation>Markdown (*.md);;JSON-Archiv mit allen Zweigen (*.json)</translation>
    </message>
    <message>
        <source>The conversation could not be saved to %1.</source>
        <translation>Die Unterhaltung konnte nicht unter %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Thinking: on</source>
        <translation>Nachdenken: ein</translation>
    </message>
    <message>
        <source>Thinking: low effort</source>
        <translation>Nachdenken: geringer Aufwand</translation>
    </message>
    <message>
        <source>Thinking: off</source>
        <translation>Nachdenken: aus</translation>
    </message>
    <message>
        <source>The last model, %1, was not found at %2.</source>
        <translation>Das zuletzt verwendete Modell %1 wurde unter %2 nicht gefunden.</translation>
    </message>
    <message>
        <source>Choose a model with File ▸ Open Model…</source>
        <translation>Wählen Sie ein Modell über Datei ▸ Modell öffnen…</translation>
    </message>
</context>
<context>
    <name>hearth::app::MarkdownRenderer</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Denkt nach…</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Gedankengang</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelFormat</name>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Not a Nemotron 3 model</source>
        <translation>Kein Nemotron-3-Modell</translation>
    </message>
    <message>
        <source>Uses a weight format Hearth cannot run</source>
        <translation>Verwendet ein Gewichtsformat, das Hearth nicht ausführen kann</translation>
    </message>
    <message>
        <source>Damaged or incomplete file</source>
        <translation>Beschädigte oder unvollständige Datei</translation>
    </message>
    <message>
        <source>Cannot be read</source>
        <translation>Nicht lesbar</translation>
    </message>
    <message>
        <source>Tensor shapes Hearth does not recognise</source>
        <translation>Tensorformen, die Hearth nicht erkennt</translation>
    </message>
    <message>
        <source>Missing weights Hearth needs</source>
        <translation>Es fehlen Gewichte, die Hearth benötigt</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1&#xa0;Mrd.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1&#xa0;Mio.</translation>
    </message>
    <message>
        <source>%1 GB/s</source>
        <translation>%1 GB/s</translation>
    </message>
    <message>
        <source>%1 MB/s</source>
        <translation>%1 MB/s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Hearth cannot run this file</source>
        <translation>Hearth kann diese Datei nicht ausführen</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelListModel</name>
    <message>
        <source>Built in</source>
        <translation>Integriert</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Architecture: %1</source>
        <translation>Architektur: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Quantisation</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelPickerDialog</name>
    <message>
        <source>Choose a Model</source>
        <translation>Modell auswählen</translation>
    </message>
    <message>
        <source>Open GGUF File</source>
        <translation>GGUF-Datei öffnen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;Ollama model blobs (sha256-*);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Ollama-Modelldateien (sha256-*);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Add a Folder with Models</source>
        <translation>Ordner mit Modellen hinzufügen</translation>
    </message>
    <message>
        <source>Models found on this computer. Hearth reads them where they are; nothing is copied.</source>
        <translation>Auf diesem Computer gefundene Modelle. Hearth liest sie an ihrem Speicherort; es wird nichts kopiert.</translation>
    </message>
    <message>
        <source>Filter by name, source or quantisation</source>
        <translation>Nach Name, Quelle oder Quantisierung filtern</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>Modelle filtern</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>&amp;Open GGUF File…</source>
        <translation>GGUF-Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>Eine GGUF-Modelldatei öffnen</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Add a folder to search for models</source>
        <translation>Einen Ordner hinzufügen, in dem nach Modellen gesucht wird</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Search for models again</source>
        <translation>Erneut nach Modellen suchen</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>Load the selected model</source>
        <translation>Das ausgewählte Modell laden</translation>
    </message>
    <message>
        <source>Searching for models…</source>
        <translation>Suche nach Modellen…</translation>
    </message>
    <message>
        <source>No models were found in the Ollama, Hugging Face, llama.cpp or LM Studio folders. Open a GGUF file, add a folder, or try the demo model.</source>
        <translation>In den Ordnern von Ollama, Hugging Face, llama.cpp und LM Studio wurden keine Modelle gefunden. Öffnen Sie eine GGUF-Datei, fügen Sie einen Ordner hinzu oder probieren Sie das Demomodell aus.</translation>
    </message>
    <message>
        <source>Model files found: %1 · Hearth can run: %2</source>
        <translation>Gefundene Modelldateien: %1 · von Hearth ausführbar: %2</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2.</source>
        <translation>%1 kann nicht geöffnet werden: %2.</translation>
    </message>
</context>
<context>
    <name>hearth::app::PromptPresets</name>
    <message>
        <source>General assistant</source>
        <translation>Allgemeiner Assistent</translation>
    </message>
    <message>
        <source>You are Hearth, a careful and helpful assistant running privately on the user&apos;s own computer.</source>
        <translation>Du bist Hearth, ein sorgfältiger und hilfsbereiter Assistent, der vertraulich auf dem eigenen Computer des Benutzers läuft.</translation>
    </message>
    <message>
        <source>Concise</source>
        <translation>Knapp</translation>
    </message>
    <message>
        <source>Answer briefly and directly. Use lists only when they help.</source>
        <translation>Antworte kurz und direkt. Verwende Listen nur, wenn sie helfen.</translation>
    </message>
    <message>
        <source>Document analyst</source>
        <translation>Dokumentanalyse</translation>
    </message>
    <message>
        <source>You analyse the documents the user provides. Quote the passages you rely on and say plainly when the documents do not answer the question.</source>
        <translation>Du analysierst die Dokumente, die der Benutzer bereitstellt. Zitiere die Passagen, auf die du dich stützt, und sage klar, wenn die Dokumente die Frage nicht beantworten.</translation>
    </message>
    <message>
        <source>Code reviewer</source>
        <translation>Code-Review</translation>
    </message>
    <message>
        <source>You review code changes. Name the file and line of every finding, say how severe it is, and suggest a fix.</source>
        <translation>Du prüfst Codeänderungen. Nenne zu jedem Befund Datei und Zeile, gib an, wie schwerwiegend er ist, und schlage eine Korrektur vor.</translation>
    </message>
</context>
<context>
    <name>hearth::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Einstellungsbereiche</translation>
    </message>
    <message>
        <source>&amp;Sampling</source>
        <translation>&amp;Generierung</translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation>&amp;Systemanweisungen</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <source>Defaults for new answers. Nemotron 3 is tuned for temperature 1.0 and top-p 0.95.</source>
        <translation>Standardwerte für neue Antworten. Nemotron 3 ist auf Temperatur 1,0 und Top-p 0,95 abgestimmt.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Higher values make answers more varied, lower values more predictable.</source>
        <translation>Höhere Werte machen Antworten abwechslungsreicher, niedrigere vorhersehbarer.</translation>
    </message>
    <message>
        <source>T&amp;op-p:</source>
        <translation>T&amp;op-p:</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample only from the most likely words that together reach this probability.</source>
        <translation>Nur aus den wahrscheinlichsten Wörtern auswählen, die zusammen diese Wahrscheinlichkeit erreichen.</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-&amp;k:</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Sample only from this many most likely words; off when zero.</source>
        <translation>Nur aus dieser Anzahl der wahrscheinlichsten Wörter auswählen; bei null ausgeschaltet.</translation>
    </message>
    <message>
        <source>M&amp;in-p:</source>
        <translation>M&amp;in-p:</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Drop words less likely than this fraction of the most likely one; off when zero.</source>
        <translation>Wörter verwerfen, die weniger wahrscheinlich sind als dieser Anteil des wahrscheinlichsten; bei null ausgeschaltet.</translation>
    </message>
    <message>
        <source>&amp;Repetition penalty:</source>
        <translation>&amp;Wiederholungsstrafe:</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <source>Make words already used less likely; off at 1.0.</source>
        <translation>Bereits verwendete Wörter unwahrscheinlicher machen; bei 1,0 ausgeschaltet.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty:</source>
        <translation>&amp;Präsenzstrafe:</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>Präsenzstrafe</translation>
    </message>
    <message>
        <source>Push answers toward new topics (positive) or keep them on topic (negative); off at 0.</source>
        <translation>Antworten zu neuen Themen lenken (positiv) oder beim Thema halten (negativ); bei 0 ausgeschaltet.</translation>
    </message>
    <message>
        <source>Ma&amp;ximum answer length:</source>
        <translation>Maximale &amp;Antwortlänge:</translation>
    </message>
    <message>
        <source>Maximum answer length in tokens</source>
        <translation>Maximale Antwortlänge in Tokens</translation>
    </message>
    <message>
        <source>A guard against runaway answers, in tokens. Reasoning counts toward it.</source>
        <translation>Eine Obergrenze in Tokens gegen ausufernde Antworten. Der Gedankengang zählt mit.</translation>
    </message>
    <message>
        <source>System prompt preset</source>
        <translation>Vorlage für die Systemanweisung</translation>
    </message>
    <message>
        <source>Preset for new &amp;conversations:</source>
        <translation>Vorlage für neue &amp;Unterhaltungen:</translation>
    </message>
    <message>
        <source>The system prompt new conversations start with.</source>
        <translation>Die Systemanweisung, mit der neue Unterhaltungen beginnen.</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Name der Vorlage</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>The preset&apos;s name in menus.</source>
        <translation>Der Name der Vorlage in Menüs.</translation>
    </message>
    <message>
        <source>System prompt text</source>
        <translation>Text der Systemanweisung</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>S&amp;ystemanweisung:</translation>
    </message>
    <message>
        <source>What the model is told before the conversation starts.</source>
        <translation>Was dem Modell vor Beginn der Unterhaltung mitgeteilt wird.</translation>
    </message>
    <message>
        <source>New Pr&amp;eset</source>
        <translation>Neue &amp;Vorlage</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>Neue Vorlage</translation>
    </message>
    <message>
        <source>Remo&amp;ve Preset</source>
        <translation>Vorlage &amp;entfernen</translation>
    </message>
    <message>
        <source>Remove preset</source>
        <translation>Vorlage entfernen</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>Kontextlänge in Tokens</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>&amp;Kontextlänge:</translation>
    </message>
    <message>
        <source>How much of the conversation and attached documents the model sees at once. Longer needs more memory.</source>
        <translation>Wie viel von der Unterhaltung und den angehängten Dokumenten das Modell auf einmal sieht. Mehr benötigt mehr Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>Default &amp;thinking:</source>
        <translation>S&amp;tandard-Denkmodus:</translation>
    </message>
    <message>
        <source>Default thinking mode</source>
        <translation>Standard-Denkmodus</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Low effort</source>
        <translation>Geringer Aufwand</translation>
    </message>
    <message>
        <source>Whether new conversations let the model reason before it answers.</source>
        <translation>Ob das Modell in neuen Unterhaltungen nachdenken darf, bevor es antwortet.</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Colours of the window and of highlighted code.</source>
        <translation>Farben des Fensters und des hervorgehobenen Codes.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Sp&amp;rache:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Benutzeroberfläche</translation>
    </message>
    <message>
        <source>The language of Hearth&apos;s menus and messages. Takes effect after a restart.</source>
        <translation>Die Sprache der Menüs und Meldungen von Hearth. Wird nach einem Neustart wirksam.</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>Neue Vorlage %1</translation>
    </message>
    <message>
        <source>Hearth shows a new language the next time it starts.</source>
        <translation>Hearth zeigt eine neue Sprache beim nächsten Start an.</translation>
    </message>
    <message>
        <source>Ope&amp;n the last model at start</source>
        <translation>Das &amp;letzte Modell beim Start öffnen</translation>
    </message>
    <message>
        <source>Open the last model at start</source>
        <translation>Das letzte Modell beim Start öffnen</translation>
    </message>
    <message>
        <source>When Hearth starts, it loads the model used last, if its file is still there.</source>
        <translation>Beim Start lädt Hearth das zuletzt verwendete Modell, sofern seine Datei noch vorhanden ist.</translation>
    </message>
</context>
<context>
    <name>hearth::app::StatusBarWidget</name>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>Generierungsgeschwindigkeit</translation>
    </message>
    <message>
        <source>Tokens in context</source>
        <translation>Tokens im Kontext</translation>
    </message>
    <message>
        <source>Memory in use</source>
        <translation>Belegter Speicher</translation>
    </message>
    <message>
        <source>Tokens in this conversation&apos;s context, of the most the model is allowed here</source>
        <translation>Tokens im Kontext dieser Unterhaltung, gemessen am hier zulässigen Höchstwert des Modells</translation>
    </message>
    <message>
        <source>Backend: detecting…</source>
        <translation>Backend: wird erkannt…</translation>
    </message>
    <message>
        <source>Hearth is asking which accelerators this computer has.</source>
        <translation>Hearth ermittelt, welche Beschleuniger dieser Computer hat.</translation>
    </message>
    <message>
        <source>Backend: CUDA · %1</source>
        <translation>Backend: CUDA · %1</translation>
    </message>
    <message>
        <source>%1 of %2 free on the GPU; models that fit run there.</source>
        <translation>%1 von %2 auf der GPU frei; Modelle, die hineinpassen, laufen dort.</translation>
    </message>
    <message>
        <source>Backend: CPU</source>
        <translation>Backend: CPU</translation>
    </message>
    <message>
        <source>Quantisation: %1</source>
        <translation>Quantisierung: %1</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>Parameter: %1</translation>
    </message>
    <message>
        <source>CUDA%1</source>
        <translation>CUDA%1</translation>
    </message>
    <message>
        <source>CPU%1</source>
        <translation>CPU%1</translation>
    </message>
    <message>
        <source>Reading the prompt · %1</source>
        <translation>Eingabe wird verarbeitet · %1</translation>
    </message>
    <message>
        <source>Last answer: %1</source>
        <translation>Letzte Antwort: %1</translation>
    </message>
    <message>
        <source>Prompt: %1 tokens at %2 · Answer: %3 tokens at %4</source>
        <translation>Eingabe: %1 Tokens mit %2 · Antwort: %3 Tokens mit %4</translation>
    </message>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 Tokens</translation>
    </message>
    <message>
        <source>%1 of %2 tokens in context</source>
        <translation>%1 von %2 Tokens im Kontext</translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU: %1</translation>
    </message>
    <message>
        <source>Memory in use by Hearth: resident host memory, and GPU memory held by the engine</source>
        <translation>Von Hearth belegter Speicher: residenter Arbeitsspeicher und von der Engine belegter GPU-Speicher</translation>
    </message>
</context>
</TS>
