<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
</context>
<context>
    <name>hearth::app::EmptyStateView</name>
    <message>
        <source>No model is open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <source>&lt;p&gt;Hearth runs NVIDIA Nemotron 3 models (Super 120B, Nano 30B, Nano 4B) entirely on this computer. Nothing you type or open here leaves it, and Hearth never connects to the network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To get a model&lt;/b&gt;, use a GGUF file you already have:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;With Ollama: run &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (or &lt;code&gt;nemotron-3-nano&lt;/code&gt;). Hearth reads Ollama&apos;s model store in place; nothing is copied.&lt;/li&gt;&lt;li&gt;From llama.cpp or the Hugging Face cache: choose the &lt;code&gt;.gguf&lt;/code&gt; file with &lt;i&gt;File ▸ Open Model…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super needs about 65–87 GB of memory depending on the quantisation; Nano 30B about 18–32 GB.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Hearth führt NVIDIA-Nemotron-3-Modelle (Super 120B, Nano 30B, Nano 4B) vollständig auf diesem Computer aus. Nichts, was Sie hier eingeben oder öffnen, verlässt ihn, und Hearth stellt nie eine Netzwerkverbindung her.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Um ein Modell zu erhalten&lt;/b&gt;, verwenden Sie eine GGUF-Datei, die Sie bereits haben:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Mit Ollama: Führen Sie &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (oder &lt;code&gt;nemotron-3-nano&lt;/code&gt;) aus. Hearth liest Ollamas Modellspeicher direkt; es wird nichts kopiert.&lt;/li&gt;&lt;li&gt;Aus llama.cpp oder dem Hugging-Face-Cache: Wählen Sie die &lt;code&gt;.gguf&lt;/code&gt;-Datei mit &lt;i&gt;Datei ▸ Modell öffnen…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super benötigt je nach Quantisierung etwa 65–87 GB Arbeitsspeicher, Nano 30B etwa 18–32 GB.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open GGUF File…</source>
        <translation>GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>Eine GGUF-Modelldatei öffnen</translation>
    </message>
</context>
<context>
    <name>hearth::app::MainWindow</name>
    <message>
        <source>Hearth</source>
        <translation>Hearth</translation>
    </message>
    <message>
        <source>Looking for a GPU…</source>
        <translation>Suche nach einer GPU…</translation>
    </message>
    <message>
        <source>Inference backend</source>
        <translation>Inferenz-Backend</translation>
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
        <source>Backend: CUDA · %1 · %2 free</source>
        <translation>Backend: CUDA · %1 · %2 frei</translation>
    </message>
    <message>
        <source>Backend: CPU · %1</source>
        <translation>Backend: CPU · %1</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This build of Hearth cannot load models yet.

%1 was not changed.</source>
        <translation>Diese Version von Hearth kann noch keine Modelle laden.

%1 wurde nicht verändert.</translation>
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
        <source>none (%1)</source>
        <translation>keine (%1)</translation>
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
</context>
</TS>
