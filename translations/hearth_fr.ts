<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>BackendChoice</name>
    <message>
        <source>Processor (%1 threads)</source>
        <translation>Processeur (%1 threads)</translation>
    </message>
    <message>
        <source>This build of Hearth has no CUDA support.</source>
        <translation>Cette version de Hearth ne prend pas en charge CUDA.</translation>
    </message>
    <message>
        <source>No CUDA driver is installed.</source>
        <translation>Aucun pilote CUDA n’est installé.</translation>
    </message>
    <message>
        <source>No CUDA device was found.</source>
        <translation>Aucun périphérique CUDA n’a été trouvé.</translation>
    </message>
    <message>
        <source>No CUDA device can be used (%1).</source>
        <extracomment>%1 is the CUDA runtime&apos;s own error message, in English (e.g. &quot;all CUDA-capable devices are busy or unavailable&quot;).</extracomment>
        <translation>Aucun périphérique CUDA n’est utilisable (%1).</translation>
    </message>
    <message>
        <source>The CUDA devices could not be queried.</source>
        <translation>Les périphériques CUDA n’ont pas pu être interrogés.</translation>
    </message>
    <message>
        <source>The model and a context of %1 tokens need %2, and %3 has %4 free, so the model runs on the GPU.</source>
        <extracomment>%1 is a number of tokens (&quot;8,257&quot;), %2 the memory the model needs (&quot;44.0 GiB&quot;), %3 the GPU&apos;s name (&quot;NVIDIA H200&quot;), %4 the GPU&apos;s free memory (&quot;139.3 GiB&quot;).</extracomment>
        <translation>Le modèle et un contexte de %1 jetons demandent %2, et %3 dispose de %4 libres, donc le modèle s’exécute sur le GPU.</translation>
    </message>
    <message>
        <source>The model and a context of %1 tokens need %2, but %3 has only %4 free, so the model runs on the processor.</source>
        <extracomment>%1 is a number of tokens (&quot;8,257&quot;), %2 the memory the model needs (&quot;44.0 GiB&quot;), %3 the GPU&apos;s name (&quot;NVIDIA GeForce RTX 4090&quot;), %4 the GPU&apos;s free memory (&quot;22.1 GiB&quot;).</extracomment>
        <translation>Le modèle et un contexte de %1 jetons demandent %2, mais %3 ne dispose que de %4 libres, donc le modèle s’exécute sur le processeur.</translation>
    </message>
    <message>
        <source>The model runs on the processor because the CPU backend was asked for.</source>
        <translation>Le modèle s’exécute sur le processeur, car le backend CPU a été demandé.</translation>
    </message>
    <message>
        <source>Loading the model onto %1 failed (%2), so it runs on the processor.</source>
        <extracomment>%1 is the GPU&apos;s name (&quot;NVIDIA GeForce RTX 4090&quot;); %2 the engine&apos;s error message, in English.</extracomment>
        <translation>Le chargement du modèle sur %1 a échoué (%2), il s’exécute donc sur le processeur.</translation>
    </message>
</context>
<context>
    <name>EngineError</name>
    <message>
        <source>The engine was asked for something it cannot do.</source>
        <translation>Le moteur d’inférence a reçu une demande qu’il ne peut pas traiter.</translation>
    </message>
    <message>
        <source>Check the settings (context length, sampling) and try again.</source>
        <translation>Vérifiez les paramètres (longueur du contexte, génération) et réessayez.</translation>
    </message>
    <message>
        <source>The model file could not be read.</source>
        <translation>Le fichier du modèle n’a pas pu être lu.</translation>
    </message>
    <message>
        <source>Check that the file still exists, that you may read it, and that the disk is healthy.</source>
        <translation>Vérifiez que le fichier existe toujours, que vous avez le droit de le lire et que le disque est en bon état.</translation>
    </message>
    <message>
        <source>The model file is damaged or incomplete.</source>
        <translation>Le fichier du modèle est endommagé ou incomplet.</translation>
    </message>
    <message>
        <source>Download the model again; an interrupted download leaves a truncated file.</source>
        <translation>Téléchargez à nouveau le modèle&#xa0;; un téléchargement interrompu laisse un fichier tronqué.</translation>
    </message>
    <message>
        <source>Hearth cannot run this kind of model.</source>
        <translation>Hearth ne peut pas exécuter ce type de modèle.</translation>
    </message>
    <message>
        <source>Hearth runs NVIDIA Nemotron 3 models (Nano and Super) in GGUF format.</source>
        <translation>Hearth exécute les modèles NVIDIA Nemotron 3 (Nano et Super) au format GGUF.</translation>
    </message>
    <message>
        <source>The model uses a weight format Hearth cannot compute.</source>
        <translation>Le modèle utilise un format de poids que Hearth ne sait pas calculer.</translation>
    </message>
    <message>
        <source>Choose another quantisation of the same model, such as Q4_K_M or Q8_0.</source>
        <translation>Choisissez une autre quantification du même modèle, par exemple Q4_K_M ou Q8_0.</translation>
    </message>
    <message>
        <source>The model&apos;s tensors do not have the shapes its header describes.</source>
        <translation>Les tenseurs du modèle n’ont pas les dimensions décrites dans son en-tête.</translation>
    </message>
    <message>
        <source>The file is probably damaged or was converted by a faulty tool; download it again.</source>
        <translation>Le fichier est probablement endommagé ou a été converti par un outil défectueux&#xa0;; téléchargez-le à nouveau.</translation>
    </message>
    <message>
        <source>The model file lacks weights the model needs.</source>
        <translation>Il manque au fichier des poids dont le modèle a besoin.</translation>
    </message>
    <message>
        <source>The file is incomplete or not a Nemotron 3 model; download it again.</source>
        <translation>Le fichier est incomplet ou n’est pas un modèle Nemotron 3&#xa0;; téléchargez-le à nouveau.</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the context.</source>
        <translation>La conversation ne tient plus dans le contexte.</translation>
    </message>
    <message>
        <source>Start a new conversation, or raise the context length in Settings.</source>
        <translation>Commencez une nouvelle conversation ou augmentez la longueur du contexte dans les paramètres.</translation>
    </message>
    <message>
        <source>There is not enough memory.</source>
        <translation>La mémoire est insuffisante.</translation>
    </message>
    <message>
        <source>Lower the context length in Settings, close other programs, or choose a smaller model.</source>
        <translation>Réduisez la longueur du contexte dans les paramètres, fermez d’autres programmes ou choisissez un modèle plus petit.</translation>
    </message>
    <message>
        <source>The GPU reported an error.</source>
        <translation>Le GPU a signalé une erreur.</translation>
    </message>
    <message>
        <source>Update the NVIDIA driver; if it persists, restart Hearth.</source>
        <translation>Mettez à jour le pilote NVIDIA&#xa0;; si l’erreur persiste, redémarrez Hearth.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>This is not available in this build of Hearth.</source>
        <translation>Cette fonction n’est pas disponible dans cette version de Hearth.</translation>
    </message>
    <message>
        <source>A build with CUDA support is needed for GPU inference.</source>
        <translation>Une version prenant en charge CUDA est nécessaire pour l’inférence sur GPU.</translation>
    </message>
    <message>
        <source>The input is not text.</source>
        <translation>L’entrée n’est pas du texte.</translation>
    </message>
    <message>
        <source>Attach text documents only.</source>
        <translation>Joignez uniquement des documents texte.</translation>
    </message>
    <message>
        <source>Hearth ran into an internal error.</source>
        <translation>Hearth a rencontré une erreur interne.</translation>
    </message>
    <message>
        <source>Please report this, with the details, so it can be fixed.</source>
        <translation>Veuillez signaler ce problème, avec les détails, afin qu’il puisse être corrigé.</translation>
    </message>
    <message>
        <source>The engine failed (code %1).</source>
        <translation>Le moteur d’inférence a échoué (code %1).</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Aucun modèle n’est chargé.</translation>
    </message>
    <message>
        <source>Open a model (File ▸ Open Model…) or try the demo model.</source>
        <translation>Ouvrez un modèle (Fichier ▸ Ouvrir un modèle…) ou essayez le modèle de démonstration.</translation>
    </message>
</context>
<context>
    <name>StorageMessages</name>
    <message>
        <source>Hearth cannot open its conversation database. Check that the folder is writable and the disk is not full.</source>
        <translation>Hearth ne peut pas ouvrir sa base de données de conversations. Vérifiez que le dossier est accessible en écriture et que le disque n’est pas plein.</translation>
    </message>
    <message>
        <source>The conversation database is damaged and cannot be read. It was kept, unchanged, as “%1” so that it can be recovered; nothing was deleted.</source>
        <translation>La base de données de conversations est endommagée et ne peut pas être lue. Elle a été conservée telle quelle sous le nom «&#xa0;%1&#xa0;» afin de pouvoir être récupérée&#xa0;; rien n’a été supprimé.</translation>
    </message>
    <message>
        <source>The conversation database was written by a newer version of Hearth. Update Hearth to open it; the file was not changed.</source>
        <translation>La base de données de conversations a été créée par une version plus récente de Hearth. Mettez Hearth à jour pour l’ouvrir&#xa0;; le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>Hearth could not upgrade the conversation database. It was left as it was, and a copy taken before the upgrade is at “%1”.</source>
        <translation>Hearth n’a pas pu mettre à niveau la base de données de conversations. Elle a été laissée en l’état, et une copie effectuée avant la mise à niveau se trouve dans «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The conversation database is in use by another program. Close other copies of Hearth and try again.</source>
        <translation>La base de données de conversations est utilisée par un autre programme. Fermez les autres instances de Hearth et réessayez.</translation>
    </message>
    <message>
        <source>That conversation or message no longer exists.</source>
        <translation>Cette conversation ou ce message n’existe plus.</translation>
    </message>
    <message>
        <source>Hearth tried to store something invalid; nothing was changed.</source>
        <translation>Hearth a tenté d’enregistrer des données non valides&#xa0;; rien n’a été modifié.</translation>
    </message>
    <message>
        <source>Saving to the conversation database failed. Check that the disk is not full.</source>
        <translation>L’enregistrement dans la base de données de conversations a échoué. Vérifiez que le disque n’est pas plein.</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatFlow</name>
    <message>
        <source>No model was ready to answer.</source>
        <translation>Aucun modèle n’était prêt à répondre.</translation>
    </message>
    <message>
        <source>The answer stopped because the conversation filled the context (%1 tokens).</source>
        <translation>La réponse s’est arrêtée car la conversation a rempli le contexte (%1 jetons).</translation>
    </message>
    <message>
        <source>Start a new conversation, or raise the context length in Settings and load the model again.</source>
        <translation>Commencez une nouvelle conversation, ou augmentez la longueur du contexte dans les paramètres puis rechargez le modèle.</translation>
    </message>
</context>
<context>
    <name>hearth::app::ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Arrêtée avant la fin.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Échec.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Interrupted: Hearth closed before this answer was finished.</source>
        <translation>Interrompue&#xa0;: Hearth a été fermé avant la fin de cette réponse.</translation>
    </message>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>Afficher %n message précédent</numerusform>
            <numerusform>Afficher les %n messages précédents</numerusform>
        </translation>
    </message>
    <message>
        <source>The messages of this conversation. Page Up and Page Down scroll; Tab moves through the links on screen, and Enter follows the selected one.</source>
        <translation>Les messages de cette conversation. Page précédente et Page suivante font défiler&#xa0;; Tab passe d’un lien visible à l’autre, et Entrée active le lien sélectionné.</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Version précédente</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Version suivante</translation>
    </message>
    <message>
        <source>Copy this message as Markdown</source>
        <translation>Copier ce message au format Markdown</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
</context>
<context>
    <name>hearth::app::Composer</name>
    <message>
        <source>Editing a message: sending makes a new branch; the original stays.</source>
        <translation>Modification d’un message&#xa0;: l’envoi crée une nouvelle branche&#xa0;; l’original est conservé.</translation>
    </message>
    <message>
        <source>Cancel Edit</source>
        <translation>Annuler la modification</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Annuler la modification</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Escape stops the answer.</source>
        <translation>Entrée envoie, Maj+Entrée commence une nouvelle ligne, Échap arrête la réponse.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>Arrêter la réponse</translation>
    </message>
    <message>
        <source>Stop the answer being written (Esc)</source>
        <translation>Arrêter la réponse en cours de rédaction (Échap)</translation>
    </message>
    <message>
        <source>Send Edit</source>
        <translation>Envoyer la modification</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Envoyer le message</translation>
    </message>
    <message>
        <source>Send (Enter); Shift+Enter starts a new line</source>
        <translation>Envoyer (Entrée)&#xa0;; Maj+Entrée commence une nouvelle ligne</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Écrire un message…</translation>
    </message>
    <message>
        <source>Open a model to start (File ▸ Open Model…)</source>
        <translation>Ouvrez d’abord un modèle (Fichier ▸ Ouvrir un modèle…)</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationExport</name>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>Assistant (%1)</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>*(still being written when exported)*</source>
        <translation>*(en cours de rédaction lors de l’export)*</translation>
    </message>
    <message>
        <source>*(stopped before the end)*</source>
        <translation>*(arrêtée avant la fin)*</translation>
    </message>
    <message>
        <source>*(failed)*</source>
        <translation>*(échec)*</translation>
    </message>
    <message>
        <source>*(failed: %1)*</source>
        <translation>*(échec&#xa0;: %1)*</translation>
    </message>
    <message>
        <source>*(interrupted: Hearth closed while writing it)*</source>
        <translation>*(interrompue&#xa0;: Hearth a été fermé pendant sa rédaction)*</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>Conversation sans titre</translation>
    </message>
    <message>
        <source>*Exported from Hearth. Started %1, last active %2.*</source>
        <translation>*Exporté depuis Hearth. Commencée le %1, dernière activité le %2.*</translation>
    </message>
    <message>
        <source>*Version %1 of %2.*</source>
        <translation>*Version %1 sur %2.*</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raisonnement</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (dossier)</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>Pièce jointe&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListModel</name>
    <message>
        <source>Untitled conversation</source>
        <translation>Conversation sans titre</translation>
    </message>
    <message>
        <source>%1, pinned</source>
        <translation>%1, épinglée</translation>
    </message>
</context>
<context>
    <name>hearth::app::ConversationListWidget</name>
    <message>
        <source>Search conversations</source>
        <translation>Rechercher dans les conversations</translation>
    </message>
    <message>
        <source>&amp;New Conversation</source>
        <translation>&amp;Nouvelle conversation</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Annuler la suppression</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Renommer</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>É&amp;pingler</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Undo Delete</source>
        <translation>&amp;Annuler la suppression</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» supprimée.</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>&amp;Désépingler</translation>
    </message>
    <message>
        <source>%1 renames the selected conversation, %2 deletes it (%3 undoes that) and %4 pins it; the context menu lists these actions.</source>
        <translation>%1 renomme la conversation sélectionnée, %2 la supprime (%3 annule la suppression) et %4 l’épingle&#xa0;; le menu contextuel propose ces actions.</translation>
    </message>
    <message>
        <source>Deleted conversation</source>
        <translation>Conversation supprimée</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Rechercher…</translation>
    </message>
</context>
<context>
    <name>hearth::app::DemoModel</name>
    <message>
        <source>Demo model — random weights, produces gibberish; for trying the app</source>
        <translation>Modèle de démonstration — poids aléatoires, produit un texte dénué de sens&#xa0;; pour essayer l’application</translation>
    </message>
    <message>
        <source>A tiny model with random weights, built with Hearth. Its answers are gibberish: it is there so you can try the app before you have a real model.</source>
        <translation>Un très petit modèle aux poids aléatoires, créé avec Hearth. Ses réponses n’ont aucun sens&#xa0;: il sert à essayer l’application avant de disposer d’un vrai modèle.</translation>
    </message>
</context>
<context>
    <name>hearth::app::EmptyStateView</name>
    <message>
        <source>No model is open</source>
        <translation>Aucun modèle n’est ouvert</translation>
    </message>
    <message>
        <source>Open GGUF File…</source>
        <translation>Ouvrir un fichier GGUF…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>Ouvrir un fichier de modèle GGUF</translation>
    </message>
    <message>
        <source>&lt;p&gt;Hearth runs NVIDIA Nemotron 3 models (Super 120B, Nano 30B, Nano 4B) entirely on this computer. Nothing you type or open here leaves it, and Hearth never connects to the network.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To get a model&lt;/b&gt;, use a GGUF file you already have:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;With Ollama: run &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (or &lt;code&gt;nemotron-3-nano&lt;/code&gt;). Hearth reads Ollama&apos;s model store in place; nothing is copied.&lt;/li&gt;&lt;li&gt;From llama.cpp or the Hugging Face cache: choose the &lt;code&gt;.gguf&lt;/code&gt; file with &lt;i&gt;File ▸ Open Model…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super needs about 65–87 GB of memory depending on the quantisation; Nano 30B about 18–32 GB.&lt;/p&gt;&lt;p&gt;No model yet? &lt;b&gt;Try the demo model&lt;/b&gt;: a tiny model with random weights that comes with Hearth. Its answers are gibberish, but everything else works, so you can see how Hearth feels.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Hearth exécute les modèles NVIDIA Nemotron 3 (Super 120B, Nano 30B, Nano 4B) entièrement sur cet ordinateur. Rien de ce que vous saisissez ou ouvrez ici ne le quitte, et Hearth ne se connecte jamais au réseau.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Pour obtenir un modèle&lt;/b&gt;, utilisez un fichier GGUF dont vous disposez déjà&#xa0;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Avec Ollama&#xa0;: exécutez &lt;code&gt;ollama pull nemotron-3-super&lt;/code&gt; (ou &lt;code&gt;nemotron-3-nano&lt;/code&gt;). Hearth lit directement le magasin de modèles d’Ollama&#xa0;; rien n’est copié.&lt;/li&gt;&lt;li&gt;Depuis llama.cpp ou le cache Hugging Face&#xa0;: choisissez le fichier &lt;code&gt;.gguf&lt;/code&gt; avec &lt;i&gt;Fichier ▸ Ouvrir un modèle…&lt;/i&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Nemotron 3 Super nécessite environ 65 à 87 Go de mémoire selon la quantification&#xa0;; Nano 30B environ 18 à 32 Go.&lt;/p&gt;&lt;p&gt;Pas encore de modèle&#xa0;? &lt;b&gt;Essayez le modèle de démonstration&lt;/b&gt;&#xa0;: un très petit modèle aux poids aléatoires fourni avec Hearth. Ses réponses n’ont aucun sens, mais tout le reste fonctionne, ce qui vous permet de découvrir Hearth.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Try the Demo Model</source>
        <translation>Essayer le modèle de démonstration</translation>
    </message>
    <message>
        <source>Try the demo model (random weights, produces gibberish)</source>
        <translation>Essayer le modèle de démonstration (poids aléatoires, produit un texte dénué de sens)</translation>
    </message>
    <message>
        <source>The demo model was not found next to Hearth; this installation is incomplete.</source>
        <translation>Le modèle de démonstration est introuvable à côté de Hearth&#xa0;; cette installation est incomplète.</translation>
    </message>
</context>
<context>
    <name>hearth::app::LoadProgressWidget</name>
    <message>
        <source>Model loading progress</source>
        <translation>Progression du chargement du modèle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel loading the model</source>
        <translation>Annuler le chargement du modèle</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close the load error</source>
        <translation>Fermer l’erreur de chargement</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 chargé</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled</source>
        <translation>Le chargement de %1 a été annulé</translation>
    </message>
    <message>
        <source>Could not load %1</source>
        <translation>Impossible de charger %1</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>Ouverture du fichier…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>Temps restant&#xa0;: %1</translation>
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
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>&amp;Ouvrir un modèle…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation>À &amp;propos de Hearth</translation>
    </message>
    <message>
        <source>still being detected</source>
        <translation>détection en cours</translation>
    </message>
    <message>
        <source>%1 (compute capability %2.%3, %4)</source>
        <translation>%1 (capacité de calcul %2.%3, %4)</translation>
    </message>
    <message>
        <source>not built</source>
        <translation>non inclus</translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation>environnement d’exécution %1, aucun pilote</translation>
    </message>
    <message>
        <source>runtime %1, driver %2</source>
        <translation>environnement d’exécution %1, pilote %2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Private chat and long-context analysis with Nemotron 3, entirely on this computer.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;KSyntaxHighlighting&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;SQLite&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;GPU&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;Hearth %1&lt;/h3&gt;&lt;p&gt;Conversation privée et analyse de longs contextes avec Nemotron 3, entièrement sur cet ordinateur.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;KSyntaxHighlighting&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;SQLite&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;GPU&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation>À propos de Hearth</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Reading the conversation… %1 of %2 tokens</source>
        <translation>Lecture de la conversation… %1 jetons sur %2</translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <translation>Le fichier endommagé a été conservé sous le nom %1.</translation>
    </message>
    <message>
        <source>Conversations will not be kept after Hearth closes.</source>
        <translation>Les conversations ne seront pas conservées après la fermeture de Hearth.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Dismiss the notice</source>
        <translation>Masquer l’avis</translation>
    </message>
    <message>
        <source>Thinking mode for this conversation</source>
        <translation>Mode de réflexion pour cette conversation</translation>
    </message>
    <message>
        <source>Whether the model reasons before it answers, in this conversation</source>
        <translation>Indique si le modèle réfléchit avant de répondre dans cette conversation</translation>
    </message>
    <message>
        <source>&amp;New Conversation</source>
        <translation>&amp;Nouvelle conversation</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Export Conversation…</source>
        <translation>&amp;Exporter la conversation…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Conversation</translation>
    </message>
    <message>
        <source>&amp;Search Conversations</source>
        <translation>&amp;Rechercher dans les conversations</translation>
    </message>
    <message>
        <source>&amp;Write a Message</source>
        <translation>Écrire un &amp;message</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Regenerate Answer</source>
        <translation>Ré&amp;générer la réponse</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>S&amp;top Answer</source>
        <translation>&amp;Arrêter la réponse</translation>
    </message>
    <message>
        <source>%1 is ready.</source>
        <translation>%1 est prêt.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>Exporter la conversation</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON archive with every branch (*.json)</source>
        <translation>Markdown (*.md);;Archive JSON avec toutes les branches (*.json)</translation>
    </message>
    <message>
        <source>The conversation could not be saved to %1.</source>
        <translation>La conversation n’a pas pu être enregistrée dans %1.</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportée vers %1.</translation>
    </message>
    <message>
        <source>Thinking: on</source>
        <translation>Réflexion&#xa0;: activée</translation>
    </message>
    <message>
        <source>Thinking: low effort</source>
        <translation>Réflexion&#xa0;: effort réduit</translation>
    </message>
    <message>
        <source>Thinking: off</source>
        <translation>Réflexion&#xa0;: désactivée</translation>
    </message>
    <message>
        <source>The last model, %1, was not found at %2.</source>
        <translation>Le dernier modèle, %1, est introuvable à l’emplacement %2.</translation>
    </message>
    <message>
        <source>Choose a model with File ▸ Open Model…</source>
        <translation>Choisissez un modèle avec Fichier ▸ Ouvrir un modèle…</translation>
    </message>
</context>
<context>
    <name>hearth::app::MarkdownRenderer</name>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Réflexion en cours…</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raisonnement</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelFormat</name>
    <message>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Not a Nemotron 3 model</source>
        <translation>Pas un modèle Nemotron 3</translation>
    </message>
    <message>
        <source>Uses a weight format Hearth cannot run</source>
        <translation>Utilise un format de poids que Hearth ne peut pas exécuter</translation>
    </message>
    <message>
        <source>Damaged or incomplete file</source>
        <translation>Fichier endommagé ou incomplet</translation>
    </message>
    <message>
        <source>Cannot be read</source>
        <translation>Illisible</translation>
    </message>
    <message>
        <source>Tensor shapes Hearth does not recognise</source>
        <translation>Dimensions de tenseurs non reconnues par Hearth</translation>
    </message>
    <message>
        <source>Missing weights Hearth needs</source>
        <translation>Il manque des poids nécessaires à Hearth</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1&#xa0;Md</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1&#xa0;M</translation>
    </message>
    <message>
        <source>%1 GB/s</source>
        <translation>%1 Go/s</translation>
    </message>
    <message>
        <source>%1 MB/s</source>
        <translation>%1 Mo/s</translation>
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
        <translation>Hearth ne peut pas exécuter ce fichier</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelListModel</name>
    <message>
        <source>Built in</source>
        <translation>Intégré</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Architecture: %1</source>
        <translation>Architecture&#xa0;: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Quantisation</source>
        <translation>Quantification</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
</context>
<context>
    <name>hearth::app::ModelPickerDialog</name>
    <message>
        <source>Choose a Model</source>
        <translation>Choisir un modèle</translation>
    </message>
    <message>
        <source>Open GGUF File</source>
        <translation>Ouvrir un fichier GGUF</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;Ollama model blobs (sha256-*);;All files (*)</source>
        <translation>Modèles GGUF (*.gguf);;Fichiers de modèle Ollama (sha256-*);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Add a Folder with Models</source>
        <translation>Ajouter un dossier de modèles</translation>
    </message>
    <message>
        <source>Models found on this computer. Hearth reads them where they are; nothing is copied.</source>
        <translation>Modèles trouvés sur cet ordinateur. Hearth les lit là où ils se trouvent&#xa0;; rien n’est copié.</translation>
    </message>
    <message>
        <source>Filter by name, source or quantisation</source>
        <translation>Filtrer par nom, source ou quantification</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>Filtrer les modèles</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>&amp;Open GGUF File…</source>
        <translation>&amp;Ouvrir un fichier GGUF…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>Ouvrir un fichier de modèle GGUF</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>Ajouter un &amp;dossier…</translation>
    </message>
    <message>
        <source>Add a folder to search for models</source>
        <translation>Ajouter un dossier dans lequel rechercher des modèles</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>Search for models again</source>
        <translation>Rechercher à nouveau des modèles</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>C&amp;harger</translation>
    </message>
    <message>
        <source>Load the selected model</source>
        <translation>Charger le modèle sélectionné</translation>
    </message>
    <message>
        <source>Searching for models…</source>
        <translation>Recherche de modèles…</translation>
    </message>
    <message>
        <source>No models were found in the Ollama, Hugging Face, llama.cpp or LM Studio folders. Open a GGUF file, add a folder, or try the demo model.</source>
        <translation>Aucun modèle n’a été trouvé dans les dossiers d’Ollama, Hugging Face, llama.cpp ou LM Studio. Ouvrez un fichier GGUF, ajoutez un dossier ou essayez le modèle de démonstration.</translation>
    </message>
    <message>
        <source>Model files found: %1 · Hearth can run: %2</source>
        <translation>Fichiers de modèle trouvés&#xa0;: %1 · exécutables par Hearth&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2.</source>
        <translation>Impossible d’ouvrir %1&#xa0;: %2.</translation>
    </message>
</context>
<context>
    <name>hearth::app::PromptPresets</name>
    <message>
        <source>General assistant</source>
        <translation>Assistant général</translation>
    </message>
    <message>
        <source>You are Hearth, a careful and helpful assistant running privately on the user&apos;s own computer.</source>
        <translation>Tu es Hearth, un assistant attentif et serviable qui fonctionne en toute confidentialité sur l’ordinateur de l’utilisateur.</translation>
    </message>
    <message>
        <source>Concise</source>
        <translation>Concis</translation>
    </message>
    <message>
        <source>Answer briefly and directly. Use lists only when they help.</source>
        <translation>Réponds brièvement et directement. N’utilise des listes que lorsqu’elles sont utiles.</translation>
    </message>
    <message>
        <source>Document analyst</source>
        <translation>Analyste de documents</translation>
    </message>
    <message>
        <source>You analyse the documents the user provides. Quote the passages you rely on and say plainly when the documents do not answer the question.</source>
        <translation>Tu analyses les documents fournis par l’utilisateur. Cite les passages sur lesquels tu t’appuies et dis clairement lorsque les documents ne répondent pas à la question.</translation>
    </message>
    <message>
        <source>Code reviewer</source>
        <translation>Relecture de code</translation>
    </message>
    <message>
        <source>You review code changes. Name the file and line of every finding, say how severe it is, and suggest a fix.</source>
        <translation>Tu relis des modifications de code. Indique le fichier et la ligne de chaque constat, précise sa gravité et propose une correction.</translation>
    </message>
</context>
<context>
    <name>hearth::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Sections des paramètres</translation>
    </message>
    <message>
        <source>&amp;Sampling</source>
        <translation>&amp;Génération</translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation>&amp;Invites</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Apparence</translation>
    </message>
    <message>
        <source>Defaults for new answers. Nemotron 3 is tuned for temperature 1.0 and top-p 0.95.</source>
        <translation>Valeurs par défaut des nouvelles réponses. Nemotron 3 est optimisé pour une température de 1,0 et un top-p de 0,95.</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Température&#xa0;:</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <source>Higher values make answers more varied, lower values more predictable.</source>
        <translation>Des valeurs élevées rendent les réponses plus variées, des valeurs basses plus prévisibles.</translation>
    </message>
    <message>
        <source>T&amp;op-p:</source>
        <translation>T&amp;op-p&#xa0;:</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample only from the most likely words that together reach this probability.</source>
        <translation>Choisir uniquement parmi les mots les plus probables qui atteignent ensemble cette probabilité.</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-&amp;k&#xa0;:</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Sample only from this many most likely words; off when zero.</source>
        <translation>Choisir uniquement parmi ce nombre de mots les plus probables&#xa0;; désactivé à zéro.</translation>
    </message>
    <message>
        <source>M&amp;in-p:</source>
        <translation>Mi&amp;n-p&#xa0;:</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Drop words less likely than this fraction of the most likely one; off when zero.</source>
        <translation>Écarter les mots moins probables que cette fraction du mot le plus probable&#xa0;; désactivé à zéro.</translation>
    </message>
    <message>
        <source>&amp;Repetition penalty:</source>
        <translation>Pénalité de &amp;répétition&#xa0;:</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>Pénalité de répétition</translation>
    </message>
    <message>
        <source>Make words already used less likely; off at 1.0.</source>
        <translation>Rendre les mots déjà utilisés moins probables&#xa0;; désactivé à 1,0.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty:</source>
        <translation>Pénalité de &amp;présence&#xa0;:</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>Pénalité de présence</translation>
    </message>
    <message>
        <source>Push answers toward new topics (positive) or keep them on topic (negative); off at 0.</source>
        <translation>Orienter les réponses vers de nouveaux sujets (positif) ou les maintenir sur le sujet (négatif)&#xa0;; désactivé à 0.</translation>
    </message>
    <message>
        <source>Ma&amp;ximum answer length:</source>
        <translation>Longueur ma&amp;ximale des réponses&#xa0;:</translation>
    </message>
    <message>
        <source>Maximum answer length in tokens</source>
        <translation>Longueur maximale des réponses en jetons</translation>
    </message>
    <message>
        <source>A guard against runaway answers, in tokens. Reasoning counts toward it.</source>
        <translation>Une limite en jetons contre les réponses qui s’emballent. Le raisonnement est inclus dans le décompte.</translation>
    </message>
    <message>
        <source>System prompt preset</source>
        <translation>Préréglage d’invite système</translation>
    </message>
    <message>
        <source>Preset for new &amp;conversations:</source>
        <translation>Préréglage des nouvelles &amp;conversations&#xa0;:</translation>
    </message>
    <message>
        <source>The system prompt new conversations start with.</source>
        <translation>L’invite système avec laquelle commencent les nouvelles conversations.</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Nom du préréglage</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>The preset&apos;s name in menus.</source>
        <translation>Le nom du préréglage dans les menus.</translation>
    </message>
    <message>
        <source>System prompt text</source>
        <translation>Texte de l’invite système</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>In&amp;vite système&#xa0;:</translation>
    </message>
    <message>
        <source>What the model is told before the conversation starts.</source>
        <translation>Ce qui est indiqué au modèle avant le début de la conversation.</translation>
    </message>
    <message>
        <source>New Pr&amp;eset</source>
        <translation>Nouveau &amp;préréglage</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>Nouveau préréglage</translation>
    </message>
    <message>
        <source>Remo&amp;ve Preset</source>
        <translation>&amp;Supprimer le préréglage</translation>
    </message>
    <message>
        <source>Remove preset</source>
        <translation>Supprimer le préréglage</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>Longueur du contexte en jetons</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> jetons</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>&amp;Longueur du contexte&#xa0;:</translation>
    </message>
    <message>
        <source>How much of the conversation and attached documents the model sees at once. Longer needs more memory.</source>
        <translation>La part de la conversation et des documents joints que le modèle voit à la fois. Plus elle est longue, plus il faut de mémoire.</translation>
    </message>
    <message>
        <source>Default &amp;thinking:</source>
        <translation>Réflexion par &amp;défaut&#xa0;:</translation>
    </message>
    <message>
        <source>Default thinking mode</source>
        <translation>Mode de réflexion par défaut</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activée</translation>
    </message>
    <message>
        <source>Low effort</source>
        <translation>Effort réduit</translation>
    </message>
    <message>
        <source>Whether new conversations let the model reason before it answers.</source>
        <translation>Indique si, dans les nouvelles conversations, le modèle réfléchit avant de répondre.</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Thème&#xa0;:</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Colours of the window and of highlighted code.</source>
        <translation>Couleurs de la fenêtre et du code mis en évidence.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Langue de l’interface</translation>
    </message>
    <message>
        <source>The language of Hearth&apos;s menus and messages. Takes effect after a restart.</source>
        <translation>La langue des menus et des messages de Hearth. Prend effet après un redémarrage.</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>Nouveau préréglage %1</translation>
    </message>
    <message>
        <source>Hearth shows a new language the next time it starts.</source>
        <translation>Hearth affichera la nouvelle langue au prochain démarrage.</translation>
    </message>
    <message>
        <source>Ope&amp;n the last model at start</source>
        <translation>&amp;Rouvrir le dernier modèle au démarrage</translation>
    </message>
    <message>
        <source>Open the last model at start</source>
        <translation>Rouvrir le dernier modèle au démarrage</translation>
    </message>
    <message>
        <source>When Hearth starts, it loads the model used last, if its file is still there.</source>
        <translation>Au démarrage, Hearth charge le dernier modèle utilisé, si son fichier est toujours là.</translation>
    </message>
</context>
<context>
    <name>hearth::app::StatusBarWidget</name>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 jetons/s</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>Vitesse de génération</translation>
    </message>
    <message>
        <source>Tokens in context</source>
        <translation>Jetons dans le contexte</translation>
    </message>
    <message>
        <source>Memory in use</source>
        <translation>Mémoire utilisée</translation>
    </message>
    <message>
        <source>Tokens in this conversation&apos;s context, of the most the model is allowed here</source>
        <translation>Jetons dans le contexte de cette conversation, par rapport au maximum autorisé ici pour le modèle</translation>
    </message>
    <message>
        <source>Backend: detecting…</source>
        <translation>Moteur&#xa0;: détection…</translation>
    </message>
    <message>
        <source>Hearth is asking which accelerators this computer has.</source>
        <translation>Hearth recherche les accélérateurs dont dispose cet ordinateur.</translation>
    </message>
    <message>
        <source>Backend: CUDA · %1</source>
        <translation>Moteur&#xa0;: CUDA · %1</translation>
    </message>
    <message>
        <source>%1 of %2 free on the GPU; models that fit run there.</source>
        <translation>%1 libres sur %2 sur le GPU&#xa0;; les modèles qui y tiennent s’y exécutent.</translation>
    </message>
    <message>
        <source>Backend: CPU</source>
        <translation>Moteur&#xa0;: CPU</translation>
    </message>
    <message>
        <source>Quantisation: %1</source>
        <translation>Quantification&#xa0;: %1</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>Paramètres&#xa0;: %1</translation>
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
        <translation>Lecture de l’invite · %1</translation>
    </message>
    <message>
        <source>Last answer: %1</source>
        <translation>Dernière réponse&#xa0;: %1</translation>
    </message>
    <message>
        <source>Prompt: %1 tokens at %2 · Answer: %3 tokens at %4</source>
        <translation>Invite&#xa0;: %1 jetons à %2 · Réponse&#xa0;: %3 jetons à %4</translation>
    </message>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 jetons</translation>
    </message>
    <message>
        <source>%1 of %2 tokens in context</source>
        <translation>%1 jetons sur %2 dans le contexte</translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>Mémoire&#xa0;: %1</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU&#xa0;: %1</translation>
    </message>
    <message>
        <source>Memory in use by Hearth: resident host memory, and GPU memory held by the engine</source>
        <translation>Mémoire utilisée par Hearth&#xa0;: mémoire résidente de l’hôte et mémoire GPU occupée par le moteur</translation>
    </message>
</context>
</TS>
