<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>hearth::app::EmptyStateView</name>
    <message>
        <source>No model is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Hearth runs NVIDIA Nemotron 3 models (Super 120B, Nano 30B, Nano 4B) entirely on this computer. Nothing you type or open here leaves it, and Hearth never connects to the network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To get a model&lt;/b&gt;, use a GGUF file you already have:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;With Ollama: run &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (or &lt;code&gt;nemotron-3-nano&lt;/code&gt;). Hearth reads Ollama&apos;s model store in place; nothing is copied.&lt;/li&gt;&lt;li&gt;From llama.cpp or the Hugging Face cache: choose the &lt;code&gt;.gguf&lt;/code&gt; file with &lt;i&gt;File ▸ Open Model…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super needs about 65–87 GB of memory depending on the quantisation; Nano 30B about 18–32 GB.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open GGUF File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::app::MainWindow</name>
    <message>
        <source>Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for a GPU…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend: CUDA · %1 · %2 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend: CPU · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Hearth cannot load models yet.

%1 was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still being detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (compute capability %2.%3, %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runtime %1, driver %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Private chat and long-context analysis with Nemotron 3, entirely on this computer.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;KSyntaxHighlighting&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;SQLite&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;GPU&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
